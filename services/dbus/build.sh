#!/bin/sh
# Builds dbus from Debian's source package (fetched by `./cub setup` into
# .cache/src/dbus) as static binaries for cub's images, into a prefix in
# the build cache:
#
#   build.sh SRC PREFIX
#
#   PREFIX/bin/{dbus-daemon,dbus-send,dbus-monitor}   static executables
#   PREFIX/lib/libdbus-1.a, PREFIX/include/...        for polkit-shim
#   PREFIX/share/dbus-1/system.conf                   the system bus policy
#   PREFIX/.stamp                                     written last
#
# The features an image has no use for are off (systemd, SELinux,
# AppArmor, audit with its libcap-ng, X11, launchd, docs, tests); epoll
# and inotify are on.  The system socket and bus user are Debian's.
# libtool drops a plain -static from the link of its programs and makes
# dynamic executables, so the link passes -all-static (configure's own
# test programs cannot take it, hence LDFLAGS only at make time).
set -eu
src=$1
prefix=$2
obj=$prefix.obj

rm -rf "$prefix" "$obj"
mkdir -p "$obj"
cd "$obj"
"$src/configure" \
	--prefix=/usr --sysconfdir=/etc --localstatedir=/var --runstatedir=/run \
	--disable-shared --enable-static \
	--disable-systemd --disable-selinux --disable-apparmor --disable-libaudit \
	--without-x --disable-x11-autolaunch --disable-launchd \
	--disable-xml-docs --disable-doxygen-docs --disable-ducktype-docs --disable-qt-help \
	--disable-tests --disable-embedded-tests --disable-modular-tests --disable-installed-tests \
	--enable-epoll --enable-inotify \
	--with-system-socket=/run/dbus/system_bus_socket \
	--with-system-pid-file=/run/dbus/pid \
	--with-dbus-user=messagebus \
	CFLAGS="-O2 -g0" >configure.log 2>&1 || { tail -40 configure.log; exit 1; }
# The static glibc link warns once per NSS call (getpwnam and friends):
# images use the "files" module built into libc.a, so the warnings say
# nothing; they are kept in build.log, not on the console.
make -j"$(nproc)" LDFLAGS=-all-static >build.log 2>&1 || { tail -40 build.log; exit 1; }
make install DESTDIR="$obj/root" >>build.log 2>&1 || { tail -40 build.log; exit 1; }

mkdir -p "$prefix/bin" "$prefix/lib" "$prefix/share/dbus-1"
for p in bus/dbus-daemon tools/dbus-send tools/dbus-monitor; do
	if readelf -l "$p" | grep -q INTERP; then
		echo "services/dbus/build.sh: $p is not a static executable" >&2
		exit 1
	fi
	cp "$p" "$prefix/bin/"
	strip "$prefix/bin/${p##*/}"
done
cp -r "$obj/root/usr/include" "$prefix/include"
cp "$obj/root/usr/lib/libdbus-1.a" "$prefix/lib/"
# dbus-arch-deps.h lives under lib/ in dbus's layout.
cp -r "$obj/root/usr/lib/dbus-1.0" "$prefix/lib/"
cp "$obj/root/usr/share/dbus-1/system.conf" "$prefix/share/dbus-1/system.conf"
rm -rf "$obj"
touch "$prefix/.stamp"
