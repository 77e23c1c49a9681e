#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The steady check of bench/sizing.checks at 4 KiB for 15 s, three runs each of
# the kernel's ring buffer and the port on real threads (producer on CPU 1,
# consumer on CPU 0), and virtual time with the folder's profile: how many
# stops of the producer's CPU and of the consumer's each saw, and what they
# dropped. Usage: run.sh [RBSIM] (default build/rbsim); writes
# {kernel,port,virtual}-N.json here, then analyse.py prints runs.csv.
set -e
R=${1:-build/rbsim}
D=$(dirname "$0")
W="--rate 50000 --size 64 --consumer-work 2us -d 15 -w 0 --ring-size 4096 -q --format json"
for i in 1 2 3; do
	$R run --transport kernel-ringbuf $W --prod-affinity 1 --cons-affinity 0 > "$D/kernel-$i.json"
	$R run $W --prod-affinity 1 --cons-affinity 0 > "$D/port-$i.json"
	$R run --virtual --profile "$D/profile.json" --seed "$i" $W > "$D/virtual-$i.json"
done
python3 "$D/analyse.py" "$D" > "$D/runs.csv"
cat "$D/runs.csv"
