#!/bin/sh
# six profiles, one every 15 s or so (what was run, 17:01-17:02 UTC)
# usage: repeat.sh RBSIM OUT
set -eu
rb=$1 out=$2
for i in 1 2 3 4 5 6; do
	date -u +%T >>"$out/starts.txt"
	"$rb" calibrate -q -o "$out/p$i.json" >/dev/null 2>&1
	sleep 15
done
