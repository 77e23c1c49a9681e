#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# How long the kernel's producer takes for a burst: the bursts check's
# workload (2000 records of 128 bytes every 50 ms, 1 us of consumer work a
# record) on the kernel's ring buffer at 256 KiB, pinned apart, 2 s, under
# perf record of the getpgid() system calls that trigger its batches (one a
# batch of 500: four a burst; no per-record tracing). Prints one CSV row per
# call: the burst, the call, its start (s), its length (us), the records the
# burst still had to send when the call began.
# usage: burst-calls.sh [RBSIM] > burst-calls.csv   (from the repository's top, as root)
R=${1:-build/rbsim}
T=$(mktemp -d)
perf record -q -e raw_syscalls:sys_enter,raw_syscalls:sys_exit --filter 'id == 121' \
	-o "$T/perf.data" -- "$R" run --transport kernel-ringbuf --burst 2000 --burst-every 50ms \
	--size 128 --consumer-work 1us --ring-size 256K -d 2 -w 0 --prod-affinity 1 \
	--cons-affinity 0 -q --format csv > "$T/run.csv" 2>/dev/null
perf script -i "$T/perf.data" 2>/dev/null | python3 -c '
import re, sys
ev = []
for line in sys.stdin:
    m = re.search(r"\s(\d+\.\d+):\s+raw_syscalls:sys_(enter|exit)", line)
    a = re.search(r"\(([^)]*)\)", line)
    left = int(a.group(1).split(", ")[-1], 16) if a and m.group(2) == "enter" else None
    ev.append((float(m.group(1)), m.group(2), left))
print("burst,call,start_s,us,records_left")
burst, call, last = 0, 0, None
for (t, kind, left), (t2, kind2, _) in zip(ev, ev[1:]):
    if kind != "enter" or kind2 != "exit":
        continue
    if last is not None and t - last > 0.01:
        burst, call = burst + 1, 0
    print(f"{burst},{call},{t:.6f},{(t2 - t) * 1e6:.1f},{left}")
    call, last = call + 1, t
'
python3 -c 'import csv, sys; r = next(csv.DictReader(open(sys.argv[1])))
a, p = int(r["attempted"]), int(r["produced"])
print(f"# the run: {a} records attempted, drop fraction {(a - p) / a:.4f}")' "$T/run.csv"
rm -rf "$T"
