#!/bin/sh
# the kernel, the calibrated port with each record's charge between its
# reservation and its commit (as main) and before its reservation
# ($RBSIM_DIAG_CHARGE_BEFORE, instrument.diff), alternating, the threads
# pinned apart (producer CPU 0, consumer CPU 1), consume() calls traced
# usage: cp.sh RBSIM PROFILE OUT ROUNDS
set -eu
rb=$1 prof=$2 out=$3 rounds=$4
mkdir -p "$out/traces"
i=1
while [ "$i" -le "$rounds" ]; do
	echo "round $i $(date -u +%T) $($rb model --probe 2>/dev/null | sed -n 's/^c2c CPU.*median \([0-9.]*\) ns.*/\1/p')" >>"$out/c2c.txt"
	for w in "sampled|--size 8 --wakeup sampled:500" "default|--size 8" \
		"paced-drops|--size 64 --rate 400000 --batch 4096 --ring-size 16K"; do
		name=${w%%|*} opts=${w#*|}
		for side in kernel inside before; do
			env=""
			case $side in
			kernel) a="--transport kernel-ringbuf" ;;
			inside) a="--transport ringbuf --profile $prof" ;;
			before) a="--transport ringbuf --profile $prof"; env="RBSIM_DIAG_CHARGE_BEFORE=1" ;;
			esac
			# shellcheck disable=SC2086
			env $env RBSIM_TRACE_CONSUME="$out/traces/$name-$side-$i.txt" \
				$rb run -w 1 -d 2 $a $opts --prod-affinity 0 --cons-affinity 1 \
				--label "$name|$i|$side" --format csv -o "$out/runs.csv" -q 2>>"$out/stderr.txt" >/dev/null
		done
	done
	i=$((i + 1))
done
