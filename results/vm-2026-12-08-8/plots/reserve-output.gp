# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: reserve-output. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/reserve-output.gp     (make plots does it for every folder)
do for [fmt in "png svg"] {
reset
if (fmt eq "png") {
    set terminal pngcairo size 1280,900 noenhanced font "DejaVu Sans,11"
} else {
    set terminal svg size 1280,900 dynamic noenhanced font "DejaVu Sans,11" background "white"
}
set output "plots/reserve-output." . fmt
set datafile separator comma
set datafile columnheaders
sel(sc, se) = strcol("scenario") eq sc && strcol("series") eq se
set grid ytics lc rgb "#dddddd"
set border lw 1
set key noautotitle
    set title "Reserve+submit against bpf_ringbuf_output() (run_bench_ringbufs.sh 6, 7)\n1 producer, batch consumer (rb-custom), 8-byte records, batch 500; sampled: a wake-up per 500 records\nvm, 2 CPUs (AMD EPYC), Linux 6.18.44-fc-v1300, quick suite, mean ± sd of 2 runs per point"
    set ylabel "throughput (M records/s)"
    set yrange [0:*]
    set offsets 0.5, 0.5, graph 0.12, 0
    set xtics ("back-to-back" 0, "parallel, sampled" 1)
    set key top right
    set boxwidth 0.4000 absolute
    plot \
        "points.csv" using (sel("reserve-output", "reserve") ? column("xi") + -0.2000 : NaN):(sel("reserve-output", "reserve") ? column("hits_mean")*1.0 : NaN) with boxes lc rgb "#1f77b4" fs solid 0.85 border lc rgb "#333333" title "reserve", \
        "points.csv" using (sel("reserve-output", "reserve") ? column("xi") + -0.2000 : NaN):(sel("reserve-output", "reserve") ? (column("hits_mean")*1.0) - (column("hits_sd")*1.0) : NaN):(0):(sel("reserve-output", "reserve") ? ((column("hits_mean")*1.0) + (column("hits_sd")*1.0)) - ((column("hits_mean")*1.0) - (column("hits_sd")*1.0)) : NaN) with vectors heads size screen 0.006,90 lc rgb "black" lw 1 notitle, \
        "points.csv" using (sel("reserve-output", "reserve") ? column("xi") + -0.2000 : NaN):(sel("reserve-output", "reserve") ? column("hits_mean")*1.0 + column("hits_sd")*1.0 : NaN):(sel("reserve-output", "reserve") ? sprintf("%.2f", column("hits_mean")*1.0) : "") with labels rotate by 90 left offset 0,0.4 font ",8" notitle, \
        "points.csv" using (sel("reserve-output", "output") ? column("xi") + 0.2000 : NaN):(sel("reserve-output", "output") ? column("hits_mean")*1.0 : NaN) with boxes lc rgb "#1f77b4" fs solid 0.4 border lc rgb "#333333" title "output", \
        "points.csv" using (sel("reserve-output", "output") ? column("xi") + 0.2000 : NaN):(sel("reserve-output", "output") ? (column("hits_mean")*1.0) - (column("hits_sd")*1.0) : NaN):(0):(sel("reserve-output", "output") ? ((column("hits_mean")*1.0) + (column("hits_sd")*1.0)) - ((column("hits_mean")*1.0) - (column("hits_sd")*1.0)) : NaN) with vectors heads size screen 0.006,90 lc rgb "black" lw 1 notitle, \
        "points.csv" using (sel("reserve-output", "output") ? column("xi") + 0.2000 : NaN):(sel("reserve-output", "output") ? column("hits_mean")*1.0 + column("hits_sd")*1.0 : NaN):(sel("reserve-output", "output") ? sprintf("%.2f", column("hits_mean")*1.0) : "") with labels rotate by 90 left offset 0,0.4 font ",8" notitle
set output
}
