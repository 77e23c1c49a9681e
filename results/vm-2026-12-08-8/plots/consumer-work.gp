# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: consumer-work. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/consumer-work.gp     (make plots does it for every folder)
do for [fmt in "png svg"] {
reset
if (fmt eq "png") {
    set terminal pngcairo size 1280,900 noenhanced font "DejaVu Sans,11"
} else {
    set terminal svg size 1280,900 dynamic noenhanced font "DejaVu Sans,11" background "white"
}
set output "plots/consumer-work." . fmt
set datafile separator comma
set datafile columnheaders
sel(sc, se) = strcol("scenario") eq sc && strcol("series") eq se
set grid ytics lc rgb "#dddddd"
set border lw 1
set key noautotitle
    set multiplot layout 2,1 title "Throughput and latency against consumer work per record\n1 producer as fast as it can (batch 500, 8-byte records, ring 512 KiB); the consumer spins NS ns on every record\nvm, 2 CPUs (AMD EPYC), Linux 6.18.44-fc-v1300, quick suite, mean ± sd of 2 runs per point"
    set xtics ("0" 0, "300" 1, "3000" 2)
    set xrange [-0.3:2.300000]
    set xlabel "consumer work per record (ns)"
    set ylabel "consumed (M records/s), log scale"
    set logscale y
    set key top right
    plot \
        "points.csv" using (sel("consumer-work", "rb-libbpf") ? column("xi") : NaN):(sel("consumer-work", "rb-libbpf") ? column("hits_mean")*1.0 : NaN):(sel("consumer-work", "rb-libbpf") ? column("hits_sd")*1.0 : NaN) with yerrorlines lc rgb "#1f77b4" dt 1 pt 7 ps 1.2 lw 2 title "rb-libbpf", \
        "points.csv" using (sel("consumer-work", "pb-libbpf") ? column("xi") : NaN):(sel("consumer-work", "pb-libbpf") ? column("hits_mean")*1.0 : NaN):(sel("consumer-work", "pb-libbpf") ? column("hits_sd")*1.0 : NaN) with yerrorlines lc rgb "#d62728" dt 1 pt 7 ps 1.2 lw 2 title "pb-libbpf", \
        "points.csv" using (sel("consumer-work", "rb-libbpf") && column("xnum") > 0 ? column("xi") : NaN):(sel("consumer-work", "rb-libbpf") && column("xnum") > 0 ? 1000.0/column("xnum") : NaN) with linespoints dt 3 lw 1.5 pt 2 lc rgb "#777777" title "1000/NS: the most a consumer doing only the work could take"
    set ylabel "latency (us), log scale: p50 solid, p99 dashed"
    set format y "%g"
    set key bottom right
    plot \
        "points.csv" using (sel("consumer-work", "rb-libbpf") ? column("xi") : NaN):(sel("consumer-work", "rb-libbpf") ? column("lat_p50_mean")*0.001 : NaN):(sel("consumer-work", "rb-libbpf") ? column("lat_p50_sd")*0.001 : NaN) with yerrorlines lc rgb "#1f77b4" dt 1 pt 7 ps 1.2 lw 2 title "rb-libbpf p50", \
        "points.csv" using (sel("consumer-work", "pb-libbpf") ? column("xi") : NaN):(sel("consumer-work", "pb-libbpf") ? column("lat_p50_mean")*0.001 : NaN):(sel("consumer-work", "pb-libbpf") ? column("lat_p50_sd")*0.001 : NaN) with yerrorlines lc rgb "#d62728" dt 1 pt 7 ps 1.2 lw 2 title "pb-libbpf p50", \
        "points.csv" using (sel("consumer-work", "rb-libbpf") ? column("xi") : NaN):(sel("consumer-work", "rb-libbpf") ? column("lat_p99_mean")*0.001 : NaN):(sel("consumer-work", "rb-libbpf") ? column("lat_p99_sd")*0.001 : NaN) with yerrorlines lc rgb "#1f77b4" dt 2 pt 7 ps 1.2 lw 2 title "rb-libbpf p99", \
        "points.csv" using (sel("consumer-work", "pb-libbpf") ? column("xi") : NaN):(sel("consumer-work", "pb-libbpf") ? column("lat_p99_mean")*0.001 : NaN):(sel("consumer-work", "pb-libbpf") ? column("lat_p99_sd")*0.001 : NaN) with yerrorlines lc rgb "#d62728" dt 2 pt 7 ps 1.2 lw 2 title "pb-libbpf p99"
    unset multiplot
set output
}
