#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The default workload (8-byte records, adaptive wake-ups, libbpf consumer) under
# ftrace, each round the kernel, the calibrated port (DIR/profile.json) and the
# calibrated port whose woken wait charges nothing (DIR/profile-nowake.json), in
# turn; 2-s runs. Events: sched_switch, sched_waking, sched_wakeup, irq_work_entry,
# raw syscalls, in the kernel's per-CPU buffers (no reader while a run goes), TSC
# timestamps. Each trace is reduced by cycles.py to a line of DIR/cycles.txt and
# deleted (60-140 MB of text a run).
# Run from the repository's top:  results/cycle-vm-2026-12-06/trace.sh DIR ROUNDS
set -e
dir=$1 rounds=${2:-3}
here=$(dirname "$0")
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T
echo 0 > $T/tracing_on; echo x86-tsc > $T/trace_clock; echo 400000 > $T/buffer_size_kb
echo > $T/set_event
for e in sched:sched_switch sched:sched_waking sched:sched_wakeup irq_vectors:irq_work_entry \
	raw_syscalls:sys_enter raw_syscalls:sys_exit; do echo $e >> $T/set_event; done
sides=(kernel cal nowake)
for r in $(seq 1 "$rounds"); do
	for k in 0 1 2; do
		s=${sides[$(( (k + r) % 3 ))]}
		case $s in
		kernel) cmd="build/rbsim run --transport kernel-ringbuf" ;;
		cal) cmd="build/rbsim run --transport ringbuf --profile $dir/profile.json" ;;
		nowake) cmd="build/rbsim run --transport ringbuf --profile $dir/profile-nowake.json" ;;
		esac
		rm -f "$dir/.run.csv"; echo > $T/trace; echo 1 > $T/tracing_on
		$cmd --size 8 -w 0 -d 2 -q --format csv -o "$dir/.run.csv" \
			--label "default|$s|$r" > /dev/null 2>> "$dir/err.txt"
		echo 0 > $T/tracing_on
		grep -h overrun $T/per_cpu/cpu*/stats | grep -v ' 0$' >> "$dir/err.txt" || true
		[ -s "$dir/trace-runs-header.csv" ] || head -1 "$dir/.run.csv" > "$dir/trace-runs-header.csv"
		tail -n +2 "$dir/.run.csv" >> "$dir/trace-runs.csv"
		grep -v '^#' $T/trace > "$dir/.trace.txt"
		/usr/bin/python3 "$here/cycles.py" "$dir/.trace.txt" "$dir/.run.csv" >> "$dir/cycles.txt"
	done
done
rm -f "$dir/.trace.txt" "$dir/.run.csv"
echo > $T/set_event; echo local > $T/trace_clock; echo 1408 > $T/buffer_size_kb; echo > $T/trace
