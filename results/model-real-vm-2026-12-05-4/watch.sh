#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
here=$(cd "$(dirname "$0")" && pwd)
# until $1 (epoch s) or 4 near sets: a far set first, then a set whenever the vCPUs are near
end=$1; n=0
$here/set.sh $here/sets/$(date -u +%H%M%S)-far
while [ $(date +%s) -lt $end ] && [ $n -lt 4 ]; do
	c=$($here/c2c); echo "$(date -u +%T) $c" >> $here/sets/watch.txt
	if [ ${c%.*} -lt 90 ]; then
		$here/set.sh $here/sets/$(date -u +%H%M%S)-near; n=$((n+1))
	else
		sleep 10
	fi
done
echo done >> $here/sets/watch.txt
