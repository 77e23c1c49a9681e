#!/bin/bash
# system calls that sleep, per side, counted by tracepoints (perf stat), beside rbsim's cons_sleeps
cd "${REPO:-/work/main}"
P=results/vm-2026-12-04-7/profile.json
PF="--size 256 --rate 200000 --batch 10 --consumer-work 1000 --wakeup force -d 1 -w 1"
EV=syscalls:sys_enter_epoll_wait,syscalls:sys_enter_futex_waitv,syscalls:sys_enter_futex,irq_vectors:irq_work_entry
for rep in 1 2 3; do
for side in "kernel:--transport kernel-ringbuf" "futex:--profile $P --wait futex" "epoll:--profile $P --wait epoll"; do
  n=${side%%:*}
  perf stat -x, -e $EV -o /tmp/pst-$n-$rep.txt build/rbsim run ${side#*:} $PF --format csv --label "$n|$rep" > /tmp/pst-$n-$rep.csv 2>/dev/null
done
done
