#!/bin/sh
# A/B of the notification charge's split (2026-12-03, sixteenth session):
# kernel, the calibrated port paying the whole notification before its
# eventfd write (OLD build, main) and split around it (NEW build), alternating
# run by run, ROUNDS rounds, -w 1 -d 2, the c2c probe before each round.
# usage: ab.sh OLD_RBSIM NEW_RBSIM PROFILE OUTDIR ROUNDS [OLD_PROFILE]
set -eu
old=$1 new=$2 prof=$3 out=$4 rounds=$5 oprof=${6:-$3}
mkdir -p "$out"
one() { # label args...
	label=$1
	shift
	for side in kernel old new; do
		case $side in
		kernel) rb=$new a="--transport kernel-ringbuf" ;;
		old) rb=$old a="--transport ringbuf --profile $oprof" ;;
		new) rb=$new a="--transport ringbuf --profile $prof" ;;
		esac
		# shellcheck disable=SC2086
		$rb run -w 1 -d 2 $a "$@" --label "$label|$side" --format csv -o "$out/runs.csv" \
			-q 2>>"$out/stderr.txt"
	done
}
# the one-way median of the cache-line transfer between the two CPUs, ns
c2c() {
	$new model --probe 2>/dev/null | sed -n 's/^c2c CPU.*median \([0-9.]*\) ns.*/\1/p'
}
i=1
while [ $i -le "$rounds" ]; do
	echo "round $i $(date -u +%T) $(c2c)" >>"$out/c2c.txt"
	one "default|$i" --size 8
	one "batch|$i" --size 8 --consumer batch
	one "size-256|$i" --size 256
	one "drops-256|$i" --size 256 --ring-size 16K
	one "paced|$i" --size 64 --rate 100000 --batch 10 --consumer-work 2000
	one "force-256|$i" --size 256 --wakeup force
	i=$((i + 1))
done
echo "end $(date -u +%T) $(c2c)" >>"$out/c2c.txt"
