# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: model-real. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/model-real.gp     (make plots does it for every folder)
$r << EOD
0 0.8427 11.3547 13.4748 "kernel 1"
1 0.4356 4.3785 10.0506 "kernel 2*"
2 0.4049 3.9925 9.8609 "kernel 2 alone"
3 0.5548 10.6122 19.1272 "cas 1"
4 0.7072 8.9168 12.6093 "cas 2*"
5 1.0944 13.1787 12.0421 "cas 2 alone"
6 0.6296 9.4355 14.9863 "shard:2 1"
7 0.8456 9.4296 11.1511 "shard:2 2*"
8 1.1993 10.5831 8.8246 "shard:2 2 alone"
9 0.6957 10.1527 14.5929 "percpu 1"
10 0.5950 14.2459 23.9434 "percpu 2*"
11 1.1419 173.3102 151.7792 "percpu 2 alone"
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
