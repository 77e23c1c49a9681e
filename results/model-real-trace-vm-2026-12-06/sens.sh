#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The model's one producer with its consumer (kernel reservation, batch 50,
# --preempt user) on sim/machines/this-vm.machine as the knobs of
# build.sh model move. Run from the checkout after build.sh model.
row() {
	build/dbgm/rbsim model --machine sim/machines/this-vm.machine --producers 1 \
		--reserve kernel --preempt user --format csv 2>&1 | python3 -c "
import csv, sys
r = list(csv.DictReader(sys.stdin))[-1]
print('%-28s %7s M/s  notifications %s a record  reservations that paid follow %s' %
      (sys.argv[1], r['mps'], r['notify_per_rec'], r['pc_stalls']))" "$1"
}
row "as main"
for h in 0 0.05 0.1 0.25; do
	for c in 200 280 350; do
		DG_HDR=$h DG_CATCH=$c DG_LAG=40 row "hdr $h catch $c lag 40"
	done
done
for l in 30 70 100; do
	DG_HDR=0 DG_CATCH=280 DG_LAG=$l row "hdr 0 catch 280 lag $l"
done
