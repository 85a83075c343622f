#!/bin/sh
# The net scenario's check, run by init as root.  tests/boot/net_scenario.py
# gives the host's HTTP server and a token on the kernel command line
# (cub.http=HOST:PORT cub.token=TOKEN) and connects to the echo server
# once this script says it is ready.
. /etc/cub/lib.sh

MAC0=52:54:00:12:34:01
MAC1=52:54:00:12:34:02
ADDR=10.0.2.15

# Both cards get their lease (QEMU's DHCP server gives each of its user
# networks 10.0.2.15/24); the e1000 answers its first frame after about
# a second.
i=0
while [ $i -lt 100 ]; do
	n=$(ifaces 2>/dev/null | grep -c "^getifaddrs: eth[01] inet $ADDR ")
	[ "$n" = 2 ] && break
	sleep 0.1
	i=$((i + 1))
done

out=$(ifaces 2>&1)
expect "glibc getifaddrs/if_nameindex/SIOCGIFCONF run" "0" "$(ifaces >/dev/null 2>&1; echo $?)"
expect_match "glibc: lo has 127.0.0.1/8" '^getifaddrs: lo inet 127\.0\.0\.1 255\.0\.0\.0 ' "$out"
expect_match "glibc: eth0 has its MAC" "^getifaddrs: eth0 packet $MAC0 " "$out"
expect_match "glibc: eth1 has its MAC" "^getifaddrs: eth1 packet $MAC1 " "$out"
expect_match "glibc: eth0 has its DHCP address" "^getifaddrs: eth0 inet $ADDR 255\.255\.255\.0 " "$out"
expect_match "glibc: eth1 has its DHCP address" "^getifaddrs: eth1 inet $ADDR 255\.255\.255\.0 " "$out"
expect_match "glibc: eth0 has an IPv6 link-local address" '^getifaddrs: eth0 inet6 fe80:' "$out"
expect "glibc: if_nameindex lists lo, eth0, eth1" "1 lo 2 eth0 3 eth1" \
	"$(echo "$out" | sed -n 's/^if_nameindex: //p' | tr '\n' ' ' | sed 's/ $//')"
expect "glibc: SIOCGIFCONF lists the IPv4 interfaces" "lo 127.0.0.1 eth0 $ADDR eth1 $ADDR" \
	"$(echo "$out" | sed -n 's/^siocgifconf: //p' | tr '\n' ' ' | sed 's/ $//')"

mout=$(ifaces-musl 2>&1)
expect_match "musl: eth0 has its MAC" "^getifaddrs: eth0 packet $MAC0 " "$mout"
expect_match "musl: eth1 has its DHCP address" "^getifaddrs: eth1 inet $ADDR 255\.255\.255\.0 " "$mout"
expect "musl: if_nameindex lists lo, eth0, eth1" "1 lo 2 eth0 3 eth1" \
	"$(echo "$mout" | sed -n 's/^if_nameindex: //p' | tr '\n' ' ' | sed 's/ $//')"

ipout=$(ip addr 2>&1)
expect_match "ip addr: eth0's MAC" "link/ether $MAC0 brd ff:ff:ff:ff:ff:ff" "$ipout"
expect_match "ip addr: eth1's address" "inet $ADDR/24 .*eth1" "$ipout"
expect_match "ip addr: lo" "inet 127\.0\.0\.1/8 .*lo" "$ipout"
ifout=$(ifconfig 2>&1)
expect_match "ifconfig: eth0's MAC" "^eth0 .*HWaddr $MAC0" "$ifout"
expect_match "ifconfig: eth1's address" "inet addr:$ADDR  Bcast:10\.0\.2\.255  Mask:255\.255\.255\.0" "$ifout"

# The host's HTTP server, through QEMU's gateway.
expect "wget fetches the host's file" "$(cmdline_arg cub.token)" \
	"$(wget -q -O - "http://$(cmdline_arg cub.http)/hello.txt" 2>&1)"

# TCP echo for the host, through eth0's forwarded port: one connection.
nc -l -p 7 -e /bin/cat &
echo_pid=$!
sleep 0.2
echo "net-check: echo server ready"
i=0
while [ $i -lt 300 ] && kill -0 "$echo_pid" 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
expect "the echo server served one connection and ended" "done" \
	"$(kill -0 "$echo_pid" 2>/dev/null && { kill "$echo_pid"; echo "still running"; } || echo done)"

finish net
