#!/bin/sh
# A/B of the map's cache-line layout: OLD and NEW builds, the kernel beside
# them, alternating run by run, ROUNDS rounds, the c2c probe before each.
# usage: lab.sh OLD NEW PROFILE OUT ROUNDS
set -eu
old=$1 new=$2 prof=$3 out=$4 rounds=$5
mkdir -p "$out"
i=1
while [ $i -le "$rounds" ]; do
	echo "round $i $(date -u +%T) $($new model --probe 2>/dev/null | sed -n 's/^c2c CPU.*median \([0-9.]*\) ns.*/\1/p')" >>"$out/c2c.txt"
	for w in "force-busy|--poll busy --wakeup force --prod-affinity 0 --cons-affinity 1" \
		"force-busy-batch|--poll busy --wakeup force --consumer batch --prod-affinity 0 --cons-affinity 1" \
		"force|--wakeup force --prod-affinity 0 --cons-affinity 1" \
		"default|" "batch|--consumer batch"; do
		name=${w%%|*} opts=${w#*|}
		for side in kernel old new; do
			case $side in
			kernel) rb=$new a="--transport kernel-ringbuf" ;;
			old) rb=$old a="--transport ringbuf --profile $prof" ;;
			new) rb=$new a="--transport ringbuf --profile $prof" ;;
			esac
			# shellcheck disable=SC2086
			$rb run -w 1 -d 2 $a --size 8 $opts --label "$name|$i|$side" --format csv \
				-o "$out/runs.csv" -q 2>>"$out/stderr.txt" >/dev/null
		done
	done
	for side in old new; do
		case $side in old) rb=$old ;; new) rb=$new ;; esac
		$rb run -w 1 -d 2 --transport ringbuf --profile none --size 8 --b2b --consumer batch \
			--no-verify --no-latency --label "b2b-pure|$i|$side" --format csv \
			-o "$out/runs.csv" -q 2>>"$out/stderr.txt" >/dev/null
		$rb run -w 1 -d 2 --transport ringbuf --profile none --size 8 --poll busy \
			--wakeup force --prod-affinity 0 --cons-affinity 1 \
			--label "force-busy-pure|$i|$side" --format csv \
			-o "$out/runs.csv" -q 2>>"$out/stderr.txt" >/dev/null
	done
	i=$((i + 1))
done
