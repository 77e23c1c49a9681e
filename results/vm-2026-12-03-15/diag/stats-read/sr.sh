#!/bin/sh
# the kernel, main's calibrated port (OLD) and the change's (NEW), the threads
# pinned apart, sides alternating within each round
# usage: sr.sh OLD NEW PROFILE OUT ROUNDS
set -eu
old=$1 new=$2 prof=$3 out=$4 rounds=$5
mkdir -p "$out"
i=1
while [ "$i" -le "$rounds" ]; do
	echo "round $i $(date -u +%T) $($new model --probe 2>/dev/null | sed -n 's/^c2c CPU.*median \([0-9.]*\) ns.*/\1/p')" >>"$out/c2c.txt"
	for w in "paced-drops|--size 64 --rate 400000 --batch 4096 --ring-size 16K" \
		"sampled|--size 8 --wakeup sampled:500" "default|--size 8" \
		"paced-force|--size 256 --rate 200000 --batch 10 --consumer-work 1000 --wakeup force"; do
		name=${w%%|*} opts=${w#*|}
		for side in kernel old new; do
			case $side in
			kernel) rb=$new a="--transport kernel-ringbuf" ;;
			old) rb=$old a="--transport ringbuf --profile $prof" ;;
			new) rb=$new a="--transport ringbuf --profile $prof" ;;
			esac
			# shellcheck disable=SC2086
			$rb run -w 1 -d 2 $a $opts --prod-affinity 0 --cons-affinity 1 \
				--label "$name|$i|$side" --format csv -o "$out/runs.csv" -q 2>>"$out/stderr.txt" >/dev/null
		done
	done
	i=$((i + 1))
done
