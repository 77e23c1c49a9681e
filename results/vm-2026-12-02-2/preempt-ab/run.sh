#!/bin/sh
# A/B of --profile-preempt on the prediction grid's workloads where the consumer
# sleeps between batches: kernel, calibrated off, calibrated batch, alternating run
# by run, 3 rounds, -w 1 -d 2; then the default workload with both threads on CPU 0.
# usage: preempt-ab.sh RBSIM PROFILE OUTDIR
set -eu
rb=$1 prof=$2 out=$3
mkdir -p "$out"
one() { # label args...
	label=$1
	shift
	for side in kernel off batch; do
		case $side in
		kernel) a="--transport kernel-ringbuf" ;;
		off) a="--transport ringbuf --profile $prof --profile-preempt off" ;;
		batch) a="--transport ringbuf --profile $prof --profile-preempt batch" ;;
		esac
		# shellcheck disable=SC2086
		$rb run -w 1 -d 2 $a "$@" --label "$label|$side" --format csv -o "$out/runs.csv" \
			-q 2>>"$out/stderr.txt"
	done
}
for i in 1 2 3; do
	one "default|$i" --size 8
	one "batch|$i" --size 8 --consumer batch
	one "size-256|$i" --size 256
	one "sampled|$i" --size 8 --wakeup sampled:500
	one "bytes-64K|$i" --size 256 --wakeup bytes:65536
	one "force-256|$i" --size 256 --wakeup force
	one "paced-force|$i" --size 256 --rate 200000 --batch 10 --consumer-work 1000 --wakeup force
	one "drops-256|$i" --size 256 --ring-size 16K
	one "default-cpu0|$i" --size 8 --prod-affinity 0 --cons-affinity 0
done
