#!/bin/sh
# The busybox scenario's init: shell features and applets, each checked
# against the output Linux gives, reported in GoogleTest's format.
PATH=${PATH_OVERRIDE:-/bin}
export PATH
# The work directory; the host run of this script (tests/boot) uses its own.
W=${WORKDIR:-/tmp/t}
fails=0
count=0

check() {
	count=$((count + 1))
	echo "[ RUN      ] busybox.$1"
	if [ "$2" = "$3" ]; then
		echo "[       OK ] busybox.$1 (0 ms)"
	else
		echo "expected: [$2]"
		echo "     got: [$3]"
		echo "[  FAILED  ] busybox.$1 (0 ms)"
		fails=$((fails + 1))
	fi
}

echo "[==========] Running busybox shell tests."
check pipeline "3" "$(printf 'a\nb\nc\n' | wc -l | tr -d ' ')"
check pipeline_chain "B A" "$(printf 'a\nb\n' | sort -r | tr a-z A-Z | xargs echo)"
mkdir -p "$W/sub" && cd "$W"
echo one > f1
echo two >> f1
check redirection "one two" "$(cat f1 | xargs)"
check input_redirection "2" "$(wc -l < f1 | tr -d ' ')"
check subshell "$W/sub outer" "$( ( (cd sub && pwd); echo outer ) | xargs)"
check subshell_cwd "$W" "$(pwd)"
check heredoc "x=1 y=2" "$(cat <<END | xargs
x=1
y=2
END
)"
sleep 0.1 &
bg=$!
wait $bg
check background_wait "0" "$?"
(exit 7) &
wait $!
check wait_status "7" "$?"
check trap_exit "trapped" "$(sh -c 'trap "echo trapped" EXIT; true')"
check trap_signal "got USR1" "$(sh -c 'trap "echo got USR1" USR1; kill -USR1 $$; true')"
cp f1 f2 && mv f2 f3 && ln f3 f4 && ln -s f3 f5
check cp_mv_ln "f1 f3 f4 f5 sub" "$(ls | xargs)"
check hard_link_count "2" "$(stat -c %h f3)"
check symlink_target "f3" "$(readlink f5)"
chmod 640 f3
check chmod_stat "640" "$(stat -c %a f3)"
rm f4 f5
check rm "f1 f3 sub" "$(ls | xargs)"
check find "./sub" "$(find . -type d -name sub)"
check grep_sed "TWO" "$(grep two f1 | sed 's/two/TWO/')"
check awk "3" "$(printf '1 2\n' | awk '{print $1 + $2}')"
check sort_uniq "a b" "$(printf 'b\na\nb\n' | sort | uniq | xargs)"
check head_tail "2 3" "$(printf '1\n2\n3\n4\n' | head -3 | tail -2 | xargs)"
check env "bar" "$(FOO=bar env | grep '^FOO=' | cut -d= -f2)"
check uname "Linux x86_64" "$(uname -s -m)"
check id "uid=0(root) gid=0(root)" "$(id | cut -d' ' -f1-2)"
check date_epoch "ok" "$( [ "$(date +%s)" -gt 1700000000 ] && echo ok)"
check proc_self_status "Name:	cat" "$(cat /proc/self/status | head -1)"
check proc_pid_dir "ok" "$( [ -d /proc/$$ ] && echo ok)"
check ps_lists_this_shell "ok" "$(ps | grep -q "^ *$$ " && echo ok)"
check kill_term "143" "$(sh -c 'sleep 5 & kill -TERM $!; wait $!; echo $?')"
# TCP over 127.0.0.1 (net/inet in cub): busybox httpd serves a file,
# wget and nc fetch it.  The first wget waits until httpd listens.
mkdir -p "$W/www" && echo hi-http > "$W/www/index.html"
httpd -f -p 127.0.0.1:47312 -h "$W/www" &
hp=$!
for i in 1 2 3 4 5 6 7 8 9 10; do
	wget -q -O "$W/probe" http://127.0.0.1:47312/index.html 2>/dev/null && break
	sleep 0.2
done
check httpd_wget "hi-http" "$(wget -q -O - http://127.0.0.1:47312/index.html)"
check httpd_nc "hi-http" "$(printf 'GET /index.html HTTP/1.0\r\n\r\n' | nc 127.0.0.1 47312 | tail -1)"
kill $hp
wait $hp
cd /
echo "[==========] $count tests ran."
if [ $fails -eq 0 ]; then
	echo "[  PASSED  ] $count tests."
	exit 0
fi
echo "[  FAILED  ] $fails tests."
exit 1
