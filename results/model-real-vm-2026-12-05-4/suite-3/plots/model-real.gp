# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: model-real. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/model-real.gp     (make plots does it for every folder)
$r << EOD
0 0.9339 5.7668 6.1753 "kernel 1"
1 0.8680 3.5901 4.1359 "kernel 2*"
2 1.0888 2.0929 1.9223 "kernel 2 alone"
3 1.0674 5.8078 5.4413 "cas 1"
4 1.1772 3.7183 3.1587 "cas 2*"
5 1.1538 2.2806 1.9766 "cas 2 alone"
6 1.2590 7.6483 6.0749 "shard:2 1"
7 1.1382 4.1889 3.6803 "shard:2 2*"
8 1.0256 2.5413 2.4780 "shard:2 2 alone"
9 1.1541 6.6229 5.7385 "percpu 1"
10 1.2372 13.3301 10.7745 "percpu 2*"
11 1.3402 56.5451 42.1910 "percpu 2 alone"
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
