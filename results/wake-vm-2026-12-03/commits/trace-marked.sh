#!/bin/sh
# (results/vm-2026-12-03-10/diag/trace/trace.sh with mark.c run before and after the command)
# One rbsim run under tracefs: the consumer's sleeps and wake-ups and what
# wakes it (sched_switch, sched_waking, irq_work, write/epoll_wait/read
# system calls), trace clock x86-tsc (ns from it in cycle.py: the text
# output of the other clocks stops at the microsecond). NRS: the system
# call numbers traced (default 0 1 232: read, write, epoll_wait; for rbsim
# calibrate, read by cal-irq.py: NRS="321 1", bpf and write).
# usage: [NRS="..."] trace.sh OUT.trace -- rbsim args...
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
nrs=
for nr in ${NRS:-0 1 232}; do
	nrs="${nrs:+$nrs || }id == $nr"
done
echo "$nrs" >$T/events/raw_syscalls/sys_enter/filter
echo "$nrs" >$T/events/raw_syscalls/sys_exit/filter
echo 'prev_comm == "rbsim" || next_comm == "rbsim"' >$T/events/sched/sched_switch/filter
echo 'comm == "rbsim"' >$T/events/sched/sched_waking/filter
echo 1 >$T/tracing_on
"${MARK:-./mark}" 2>/dev/null
"$@" || true
"${MARK:-./mark}" 2>/dev/null
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
