# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: model-real. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/model-real.gp     (make plots does it for every folder)
$r << EOD
0 0.8673 12.8476 14.8125 "kernel 1"
1 1.4618 8.7174 5.9636 "kernel 2*"
2 1.3605 11.5194 8.4671 "kernel 2 alone"
3 0.8089 12.8215 15.8512 "cas 1"
4 0.8846 9.8075 11.0875 "cas 2*"
5 1.0859 16.7252 15.4016 "cas 2 alone"
6 0.7888 10.8446 13.7488 "shard:2 1"
7 0.7879 8.5328 10.8295 "shard:2 2*"
8 0.9092 10.7631 11.8378 "shard:2 2 alone"
9 0.7990 12.3786 15.4933 "percpu 1"
10 1.3831 24.0202 17.3669 "percpu 2*"
11 1.1080 218.3406 197.0548 "percpu 2 alone"
EOD
do for [fmt in "png svg"] {
reset
if (fmt eq "png") {
    set terminal pngcairo size 1280,900 noenhanced font "DejaVu Sans,11"
} else {
    set terminal svg size 1280,900 dynamic noenhanced font "DejaVu Sans,11" background "white"
}
set output "plots/model-real." . fmt
set datafile separator comma
set datafile columnheaders
sel(sc, se) = strcol("scenario") eq sc && strcol("series") eq se
set grid ytics lc rgb "#dddddd"
set border lw 1
set key noautotitle
    set title "rbsim model --against-real: the model against real threads on this machine\n8-byte records, batch 50, ring 512 KiB, libbpf consumer (alone: none, 2 GiB ring), --lock queued, -a; *: oversubscribed (more threads than CPUs); labels: model / real M/s; the band: within 30%"
    set ylabel "model / real (log scale)"
    set logscale y 2
    set yrange [0.05:64]
    set xlabel "variant, producers"
    set object 1 rect from graph 0, first 0.7 to graph 1, first 1.3 fc rgb "#ddeedd" fs solid 1.0 noborder behind
    set boxwidth 0.6 absolute
    set style fill solid 0.85
    set datafile separator whitespace
    set datafile nocolumnheaders
    plot \
        $r using 1:2:xtic(5) with boxes lc rgb "#1f77b4" notitle, \
        $r using 1:2:(sprintf("%.2f / %.2f", $3, $4)) with labels offset 0,1 font ",8" notitle
set output
}
