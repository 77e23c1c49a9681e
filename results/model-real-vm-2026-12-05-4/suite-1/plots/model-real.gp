# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: model-real. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/model-real.gp     (make plots does it for every folder)
$r << EOD
0 1.6387 10.0834 6.1532 "kernel 1"
1 1.2602 4.7544 3.7726 "kernel 2*"
2 0.8852 2.0813 2.3514 "kernel 2 alone"
3 1.5844 7.7949 4.9199 "cas 1"
4 0.9863 4.0195 4.0753 "cas 2*"
5 0.6285 2.1934 3.4896 "cas 2 alone"
6 1.1847 7.2329 6.1052 "shard:2 1"
7 1.1152 4.7412 4.2516 "shard:2 2*"
8 0.7869 2.0340 2.5849 "shard:2 2 alone"
9 1.2452 8.5002 6.8263 "percpu 1"
10 1.0893 15.5909 14.3134 "percpu 2*"
11 1.3089 53.1067 40.5743 "percpu 2 alone"
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
