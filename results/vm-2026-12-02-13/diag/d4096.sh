#!/bin/sh
# drops-4096-batch (bench/prediction.scenario) with the consumer's rounds and
# sleeps counted (rounds.diff + getrusage) and the IRQ work interrupts (IWI,
# /proc/interrupts, both CPUs) around each run: the kernel's notifications.
# usage: d4096.sh BIN OUT PROFILE ROUNDS [CASE ARGS...]
bin=$1 out=$2 prof=$3 rounds=$4; shift 4
name=${1:-d4096}; [ $# -gt 0 ] && shift
w=${*:-"--size 4096 --ring-size 64K --consumer batch"}
mkdir -p "$out"
iwi() { awk '/IWI:/ {print $2 + $3}' /proc/interrupts; }
for r in $(seq 1 "$rounds"); do
	for side in kernel pure cal; do
		case $side in
		kernel) t="--transport kernel-ringbuf";;
		pure) t="--transport ringbuf --profile none";;
		cal) t="--transport ringbuf --profile $prof";;
		esac
		a=$(iwi)
		# shellcheck disable=SC2086
		RBSIM_ROUNDS=1 "$bin" run $t $w -d 2 -w 0 --format csv >"$out/$name-$side-$r.csv" \
			2>"$out/$name-$side-$r.err"
		b=$(iwi)
		echo "iwi $((b - a))" >>"$out/$name-$side-$r.err"
	done
done
