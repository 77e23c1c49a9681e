#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# lag.sh RBSIM ROUNDS: rbsim model --probe's follow_ns with its consumer kept
# N records behind producer_pos (an rbsim built with lag.patch: RB_LAG=N),
# for N in 0 (the probe as it is) 1 2 4 8 16 32 64 256 1024, in rotating
# order each round; one CSV row a probe on stdout.
RB=${1:?usage: lag.sh RBSIM ROUNDS}
ROUNDS=${2:-3}
LAGS="0 1 2 4 8 16 32 64 256 1024"
echo "round,lag,c2c_ns,alone_ns,followed_ns,follow_ns"
r=0
while [ "$r" -lt "$ROUNDS" ]; do
	set -- $LAGS
	k=0
	while [ "$k" -lt "$r" ]; do x=$1; shift; set -- "$@" "$x"; k=$((k + 1)); done
	for lag in "$@"; do
		RB_LAG=$lag "$RB" model --probe 2>&1 | awk -v r="$r" -v lag="$lag" '
			/^c2c CPU/ { for (i = 1; i <= NF; i++) if ($i == "median") { c2c = $(i + 1); break } }
			/^follow_ns/ { f = $2
				for (i = 1; i <= NF; i++) {
					if ($i ~ /^followed/) fol = $(i - 1)
					if ($i ~ /^alone/) al = $(i - 1)
				}
			}
			END { printf "%s,%s,%s,%s,%s,%s\n", r, lag, c2c, al, fol, f }'
	done
	r=$((r + 1))
done
