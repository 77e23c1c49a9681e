#!/bin/bash
cd /work/main
P=/tmp/f256/vm-2026-12-04/profile.json
out=/tmp/pf/grid3.csv; : > $out
for rep in 1 2 3 4; do
 for cfg in "f1e --batch 1 --wakeup force" "f500e --batch 500 --wakeup force" "f1b --batch 1 --wakeup force --poll busy" "f500b --batch 500 --wakeup force --poll busy" "n1b --batch 1 --wakeup none --poll busy" "n500b --batch 500 --wakeup none --poll busy"; do
  set -- $cfg; name=$1; shift
  for side in kernel cal; do
   if [ $side = kernel ]; then t="--transport kernel-ringbuf"; else t="--profile $P"; fi
   build/rbsim run $t --size 256 "$@" -d 1 -w 1 --format csv 2>/dev/null | tail -1 | sed "s/^/$name,$side,$rep,/" >> $out
  done
 done
 build/rbsim model --probe 2>&1 | grep "^c2c CPU" | sed "s/^/$rep /" >> /tmp/pf/grid3.c2c
done
