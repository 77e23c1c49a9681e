#!/bin/sh
# A/B of the notification charge: the kernel, the calibrated port with the
# profile as made (base) and with the kernel's notify 600 ns less (minus),
# the sleeping workloads and the forced busy one, ROUNDS rounds
# usage: nab.sh RBSIM BASE MINUS OUT ROUNDS
set -eu
rb=$1 base=$2 minus=$3 out=$4 rounds=$5
mkdir -p "$out"
i=1
while [ $i -le "$rounds" ]; do
	echo "round $i $(date -u +%T) $($rb model --probe 2>/dev/null | sed -n 's/^c2c CPU.*median \([0-9.]*\) ns.*/\1/p')" >>"$out/c2c.txt"
	for w in "default|" "batch|--consumer batch" "size-256|--size 256" \
		"force-busy|--poll busy --wakeup force --prod-affinity 0 --cons-affinity 1"; do
		name=${w%%|*} opts=${w#*|}
		for side in kernel old new; do
			case $side in
			kernel) a="--transport kernel-ringbuf" ;;
			old) a="--transport ringbuf --profile $base" ;;
			new) a="--transport ringbuf --profile $minus" ;;
			esac
			# shellcheck disable=SC2086
			$rb run -w 1 -d 2 $a --size 8 $opts --label "$name|$i|$side" --format csv \
				-o "$out/runs.csv" -q 2>>"$out/stderr.txt" >/dev/null
		done
	done
	i=$((i + 1))
done
