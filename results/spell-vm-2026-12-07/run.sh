#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The host's notification state over time against the kernel's default workload:
# each iteration a short calibrate (200 samples, one pass), then the kernel's default
# run and the calibrated port's with one fixed profile, in turn
# Run from the repository's top:  run.sh OUT PROFILE [SECONDS]
out=$1 prof=$2 secs=${3:-600}
end=$(( $(date +%s) + secs ))
tmp=$(mktemp)
echo 'time|notify_k|notify_d|side|hits|notes_per_rec|wakeups_per_rec|regime' > "$out"
i=0
while [ "$(date +%s)" -lt "$end" ]; do
	i=$((i + 1))
	line=$(build/rbsim calibrate --samples 200 --passes 1 --idle-ms 0 --host-stops 0 -q 2>&1 | grep -E '^\s+notify ')
	nk=$(echo "$line" | awk '{print $2}'); nd=$(echo "$line" | awk '{print $NF}')
	if [ $((i % 2)) = 0 ]; then order="kernel cal"; else order="cal kernel"; fi
	for s in $order; do
		if [ $s = kernel ]; then cmd="build/rbsim run --transport kernel-ringbuf"; else cmd="build/rbsim run --transport ringbuf --profile $prof"; fi
		rm -f "$tmp"
		$cmd --size 8 -w 0 -d 1 -q --format csv -o "$tmp" > /dev/null 2>&1
		python3 - "$tmp" "$(date -u +%H:%M:%S)" "$nk" "$nd" "$s" >> "$out" <<'PY'
import csv, sys
r = list(csv.DictReader(open(sys.argv[1])))[0]
rec = float(r['consumed']) or 1
print('|'.join(sys.argv[2:6] + [r['hits_mean_mps'], '%.4f' % (float(r['notifications']) / rec),
                                 '%.4f' % (float(r['wakeups']) / rec), r['regime'][:1] or '-']))
PY
	done
done
rm -f "$tmp"
