#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Run a benchmark scenario set with rbsim and keep everything under a new
# folder results/<host>-<date>-<time>/ (an existing folder is never reused):
#   runs.csv     one row per run, rbsim run's CSV (label = "SECTION: NAME")
#   summary.txt  the selftests' summarize format: NAME  hits ± stddev M/s (drops ...)
#   log.txt      each run's command, progress lines and text summary
#   env.txt      machine, kernel, compiler, libbpf, git commit
#   scenarios    the scenario file that was run
#
# usage: scripts/bench.sh [--rbsim PATH] [--scenarios FILE] [--results DIR]
#                         [--timing "-w 1 -d 2"] [--dry-run]
set -u

RBSIM=${RBSIM:-build/rbsim}
SCENARIOS=bench/quick.scenarios
RESULTS=results
TIMING="-w 1 -d 2"
DRY=0

die() {
	echo "bench: $*" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case "$1" in
	--rbsim) RBSIM=${2:?}; shift 2 ;;
	--scenarios) SCENARIOS=${2:?}; shift 2 ;;
	--results) RESULTS=${2:?}; shift 2 ;;
	--timing) TIMING=${2:?}; shift 2 ;;
	--dry-run) DRY=1; shift ;;
	-h|--help) sed -n '3,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown option '$1' (see scripts/bench.sh --help)" ;;
	esac
done

[ -x "$RBSIM" ] || die "$RBSIM: not built (make, or --rbsim PATH)"
[ -r "$SCENARIOS" ] || die "$SCENARIOS: cannot read the scenario file"

NCPU=$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc)
trim() {
	printf '%s' "$1" | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//'
}

# expand the scenario file into one line per run: SECTION|NAME|ARGS
PLAN=$(mktemp)
trap 'rm -f "$PLAN"' EXIT
lineno=0
while IFS= read -r line || [ -n "$line" ]; do
	lineno=$((lineno + 1))
	case "$line" in '#'*|'') continue ;; esac
	section=$(trim "$(printf '%s' "$line" | cut -d'|' -f1)")
	name=$(trim "$(printf '%s' "$line" | cut -d'|' -f2)")
	args=$(trim "$(printf '%s' "$line" | cut -d'|' -f3)")
	values=$(trim "$(printf '%s' "$line" | cut -s -d'|' -f4)")
	if [ -z "$section" ] || [ -z "$name" ]; then
		die "$SCENARIOS:$lineno: expected SECTION | NAME | ARGS [| VALUES]"
	fi
	if [ -z "$values" ]; then
		printf '%s|%s|%s\n' "$section" "$name" "$args" >>"$PLAN"
		continue
	fi
	[ "$values" = producers ] && values=$(seq 1 $((2 * NCPU)))
	for v in $values; do
		n=$(printf '%s' "$name" | sed "s/{}/$v/g")
		a=$(printf '%s' "$args" | sed "s/{}/$v/g")
		printf '%s|%s|%s\n' "$section" "$n" "$a" >>"$PLAN"
	done
done <"$SCENARIOS"
total=$(wc -l <"$PLAN")
[ "$total" -gt 0 ] || die "$SCENARIOS: no scenarios"

if [ "$DRY" = 1 ]; then
	while IFS='|' read -r section name args; do
		echo "$RBSIM run $args $TIMING  # $section: $name"
	done <"$PLAN"
	exit 0
fi

# a new folder, never an existing one
host=$(hostname -s 2>/dev/null || hostname)
stamp=$(date +%Y%m%d-%H%M%S)
OUT="$RESULTS/$host-$stamp"
i=1
mkdir -p "$RESULTS" || die "cannot create $RESULTS"
while ! mkdir "$OUT" 2>/dev/null; do
	[ -e "$OUT" ] || die "cannot create $OUT"
	i=$((i + 1))
	OUT="$RESULTS/$host-$stamp-$i"
done
cp "$SCENARIOS" "$OUT/scenarios"

{
	echo "date:       $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	echo "host:       $host"
	echo "cpu:        $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
	echo "cpus:       $NCPU online"
	echo "kernel:     $(uname -sr)"
	echo "os:         $(sed -n 's/^PRETTY_NAME=//p' /etc/os-release 2>/dev/null | tr -d '"')"
	echo "compiler:   $(${CC:-cc} --version 2>/dev/null | head -n 1)"
	echo "cflags:     ${BENCH_CFLAGS:-see Makefile (-O2 unless RELEASE=1)}"
	echo "libbpf:     $(dpkg-query -W -f='${Version}' libbpf-dev 2>/dev/null || echo unknown)"
	dirty=$(git diff --quiet 2>/dev/null || echo ' (with local changes)')
	echo "git:        $(git rev-parse HEAD 2>/dev/null || echo unknown)$dirty"
	echo "rbsim:      $RBSIM"
	echo "timing:     $TIMING per run"
	echo "load:       $(cut -d' ' -f1-3 /proc/loadavg) at start" \
		"(other work on the machine makes figures noisy)"
} >"$OUT/env.txt"

echo "bench: $total runs from $SCENARIOS into $OUT"
start=$(date +%s)
n=0
failed=0
last_section=
while IFS='|' read -r section name args; do
	n=$((n + 1))
	now=$(date +%s)
	el=$((now - start))
	if [ "$n" -gt 1 ]; then
		left=$((el * (total - n + 1) / (n - 1)))
		eta="about ${left}s left"
	else
		eta="estimating"
	fi
	printf '[%d/%d] %s: %s (%ds elapsed, %s)\n' "$n" "$total" "$section" "$name" "$el" "$eta"
	if [ "$section" != "$last_section" ]; then
		printf '\n%s\n' "$section" >>"$OUT/summary.txt"
		last_section=$section
	fi
	# shellcheck disable=SC2086
	{
		echo "### $section: $name"
		echo "\$ $RBSIM run $args $TIMING"
	} >>"$OUT/log.txt"
	# shellcheck disable=SC2086
	"$RBSIM" run $args $TIMING --format csv -o "$OUT/runs.csv" --label "$section: $name" \
		>"$OUT/.run.out" 2>"$OUT/.run.err" </dev/null
	rc=$?
	cat "$OUT/.run.err" "$OUT/.run.out" >>"$OUT/log.txt"
	# "Summary: hits X ± YM/s (...), drops Z ± WM/s" -> "X ± YM/s (drops Z ± WM/s)"
	pat='s/^Summary: hits *\([^M]*\)M\/s.*drops *\([^M]*\)M\/s.*/\1M\/s (drops \2M\/s)/p'
	line=$(sed -n "$pat" "$OUT/.run.out")
	note=
	grep -q oversubscribed "$OUT/.run.err" && note=" [oversubscribed]"
	if [ "$rc" -ne 0 ]; then
		failed=$((failed + 1))
		line="FAILED (exit $rc): $(tail -n 1 "$OUT/.run.err")"
	fi
	printf '%-22s %s%s\n' "$name" "$line" "$note" >>"$OUT/summary.txt"
done <"$PLAN"
rm -f "$OUT/.run.out" "$OUT/.run.err"

el=$(($(date +%s) - start))
echo
cat "$OUT/summary.txt"
echo
echo "bench: $total runs in ${el}s, $failed failed; results in $OUT"
[ "$failed" -eq 0 ]
