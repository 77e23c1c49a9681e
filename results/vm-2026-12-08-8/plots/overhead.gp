# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: overhead. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/overhead.gp     (make plots does it for every folder)
do for [fmt in "png svg"] {
reset
if (fmt eq "png") {
    set terminal pngcairo size 1280,900 noenhanced font "DejaVu Sans,11"
} else {
    set terminal svg size 1280,900 dynamic noenhanced font "DejaVu Sans,11" background "white"
}
set output "plots/overhead." . fmt
set datafile separator comma
set datafile columnheaders
sel(sc, se) = strcol("scenario") eq sc && strcol("series") eq se
set grid ytics lc rgb "#dddddd"
set border lw 1
set key noautotitle
    set multiplot layout 2,1 title "What a record costs in ring space (rbsim overhead, Linux 6.18 rules)\nBPF ring buffer: round_up(N + 8, 8) bytes; perf buffer (PERF_SAMPLE_RAW): round_up(N + 12, 8) bytes"
    set logscale x 2
    set xrange [1:16384]
    set xlabel "payload N (bytes), log scale"
    set logscale y 2
    set ylabel "footprint (bytes), log scale"
    set format y "%g"
    set key top left
    plot \
        "overhead.csv" using (column("size") > 0 ? column("size") : NaN):(column("rb_footprint")) with steps lw 2 lc rgb "#1f77b4" title "ring buffer record", \
        "overhead.csv" using (column("size") > 0 ? column("size") : NaN):(column("pf_footprint")) with steps lw 2 dt 2 lc rgb "#d62728" title "perf buffer record", \
        "overhead.csv" using (column("size") > 0 ? column("size") : NaN):(column("size")) with lines lw 1 dt 3 lc rgb "#777777" title "payload"
    unset logscale y
    set yrange [0:100]
    set ylabel "efficiency: payload / footprint (%)"
    set key bottom right
    plot \
        "overhead.csv" using (column("size") > 0 ? column("size") : NaN):(100*column("rb_efficiency")) with lines lw 1.5 lc rgb "#1f77b4" title "ring buffer", \
        "overhead.csv" using (column("size") > 0 ? column("size") : NaN):(100*column("pf_efficiency")) with lines lw 1.5 dt 2 lc rgb "#d62728" title "perf buffer"
    unset multiplot
set output
}
