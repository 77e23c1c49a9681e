#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# run.sh RBSIM RUNS SECONDS [DIR]: issue 14's check on this machine with more
# real runs than the quick suite's two of 1 s: rbsim model --against-real for
# every variant, 1 and 2 producers with the libbpf consumer, 2 without one,
# RUNS runs of SECONDS each (after 1 s of warm-up), into DIR/model-real.csv
# (DIR: this folder; ../model-real-vm-2026-12-07-7 is another sitting's).
set -eu
RB=${1:?usage: run.sh RBSIM RUNS SECONDS [DIR]}
RUNS=${2:-5}
SECS=${3:-2}
HERE=${4:-$(cd "$(dirname "$0")" && pwd)}
M=$(dirname "$RB")/../sim/machines/this-vm.machine
out=$HERE/model-real.csv
: >"$out"
for r in kernel cas shard:2 percpu; do
	for extra in "" --no-consumer; do
		if [ -n "$extra" ]; then p=2; else p=1,2; fi
		# shellcheck disable=SC2086
		"$RB" model --machine "$M" --against-real --reserve "$r" --producers "$p" \
			--oversubscribe --real-runs "$RUNS" --real-duration "$SECS" --format csv \
			$extra >"$HERE/part.csv"
		if [ -s "$out" ]; then tail -n +2 "$HERE/part.csv" >>"$out"; else cat "$HERE/part.csv" >"$out"; fi
	done
done
rm -f "$HERE/part.csv"
