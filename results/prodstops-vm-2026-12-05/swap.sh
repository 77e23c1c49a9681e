#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# run.sh's kernel runs with the CPUs swapped (producer on CPU 0, consumer on
# CPU 1): do the host's stops follow the consumer or CPU 0? Writes
# swap-N.json; analyse.py prints their row beside run.sh's.
set -e
R=${1:-build/rbsim}
D=$(dirname "$0")
W="--rate 50000 --size 64 --consumer-work 2us -d 15 -w 0 --ring-size 4096 -q --format json"
for i in 1 2 3; do
	$R run --transport kernel-ringbuf $W --prod-affinity 0 --cons-affinity 1 > "$D/swap-$i.json"
done
python3 "$D/analyse.py" "$D" > "$D/runs.csv"
cat "$D/runs.csv"
