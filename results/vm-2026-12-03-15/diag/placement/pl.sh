#!/bin/bash
# paced-drops left to the scheduler, the kernel and the calibrated port
# alternating: each run's consumer and producer threads' CPUs (ps's psr),
# sampled 8 times over the run's 2 measured seconds
# usage: pl.sh RBSIM PROFILE OUT ROUNDS
set -eu
rb=$1 prof=$2 out=$3 rounds=$4
mkdir -p "$out"
for i in $(seq 1 "$rounds"); do
	echo "round $i $(date -u +%T) $($rb model --probe 2>/dev/null | sed -n 's/^c2c CPU.*median \([0-9.]*\) ns.*/\1/p')" >>"$out/c2c.txt"
	for side in kernel port; do
		if [ $side = kernel ]; then a="--transport kernel-ringbuf"; else a="--transport ringbuf --profile $prof"; fi
		# shellcheck disable=SC2086
		$rb run -w 1 -d 2 $a --size 64 --rate 400000 --batch 4096 --ring-size 16K \
			--label "paced-drops|$i|$side" --format csv -o "$out/runs.csv" -q 2>>"$out/stderr.txt" >/dev/null &
		pid=$!
		sleep 1.1
		cpus=""
		for s in 1 2 3 4 5 6 7 8; do
			# the consumer thread is made first, the producer second (sim/engine.c)
			cpus="$cpus $(ps -L -o tid=,psr= -p $pid | sort -n | tail -2 | awk '{printf "%s", $2}')"
			sleep 0.25
		done
		wait $pid
		echo "$i $side$cpus" >>"$out/cpus.txt"
	done
done
