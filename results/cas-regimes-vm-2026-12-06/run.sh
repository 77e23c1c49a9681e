#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The one-producer workload of model-real (issue 14) with the kernel's
# reservation (the queued lock) and with --reserve cas, in alternating
# pairs whose order alternates: per run its hits, notifications, consumer
# sleeps, busy stops and drops, from rbsim run's CSV row.
# usage: run.sh RBSIM PAIRS OUT.csv
set -eu
rbsim=${1:?}; pairs=${2:?}; out=${3:?}
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
echo "pair,reserve,hits_mps,notify_per_rec,wakeups_per_rec,sleeps_per_rec,busy_per_rec,drop_frac" >"$out"
for i in $(seq 1 "$pairs"); do
	if [ $((i % 2)) = 1 ]; then order="kernel cas"; else order="cas kernel"; fi
	for r in $order; do
		lock=""
		[ "$r" = kernel ] && lock="--lock queued"
		rm -f "$tmp"
		# shellcheck disable=SC2086
		"$rbsim" run --transport ringbuf -p 1 --batch 50 --size 8 --ring-size 512K \
			--consumer libbpf --reserve "$r" $lock -a -w 1 -d 1 -q --format csv \
			-o "$tmp" >/dev/null
		python3 - "$tmp" "$i" "$r" >>"$out" <<'PY'
import csv, sys
row = list(csv.DictReader(open(sys.argv[1])))[-1]
extra = dict(kv.split('=') for kv in row['extra'].split(';') if kv)
n = float(row['consumed'])  # the whole run's, warm-up second included, as the counts below
att = float(row['attempted'])
print('%s,%s,%s,%.5f,%.5f,%.5f,%.5f,%.5f' % (sys.argv[2], sys.argv[3], row['hits_mean_mps'],
      float(row['notifications']) / n, float(row['wakeups']) / n, float(row['cons_sleeps']) / n,
      float(extra['busy_stops']) / n, float(row['drops_no_space']) / att))
PY
	done
done
