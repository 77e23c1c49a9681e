#!/bin/sh
# the consumer's consume() calls traced (instrument.diff: each call's start,
# duration and records, during the measured seconds), kernel and calibrated
# port alternating, producer on CPU 0 and consumer on CPU 1
# usage: ct.sh RBSIM PROFILE OUT ROUNDS
set -eu
rb=$1 prof=$2 out=$3 rounds=$4
mkdir -p "$out/traces"
i=1
while [ "$i" -le "$rounds" ]; do
	echo "round $i $(date -u +%T) $($rb model --probe 2>/dev/null | sed -n 's/^c2c CPU.*median \([0-9.]*\) ns.*/\1/p')" >>"$out/c2c.txt"
	for w in "sampled|--size 8 --wakeup sampled:500" "default|--size 8" \
		"paced-drops|--size 64 --rate 400000 --batch 4096 --ring-size 16K"; do
		name=${w%%|*} opts=${w#*|}
		for side in kernel port; do
			if [ $side = kernel ]; then a="--transport kernel-ringbuf"; else a="--transport ringbuf --profile $prof"; fi
			# shellcheck disable=SC2086
			RBSIM_TRACE_CONSUME="$out/traces/$name-$side-$i.txt" \
				$rb run -w 1 -d 2 $a $opts --prod-affinity 0 --cons-affinity 1 \
				--label "$name|$i|$side" --format csv -o "$out/runs.csv" -q 2>>"$out/stderr.txt" >/dev/null
		done
	done
	i=$((i + 1))
done
