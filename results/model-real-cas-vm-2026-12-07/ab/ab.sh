#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# model-real's one-producer row with its libbpf consumer, the kernel's
# reservation (the queued lock) and cas in turn, the first alternating,
# ROUNDS rounds; a line a run into OUT (runs.txt's header names the fields:
# the measured second's hits, the rest a consumed record over the whole run).
# Run from the repository's top:  ab.sh OUT [ROUNDS]
out=$1 rounds=${2:-16}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for r in $(seq 1 "$rounds"); do
	if [ $((r % 2)) = 0 ]; then order="cas kq"; else order="kq cas"; fi
	for v in $order; do
		if [ $v = cas ]; then R="--reserve cas"; else R="--reserve kernel --lock queued"; fi
		rm -f "$tmp"
		build/rbsim run --transport ringbuf -p 1 --batch 50 --size 8 --ring-size 512K \
			--consumer libbpf $R -a -w 1 -d 1 -q --format csv -o "$tmp" > /dev/null
		python3 - "$v" "$tmp" >> "$out" <<'PY'
import csv, sys
r = list(csv.DictReader(open(sys.argv[2])))[0]
rec = float(r['consumed']) or 1
ex = dict(kv.split('=', 1) for kv in r['extra'].split(';') if '=' in kv)
print('|'.join([sys.argv[1], 'libbpf', r['hits_mean_mps'],
                '%.4f' % (float(r['notifications']) / rec), '%.4f' % (float(r['wakeups']) / rec),
                '%.5f' % (float(ex.get('busy_stops', 0)) / rec),
                '%.5f' % (float(ex.get('notify_writes', 0)) / rec), r['drops_no_space'],
                '%.5f' % (float(r['cons_sleeps']) / rec)]))
PY
	done
done
