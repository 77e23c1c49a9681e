#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Builds rbsim with the diagnostic trace into build/dbg of the checkout in $1
# (default: the current directory): copies of ringbuf/ringbuf.c and
# ringbuf/consumer.c get the trace points below, the build runs, and the two
# files are put back as they were. Nothing of it is in rbsim's own build.
#
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
set -e
dir=$(cd "$(dirname "$0")" && pwd)
cd "${1:-.}"
cp ringbuf/ringbuf.c /tmp/dg-ringbuf.c.orig
cp ringbuf/consumer.c /tmp/dg-consumer.c.orig
trap 'cp /tmp/dg-ringbuf.c.orig ringbuf/ringbuf.c; cp /tmp/dg-consumer.c.orig ringbuf/consumer.c' EXIT
DIR="$dir" python3 - <<'PY'
import os
d = os.environ['DIR']
def patch(path, pairs):
    s = open(path).read()
    for old, new in pairs:
        assert old in s, (path, old)
        s = s.replace(old, new, 1)
    open(path, 'w').write(s)
patch('ringbuf/ringbuf.c', [
    ('#include', '#include "%s/trace.h"\n#include' % d),
    ('\tsmp_store_release(&rb->producer_pos, new_prod_pos);\n',
     '\tsmp_store_release(&rb->producer_pos, new_prod_pos);\n\tdg_prod((long)new_prod_pos);\n'),
    ('\tringbuf_futex_wake_op(&rb->wake_word);\n',
     '\tdg_prod(-2);\n\tringbuf_futex_wake_op(&rb->wake_word);\n\tdg_prod(-3);\n'),
    ('static void irq_work_queue(struct bpf_ringbuf *rb)\n{',
     'static void irq_work_queue(struct bpf_ringbuf *rb)\n{\n\tdg_prod(-1);'),
    ('\tbpf_ringbuf_notify(rb);\n}\n\n/*\n * Maximum',
     '\tbpf_ringbuf_notify(rb);\n\tdg_prod(-5);\n}\n\n/*\n * Maximum'),
    ('\txchg(&hdr->len, new_len);\n', '\tdg_prod(-6);\n\txchg(&hdr->len, new_len);\n'),
    ('\tcons_pos = smp_load_acquire(&rb->consumer_pos) & rb->mask;\n\n\tif (flags & BPF_RB_FORCE_WAKEUP)',
     '\tcons_pos = smp_load_acquire(&rb->consumer_pos) & rb->mask;\n\tdg_prod(-7);\n\n'
     '\tif (flags & BPF_RB_FORCE_WAKEUP)'),
])
patch('ringbuf/consumer.c', [
    ('#include', '#include "%s/trace.c"\n#include' % d),
    ('\t\tprod_pos = smp_load_acquire(r->producer_pos);\n\t\twhile',
     '\t\tprod_pos = smp_load_acquire(r->producer_pos);\n\t\tdg_cons((long)(prod_pos - cons_pos));\n\t\twhile'),
    ('\tif (syscall(SYS_futex_waitv, rc->waitv, n, 0, tp, CLOCK_MONOTONIC) < 0)\n\t\terr = errno;\n',
     '\tdg_cons(-2);\n\tif (syscall(SYS_futex_waitv, rc->waitv, n, 0, tp, CLOCK_MONOTONIC) < 0)\n'
     '\t\terr = errno;\n\tdg_cons(err == EAGAIN ? -4 : -3);\n'),
    ('done:\n\treturn cnt;', 'done:\n\tdg_cons(-1);\n\treturn cnt;'),
])
PY
touch ringbuf/ringbuf.c ringbuf/consumer.c
make -s -j2 OUTPUT=build/dbg build/dbg/rbsim
