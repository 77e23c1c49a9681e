#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# A diagnostic build of rbsim, not in rbsim's own build: build.sh
# trace|model|announce [CHECKOUT] (default: the current directory) edits copies of its sources
# (patch.py), builds, and puts the sources back as they were.
#
# trace: build/dbg, with trace points in ringbuf/ringbuf.c and
# ringbuf/consumer.c (trace.c keeps the events, DG_OUT and DG_KEEP).
# The producer's events (dg_prod):  >= 0  producer_pos stored by a reservation (R1)
#                                    -6   a commit begins (before its xchg)
#                                    -7   the commit's load of consumer_pos done (A3)
#                                    -1   a notification begins (irq_work_queue())
#                                    -5   it ends
#                                    -2   a futex wake call begins (a consumer announced its sleep)
#                                    -3   it ends
# The consumer's (dg_cons):          >= 0  a load of producer_pos: the bytes past consumer_pos
#                                    -1   ringbuf_process_ring() returns
#                                    -2   the futex wait's system call begins
#                                    -3   it returns, having slept (or timed out)
#                                    -4   it returns EAGAIN (a compare found a change)
#
# model: build/dbgm, with three knobs in the many-CPU model read from the
# environment:
#   DG_HDR    the consumer's header line share a record, in transfers (the
#             model's PC_CONSUMER, 0.25)
#   DG_CATCH  ns a notifying commit costs its producer beyond notify_ns
#   DG_LAG    ns charged at each reservation while the consumer follows,
#             in place of follow_ns
#
# announce: build/dbga, the model's consumer announcing its sleep as the
# port's does, with DG_ANN set (the trace's far timings by default): after a
# round that caught up it announces DG_ANN ns later (130) unless records
# came, then spends DG_FUT ns (900) on its way into the futex wait; records
# by then make it return (EAGAIN) DG_EAG ns later (600) and poll, none put it
# to sleep; a notification meanwhile costs its producer DG_WCALL ns (1500),
# the FUTEX_WAKE_OP to a consumer not asleep, counted with the wake-ups
set -e
dir=$(cd "$(dirname "$0")" && pwd)
mode=$1
cd "${2:-.}"
case "$mode" in
trace) files="ringbuf/ringbuf.c ringbuf/consumer.c"; out=build/dbg ;;
model) files="sim/model_vtime.c sim/vtime_cpus.c"; out=build/dbgm ;;
announce)
	files="sim/vtime_int.h sim/vtime_cons.c sim/vtime_ringbuf.c sim/vtime.c sim/vtime_cpus.c"
	out=build/dbga ;;
*) echo "usage: build.sh trace|model|announce [CHECKOUT]" >&2; exit 2 ;;
esac
keep=$(mktemp -d)
for f in $files; do
	mkdir -p "$keep/$(dirname "$f")"
	cp -p "$f" "$keep/$f"
done
trap 'for f in $files; do cp -p "$keep/$f" "$f"; done; rm -rf "$keep"' EXIT
python3 "$dir/patch.py" "$mode"
# shellcheck disable=SC2086
touch $files
make -s -j2 OUTPUT="$out" "$out/rbsim"
