#!/bin/sh
# sampled and sampled-batch with the threads pinned apart: the kernel, the
# calibrated port with the sitting's profile and with its 8-byte record
# charged 10 ns more (profile-plus10.json, by plus.py), alternating
# usage: ss.sh RBSIM PROFILE PLUS OUT ROUNDS
set -eu
rb=$1 prof=$2 plus=$3 out=$4 rounds=$5
i=1
while [ "$i" -le "$rounds" ]; do
	echo "round $i $(date -u +%T) $($rb model --probe 2>/dev/null | sed -n 's/^c2c CPU.*median \([0-9.]*\) ns.*/\1/p')" >>"$out/c2c.txt"
	for w in "sampled|--size 8 --wakeup sampled:500" \
		"sampled-batch|--size 8 --wakeup sampled:500 --consumer batch"; do
		name=${w%%|*} opts=${w#*|}
		for side in kernel cal plus10; do
			case $side in
			kernel) a="--transport kernel-ringbuf" ;;
			cal) a="--transport ringbuf --profile $prof" ;;
			plus10) a="--transport ringbuf --profile $plus" ;;
			esac
			# shellcheck disable=SC2086
			$rb run -w 1 -d 2 $a $opts --prod-affinity 0 --cons-affinity 1 \
				--label "$name|$i|$side" --format csv -o "$out/runs.csv" -q 2>>"$out/stderr.txt" >/dev/null
		done
	done
	i=$((i + 1))
done
