#!/bin/sh
# A/B of a profile per round against one per sitting (2026-12-03, seventeenth
# session): each round, the c2c probe, then `rbsim calibrate` into
# round-N.json; the kernel, the calibrated port with the sitting's profile
# (made once before the first round: SITTING) and with the round's, the first
# side rotating round by round, -w 1 -d 2.
# usage: ab.sh RBSIM SITTING_PROFILE OUTDIR ROUNDS
set -eu
rb=$1 sprof=$2 out=$3 rounds=$4
mkdir -p "$out"
one() { # round label args...
	r=$1 label=$2
	shift 2
	case $((r % 3)) in
	0) order="kernel sitting round" ;;
	1) order="sitting round kernel" ;;
	*) order="round kernel sitting" ;;
	esac
	for side in $order; do
		case $side in
		kernel) a="--transport kernel-ringbuf" ;;
		sitting) a="--transport ringbuf --profile $sprof" ;;
		round) a="--transport ringbuf --profile $out/round-$r.json" ;;
		esac
		# shellcheck disable=SC2086
		$rb run -w 1 -d 2 $a "$@" --label "$label|$r|$side" --format csv -o "$out/runs.csv" \
			-q 2>>"$out/stderr.txt"
	done
}
c2c() {
	$rb model --probe 2>/dev/null | sed -n 's/^c2c CPU.*median \([0-9.]*\) ns.*/\1/p'
}
i=1
while [ $i -le "$rounds" ]; do
	echo "round $i $(date -u +%T) $(c2c)" >>"$out/c2c.txt"
	$rb calibrate -q -o "$out/round-$i.json" 2>>"$out/stderr.txt"
	one $i default --size 8
	one $i batch --size 8 --consumer batch
	one $i size-256 --size 256
	one $i drops-256 --size 256 --ring-size 16K
	i=$((i + 1))
done
echo "end $(date -u +%T) $(c2c)" >>"$out/c2c.txt"
