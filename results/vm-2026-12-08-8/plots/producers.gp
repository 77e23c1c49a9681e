# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: producers. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/producers.gp     (make plots does it for every folder)
do for [fmt in "png svg"] {
reset
if (fmt eq "png") {
    set terminal pngcairo size 1280,900 noenhanced font "DejaVu Sans,11"
} else {
    set terminal svg size 1280,900 dynamic noenhanced font "DejaVu Sans,11" background "white"
}
set output "plots/producers." . fmt
set datafile separator comma
set datafile columnheaders
sel(sc, se) = strcol("scenario") eq sc && strcol("series") eq se
set grid ytics lc rgb "#dddddd"
set border lw 1
set key noautotitle
    set title "Throughput against producers (run_bench_ringbufs.sh 9, 10; wfcqueue as the MPSC baseline)\nbatch 50, 8-byte records, ring 512 KiB, perf buffer 128 pages per producer; 2 CPUs: from 2 producers on, producers + consumer oversubscribe the CPUs (shaded)\nvm, 2 CPUs (AMD EPYC), Linux 6.18.44-fc-v1300, quick suite, mean ± sd of 2 runs per point"
    set xlabel "producers (threads)"
    set ylabel "total throughput (M records/s), log scale"
    set logscale y
    set xtics ("1" 1, "2" 2, "3" 3, "4" 4)
    set offsets 0.3, 0.3, 0, 0
    set key top right
    set object 1 rect from first 1.5, graph 0 to graph 1, graph 1 fc rgb "#eeeeee" fs solid 1.0 noborder behind
    set label 1 "oversubscribed: producers + consumer > 2 CPUs" at first 1.5, graph 0.97 offset 1,0 left tc rgb "#666666"
    plot \
        "points.csv" using (sel("producers", "rb-libbpf") ? column("xnum") : NaN):(sel("producers", "rb-libbpf") ? column("hits_mean")*1.0 : NaN):(sel("producers", "rb-libbpf") ? column("hits_sd")*1.0 : NaN) with yerrorlines lc rgb "#1f77b4" dt 1 pt 7 ps 1.2 lw 2 title "rb-libbpf", \
        "points.csv" using (sel("producers", "pb-libbpf") ? column("xnum") : NaN):(sel("producers", "pb-libbpf") ? column("hits_mean")*1.0 : NaN):(sel("producers", "pb-libbpf") ? column("hits_sd")*1.0 : NaN) with yerrorlines lc rgb "#d62728" dt 1 pt 7 ps 1.2 lw 2 title "pb-libbpf", \
        "points.csv" using (sel("producers", "wfcqueue") ? column("xnum") : NaN):(sel("producers", "wfcqueue") ? column("hits_mean")*1.0 : NaN):(sel("producers", "wfcqueue") ? column("hits_sd")*1.0 : NaN) with yerrorlines lc rgb "#2ca02c" dt 1 pt 7 ps 1.2 lw 2 title "wfcqueue"
set output
}
