#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
here=$(cd "$(dirname "$0")" && pwd)
# one set into $1: where the vCPUs are (c2c.c, gcc -O2 c2c.c -pthread -o c2c), beside.c
# (gcc -O2 -I../.. beside.c -L../../build -lrbsim -pthread -o beside), six rbsim runs of
# 1 producer and --against-real of the kernel variant, 1 producer, 2 runs
out=$1; mkdir -p $out; cd "$here/../.."
R="build/rbsim run --transport ringbuf -p 1 --batch 50 --size 8 --reserve kernel --lock queued -a -w 1 -d 1 --format json -q"
{ date -u +%FT%T; $here/c2c; } > $out/c2c-before.txt
$here/beside > $out/beside.txt 2>&1
$here/c2c > $out/c2c-mid.txt
$R --ring-size 512K > $out/run-default-1.json 2>/dev/null
$R --ring-size 512K > $out/run-default-2.json 2>/dev/null
$R --ring-size 512K --wakeup none --poll busy > $out/run-busy.json 2>/dev/null
$R --ring-size 512K --wakeup none --poll busy --consumer batch > $out/run-busy-batch.json 2>/dev/null
$R --ring-size 512K --wakeup none --poll busy --no-verify --no-latency > $out/run-busy-bare.json 2>/dev/null
$R --ring-size 2G --consumer none -w 0 > $out/run-alone.json 2>/dev/null
$here/c2c > $out/c2c-mid2.txt
build/rbsim model --machine sim/machines/this-vm.machine --against-real --reserve kernel --producers 1 --real-runs 2 --format csv > $out/against-real.csv 2>$out/against-real.err
{ date -u +%FT%T; $here/c2c; } > $out/c2c-after.txt
