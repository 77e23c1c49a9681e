#!/bin/sh
# vm-2026-12-02-12's misses without a measured cause, each run with the consumer's
# rounds and sleeps counted (d4096.sh). usage: diag.sh BIN OUT PROFILE ROUNDS
bin=$1 out=$2 prof=$3 rounds=$4 d=$(dirname "$0")
"$d/d4096.sh" "$bin" "$out" "$prof" "$rounds" size4096 --size 4096 --consumer batch
"$d/d4096.sh" "$bin" "$out" "$prof" "$rounds" sampledb --size 8 --wakeup sampled:500 --consumer batch
"$d/d4096.sh" "$bin" "$out" "$prof" "$rounds" force256 --size 256 --wakeup force
"$d/d4096.sh" "$bin" "$out" "$prof" "$rounds" pacedforce --size 256 --rate 200000 --batch 10 --consumer-work 1000 --wakeup force
"$d/d4096.sh" "$bin" "$out" "$prof" "$rounds" d4096 --size 4096 --ring-size 64K --consumer batch
