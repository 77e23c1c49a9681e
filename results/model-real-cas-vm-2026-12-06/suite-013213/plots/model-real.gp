# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: model-real. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/model-real.gp     (make plots does it for every folder)
$r << EOD
0 0.9600 6.3124 6.5756 "kernel 1"
1 0.7604 3.6131 4.7517 "kernel 2*"
2 0.7618 2.0861 2.7383 "kernel 2 alone"
3 1.0847 5.9542 5.4893 "cas 1"
4 0.8400 3.6825 4.3838 "cas 2*"
5 0.9491 2.0173 2.1256 "cas 2 alone"
6 1.0943 6.5994 6.0307 "shard:2 1"
7 0.7443 3.6330 4.8810 "shard:2 2*"
8 0.8950 2.3641 2.6415 "shard:2 2 alone"
9 1.3518 6.9789 5.1626 "percpu 1"
10 0.9201 13.2640 14.4155 "percpu 2*"
11 1.2792 56.9801 44.5424 "percpu 2 alone"
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
