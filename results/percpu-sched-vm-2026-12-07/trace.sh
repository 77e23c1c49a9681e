#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# issue 14's percpu row with 2 producers and a consumer (model-real's command, -a:
# the consumer and producer 1 on CPU 0, producer 0 on CPU 1) under ftrace: scheduler
# switches and wake-ups in the kernel's per-CPU buffers, no reader while a run goes,
# TSC timestamps. Each run's trace is reduced by stints.py to DIR/stints.txt and its
# rbsim CSV row kept in DIR/runs.csv; the traces are deleted.
# Run from the repository's top:  results/percpu-sched-vm-2026-12-07/trace.sh DIR RUNS [RESERVE]
set -e
dir=$1 runs=${2:-3} reserve=${3:-percpu}
here=$(dirname "$0")
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T
mkdir -p "$dir"
echo 0 > $T/tracing_on; echo x86-tsc > $T/trace_clock; echo 200000 > $T/buffer_size_kb
echo > $T/set_event
for e in sched:sched_switch sched:sched_waking sched:sched_wakeup; do echo $e >> $T/set_event; done
for r in $(seq 1 "$runs"); do
	rm -f "$dir/.run.csv"; echo > $T/trace; echo 1 > $T/tracing_on
	build/rbsim run --transport ringbuf -p 2 --batch 50 --size 8 --ring-size 512K \
		--consumer libbpf --reserve "$reserve" --lock queued -a -w 1 -d 1 -q --format csv \
		-o "$dir/.run.csv" --label "$reserve|$r" > /dev/null 2>> "$dir/err.txt"
	echo 0 > $T/tracing_on
	grep -h overrun $T/per_cpu/cpu*/stats | grep -v ' 0$' >> "$dir/err.txt" || true
	[ -s "$dir/runs.csv" ] || head -1 "$dir/.run.csv" > "$dir/runs.csv"
	tail -n +2 "$dir/.run.csv" >> "$dir/runs.csv"
	grep -v '^#' $T/trace > "$dir/.trace.txt"
	echo "== $reserve run $r" >> "$dir/stints.txt"
	/usr/bin/python3 "$here/stints.py" "$dir/.trace.txt" >> "$dir/stints.txt"
done
rm -f "$dir/.trace.txt" "$dir/.run.csv"
echo > $T/set_event; echo local > $T/trace_clock; echo 1408 > $T/buffer_size_kb; echo > $T/trace
