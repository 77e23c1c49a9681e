#!/bin/bash
# paced-force on the kernel and on the calibrated port with each of its waits, alternating
# (rbsim at the commit named in env.txt; the profile of ../ab)
cd "${REPO:-/work/wt/ws}"
P=${PROFILE:-/tmp/f256/vm-2026-12-04/profile.json}
out=${OUT:-/tmp/wt/wait-ab.csv}
PF="--size 256 --rate 200000 --batch 10 --consumer-work 1000 --wakeup force -d 1 -w 1"
first=1
for rep in 1 2 3 4 5 6; do
	for side in "kernel:--transport kernel-ringbuf" "futex:--profile $P --wait futex" \
		    "epoll:--profile $P --wait epoll"; do
		n=${side%%:*}
		build/rbsim run ${side#*:} $PF --label "paced-force|$n|$rep" --format csv \
			> /tmp/wt/one.csv 2>/dev/null
		if [ $first = 1 ]; then cat /tmp/wt/one.csv > "$out"; first=0
		else tail -n +2 /tmp/wt/one.csv >> "$out"; fi
	done
done
