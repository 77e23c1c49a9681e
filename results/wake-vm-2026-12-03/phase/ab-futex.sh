#!/bin/sh
# A/B: kernel, calibrated port as it is, calibrated port sleeping on a futex of producer_pos
# (RBSIM_DIAG_FUTEX: its last look in the system call), alternating, producer on CPU 0, consumer on CPU 1.
# usage: ab-futex.sh RBSIM PROFILE OUT ROUNDS
set -eu
rb=$1 prof=$2 out=$3 rounds=$4
mkdir -p "$out/traces"
i=1
while [ "$i" -le "$rounds" ]; do
	echo "round $i $(date -u +%T) $($rb model --probe 2>/dev/null | sed -n 's/^c2c CPU.*median \([0-9.]*\) ns.*/\1/p')" >>"$out/c2c.txt"
	for w in "paced-force|--size 256 --rate 200000 --batch 10 --consumer-work 1000 --wakeup force" \
		"paced-drops|--size 64 --rate 400000 --batch 4096 --ring-size 16K" \
		"sampled|--size 8 --wakeup sampled:500" "default|--size 8" "size-256|--size 256"; do
		name=${w%%|*} opts=${w#*|}
		for side in kernel port futex; do
			case $side in
			kernel) a="--transport kernel-ringbuf" e= ;;
			port) a="--transport ringbuf --profile $prof" e= ;;
			futex) a="--transport ringbuf --profile $prof" e=1 ;;
			esac
			# shellcheck disable=SC2086
			env ${e:+RBSIM_DIAG_FUTEX=1} RBSIM_TRACE_CONSUME="$out/traces/$name-$side-$i.txt" \
				$rb run -w 1 -d 2 $a $opts --prod-affinity 0 --cons-affinity 1 \
				--label "$name|$i|$side" --format csv -o "$out/runs.csv" -q 2>>"$out/stderr.txt" >/dev/null
		done
	done
	i=$((i + 1))
done
