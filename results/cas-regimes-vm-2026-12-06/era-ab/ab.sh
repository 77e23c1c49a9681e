#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Rounds of the same workload as ../run.sh with the kernel reservation of 6.18
# (queued lock), of 6.9 (no pending_pos: no walk, no store of it a record;
# its raw spinlock) and cas, the order rotating. usage: ab.sh OUT.csv ROUNDS
out=$1; rounds=$2
tmp=$(mktemp)
echo "round,what,hits_mps,notify_per_rec,busy_per_rec" > $out
kinds=("k618:--reserve kernel --lock queued" "k69:--reserve kernel --kernel 6.9" "cas:--reserve cas")
for r in $(seq 1 $rounds); do
  for j in 0 1 2; do
    k=${kinds[$(( (j + r) % 3 ))]}; name=${k%%:*}; opts=${k#*:}
    rm -f $tmp
    "${RBSIM:-build/rbsim}" run --transport ringbuf -p 1 --batch 50 --size 8 --ring-size 512K --consumer libbpf $opts -a -w 1 -d 1 -q --format csv -o $tmp >/dev/null 2>&1 || echo "$name failed" >&2
    python3 - $tmp $r $name >> $out <<'PY'
import csv,sys
row=list(csv.DictReader(open(sys.argv[1])))[-1]
ex=dict(kv.split('=') for kv in row['extra'].split(';') if kv)
n=float(row['consumed'])
print('%s,%s,%s,%.5f,%.5f'%(sys.argv[2],sys.argv[3],row['hits_mean_mps'],float(row['notifications'])/n,float(ex['busy_stops'])/n))
PY
  done
done
rm -f $tmp
