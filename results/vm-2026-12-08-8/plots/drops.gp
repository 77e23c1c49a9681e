# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: drops. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/drops.gp     (make plots does it for every folder)
do for [fmt in "png svg"] {
reset
if (fmt eq "png") {
    set terminal pngcairo size 1280,900 noenhanced font "DejaVu Sans,11"
} else {
    set terminal svg size 1280,900 dynamic noenhanced font "DejaVu Sans,11" background "white"
}
set output "plots/drops." . fmt
set datafile separator comma
set datafile columnheaders
sel(sc, se) = strcol("scenario") eq sc && strcol("series") eq se
set grid ytics lc rgb "#dddddd"
set border lw 1
set key noautotitle
    set title "Drops against ring size, bursty producer\n1 producer: bursts of 4096 records of 64 bytes at 400000 records/s on average; --ring-size sets the ring buffer, each perf buffer CPU ring and the wfcqueue node pool\nvm, 2 CPUs (AMD EPYC), Linux 6.18.44-fc-v1300, quick suite, mean ± sd of 2 runs per point"
    set xlabel "ring size (bytes), log scale"
    set ylabel "records dropped (% of attempted)"
    set logscale x 2
    set xtics ("16 KiB" 16384, "64 KiB" 65536, "256 KiB" 262144, "1 MiB" 1.04858e+06)
    set xrange [13653.3:1.25829e+06]
    set yrange [0:100]
    set key top right
    set arrow 1 from first 294912, graph 0 to first 294912, graph 1 nohead dt 2 lc rgb "#888888"
    set label 2 "one burst in the ring buffer: 288 KiB" at first 294912, graph 0.6 offset 0.5,0 tc rgb "#666666"
    plot \
        "points.csv" using (sel("drops", "ringbuf") ? column("xnum") : NaN):(sel("drops", "ringbuf") ? column("drop_pct_mean")*1.0 : NaN):(sel("drops", "ringbuf") ? column("drop_pct_sd")*1.0 : NaN) with yerrorlines lc rgb "#1f77b4" dt 1 pt 7 ps 1.2 lw 2 title "ringbuf", \
        "points.csv" using (sel("drops", "perfbuf") ? column("xnum") : NaN):(sel("drops", "perfbuf") ? column("drop_pct_mean")*1.0 : NaN):(sel("drops", "perfbuf") ? column("drop_pct_sd")*1.0 : NaN) with yerrorlines lc rgb "#d62728" dt 1 pt 7 ps 1.2 lw 2 title "perfbuf"
set output
}
