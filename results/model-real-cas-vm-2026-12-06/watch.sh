#!/bin/bash
# until $1 (HH:MM UTC): every 20 s the vCPUs' CAS transfer; when near (< 90 ns), one
# sitting of the CAS rows of model-real with the new model (handoff_cas_ns) and the old
cd /work/wt/cas
M=sim/machines/this-vm.machine
end=$(date -d "$1" +%s); [ "$end" -lt "$(date +%s)" ] && end=$((end + 86400))
while [ "$(date +%s)" -lt "$end" ]; do
  c=$(/tmp/pp/c2c | tail -1)
  echo "$(date +%T) $c" >> /tmp/pp/cas/watch.txt
  if awk -v c="$c" 'BEGIN { exit !(c < 90) }'; then
    t=$(date +%H%M%S); d=/tmp/pp/cas/$t; mkdir -p $d; touch /tmp/pp/cas/busy
    /tmp/pp/cas/rbsim-new model --probe > $d/probe.txt 2>&1
    for b in new old; do
      /tmp/pp/cas/rbsim-$b model --machine $M --against-real --reserve cas --producers 2 \
        --no-consumer --real-runs 3 --real-duration 1 --format csv > $d/$b-cas-none.csv 2>$d/$b-cas-none.err
    done
    /tmp/pp/cas/rbsim-new model --machine $M --against-real --reserve kernel --producers 2 \
      --no-consumer --real-runs 3 --real-duration 1 --format csv > $d/new-kernel-none.csv 2>$d/new-kernel-none.err
    /tmp/pp/cas/rbsim-new model --machine $M --against-real --reserve cas --producers 1,2 \
      --oversubscribe --real-runs 3 --real-duration 1 --format csv > $d/new-cas-libbpf.csv 2>$d/new-cas-libbpf.err
    /tmp/pp/cas/rbsim-new model --probe > $d/probe-after.txt 2>&1
    rm -f /tmp/pp/cas/busy
    echo "$(date +%T) sitting $t after $(/tmp/pp/c2c | tail -1)" >> /tmp/pp/cas/watch.txt
  else
    sleep 20
  fi
done
