#!/bin/bash
# Run from the repository's top with rbsim built, ../model-real-vm-2026-12-05-4/c2c.c built
# as ./c2c and ../model-real-vm-2026-12-05-5/pair.c as ./pair in this folder; argument: how
# long to wait, s.
# near.txt: its run from 18:38 to 18:40 UTC (rbsim the build of 3286c34, before the
# lost-time count: its percpu line shows no lost time).
# wait until near (c2c < 90), then measure; also once far first
here=$(cd "$(dirname "$0")" && pwd)
out=$here/near.txt
m() {
  echo "== $(date -u +%T) c2c $($here/c2c) ($1)"
  $here/pair two 3000000 3 1024 | tail -1
  $here/pair one 100000 9 64 | tail -1
  build/rbsim model --probe 2>/dev/null | grep -E "^(record_ns|handoff_ns)" | cut -c1-60
  build/rbsim run --transport ringbuf -p 2 --batch 50 --size 8 --ring-size 2G --consumer none --reserve kernel --lock queued -a -w 0 -d 1 2>&1 | grep -o "throughput.*M rec"
  build/rbsim run --transport ringbuf -p 2 --batch 50 --size 8 --ring-size 2G --consumer none --reserve percpu --lock queued -a -w 0 -d 1 2>&1 | grep -E -o "throughput.*M rec|lost .*time"
  echo "c2c after $($here/c2c)"
}
m first >> $out
end=$(( $(date +%s) + ${1:-900} )); n=0
while [ $(date +%s) -lt $end ] && [ $n -lt 2 ]; do
  c=$($here/c2c)
  if [ ${c%.*} -lt 90 ]; then m near >> $out; n=$((n+1)); else sleep 10; fi
done
m last >> $out
echo done >> $out
