#!/bin/bash
# A/B: bytes-64K variants, kernel vs calibrated port, alternating
cd /work/main
P=/work/wt/d22/profile.json
OUT=${OUT:-/work/wt/d22/a/runs.csv}
R=${R:-3}
for r in $(seq 1 $R); do
  ./build/rbsim model --probe 2>&1 | grep '^c2c CPU' | sed "s/^/round $r /" >> ${OUT%.csv}.c2c
  while IFS='|' read -r name opts; do
    for side in kernel cal; do
      if [ $side = kernel ]; then t="--transport kernel-ringbuf"; else t="--transport ringbuf --profile $P"; fi
      ./build/rbsim run $t -d 1 -w 1 -q $opts --format csv -o $OUT --label "$name|$side|$r" 2>>${OUT%.csv}.err
    done
  done < ${VARS:-/work/wt/d22/a/vars}
done
