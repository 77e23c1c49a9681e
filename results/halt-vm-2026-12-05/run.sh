#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# This folder's runs, in one sitting (from the repository's top):
# a calibration profile (with its halt polling), halt.c's grids and the
# halts they show, and the trains on the kernel and in virtual time with and
# without the profile's halt polling.
# usage: results/halt-vm-2026-12-05/run.sh
set -e
D=$(dirname "$0")
cc -O2 -Wall -pthread -o /tmp/rbsim-halt "$D/halt.c"
python3 -c 'import sys, types; sys.path.insert(0, "scripts"); import bench
a = types.SimpleNamespace(rbsim="build/rbsim", gnuplot="gnuplot", hyperfine="hyperfine")
sys.stdout.write(bench.env_text(a, "halt", ["kernel-ringbuf"],
    "halt.c grids, the halts they show, trains.sh (run.sh)"))' > "$D/env.txt"
build/rbsim calibrate -o "$D/profile.json" > "$D/calibrate.txt" 2> "$D/calibrate.log"
"$D/halt.sh" /tmp/rbsim-halt > "$D/halt.csv"
python3 "$D/halt.py" "$D/halt.csv" > "$D/halt.txt"
{
	printf 'the profile gives: '
	build/rbsim run --virtual --profile "$D/profile.json" --records 1 -q --format csv |
		python3 -c 'import csv, sys; print(next(csv.DictReader(sys.stdin))["vcosts"])'
	printf 'halt.c shows: %s\n' "$(python3 "$D/halt.py" "$D/halt.csv" --halts)"
} > "$D/haltpoll.txt"
"$D/trains.sh" build/rbsim "$D/profile.json" > "$D/trains.csv"
echo "end:               $(date -u '+%Y-%m-%d %H:%M:%S UTC')" >> "$D/env.txt"
