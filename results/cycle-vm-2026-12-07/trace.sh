#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The prediction grid's workloads named in CASES under ftrace, each round the
# kernel and the calibrated port (DIR/profile.json, made first as the
# benchmark makes its own: rbsim calibrate --passes 3 --pass-gap 20) in turn,
# the first side alternating; 2-s runs. Events and reduction as
# ../cycle-vm-2026-12-06/trace.sh: sched_switch, sched_waking, sched_wakeup,
# irq_work_entry, raw syscalls, in the kernel's per-CPU buffers (no reader
# while a run goes), TSC timestamps; each trace is cut into the consumer's
# sleep cycles by ../cycle-vm-2026-12-06/cycles.py at this host's TSC rate (its
# kernel log's "tsc: Detected"), a line of DIR/cycles.txt, and deleted.
# Run from the repository's top:  results/cycle-vm-2026-12-07/trace.sh DIR ROUNDS
set -e
dir=$1 rounds=${2:-3}
here=$(dirname "$0")
CASES=${CASES:-"drops-4096-batch size-256"}
mhz=$(dmesg | sed -n 's/.*tsc: Detected \([0-9.]*\) MHz.*/\1/p' | head -1)
[ -n "$mhz" ] || { echo "trace.sh: no TSC rate in the kernel log" >&2; exit 2; }
[ -s "$dir/profile.json" ] || build/rbsim calibrate --passes 3 --pass-gap 20 -q \
	-o "$dir/profile.json" > "$dir/profile.txt"
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T
echo 0 > $T/tracing_on; echo x86-tsc > $T/trace_clock; echo 400000 > $T/buffer_size_kb
echo > $T/set_event
for e in sched:sched_switch sched:sched_waking sched:sched_wakeup irq_vectors:irq_work_entry \
	raw_syscalls:sys_enter raw_syscalls:sys_exit; do echo $e >> $T/set_event; done
sides=(kernel cal)
for r in $(seq 1 "$rounds"); do
	for w in $CASES; do
		args=$(awk -F'|' -v w="$w" '/^case /{c=$1; sub(/^case +/,"",c); gsub(/ +$/,"",c);
			if (c == w) { a=$2; gsub(/^ +| +$/,"",a); print a }}' bench/prediction.scenario)
		[ -n "$args" ] || { echo "trace.sh: no case $w in bench/prediction.scenario" >&2; exit 2; }
		for k in 0 1; do
			s=${sides[$(( (k + r) % 2 ))]}
			case $s in
			kernel) cmd="build/rbsim run --transport kernel-ringbuf" ;;
			cal) cmd="build/rbsim run --transport ringbuf --profile $dir/profile.json" ;;
			esac
			rm -f "$dir/.run.csv"; echo > $T/trace; echo 1 > $T/tracing_on
			$cmd $args -w 0 -d 2 -q --format csv -o "$dir/.run.csv" \
				--label "$w|$s|$r" > /dev/null 2>> "$dir/err.txt"
			echo 0 > $T/tracing_on
			grep -h overrun $T/per_cpu/cpu*/stats | grep -v ' 0$' >> "$dir/err.txt" || true
			[ -s "$dir/trace-runs-header.csv" ] || head -1 "$dir/.run.csv" > "$dir/trace-runs-header.csv"
			tail -n +2 "$dir/.run.csv" >> "$dir/trace-runs.csv"
			grep -v '^#' $T/trace > "$dir/.trace.txt"
			echo "$w" >> "$dir/cycles.txt"
			/usr/bin/python3 "$here/../cycle-vm-2026-12-06/cycles.py" "$dir/.trace.txt" \
				"$dir/.run.csv" "$mhz" >> "$dir/cycles.txt"
		done
	done
done
rm -f "$dir/.trace.txt" "$dir/.run.csv"
echo > $T/set_event; echo local > $T/trace_clock; echo 1408 > $T/buffer_size_kb; echo > $T/trace
