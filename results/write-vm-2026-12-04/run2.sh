#!/bin/bash
# A/B/C: kernel, calibrated port (in place), calibrated port writing like the kernel (scratch + rep movsb)
P=/work/wt/d22/profile.json
OUT=${OUT:-/work/wt/d22/a/runs2.csv}
R=${R:-3}
for r in $(seq 1 $R); do
  /work/main/build/rbsim model --probe 2>&1 | grep '^c2c CPU' | sed "s/^/round $r /" >> ${OUT%.csv}.c2c
  while IFS='|' read -r name opts; do
    for side in kernel cal copy; do
      case $side in
      kernel) cmd="/work/main/build/rbsim run --transport kernel-ringbuf" ;;
      cal) cmd="/work/main/build/rbsim run --transport ringbuf --profile $P" ;;
      copy) cmd="env RBSIM_COPYW=1 /work/wt/copyw/build/rbsim run --transport ringbuf --profile $P" ;;
      esac
      $cmd -d 1 -w 1 -q $opts --format csv -o $OUT --label "$name|$side|$r" >/dev/null 2>>${OUT%.csv}.err
    done
  done < ${VARS:-/work/wt/d22/a/vars2}
done
