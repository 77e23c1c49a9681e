#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# results/size-vm-2026-12-05-5/stops: the steady workload's consumer stops on
# the kernel and on the port (15 s pinned apart, a 512 KiB ring that holds a
# stop: lat_host_waits / 500 is about the stops of the consumer's CPU, the
# records of a stop's first 10 ms at 50,000 a second), between two runs of
# stops-vm-2026-12-05's probe with both CPUs sleeping 20 us turns (15 s).
# usage (from the repository's top): $0 build/rbsim
set -e
R=${1:-build/rbsim}
D=$(dirname "$0")
cc -O2 -Wall -pthread "$D/../../stops-vm-2026-12-05/stops.c" -o /tmp/stops
W="--rate 50000 --size 64 --consumer-work 2us -d 15 -w 0 --ring-size 512K --prod-affinity 1 --cons-affinity 0 -q --format json"
echo 'what,stops,lat_host_waits,drop_fraction'
/tmp/stops -d 15 -s 20 -B | awk -F, 'NR == 2 { print "probe both 20us," $3 + $5 ",," }'
for t in kernel-ringbuf ringbuf; do
	$R run --transport $t $W > "$D/kinds-$t.json"
	python3 - "$D/kinds-$t.json" $t <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
att = d['produced'] + d['drops_no_space']
print(f"{sys.argv[2]},{d['lat_host_waits'] / 500:.1f},{d['lat_host_waits']},"
      f"{d['drops_no_space'] / att:.4f}")
PY
done
/tmp/stops -d 15 -s 20 -B | awk -F, 'NR == 2 { print "probe both 20us," $3 + $5 ",," }'
