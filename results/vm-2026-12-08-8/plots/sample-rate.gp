# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: sample-rate. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/sample-rate.gp     (make plots does it for every folder)
do for [fmt in "png svg"] {
reset
if (fmt eq "png") {
    set terminal pngcairo size 1280,900 noenhanced font "DejaVu Sans,11"
} else {
    set terminal svg size 1280,900 dynamic noenhanced font "DejaVu Sans,11" background "white"
}
set output "plots/sample-rate." . fmt
set datafile separator comma
set datafile columnheaders
sel(sc, se) = strcol("scenario") eq sc && strcol("series") eq se
set grid ytics lc rgb "#dddddd"
set border lw 1
set key noautotitle
    set title "Back-to-back, effect of sample rate (run_bench_ringbufs.sh 4, 5)\n1 producer, the consumer triggers each batch; batch = sample rate = N; a wake-up once N records are pending; 8-byte records\nvm, 2 CPUs (AMD EPYC), Linux 6.18.44-fc-v1300, quick suite, mean ± sd of 2 runs per point"
    set xlabel "sample rate N = batch (records per wake-up), log scale"
    set ylabel "throughput (M records/s)"
    set logscale x
    set xtics ("1" 1, "10" 10, "100" 100, "1000" 1000)
    set xrange [0.769231:1300]
    set yrange [0:*]
    set key top left
    plot \
        "points.csv" using (sel("sample-rate", "rb-custom") ? column("xnum") : NaN):(sel("sample-rate", "rb-custom") ? column("hits_mean")*1.0 : NaN):(sel("sample-rate", "rb-custom") ? column("hits_sd")*1.0 : NaN) with yerrorlines lc rgb "#1f77b4" dt 1 pt 7 ps 1.2 lw 2 title "rb-custom", \
        "points.csv" using (sel("sample-rate", "pb-libbpf") ? column("xnum") : NaN):(sel("sample-rate", "pb-libbpf") ? column("hits_mean")*1.0 : NaN):(sel("sample-rate", "pb-libbpf") ? column("hits_sd")*1.0 : NaN) with yerrorlines lc rgb "#d62728" dt 1 pt 7 ps 1.2 lw 2 title "pb-libbpf"
set output
}
