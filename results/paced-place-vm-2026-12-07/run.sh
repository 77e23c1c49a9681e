#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# paced-drops of the prediction grid, the kernel and the calibrated port (PROFILE) in
# turn, the first alternating, with the threads left to the scheduler (free), pinned
# apart (the producer on CPU 1, the consumer on CPU 0) and pinned together (both on
# CPU 0), ROUNDS rounds; rbsim run's CSV rows into OUT/runs.csv (header runs-header.csv)
# Run from the repository's top:  run.sh OUT PROFILE [ROUNDS]
out=$1 prof=$2 rounds=${3:-6}
args="--size 64 --rate 400000 --batch 4096 --ring-size 16K"
for r in $(seq 1 "$rounds"); do
	for pl in free apart together; do
		case $pl in
		free) aff="" ;;
		apart) aff="--prod-affinity 1 --cons-affinity 0" ;;
		together) aff="--prod-affinity 0 --cons-affinity 0" ;;
		esac
		if [ $((r % 2)) = 0 ]; then order="kernel cal"; else order="cal kernel"; fi
		for s in $order; do
			if [ $s = kernel ]; then cmd="build/rbsim run --transport kernel-ringbuf"
			else cmd="build/rbsim run --transport ringbuf --profile $prof"; fi
			rm -f "$out/.run.csv"
			# shellcheck disable=SC2086
			$cmd $args $aff -w 0 -d 1 -q --format csv -o "$out/.run.csv" \
				--label "$pl|$s|$r" > /dev/null
			[ -s "$out/runs-header.csv" ] || head -1 "$out/.run.csv" > "$out/runs-header.csv"
			tail -n +2 "$out/.run.csv" >> "$out/runs.csv"
		done
	done
done
rm -f "$out/.run.csv"
