#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The traced build of this folder, in a scratch checkout (a git worktree of
# the commit measured; its sources are edited in place):  build.sh CHECKOUT
# ../../model-real-trace-vm-2026-12-06/patch.py trace puts its trace points in
# ringbuf/ringbuf.c and ringbuf/consumer.c (its build.sh lists the events);
# this adds the one event cas needs, producer_pos stored by ringbuf/reserve_cas.c's
# publication (R1), as the kernel reservation's is. Builds CHECKOUT/build/dbg/rbsim.
set -e
dir=$(cd "$(dirname "$0")/../../model-real-trace-vm-2026-12-06" && pwd)
cd "$1"
python3 "$dir/patch.py" trace
python3 - "$dir" <<'PY'
import sys
p = 'ringbuf/reserve_cas.c'
s = open(p).read()
r1 = '\tsmp_store_release(c->producer_pos, new_pos);\n'
if s.count(r1) != 1:
    sys.exit(p + ': the publication to trace is not there any more')
s = s.replace('#include <errno.h>', '#include "%s/trace.h"\n#include <errno.h>' % sys.argv[1], 1)
s = s.replace(r1, r1 + '\tdg_prod((long)new_pos);\n')
open(p, 'w').write(s)
PY
make -s -j2 OUTPUT=build/dbg build/dbg/rbsim
