#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The edits build.sh makes to copies of rbsim's sources for a diagnostic
build, each an exact text replaced once (an edit that no longer finds its
text stops the build). Run from the checkout: patch.py trace|model."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

TRACE = {
    'ringbuf/ringbuf.c': [
        ('#include', '#include "%s/trace.h"\n#include' % HERE),
        ('\tsmp_store_release(&rb->producer_pos, new_prod_pos);\n',
         '\tsmp_store_release(&rb->producer_pos, new_prod_pos);\n\tdg_prod((long)new_prod_pos);\n'),
        ('\tringbuf_futex_wake_op(&rb->wake_word);\n',
         '\tdg_prod(-2);\n\tringbuf_futex_wake_op(&rb->wake_word);\n\tdg_prod(-3);\n'),
        ('static void irq_work_queue(struct bpf_ringbuf *rb)\n{',
         'static void irq_work_queue(struct bpf_ringbuf *rb)\n{\n\tdg_prod(-1);'),
        ('\tbpf_ringbuf_notify(rb);\n}\n\n/*\n * Maximum',
         '\tbpf_ringbuf_notify(rb);\n\tdg_prod(-5);\n}\n\n/*\n * Maximum'),
        ('\txchg(&hdr->len, new_len);\n', '\tdg_prod(-6);\n\txchg(&hdr->len, new_len);\n'),
        ('\tcons_pos = smp_load_acquire(&rb->consumer_pos) & rb->mask;\n\n'
         '\tif (flags & BPF_RB_FORCE_WAKEUP)',
         '\tcons_pos = smp_load_acquire(&rb->consumer_pos) & rb->mask;\n\tdg_prod(-7);\n\n'
         '\tif (flags & BPF_RB_FORCE_WAKEUP)'),
    ],
    'ringbuf/consumer.c': [
        ('#include', '#include "%s/trace.c"\n#include' % HERE),
        ('\t\tprod_pos = smp_load_acquire(r->producer_pos);\n\t\twhile',
         '\t\tprod_pos = smp_load_acquire(r->producer_pos);\n'
         '\t\tdg_cons((long)(prod_pos - cons_pos));\n\t\twhile'),
        ('\tif (syscall(SYS_futex_waitv, rc->waitv, n, 0, tp, CLOCK_MONOTONIC) < 0)\n'
         '\t\terr = errno;\n',
         '\tdg_cons(-2);\n'
         '\tif (syscall(SYS_futex_waitv, rc->waitv, n, 0, tp, CLOCK_MONOTONIC) < 0)\n'
         '\t\terr = errno;\n\tdg_cons(err == EAGAIN ? -4 : -3);\n'),
        ('done:\n\treturn cnt;', 'done:\n\tdg_cons(-1);\n\treturn cnt;'),
    ],
}

MODEL = {
    'sim/model_vtime.c': [
        ('#include', '#include <stdlib.h>\n#include'),
        ('\t\tin.consumer_ns += pc.consumer / producers *',
         '\t\tin.consumer_ns += (getenv("DG_HDR") ? atof(getenv("DG_HDR")) : pc.consumer) / '
         'producers *'),
    ],
    'sim/vtime_cpus.c': [
        ('(vt->notes - vt->woke) * mc->in->notify_ns) : 0));',
         '(vt->notes - vt->woke) * (mc->in->notify_ns + (getenv("DG_CATCH") ? '
         'atof(getenv("DG_CATCH")) : 0))) : 0));'),
        ('\t\t\tx->asked = t + charge(&x->carry, x->pc_ns);\n',
         '\t\t\tx->asked = t + charge(&x->carry, getenv("DG_LAG") && x->follow ? '
         'atof(getenv("DG_LAG")) : x->pc_ns);\n'),
    ],
}


def patch(path, pairs):
    with open(path) as f:
        s = f.read()
    for old, new in pairs:
        if old not in s:
            sys.exit('%s: the text to edit is not there any more: %r' % (path, old[:60]))
        s = s.replace(old, new, 1)
    with open(path, 'w') as f:
        f.write(s)


for path, pairs in {'trace': TRACE, 'model': MODEL}[sys.argv[1]].items():
    patch(path, pairs)
