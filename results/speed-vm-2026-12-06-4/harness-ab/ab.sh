#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The harness before and after 778d375 (a uniform batch's verified 8-byte
# records in runs), in one sitting: per round, in an order that rotates,
#   port-before, port-after     --no-verify --no-latency
#   harness-before, harness-after   verification and latency stamps (the default)
#   verify-after                --no-latency (verification alone)
# each `rbsim run --b2b --size 8 --consumer batch --records 20000000`.
# usage: ab.sh BEFORE_RBSIM AFTER_RBSIM ROUNDS OUTDIR
set -eu
before=${1:?}; after=${2:?}; rounds=${3:?}; out=${4:?}
mkdir -p "$out"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
kinds=(port-before port-after harness-before harness-after verify-after)
echo "round,what,hits_mps" >"$out/runs.csv"
for r in $(seq 1 "$rounds"); do
	for j in "${!kinds[@]}"; do
		k=${kinds[$(((j + r) % ${#kinds[@]}))]}
		case $k in
		*-before) bin=$before ;;
		*) bin=$after ;;
		esac
		case $k in
		port-*) opts="--no-verify --no-latency" ;;
		verify-*) opts="--no-latency" ;;
		*) opts="" ;;
		esac
		rm -f "$tmp/run.csv"
		# shellcheck disable=SC2086
		"$bin" run --b2b --size 8 --consumer batch $opts --records 20000000 -q \
			--format csv -o "$tmp/run.csv" >/dev/null
		awk -F, -v r="$r" -v k="$k" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
			{ print r "," k "," $c["hits_mean_mps"] }' "$tmp/run.csv" >>"$out/runs.csv"
	done
	echo "  round $r of $rounds" >&2
done
# per kind: median, min, max M/s; the harness per round against the same build's port
awk -F, 'NR > 1 { v[$2, $1] = $3; k[$2] = 1; if ($1 > n) n = $1 }
	function med(a, m,   i, j, t) {
		for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++)
			if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
	}
	END {
		printf "%-16s %8s %8s %8s   %s\n", "M records/s", "median", "min", "max", "on top of its port, per round: median (min-max)"
		split("port-before port-after harness-before harness-after verify-after", ks, " ")
		for (x = 1; x <= 5; x++) {
			kk = ks[x]; delete a; delete h
			for (i = 1; i <= n; i++) a[i] = v[kk, i]
			lo = a[1]; hi = a[1]; for (i = 1; i <= n; i++) { if (a[i] < lo) lo = a[i]; if (a[i] > hi) hi = a[i] }
			m = med(a, n)
			extra = ""
			if (kk !~ /^port/) {
				base = kk ~ /before/ ? "port-before" : "port-after"
				for (i = 1; i <= n; i++) h[i] = 100 * (v[base, i] / v[kk, i] - 1)
				hlo = h[1]; hhi = h[1]; for (i = 1; i <= n; i++) { if (h[i] < hlo) hlo = h[i]; if (h[i] > hhi) hhi = h[i] }
				extra = sprintf("%.1f%% (%.1f%% to %.1f%%)", med(h, n), hlo, hhi)
			}
			printf "%-16s %8.2f %8.2f %8.2f   %s\n", kk, m, lo, hi, extra
		}
	}' "$out/runs.csv" | tee "$out/summary.txt"
