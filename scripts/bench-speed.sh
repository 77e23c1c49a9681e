#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The speed of the port against its inline reference probe
# (bench/probe/b2b_inline.c): one thread, 8-byte records back to back, batch
# 500, the batch consumer. Each round runs, in an order that rotates from
# round to round so that other work on the machine hits all alike:
#   probe            build/bench/b2b_inline RECORDS (its test-and-set lock word)
#   probe-qspinlock  the same with the kernel's lock word (b2b_inline RECORDS 8
#                    qspinlock: a 32-bit compare-and-swap takes it, a byte store
#                    releases it, as the kernel's and the port's)
#   port             rbsim run --b2b --size 8 --consumer batch --no-verify --no-latency
#   harness          the same with verification and latency stamps (the default)
# and the summary gives, over the rounds, the median and the spread (min, max)
# of each, port/probe (against either probe) and harness cost, both as ratios
# of medians and as the median of the per-round ratios (paired: a round's four
# runs share the load).
#
# --callgrind instead counts instructions (valgrind --tool=callgrind), which
# a loaded machine does not disturb: each of the four runs twice, with
# RECORDS and 3 x RECORDS records, and the difference divided by 2 x RECORDS
# is the instructions per record without the start-up and tear-down.
#
# usage: scripts/bench-speed.sh [--rbsim PATH] [--probe PATH] [--rounds N]
#                               [--records N] [--out DIR] [--callgrind]
# Writes DIR (default results/speed-<host>-<date>[-N], a new folder): runs.csv
# (one row per run), rbsim.csv (the port's rows of rbsim run --format csv),
# env.txt, summary.txt; with --callgrind, callgrind.csv and callgrind/*.out.
set -u

RBSIM=build/rbsim
PROBE=build/bench/b2b_inline
ROUNDS=7
RECORDS=
OUT=
CALLGRIND=0
PORT_OPTS="--b2b --size 8 --consumer batch"
HARNESS_OFF="--no-verify --no-latency"

die() {
	echo "bench-speed: $*" >&2
	exit 2
}

is_count() {
	case "$1" in
	'' | *[!0-9]* | 0*) return 1 ;;
	esac
	return 0
}

while [ $# -gt 0 ]; do
	case "$1" in
	--rbsim) RBSIM=${2:?}; shift 2 ;;
	--probe) PROBE=${2:?}; shift 2 ;;
	--rounds) ROUNDS=${2:?}; shift 2 ;;
	--records) RECORDS=${2:?}; shift 2 ;;
	--out) OUT=${2:?}; shift 2 ;;
	--callgrind) CALLGRIND=1; shift ;;
	-h | --help) sed -n '3,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown option '$1' (see scripts/bench-speed.sh --help)" ;;
	esac
done
is_count "$ROUNDS" || die "--rounds '$ROUNDS': not a positive count"
if [ -z "$RECORDS" ]; then
	if [ "$CALLGRIND" = 1 ]; then RECORDS=500000; else RECORDS=20000000; fi
fi
is_count "$RECORDS" || die "--records '$RECORDS': not a positive count"
[ -x "$RBSIM" ] || die "$RBSIM: not built (make, or --rbsim PATH)"
[ -x "$PROBE" ] || die "$PROBE: not built (make $PROBE, or --probe PATH)"
if [ "$CALLGRIND" = 1 ]; then
	command -v valgrind >/dev/null 2>&1 ||
		die "valgrind: not found (scripts/deps.sh bench installs it)"
fi

# a new folder, never an existing one
if [ -z "$OUT" ]; then
	base="results/speed-$(hostname -s)-$(date -u +%Y-%m-%d)"
	OUT=$base
	n=2
	while [ -e "$OUT" ]; do
		OUT="$base-$n"
		n=$((n + 1))
	done
fi
[ -e "$OUT" ] && [ -n "$(ls -A "$OUT" 2>/dev/null)" ] && die "$OUT: exists and is not empty"
mkdir -p "$OUT" || die "$OUT: cannot create"

env_line() {
	printf '%-19s%s\n' "$1:" "$2"
}

{
	env_line date "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	env_line host "$(hostname)"
	if [ "$CALLGRIND" = 1 ]; then mode=callgrind; else mode="timed, $ROUNDS round(s)"; fi
	env_line mode "$mode, $RECORDS records"
	env_line cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
	# what tells two hosts apart whose model name reads alike ("AMD EPYC" in a VM),
	# as scripts/bench.py's cpu_id() writes it
	env_line "cpu id" "$(awk -F: '/^$/ { exit }
		{ k = $1; sub(/[ \t]+$/, "", k); v = $2; sub(/^ +/, "", v); f[k] = v }
		END { if ("cpu family" in f)
			printf "%s family %s, model %s, stepping %s", f["vendor_id"],
				f["cpu family"], f["model"], f["stepping"]
		else if ("CPU implementer" in f)
			printf "implementer %s, part %s, variant %s", f["CPU implementer"],
				f["CPU part"], f["CPU variant"]
		else printf "unknown" }' /proc/cpuinfo)"
	env_line cpus "$(nproc) online"
	env_line virtualization "$(systemd-detect-virt 2>/dev/null || echo unknown)"
	env_line kernel "$(uname -srv)"
	env_line compiler "$(${BENCH_CC:-cc} --version 2>/dev/null | head -n 1)"
	env_line cflags "${BENCH_CFLAGS:-unknown (not started from make)}"
	env_line git "$(git rev-parse HEAD 2>/dev/null || echo unknown)$(git status --porcelain \
		--untracked-files=no 2>/dev/null | grep -q . && echo ' (with local changes)')"
	env_line rbsim "$RBSIM: $("$RBSIM" --version 2>/dev/null | head -n 1)"
	env_line probe "$PROBE"
	env_line port "rbsim run $PORT_OPTS [$HARNESS_OFF] --records $RECORDS"
	[ "$CALLGRIND" = 1 ] && env_line valgrind "$(valgrind --version)"
	env_line "load at start" "$(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
} >"$OUT/env.txt"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# one run of WHAT (probe, probe-qspinlock, port, harness) with N records; prints "mrps seconds"
run_one() {
	what=$1 n=$2
	shift 2
	case "$what" in
	probe | probe-qspinlock)
		if [ "$what" = probe ]; then lock=tas; else lock=qspinlock; fi
		"$@" "$PROBE" "$n" 8 "$lock" >"$TMP/out" 2>"$TMP/err" ||
			die "$what failed: $(tail -n 1 "$TMP/err")"
		sed -n 's/.* seconds=\([0-9.]*\) mrps=\([0-9.]*\) .*/\2 \1/p' "$TMP/out"
		;;
	port | harness)
		if [ "$what" = port ]; then off=$HARNESS_OFF; else off=; fi
		# shellcheck disable=SC2086
		"$@" "$RBSIM" run $PORT_OPTS $off --records "$n" -q --format csv \
			-o "$TMP/run.csv" --label "speed-$what" >/dev/null 2>"$TMP/err" ||
			die "$what failed: $(tail -n 1 "$TMP/err")"
		[ -s "$OUT/rbsim.csv" ] || head -n 1 "$TMP/run.csv" >"$OUT/rbsim.csv"
		tail -n 1 "$TMP/run.csv" >>"$OUT/rbsim.csv"
		awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
			{ print $c["hits_mean_mps"], $c["elapsed_s"] }' "$TMP/run.csv"
		rm -f "$TMP/run.csv"
		;;
	esac
}

if [ "$CALLGRIND" = 1 ]; then
	mkdir -p "$OUT/callgrind"
	echo "what,records,instructions" >"$OUT/callgrind.csv"
	echo "bench-speed: callgrind, $RECORDS and $((3 * RECORDS)) records of each" >&2
	for what in probe probe-qspinlock port harness; do
		for n in "$RECORDS" $((3 * RECORDS)); do
			f="$OUT/callgrind/$what-$n.out"
			run_one "$what" "$n" valgrind --tool=callgrind --callgrind-out-file="$f" \
				>/dev/null
			ir=$(sed -n 's/^summary: *//p' "$f")
			[ -n "$ir" ] || die "$f: no instruction total"
			echo "$what,$n,$ir" >>"$OUT/callgrind.csv"
			echo "  $what, $n records: $ir instructions" >&2
		done
	done
	awk -F, 'NR == 2 { lo = $2 }
		NR > 1 { ir[$1, $2 == lo ? "lo" : "hi"] = $3 }
		END {
			split("probe probe-qspinlock port harness", k, " ")
			printf "%-44s %12s\n", "instructions per record (callgrind)", ""
			for (i = 1; i <= 4; i++)
				per[k[i]] = (ir[k[i], "hi"] - ir[k[i], "lo"]) / (2 * lo)
			printf "%-44s %12.1f\n", "probe (bench/probe/b2b_inline.c)", per["probe"]
			printf "%-44s %12.1f\n", "probe with the kernel lock word (qspinlock)",
				per["probe-qspinlock"]
			printf "%-44s %12.1f\n", "port (--no-verify --no-latency)", per["port"]
			printf "%-44s %12.1f\n", "port with its harness (verify + latency)",
				per["harness"]
			printf "%-44s %12.2f\n", "port / probe", per["port"] / per["probe"]
			printf "%-44s %12.2f\n", "port / probe-qspinlock",
				per["port"] / per["probe-qspinlock"]
			printf "%-44s %11.1f%%\n", "harness on top of the port",
				(per["harness"] - per["port"]) / per["port"] * 100
		}' "$OUT/callgrind.csv" | tee "$OUT/summary.txt"
	echo "raw: $OUT" >&2
	exit 0
fi

echo "round,what,mrps,seconds" >"$OUT/runs.csv"
echo "bench-speed: $ROUNDS rounds of $RECORDS 8-byte records, b2b: probe (tas, qspinlock)," \
	"port, port + harness" >&2
r=1
while [ "$r" -le "$ROUNDS" ]; do
	# rotate the order: each of the four first in turn
	case $((r % 4)) in
	1) order="probe probe-qspinlock port harness" ;;
	2) order="probe-qspinlock port harness probe" ;;
	3) order="port harness probe probe-qspinlock" ;;
	0) order="harness probe probe-qspinlock port" ;;
	esac
	for what in $order; do
		# shellcheck disable=SC2046 # split on purpose: "mrps seconds"
		set -- $(run_one "$what" "$RECORDS")
		[ $# -eq 2 ] || die "$what: no figure in its output"
		echo "$r,$what,$1,$2" >>"$OUT/runs.csv"
	done
	echo "  round $r of $ROUNDS done" >&2
	r=$((r + 1))
done
env_line "load at end" "$(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)" >>"$OUT/env.txt"

# median, min and max of a list of numbers, one a line
stats() {
	sort -g | awk '{ v[NR] = $1 } END {
		m = int((NR + 1) / 2); med = (NR % 2) ? v[m] : (v[m] + v[m + 1]) / 2
		print med, v[1], v[NR] }'
}
col() {
	awk -F, -v w="$1" '$2 == w { print $3 }' "$OUT/runs.csv" | stats
}
# per round: port/probe and harness/port
paired() {
	awk -F, 'NR > 1 { v[$1, $2] = $3; n = $1 > n ? $1 : n }
		END { for (r = 1; r <= n; r++) print v[r, "'"$1"'"] / v[r, "'"$2"'"] }' \
		"$OUT/runs.csv" | stats
}
# shellcheck disable=SC2046 # split on purpose: three figures each
set -- $(col probe) $(col port) $(col harness) $(paired port probe) $(paired harness port) \
	$(col probe-qspinlock) $(paired port probe-qspinlock)
awk -v s="$*" 'BEGIN {
	split(s, v, " ")
	printf "%-44s %9s %9s %9s\n", "M records/s over the rounds", "median", "min", "max"
	printf "%-44s %9.2f %9.2f %9.2f\n", "probe (bench/probe/b2b_inline.c)", v[1], v[2], v[3]
	printf "%-44s %9.2f %9.2f %9.2f\n", "probe with the kernel lock word (qspinlock)",
		v[16], v[17], v[18]
	printf "%-44s %9.2f %9.2f %9.2f\n", "port (--no-verify --no-latency)", v[4], v[5], v[6]
	printf "%-44s %9.2f %9.2f %9.2f\n", "port with its harness (verify + latency)",
		v[7], v[8], v[9]
	printf "%-44s %9.3f\n", "port / probe (ratio of medians)", v[4] / v[1]
	printf "%-44s %9.3f %9.3f %9.3f\n", "port / probe (per round)", v[10], v[11], v[12]
	printf "%-44s %9.3f\n", "port / probe-qspinlock (ratio of medians)", v[4] / v[16]
	printf "%-44s %9.3f %9.3f %9.3f\n", "port / probe-qspinlock (per round)", v[19], v[20],
		v[21]
	printf "%-44s %8.1f%%\n", "harness cost (medians)", (1 - v[7] / v[4]) * 100
	printf "%-44s %8.1f%% %8.1f%% %8.1f%%\n", "harness cost (per round)", (1 - v[13]) * 100,
		(1 - v[15]) * 100, (1 - v[14]) * 100
}' | tee "$OUT/summary.txt"
echo "raw: $OUT" >&2
exit 0
