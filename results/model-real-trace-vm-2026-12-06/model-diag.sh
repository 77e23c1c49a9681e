#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Builds rbsim into build/dbgm of the checkout in $1 (default: the current
# directory) with three knobs in the many-CPU model, read from the
# environment (not in rbsim's own build; the sources are put back):
#   DG_HDR    the consumer's header line share a record, in transfers (the
#             model's PC_CONSUMER, 0.25)
#   DG_CATCH  ns a notifying commit costs its producer beyond notify_ns
#   DG_LAG    ns charged at each reservation while the consumer follows,
#             in place of follow_ns
set -e
cd "${1:-.}"
cp sim/model_vtime.c /tmp/dgm-model_vtime.c.orig
cp sim/vtime_cpus.c /tmp/dgm-vtime_cpus.c.orig
trap 'cp /tmp/dgm-model_vtime.c.orig sim/model_vtime.c; cp /tmp/dgm-vtime_cpus.c.orig sim/vtime_cpus.c' EXIT
python3 - <<'PY'
def patch(path, pairs):
    s = open(path).read()
    for old, new in pairs:
        assert old in s, (path, old)
        s = s.replace(old, new, 1)
    open(path, 'w').write(s)
patch('sim/model_vtime.c', [
    ('#include', '#include <stdlib.h>\n#include'),
    ('\t\tin.consumer_ns += pc.consumer / producers *',
     '\t\tin.consumer_ns += (getenv("DG_HDR") ? atof(getenv("DG_HDR")) : pc.consumer) / producers *'),
])
patch('sim/vtime_cpus.c', [
    ('(vt->notes - vt->woke) * mc->in->notify_ns) : 0));',
     '(vt->notes - vt->woke) * (mc->in->notify_ns + (getenv("DG_CATCH") ? '
     'atof(getenv("DG_CATCH")) : 0))) : 0));'),
    ('\t\t\tx->asked = t + charge(&x->carry, x->pc_ns);\n',
     '\t\t\tx->asked = t + charge(&x->carry, getenv("DG_LAG") && x->follow ? '
     'atof(getenv("DG_LAG")) : x->pc_ns);\n'),
])
PY
touch sim/model_vtime.c sim/vtime_cpus.c
make -s -j2 OUTPUT=build/dbgm build/dbgm/rbsim
