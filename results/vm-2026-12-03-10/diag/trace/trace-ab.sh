#!/bin/sh
# The default workload traced (trace.sh) on the kernel and on both calibrated
# ports, alternating, ROUNDS rounds; each trace summed up by cycle.py into
# OUTDIR/<round>-<side>.txt, then deleted (180 MB each); the runs in
# OUTDIR/runs.csv, the vCPUs' distance before each round in OUTDIR/c2c.txt.
# usage: trace-ab.sh OLD_RBSIM NEW_RBSIM PROFILE OLD_PROFILE OUTDIR ROUNDS
set -eu
old=$1 new=$2 prof=$3 oprof=$4 out=$5 rounds=$6
here=$(dirname "$0")
mkdir -p "$out"
i=1
while [ "$i" -le "$rounds" ]; do
	echo "round $i $(date -u +%T) $($new model --probe 2>/dev/null |
		sed -n 's/^c2c CPU.*median \([0-9.]*\) ns.*/\1/p')" >>"$out/c2c.txt"
	for side in kernel old new; do
		case $side in
		kernel) rb=$new a="--transport kernel-ringbuf" ;;
		old) rb=$old a="--transport ringbuf --profile $oprof" ;;
		new) rb=$new a="--transport ringbuf --profile $prof" ;;
		esac
		# shellcheck disable=SC2086
		"$here/trace.sh" "$out/t.trace" -- $rb run -w 1 -d 2 $a --size 8 \
			--label "default|$i|$side" --format csv -o "$out/runs.csv" -q \
			>/dev/null 2>>"$out/stderr.txt"
		python3 "$here/cycle.py" "$out/t.trace" >"$out/$i-$side.txt"
		rm -f "$out/t.trace"
	done
	i=$((i + 1))
done
