#!/bin/sh
# The calibrated consumer's wait charge split around its re-poll
# (RBSIM_WAIT_SPLIT=f: f of it before the wait, the rest after), against the
# kernel, with the consumer's rounds and sleeps counted and the IRQ work
# interrupts read around each run. SIDES: the sides in their order (a: kernel
# f1 f05 f0, b: kernel f1 f03 f0, c: kernel f1 f05 f03, d: kernel f1 f05), fN the calibrated
# port with RBSIM_WAIT_SPLIT=0.N (f1: 1). BIN: build/rbsim with
# instrument.diff. usage: SIDES=... split.sh BIN OUT PROFILE ROUNDS NAME ARGS...
bin=$1 out=$2 prof=$3 rounds=$4 name=$5; shift 5
w="$*"
mkdir -p "$out"
iwi() { awk '/IWI:/ {print $2 + $3}' /proc/interrupts; }
for r in $(seq 1 "$rounds"); do
	for side in ${SIDES:-kernel f1 f05 f03}; do
		case $side in
		kernel) t="--transport kernel-ringbuf" f=1;;
		f1) t="--transport ringbuf --profile $prof" f=1;;
		f0) t="--transport ringbuf --profile $prof" f=0;;
		f*) t="--transport ringbuf --profile $prof" f=0.${side#f0};;
		esac
		a=$(iwi)
		# shellcheck disable=SC2086
		RBSIM_WAIT_SPLIT=$f RBSIM_ROUNDS=1 "$bin" run $t $w -d 2 -w 0 --format csv \
			>"$out/$name-$side-$r.csv" 2>"$out/$name-$side-$r.err"
		b=$(iwi)
		echo "iwi $((b - a))" >>"$out/$name-$side-$r.err"
	done
done
