#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# halt.c over three grids, 60 repetitions of each pattern (read without the
# first 2): the producer asleep in its naps (sleep) or spinning (spin), after
# a long nap of 1, 10 or 50 ms 8 short ones of 20 us to 1 ms; and (shrink)
# the producer spinning, 8 naps of 100 us after a long one of 0.5 to 50 ms.
# usage: halt.sh HALT > halt.csv
H=$1
echo grid,long_us,short_us,rep,idx,late_ns,wake_ns
for long in 1000 10000 50000; do
	for short in 20 50 100 150 200 300; do
		"$H" $long $short 8 60 | sed "s/^/sleep,$long,/"
	done
	for short in 20 100 150 200 300 1000; do
		"$H" $long $short 8 60 spin | sed "s/^/spin,$long,/"
	done
done
for long in 500 1000 2000 3000 4000 6000 8000 12000 16000 20000 30000 50000; do
	"$H" $long 100 8 60 spin | sed "s/^/shrink,$long,/"
done
