#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# What the harness costs: one producer, one consumer, 8-byte records,
# back-to-back (the consumer thread triggers every batch, so production and
# consumption run on one CPU and every harness instruction shows), with
# verification and latency stamping on (the default) and off
# (--no-verify --no-latency). Rounds alternate the two so that other work
# on the machine hits both alike; the medians are compared.
#
# usage: scripts/bench-overhead.sh [--rbsim PATH] [--rounds N] [--records N]
#                                  [--csv FILE] [-- extra rbsim run options]
set -u

RBSIM=${RBSIM:-build/rbsim}
ROUNDS=7
RECORDS=20000000
CSV=

die() {
	echo "bench-overhead: $*" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case "$1" in
	--rbsim) RBSIM=${2:?}; shift 2 ;;
	--rounds) ROUNDS=${2:?}; shift 2 ;;
	--records) RECORDS=${2:?}; shift 2 ;;
	--csv) CSV=${2:?}; shift 2 ;;
	--) shift; break ;;
	-h|--help) sed -n '3,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown option '$1' (see scripts/bench-overhead.sh --help)" ;;
	esac
done
[ -x "$RBSIM" ] || die "$RBSIM: not built (make, or --rbsim PATH)"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
[ -n "$CSV" ] || CSV="$TMP/runs.csv"

echo "bench-overhead: $ROUNDS rounds of $RECORDS 8-byte records, b2b, harness on and off"
r=1
while [ "$r" -le "$ROUNDS" ]; do
	for mode in on off; do
		if [ "$mode" = on ]; then extra=; else extra="--no-verify --no-latency"; fi
		# shellcheck disable=SC2086
		"$RBSIM" run --b2b --size 8 --records "$RECORDS" -q --format csv -o "$CSV" \
			--label "overhead-$mode" $extra "$@" >/dev/null 2>"$TMP/err" ||
			die "round $r ($mode) failed: $(tail -n 1 "$TMP/err")"
	done
	printf '  round %d of %d done\n' "$r" "$ROUNDS"
	r=$((r + 1))
done

# median of column $2 over rows whose label is $1
median() {
	awk -F, -v label="$1" -v col="$2" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
		index($0, "," label ",") { print $c }' "$CSV" | sort -g |
	awk '{ v[NR] = $1 }
		END { m = int((NR + 1) / 2); print (NR % 2) ? v[m] : (v[m] + v[m + 1]) / 2 }'
}

on_hits=$(median overhead-on hits_mean_mps)
off_hits=$(median overhead-off hits_mean_mps)
on_cpu=$(median overhead-on cpu_ns_per_record)
off_cpu=$(median overhead-off cpu_ns_per_record)
awk -v a="$on_hits" -v b="$off_hits" -v c="$on_cpu" -v d="$off_cpu" 'BEGIN {
	printf "%-40s %12s %18s\n", "median of the rounds", "M records/s", "CPU ns per record"
	printf "%-40s %12.3f %18.1f\n", "harness on (verify + latency)", a, c
	printf "%-40s %12.3f %18.1f\n", "harness off (--no-verify --no-latency)", b, d
	printf "%-40s %11.1f%% %17.1f%%\n", "cost of the harness", (b - a) / b * 100,
		(c - d) / d * 100
}'
echo "raw rows: $CSV"
if [ "$CSV" = "$TMP/runs.csv" ]; then
	cp "$CSV" "/tmp/rbsim-overhead-$$.csv" && echo "(kept as /tmp/rbsim-overhead-$$.csv)"
fi
exit 0
