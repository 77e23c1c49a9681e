#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The wake-ups of a train after a quiet gap: every GAP, 16 records of 128
# bytes 100 us apart (a --trace), on the kernel's ring buffer (consumer and
# producer pinned apart) and in virtual time with a calibration profile,
# without the host's halt polling (--vcosts haltpoll=none) and with the
# profile's (haltpoll, when it has one) or HALTPOLL's. Only the
# train's record IDX is stamped (--latency-every 16, the trace shifted by
# extra records at its start), so that each line is one place in the train.
# usage: trains.sh RBSIM PROFILE [HALTPOLL] > trains.csv   (from the repository's top)
R=$1 P=$2 HP=${3:+--vcosts $3}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
echo "gap_ms,idx,side,p50_us,p90_us,mean_us,records,wakeups"
for gap in 10 50; do
	for idx in 0 1 2 3 4 5 6 7; do
		python3 - "$gap" "$idx" > "$T/t.trace" <<'PY'
import sys
gap, idx = int(sys.argv[1]) * 1000000, int(sys.argv[2])
# (16 - idx) % 16 records first, far before the trains: the stamped ones
# (every 16th from the first) are then record idx of each train
for i in range((16 - idx) % 16):
    print(i * 10000, 0, 128)
t = gap
while t < 2000000000:
    for i in range(16):
        print(t + i * 100000, 0, 128)
    t += gap
PY
		for side in kernel virtual haltpoll; do
			case $side in
			kernel) how="--transport kernel-ringbuf --prod-affinity 1 --cons-affinity 0";;
			virtual) how="--virtual --profile $P --vcosts haltpoll=none";;
			haltpoll) how="--virtual --profile $P $HP";;
			esac
			# shellcheck disable=SC2086
			"$R" run $how --trace "$T/t.trace" --latency-every 16 --ring-size 64K -q \
				--format csv 2>/dev/null | python3 -c "
import csv, sys
r = list(csv.DictReader(sys.stdin))[0]
us = lambda k: '%.1f' % (float(r[k]) / 1e3)
print('$gap,$idx,$side,' + ','.join([us('lat_p50_ns'), us('lat_p90_ns'), us('lat_mean_ns'),
      r['lat_samples'], r['wakeups']]))"
		done
	done
done
