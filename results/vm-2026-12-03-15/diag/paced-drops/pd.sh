#!/bin/sh
# paced-drops (bench/prediction.scenario) on the kernel and the calibrated
# port, the producer and consumer pinned to one CPU, pinned apart, or left
# to the scheduler, the sides alternating within each round: which
# placement each regime (keeps up / drops) comes with
# usage: pd.sh RBSIM PROFILE OUT ROUNDS
set -eu
rb=$1 prof=$2 out=$3 rounds=$4
mkdir -p "$out"
i=1
while [ "$i" -le "$rounds" ]; do
	echo "round $i $(date -u +%T) $($rb model --probe 2>/dev/null | sed -n 's/^c2c CPU.*median \([0-9.]*\) ns.*/\1/p')" >>"$out/c2c.txt"
	for p in "together|--prod-affinity 0 --cons-affinity 0" \
		"apart|--prod-affinity 0 --cons-affinity 1" "free|"; do
		name=${p%%|*} opts=${p#*|}
		for side in kernel port; do
			if [ $side = kernel ]; then a="--transport kernel-ringbuf"; else a="--transport ringbuf --profile $prof"; fi
			# shellcheck disable=SC2086
			$rb run -w 1 -d 2 $a --size 64 --rate 400000 --batch 4096 --ring-size 16K $opts \
				--label "$name|$i|$side" --format csv -o "$out/runs.csv" -q 2>>"$out/stderr.txt" >/dev/null
		done
	done
	i=$((i + 1))
done
