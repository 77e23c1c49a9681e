#!/bin/sh
# default-1cpu: kernel, calibrated with the yield at a section's end (YIELD build),
# without it (NOYIELD build), alternating, 4 rounds of -w 1 -d 2
# usage: ab.sh YIELD_RBSIM NOYIELD_RBSIM PROFILE OUTDIR
set -eu
y=$1 n=$2 prof=$3 out=$4
mkdir -p "$out"
for i in 1 2 3 4; do
	for side in kernel old new; do
		case $side in
		kernel) rb=$y a="--transport kernel-ringbuf" ;;
		old) rb=$y a="--transport ringbuf --profile $prof" ;;
		new) rb=$n a="--transport ringbuf --profile $prof" ;;
		esac
		# shellcheck disable=SC2086
		$rb run -w 1 -d 2 $a --size 8 --prod-affinity 0 --cons-affinity 0 \
			--label "default-1cpu|$i|$side" --format csv -o "$out/runs.csv" -q \
			2>>"$out/stderr.txt"
	done
done
