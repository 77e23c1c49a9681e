#!/bin/bash
# one traced run per side, trace kept
set -e
dir=$1
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T
echo 0 > $T/tracing_on; echo x86-tsc > $T/trace_clock; echo 400000 > $T/buffer_size_kb
echo > $T/set_event
for e in sched:sched_switch sched:sched_waking sched:sched_wakeup irq_vectors:irq_work_entry irq_vectors:irq_work_exit \
	raw_syscalls:sys_enter raw_syscalls:sys_exit; do echo $e >> $T/set_event; done
for s in kernel cal; do
	case $s in
	kernel) cmd="build/rbsim run --transport kernel-ringbuf" ;;
	cal) cmd="build/rbsim run --transport ringbuf --profile $dir/profile.json" ;;
	esac
	rm -f "$dir/$s.csv"; echo > $T/trace; echo 1 > $T/tracing_on
	$cmd --size 256 --ring-size 16K -w 0 -d 1 -q --format csv -o "$dir/$s.csv" > /dev/null
	echo 0 > $T/tracing_on
	grep -v '^#' $T/trace > "$dir/raw-$s.txt"
done
echo > $T/set_event; echo local > $T/trace_clock; echo 1408 > $T/buffer_size_kb; echo > $T/trace
