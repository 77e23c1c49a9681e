# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: record-size. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/record-size.gp     (make plots does it for every folder)
do for [fmt in "png svg"] {
reset
if (fmt eq "png") {
    set terminal pngcairo size 1280,900 noenhanced font "DejaVu Sans,11"
} else {
    set terminal svg size 1280,900 dynamic noenhanced font "DejaVu Sans,11" background "white"
}
set output "plots/record-size." . fmt
set datafile separator comma
set datafile columnheaders
sel(sc, se) = strcol("scenario") eq sc && strcol("series") eq se
set grid ytics lc rgb "#dddddd"
set border lw 1
set key noautotitle
    set multiplot layout 2,1 title "Throughput against record size\n1 producer, batch 500, ring 512 KiB (perf buffer 128 pages), adaptive wake-ups, libbpf consumer; wfcqueue: node pool of 512 KiB\nvm, 2 CPUs (AMD EPYC), Linux 6.18.44-fc-v1300, quick suite, mean ± sd of 2 runs per point"
    set logscale x 2
    set xtics ("8" 8, "512" 512, "16 KiB" 16384)
    set logscale y
    set xrange [6.15385:21299.2]
    set xlabel "record size (bytes of payload)"
    set ylabel "M records/s, log scale"
    set key top right
    plot \
        "points.csv" using (sel("record-size", "rb-libbpf") ? column("xnum") : NaN):(sel("record-size", "rb-libbpf") ? column("hits_mean")*1.0 : NaN):(sel("record-size", "rb-libbpf") ? column("hits_sd")*1.0 : NaN) with yerrorlines lc rgb "#1f77b4" dt 1 pt 7 ps 1.2 lw 2 title "rb-libbpf", \
        "points.csv" using (sel("record-size", "pb-libbpf") ? column("xnum") : NaN):(sel("record-size", "pb-libbpf") ? column("hits_mean")*1.0 : NaN):(sel("record-size", "pb-libbpf") ? column("hits_sd")*1.0 : NaN) with yerrorlines lc rgb "#d62728" dt 1 pt 7 ps 1.2 lw 2 title "pb-libbpf", \
        "points.csv" using (sel("record-size", "wfcqueue") ? column("xnum") : NaN):(sel("record-size", "wfcqueue") ? column("hits_mean")*1.0 : NaN):(sel("record-size", "wfcqueue") ? column("hits_sd")*1.0 : NaN) with yerrorlines lc rgb "#2ca02c" dt 1 pt 7 ps 1.2 lw 2 title "wfcqueue"
    set ylabel "GB/s of payload, log scale"
    set key top left
    plot \
        "points.csv" using (sel("record-size", "rb-libbpf") ? column("xnum") : NaN):(sel("record-size", "rb-libbpf") ? column("gbps_mean")*1.0 : NaN):(sel("record-size", "rb-libbpf") ? column("gbps_sd")*1.0 : NaN) with yerrorlines lc rgb "#1f77b4" dt 1 pt 7 ps 1.2 lw 2 title "rb-libbpf", \
        "points.csv" using (sel("record-size", "pb-libbpf") ? column("xnum") : NaN):(sel("record-size", "pb-libbpf") ? column("gbps_mean")*1.0 : NaN):(sel("record-size", "pb-libbpf") ? column("gbps_sd")*1.0 : NaN) with yerrorlines lc rgb "#d62728" dt 1 pt 7 ps 1.2 lw 2 title "pb-libbpf", \
        "points.csv" using (sel("record-size", "wfcqueue") ? column("xnum") : NaN):(sel("record-size", "wfcqueue") ? column("gbps_mean")*1.0 : NaN):(sel("record-size", "wfcqueue") ? column("gbps_sd")*1.0 : NaN) with yerrorlines lc rgb "#2ca02c" dt 1 pt 7 ps 1.2 lw 2 title "wfcqueue"
    unset multiplot
set output
}
