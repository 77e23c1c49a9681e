#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# model-real-vm-2026-12-05-3: the oversubscribed rows of issue 14's check, and why they
# missed. Run from the repository's top, after `make` (build/rbsim), as root (perf sched).
#   1. perf sched of the oversubscribed kernel row's real run: CPU 0's turns (cpu0-runs.csv)
#   2. the port consumer's walks stopped at a BUSY record, shared ring against a ring a
#      producer (busy.csv: rbsim run's busy_stops)
#   3. the model against real threads, --preempt user and kernel alternating, every variant,
#      2 producers and the consumer (ab-user-*.csv, ab-kernel-*.csv)
set -euo pipefail
out=${1:?usage: run.sh OUTDIR}
mkdir -p "$out"
rb=build/rbsim
real=(--transport ringbuf -p 2 --batch 50 --size 8 --ring-size 512K --consumer libbpf
      -a -w 1 -d 1)

# 1. perf sched: who had CPU 0, and for how long at a time
perf sched record -o "$out/perf.data" -- "$rb" run "${real[@]}" --reserve kernel --lock queued \
	> "$out/perf-run.txt" 2> "$out/perf-run.err"
perf sched timehist -i "$out/perf.data" 2>/dev/null |
	awk 'NR > 3 && $2 == "[0000]" { print $1 "," $3 "," $(NF) }' > "$out/cpu0-runs.csv"
rm -f "$out/perf.data" "$out/perf.data.old"

# 2. busy stops: shared ring (kernel's lock, cas) against a ring a producer, 3 runs each
echo "reserve,run,hits_mps,drops_mps,consumed,busy_stops" > "$out/busy.csv"
for i in 1 2 3; do
	for v in kernel cas percpu; do
		lock=(--lock queued)
		[ "$v" = cas ] && lock=()
		"$rb" run "${real[@]}" --reserve "$v" "${lock[@]}" --format json 2>/dev/null |
			python3 -c '
import json, sys
r = json.load(sys.stdin)
print("%s,%s,%.4f,%.4f,%d,%d" % (sys.argv[1], sys.argv[2], r["hits_mean_mps"],
      r["drops_mean_mps"], r["consumed"], r["extra"]["busy_stops"]))' "$v" "$i" \
			>> "$out/busy.csv"
	done
done

# 3. the model, each way, against its own real runs, alternating
for v in kernel cas shard:2 percpu; do
	for how in user kernel; do
		"$rb" model --machine sim/machines/this-vm.machine --against-real --producers 2 \
			--oversubscribe --reserve "$v" --preempt "$how" --real-runs 3 \
			--real-duration 1 --format csv \
			> "$out/ab-$how-${v/:/}.csv" 2> "$out/ab-$how-${v/:/}.err"
	done
done
