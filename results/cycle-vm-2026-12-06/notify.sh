#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The kernel's notification, as calibrate measures it and as a run pays it, in
# turn: ROUNDS times, a calibrate of the costs alone (no idle wake-ups, no host
# stops) whose notify samples go to DIR/notify-N.txt (kernel, then port, one a
# line), then SECONDS 1-s runs of the diag build (stamps.sh) back to back with a
# forced wake-up at every record, whose DIAG lines go to DIR/notify-runs.txt.
# Run from the repository's top:
#   DIAG=/path/to/diag/rbsim results/cycle-vm-2026-12-06/notify.sh DIR ROUNDS SECONDS
set -e
dir=$1 rounds=${2:-6} secs=${3:-10}
for r in $(seq 1 "$rounds"); do
	echo "== calibrate round $r $(date -u +%T)" >> "$dir/notify-runs.txt"
	build/rbsim calibrate --idle-ms 0 --host-stops 0 -q -o "$dir/.p.json" > /dev/null
	/usr/bin/python3 -c "
import json, sys
c = json.load(open(sys.argv[1]))['costs']['notify']
for side in ('kernel', 'port'):
    print(side, ' '.join('%.1f' % x for x in c[side]['samples']))" "$dir/.p.json" \
		> "$dir/notify-$r.txt"
	for i in $(seq 1 "$secs"); do
		echo "== b2b-force kernel round $r second $i $(date -u +%T)" >> "$dir/notify-runs.txt"
		$DIAG run --transport kernel-ringbuf --size 8 --b2b --wakeup force -w 0 -d 1 2>&1 |
			grep -E '^DIAG|^Summary|issued' >> "$dir/notify-runs.txt"
	done
done
rm -f "$dir/.p.json"
