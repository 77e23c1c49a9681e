#!/bin/sh
# A/B: refusals' charges spun a step at a time (new, /work/main) against each (old, /work/wt/old)
set -u
cd /work/main
build/rbsim calibrate --passes 3 --pass-gap 20 -o /tmp/fs/profile.json 2> /tmp/fs/calibrate.log || exit 1
for r in 1; do
  for side in new old; do
    bin=/work/main/build/rbsim; [ $side = old ] && bin=/work/wt/old/build/rbsim
    scripts/bench.sh full --only prediction --cases size-256,drops-256,drops-4096-batch,paced-drops \
      --repeats 6 --rbsim $bin --profile /tmp/fs/profile.json --no-plots --out /tmp/fs/$side-$r > /tmp/fs/$side-$r.log 2>&1
    echo "$side-$r $?" >> /tmp/fs/done
  done
done
