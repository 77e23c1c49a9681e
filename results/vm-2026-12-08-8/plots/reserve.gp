# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: reserve. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/reserve.gp     (make plots does it for every folder)
do for [fmt in "png svg"] {
reset
if (fmt eq "png") {
    set terminal pngcairo size 1280,900 noenhanced font "DejaVu Sans,11"
} else {
    set terminal svg size 1280,900 dynamic noenhanced font "DejaVu Sans,11" background "white"
}
set output "plots/reserve." . fmt
set datafile separator comma
set datafile columnheaders
sel(sc, se) = strcol("scenario") eq sc && strcol("series") eq se
set grid ytics lc rgb "#dddddd"
set border lw 1
set key noautotitle
    set title "Reservation variants on real threads (issue 14)\n8-byte records, batch 50, ring 512 KiB, libbpf consumer; kernel: the lock, cas: compare-and-swap, shard:2: a ring per 2 producers, percpu: a ring per producer; 2 producers and the consumer oversubscribe 2 CPUs\nvm, 2 CPUs (AMD EPYC), Linux 6.18.44-fc-v1300, quick suite, mean ± sd of 2 runs per point"
    set ylabel "throughput (M records/s)"
    set yrange [0:*]
    set offsets 0.5, 0.5, graph 0.12, 0
    set xtics ("1" 0, "2" 1)
    set xlabel "producers"
    set key top right
    set boxwidth 0.2000 absolute
    plot \
        "points.csv" using (sel("reserve", "kernel") ? column("xi") + -0.3000 : NaN):(sel("reserve", "kernel") ? column("hits_mean")*1.0 : NaN) with boxes lc rgb "#1f77b4" fs solid 0.85 border lc rgb "#333333" title "kernel", \
        "points.csv" using (sel("reserve", "kernel") ? column("xi") + -0.3000 : NaN):(sel("reserve", "kernel") ? (column("hits_mean")*1.0) - (column("hits_sd")*1.0) : NaN):(0):(sel("reserve", "kernel") ? ((column("hits_mean")*1.0) + (column("hits_sd")*1.0)) - ((column("hits_mean")*1.0) - (column("hits_sd")*1.0)) : NaN) with vectors heads size screen 0.006,90 lc rgb "black" lw 1 notitle, \
        "points.csv" using (sel("reserve", "kernel") ? column("xi") + -0.3000 : NaN):(sel("reserve", "kernel") ? column("hits_mean")*1.0 + column("hits_sd")*1.0 : NaN):(sel("reserve", "kernel") ? sprintf("%.2f", column("hits_mean")*1.0) . (column("drops_mean") >= 0.005 ? sprintf(" (drops %.2f)", column("drops_mean")) : "") : "") with labels rotate by 90 left offset 0,0.4 font ",8" notitle, \
        "points.csv" using (sel("reserve", "cas") ? column("xi") + -0.1000 : NaN):(sel("reserve", "cas") ? column("hits_mean")*1.0 : NaN) with boxes lc rgb "#1f77b4" fs solid 0.4 border lc rgb "#333333" title "cas", \
        "points.csv" using (sel("reserve", "cas") ? column("xi") + -0.1000 : NaN):(sel("reserve", "cas") ? (column("hits_mean")*1.0) - (column("hits_sd")*1.0) : NaN):(0):(sel("reserve", "cas") ? ((column("hits_mean")*1.0) + (column("hits_sd")*1.0)) - ((column("hits_mean")*1.0) - (column("hits_sd")*1.0)) : NaN) with vectors heads size screen 0.006,90 lc rgb "black" lw 1 notitle, \
        "points.csv" using (sel("reserve", "cas") ? column("xi") + -0.1000 : NaN):(sel("reserve", "cas") ? column("hits_mean")*1.0 + column("hits_sd")*1.0 : NaN):(sel("reserve", "cas") ? sprintf("%.2f", column("hits_mean")*1.0) . (column("drops_mean") >= 0.005 ? sprintf(" (drops %.2f)", column("drops_mean")) : "") : "") with labels rotate by 90 left offset 0,0.4 font ",8" notitle, \
        "points.csv" using (sel("reserve", "shard:2") ? column("xi") + 0.1000 : NaN):(sel("reserve", "shard:2") ? column("hits_mean")*1.0 : NaN) with boxes lc rgb "#1f77b4" fs pattern 4 border lc rgb "#333333" title "shard:2", \
        "points.csv" using (sel("reserve", "shard:2") ? column("xi") + 0.1000 : NaN):(sel("reserve", "shard:2") ? (column("hits_mean")*1.0) - (column("hits_sd")*1.0) : NaN):(0):(sel("reserve", "shard:2") ? ((column("hits_mean")*1.0) + (column("hits_sd")*1.0)) - ((column("hits_mean")*1.0) - (column("hits_sd")*1.0)) : NaN) with vectors heads size screen 0.006,90 lc rgb "black" lw 1 notitle, \
        "points.csv" using (sel("reserve", "shard:2") ? column("xi") + 0.1000 : NaN):(sel("reserve", "shard:2") ? column("hits_mean")*1.0 + column("hits_sd")*1.0 : NaN):(sel("reserve", "shard:2") ? sprintf("%.2f", column("hits_mean")*1.0) . (column("drops_mean") >= 0.005 ? sprintf(" (drops %.2f)", column("drops_mean")) : "") : "") with labels rotate by 90 left offset 0,0.4 font ",8" notitle, \
        "points.csv" using (sel("reserve", "percpu") ? column("xi") + 0.3000 : NaN):(sel("reserve", "percpu") ? column("hits_mean")*1.0 : NaN) with boxes lc rgb "#1f77b4" fs pattern 5 border lc rgb "#333333" title "percpu", \
        "points.csv" using (sel("reserve", "percpu") ? column("xi") + 0.3000 : NaN):(sel("reserve", "percpu") ? (column("hits_mean")*1.0) - (column("hits_sd")*1.0) : NaN):(0):(sel("reserve", "percpu") ? ((column("hits_mean")*1.0) + (column("hits_sd")*1.0)) - ((column("hits_mean")*1.0) - (column("hits_sd")*1.0)) : NaN) with vectors heads size screen 0.006,90 lc rgb "black" lw 1 notitle, \
        "points.csv" using (sel("reserve", "percpu") ? column("xi") + 0.3000 : NaN):(sel("reserve", "percpu") ? column("hits_mean")*1.0 + column("hits_sd")*1.0 : NaN):(sel("reserve", "percpu") ? sprintf("%.2f", column("hits_mean")*1.0) . (column("drops_mean") >= 0.005 ? sprintf(" (drops %.2f)", column("drops_mean")) : "") : "") with labels rotate by 90 left offset 0,0.4 font ",8" notitle
set output
}
