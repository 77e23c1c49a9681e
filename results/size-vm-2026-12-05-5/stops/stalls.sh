#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# results/size-vm-2026-12-05-5/stops: the stalls check's workload on the kernel
# pinned apart, three runs at each of its two sizes, counting the records that
# waited 90 ms or more beyond its own stalls (lat_host_waits, added after the
# folder's run). usage (from the repository's top): $0 build/rbsim
set -e
R=${1:-build/rbsim}
D=$(dirname "$0")
echo 'ring,run,lat_max_ms,lat_host_waits,drop_fraction'
for ring in 131072 262144; do
	for i in 1 2 3; do
		$R run --transport kernel-ringbuf --rate 20000 --size 64 --consumer-work 5us \
			--stall 100 --stall-every 1000 -d 3 -w 0 --ring-size $ring \
			--prod-affinity 1 --cons-affinity 0 -q --format json > "$D/stalls-$ring-$i.json"
		python3 - "$D/stalls-$ring-$i.json" $ring $i <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
att = d['produced'] + d['drops_no_space']
print(f"{sys.argv[2]},{sys.argv[3]},{d['lat_max_ns'] / 1e6:.1f},{d['lat_host_waits']},"
      f"{d['drops_no_space'] / att:.4f}")
PY
	done
done
