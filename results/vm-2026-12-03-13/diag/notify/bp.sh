#!/bin/sh
# kernel vs calibrated port, the consumer busy-polling (never sleeps) or
# sleeping (epoll), adaptive and forced wake-ups, pinned producer CPU 0 /
# consumer CPU 1: which part of the caught-up cycle differs
# usage: bp.sh RBSIM PROFILE OUT ROUNDS
set -eu
rb=$1 prof=$2 out=$3 rounds=$4
mkdir -p "$out"
i=1
while [ $i -le "$rounds" ]; do
	echo "round $i $(date -u +%T) $($rb model --probe 2>/dev/null | sed -n 's/^c2c CPU.*median \([0-9.]*\) ns.*/\1/p')" >>"$out/c2c.txt"
	for w in "busy-adaptive|--poll busy" "busy-force|--poll busy --wakeup force" \
		"epoll-adaptive|" "epoll-force|--wakeup force"; do
		name=${w%%|*} opts=${w#*|}
		for side in kernel port; do
			if [ $side = kernel ]; then a="--transport kernel-ringbuf"; else a="--transport ringbuf --profile $prof"; fi
			# shellcheck disable=SC2086
			$rb run -w 1 -d 2 $a --size 8 --prod-affinity 0 --cons-affinity 1 $opts \
				--label "$name|$i|$side" --format csv -o "$out/runs.csv" -q 2>>"$out/stderr.txt" >/dev/null
		done
	done
	i=$((i + 1))
done
