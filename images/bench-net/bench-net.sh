#!/bin/sh
# The loopback benchmarks, then the host's stream (port 5001, forwarded).
/bin/bench_net
exec /bin/bench_net --sink 5001
