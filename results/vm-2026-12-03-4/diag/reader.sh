#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The kernel's default workload with its CSV written four ways, 3 rounds, one
# run each in turn (as run for this folder, from /tmp): A to a file; B into a
# pipe read by cat; C to a file while a python3 that only sleeps starts beside
# it; D into a pipe read by a subshell that sleeps 3 s before it reads.
# usage: reader.sh RBSIM
R=$1
A="run --transport kernel-ringbuf --size 8 -w 1 -d 1 -q --format csv"
for i in 1 2 3; do
	# shellcheck disable=SC2086
	$R $A > reader-vA$i.csv
	# shellcheck disable=SC2086
	$R $A | cat > reader-vB$i.csv
	# shellcheck disable=SC2086
	($R $A > reader-vC$i.csv & python3 -c 'import time; time.sleep(2.5)'; wait)
	# shellcheck disable=SC2086
	$R $A | (sleep 3; cat) > reader-vD$i.csv
done
