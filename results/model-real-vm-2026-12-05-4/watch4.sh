#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
here=$(cd "$(dirname "$0")" && pwd)
# until $1 (epoch s): whenever the vCPUs are near (c2c.c below 90 ns), --against-real of
# shard:2 then percpu, 1-2 producers, each into its own CSV; c2c before and after. Run in a
# clone of the commit measured ($2; it was a clone of 4262975)
end=$1; cd "$2"; mkdir -p $here/near
while [ $(date +%s) -lt $end ]; do
	c=$($here/c2c); echo "$(date -u +%T) $c" >> $here/near/watch.txt
	if [ ${c%.*} -lt 90 ]; then
		d=$here/near/$(date -u +%H%M%S); mkdir -p $d
		{ date -u +%FT%T; echo $c; } > $d/c2c-before.txt
		for v in shard:2 percpu; do
			build/rbsim model --machine sim/machines/this-vm.machine --against-real \
				--reserve $v --producers 1-2 --oversubscribe --format csv \
				> $d/${v%%:*}.csv 2> $d/${v%%:*}.err
		done
		{ date -u +%FT%T; $here/c2c; } > $d/c2c-after.txt
	else
		sleep 5
	fi
done
echo done >> $here/near/watch.txt
