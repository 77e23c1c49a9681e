#!/bin/bash
# until $1 (HH:MM UTC): every 20 s the vCPUs' CAS transfer; when near (< 90 ns), one
# suite sitting of model-real (issue 14) at the build of this session's worktree,
# moved to /tmp/pp/near2/<time>
mkdir -p /tmp/pp/near2
end=$(date -d "$1" +%s); [ "$end" -lt "$(date +%s)" ] && end=$((end + 86400))
while [ "$(date +%s)" -lt "$end" ]; do
  c=$(/tmp/pp/c2c | tail -1)
  echo "$(date +%T) $c" >> /tmp/pp/near2/watch.txt
  if awk -v c="$c" 'BEGIN { exit !(c < 90) }'; then
    t=$(date +%H%M%S); touch /tmp/pp/cas/busy
    (cd /work/wt/cas && make bench BENCH_ARGS="--only model-real" > /tmp/pp/near2/$t.log 2>&1)
    d=$(ls -dt /work/wt/cas/results/vm-2026-12-06* 2>/dev/null | head -1)
    c2=$(/tmp/pp/c2c | tail -1)
    rm -f /tmp/pp/cas/busy; echo "$(date +%T) after $c2 sitting $t -> $d" >> /tmp/pp/near2/watch.txt
    [ -n "$d" ] && mv "$d" /tmp/pp/near2/$t
  else
    sleep 20
  fi
done
