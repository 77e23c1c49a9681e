#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# results/size-vm-2026-12-05-5/stops: how often the host stops the steady
# check's CPUs, on the kernel pinned apart and in virtual time with this
# folder's profile: 15 s runs at a 4 KiB ring, alternating, three each; a
# second that dropped 2,000 records or more (a stop of either CPU drops about
# 5,000 there: the consumer's 100 ms, or the producer's catch-up after it) is
# counted as a stop of the kernel's runs (two in one second count one); virtual
# time counts its own (host_stops). usage (from the repository's top): $0 build/rbsim
set -e
R=${1:-build/rbsim}
D=$(dirname "$0")
W="--rate 50000 --size 64 --consumer-work 2us -d 15 -w 0 --ring-size 4096 -q --format json"
for i in 1 2 3; do
	$R run --transport kernel-ringbuf $W --prod-affinity 1 --cons-affinity 0 > "$D/kernel-$i.json"
	$R run --virtual --profile "$D/../profile.json" --seed "$i" $W > "$D/virtual-$i.json"
done
python3 - "$D" <<'PY'
import json, sys
d = sys.argv[1]
print('side,run,stops,drop_fraction')
for side in ('kernel', 'virtual'):
    for i in (1, 2, 3):
        j = json.load(open(f'{d}/{side}-{i}.json'))
        att = j['produced'] + j['drops_no_space']
        if side == 'kernel':
            # seconds that dropped a stop's worth (the real engine keeps its seconds)
            n = sum(1 for v in j['sec_drops_mps'] if v * 1e6 >= 2000)
        else:
            n = int(j['extra']['host_stops'])
        print(f"{side},{i},{n},{j['drops_no_space'] / att:.4f}")
PY
