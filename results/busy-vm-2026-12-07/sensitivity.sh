#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The model's rate for model-real's one-producer row with the consumer as record_ns
# moves, the other figures near this guest's near placement (vm-2026-12-07-17's cas
# row, rounded), both reservations. usage: RBSIM=build/rbsim sensitivity.sh
set -eu
m=$(mktemp)
trap 'rm -f "$m"' EXIT
setv() { sed -E -i "s/^($1[[:space:]]+)[^[:space:]|]+/\1$2/" "$m"; }
for res in kernel cas; do
	for r in 8 10 12 14 16; do
		cp "$(dirname "$0")/../../sim/machines/this-vm.machine" "$m"
		setv c2c_l3_ns 28; setv record_ns "$r"; setv consumer_ns 5.7; setv batch_ns 90
		setv follow_ns 73; setv notify_ns 20; setv notify_sleep_ns 8400; setv wake_ns 25000
		setv poll_ns 160; setv handoff_cas_ns 63; setv handoff_ns 95; setv wait_ns 450
		setv notify_wake_ns 450
		printf '%s record_ns %s: ' "$res" "$r"
		"$RBSIM" model --machine "$m" --reserve "$res" --producers 1 --format csv |
			python3 -c 'import csv, sys
r = next(csv.DictReader(sys.stdin))
print(r["mps"], "M/s, follow_ns paid at", r["pc_stalls"], "of the reservations")'
	done
done
