#!/bin/bash
# 1-producer libbpf rows of model-real, several sittings
OUT=$(cd "$(dirname "$0")" && pwd)
cd "$(git -C "$OUT" rev-parse --show-toplevel)"
for s in 1 2 3; do
 for v in kernel cas shard:2 percpu; do
  build/rbsim model --machine sim/machines/this-vm.machine --against-real --reserve $v --producers 1 --oversubscribe --real-runs 2 --real-duration 1 --format csv > "$OUT"/s$s-${v/:/_}.csv
 done
done
