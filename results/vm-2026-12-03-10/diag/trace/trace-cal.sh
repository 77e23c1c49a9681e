#!/bin/sh
# trace.sh for rbsim calibrate: the bpf() (BPF_PROG_TEST_RUN) and write()
# system calls instead of the consumer's, with the same irq_work and
# scheduler events, trace clock x86-tsc (read by cal-irq.py).
# usage: trace-cal.sh OUT.trace -- rbsim calibrate args...
set -eu
out=$1
shift 2
T=/sys/kernel/tracing
echo 0 >$T/tracing_on
echo >$T/trace
echo x86-tsc >$T/trace_clock
echo 200000 >$T/buffer_size_kb
for e in sched/sched_switch sched/sched_waking irq_vectors/irq_work_entry \
	irq_vectors/irq_work_exit raw_syscalls/sys_enter raw_syscalls/sys_exit; do
	echo 1 >$T/events/$e/enable
done
echo 'id == 321 || id == 1' >$T/events/raw_syscalls/sys_enter/filter
echo 'id == 321 || id == 1' >$T/events/raw_syscalls/sys_exit/filter
echo 'comm == "rbsim"' >$T/events/sched/sched_waking/filter
echo 1 >$T/tracing_on
"$@" || true
echo 0 >$T/tracing_on
cat $T/trace >"$out"
for e in sched/sched_switch sched/sched_waking irq_vectors/irq_work_entry \
	irq_vectors/irq_work_exit raw_syscalls/sys_enter raw_syscalls/sys_exit; do
	echo 0 >$T/events/$e/enable
	echo 0 >$T/events/$e/filter
done
echo 1410 >$T/buffer_size_kb
echo local >$T/trace_clock
echo >$T/trace
