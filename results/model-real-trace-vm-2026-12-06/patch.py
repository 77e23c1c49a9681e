#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The edits build.sh makes to copies of rbsim's sources for a diagnostic
build, each an exact text replaced once (an edit that no longer finds its
text stops the build). Run from the checkout: patch.py trace|model|announce."""
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

DGV = '#define DGV(n, d) (getenv(n) ? (__u64)atoll(getenv(n)) : (d))'
ANNOUNCE = {
    'sim/vtime_int.h': [
        ('VC_REPOLL, VC_DONE };', 'VC_REPOLL, VC_DONE, VC_ANN, VC_FUT };'),
        ('\tunsigned int notes;', '\tunsigned int dg_wcall;\n\tunsigned int notes;'),
    ],
    'sim/vtime_cons.c': [
        ('#include <string.h>', '#include <string.h>\n#include <stdlib.h>\n' + DGV),
        ('\t} else if (vt->mc && vt->vo->cpus->repoll) {\n\t\tk->st = VC_REPOLL;',
         '\t} else if (vt->mc && vt->vo->cpus->repoll && getenv("DG_ANN")) {\n'
         '\t\tk->st = VC_ANN;\n'
         '\t\tk->t = vt_finish(vt, k->t, DGV("DG_ANN", 130));\n'
         '\t} else if (vt->mc && vt->vo->cpus->repoll) {\n\t\tk->st = VC_REPOLL;'),
        ('\tcase VC_BUSY:\n\t\tif (!vt->multi',
         '\tcase VC_ANN:\n'
         '\t\tif (any_waiting(vt)) {\n'
         '\t\t\tstart_round(vt, k->t, false);\n'
         '\t\t\tk->waited = true;\n'
         '\t\t\tbreak;\n'
         '\t\t}\n'
         '\t\tk->st = VC_FUT;\n'
         '\t\tk->t = vt_finish(vt, k->t, DGV("DG_FUT", 900));\n'
         '\t\tbreak;\n'
         '\tcase VC_FUT:\n'
         '\t\tif (any_waiting(vt)) {\n'
         '\t\t\tstart_round(vt, k->t + DGV("DG_EAG", 600), false);\n'
         '\t\t\tk->waited = true;\n'
         '\t\t\tbreak;\n'
         '\t\t}\n'
         '\t\tk->st = VC_SLEEP;\n'
         '\t\tk->sleep_t = k->t;\n'
         '\t\tk->t = VT_NEVER;\n'
         '\t\tbreak;\n'
         '\tcase VC_BUSY:\n\t\tif (!vt->multi'),
        ('\treturn st == VC_ROUND || st == VC_BUSY || st == VC_REPOLL;',
         '\treturn st == VC_ROUND || st == VC_BUSY || st == VC_REPOLL || st == VC_ANN;'),
        ('\tif (k->st == VC_SLEEP || k->st == VC_IDLE || k->st == VC_REPOLL)',
         '\tif (k->st == VC_SLEEP || k->st == VC_IDLE || k->st == VC_REPOLL || '
         'k->st == VC_ANN || k->st == VC_FUT)'),
    ],
    'sim/vtime_ringbuf.c': [
        ('\telse if (vt_cons_notified(vt))\n\t\tvt->woke++;',
         '\telse if (vt_cons_notified(vt))\n\t\tvt->woke++;\n'
         '\telse if (vt->cons.st == VC_FUT)\n\t\tvt->dg_wcall++;'),
        ('\tvt->notes = 0;\n', '\tvt->notes = 0;\n\tvt->dg_wcall = 0;\n'),
    ],
    'sim/vtime.c': [('\tvt->notes = 0;\n', '\tvt->notes = 0;\n\tvt->dg_wcall = 0;\n')],
    'sim/vtime_cpus.c': [
        ('(vt->notes - vt->woke) * mc->in->notify_ns) : 0));',
         '(vt->notes - vt->woke - vt->dg_wcall) * mc->in->notify_ns + vt->dg_wcall * '
         '(getenv("DG_WCALL") ? atof(getenv("DG_WCALL")) : 1500.0)) : 0));'),
        ('\t\tin_out(mc)->woke += vt->woke;', '\t\tin_out(mc)->woke += vt->woke + vt->dg_wcall;'),
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


for path, pairs in {'trace': TRACE, 'model': MODEL, 'announce': ANNOUNCE}[sys.argv[1]].items():
    patch(path, pairs)
