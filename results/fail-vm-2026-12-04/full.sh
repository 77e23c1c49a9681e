#!/bin/sh
# A full ring's refusals a second, each side in turn, ROUNDS rounds: 256-byte
# records into a 16 KiB ring whose consumer spends 1 ms a record, so that
# almost every attempt is refused for want of space. Sides: the kernel, the
# calibrated port spinning each refusal's charge (old, df5af73), the
# calibrated port spinning them 100 ns at a time (new), the pure port.
set -u
P=${P:-/tmp/fs/profile.json}
NEW=${NEW:-/work/main/build/rbsim}
OLD=${OLD:-/work/wt/old/build/rbsim}
ROUNDS=${ROUNDS:-6}
OUT=${OUT:-/tmp/fs/full}
common="--size 256 --ring-size 16K --consumer-work 1ms -w 1 -d 2 --format csv"
echo "round,side,$($NEW run --records 1 --format csv 2>/dev/null | head -1)" > $OUT/runs.csv
for r in $(seq 1 $ROUNDS); do
	for side in kernel cal-old cal-new pure; do
		case $side in
		kernel) cmd="$NEW run --transport kernel-ringbuf $common" ;;
		cal-old) cmd="$OLD run --profile $P $common" ;;
		cal-new) cmd="$NEW run --profile $P $common" ;;
		pure) cmd="$NEW run $common" ;;
		esac
		$cmd 2> $OUT/$r-$side.err | tail -n +2 | sed "s/^/$r,$side,/" >> $OUT/runs.csv
	done
done
