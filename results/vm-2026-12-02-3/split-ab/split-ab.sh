#!/bin/sh
# A/B of the notification charge's split (w-split6): kernel, the calibrated port
# paying the whole notification before its eventfd write (OLD build) and split
# around it (NEW build), alternating run by run, 3 rounds, -w 1 -d 2.
# usage: split-ab.sh OLD_RBSIM NEW_RBSIM PROFILE OUTDIR
set -eu
old=$1 new=$2 prof=$3 out=$4
mkdir -p "$out"
one() { # label args...
	label=$1
	shift
	for side in kernel old new; do
		case $side in
		kernel) rb=$new a="--transport kernel-ringbuf" ;;
		old) rb=$old a="--transport ringbuf --profile $prof" ;;
		new) rb=$new a="--transport ringbuf --profile $prof" ;;
		esac
		# shellcheck disable=SC2086
		$rb run -w 1 -d 2 $a "$@" --label "$label|$side" --format csv -o "$out/runs.csv" \
			-q 2>>"$out/stderr.txt"
	done
}
for i in 1 2 3; do
	one "default|$i" --size 8
	one "batch|$i" --size 8 --consumer batch
	one "size-256|$i" --size 256
	one "bytes-64K|$i" --size 256 --wakeup bytes:65536
	one "drops-256|$i" --size 256 --ring-size 16K
	one "force-256|$i" --size 256 --wakeup force
	one "b2b|$i" --size 8 --b2b
done
