#!/bin/bash
# A/B of the calibrated consumer's futex sleep: 0 as main (wake words + producer_pos compare),
# 1 wake words alone (last look at the wait's first collect), 2 wake words alone with a look
# at the rings re-polled empty right before the system call (after the announcement)
cd /work/wt/fw
P=/work/wt/notes/fw/profile.json
OUT=${OUT:-/work/wt/notes/fw/ab}
ROUNDS=${ROUNDS:-5}
mkdir -p $OUT
declare -A WL=(
 [paced-force]="--size 256 --rate 200000 --batch 10 --consumer-work 1000 --wakeup force"
 [paced]="--size 64 --rate 100000 --batch 10 --consumer-work 2000"
 [sampled]="--size 8 --wakeup sampled:500"
 [default]="--size 8"
 [size-256]="--size 256"
 [paced-drops]="--size 64 --rate 400000 --batch 4096 --ring-size 16K"
 [force-256]="--size 256 --wakeup force"
 [batch]="--size 8 --consumer batch"
 [drops-256]="--size 256 --ring-size 16K"
 [size-4096]="--size 4096 --consumer batch"
)
SIDES=(kernel v0 w0 kernel2)
for r in $(seq 1 $ROUNDS); do
  /work/wt/notes/fw/rbsim-diag model --probe 2>/dev/null | grep -i "c2c\|transfer" | head -2 | sed "s/^/round $r: /" >> $OUT/c2c.txt
  for w in ${WORKLOADS:-paced-force paced-drops sampled default size-256 batch drops-256 force-256 size-4096}; do
    n=${#SIDES[@]}
    for k in $(seq 0 $((n-1))); do
      s=${SIDES[$(( (k + r) % n ))]}
      case $s in
        kernel|kernel2) args="--transport kernel-ringbuf"; env=;;
        v*) args="--profile $P"; env="RBSIM_DIAG_FUTEX=${s#v} RBSIM_DIAG_FUTEX_COUNT=1";;
        w*) args="--profile $P"; env="RBSIM_DIAG_WAKEOP=1 RBSIM_DIAG_FUTEX=${s#w} RBSIM_DIAG_FUTEX_COUNT=1";;
      esac
      env $env /work/wt/notes/fw/rbsim-diag run $args ${WL[$w]} -d 1 -w 1 --format csv --label "$w|$s|$r" \
        > $OUT/$w-$s-$r.csv 2> $OUT/$w-$s-$r.err
    done
  done
done
echo done > $OUT/DONE
