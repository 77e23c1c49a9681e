#!/bin/sh
# the kernel, the calibrated port as main (an eventfd read's cost taken back
# from the consumer's next charges) and with the reads made on the way to a
# sleep not taken back ($RBSIM_DIAG_NO_SLEEP_CREDIT, instrument.diff),
# alternating, the threads pinned apart (producer CPU 0, consumer CPU 1)
# usage: rc.sh RBSIM PROFILE OUT ROUNDS
set -eu
rb=$1 prof=$2 out=$3 rounds=$4
i=1
while [ "$i" -le "$rounds" ]; do
	echo "round $i $(date -u +%T) $($rb model --probe 2>/dev/null | sed -n 's/^c2c CPU.*median \([0-9.]*\) ns.*/\1/p')" >>"$out/c2c.txt"
	for w in "sampled|--size 8 --wakeup sampled:500" \
		"sampled-batch|--size 8 --wakeup sampled:500 --consumer batch" "default|--size 8" \
		"paced-drops|--size 64 --rate 400000 --batch 4096 --ring-size 16K" \
		"paced-force|--size 256 --rate 200000 --batch 10 --consumer-work 1000 --wakeup force"; do
		name=${w%%|*} opts=${w#*|}
		for side in kernel credit nocredit; do
			env=""
			case $side in
			kernel) a="--transport kernel-ringbuf" ;;
			credit) a="--transport ringbuf --profile $prof" ;;
			nocredit) a="--transport ringbuf --profile $prof"; env="RBSIM_DIAG_NO_SLEEP_CREDIT=1" ;;
			esac
			# shellcheck disable=SC2086
			env $env $rb run -w 1 -d 2 $a $opts --prod-affinity 0 --cons-affinity 1 \
				--label "$name|$i|$side" --format csv -o "$out/runs.csv" -q 2>>"$out/stderr.txt" >/dev/null
		done
	done
	i=$((i + 1))
done
