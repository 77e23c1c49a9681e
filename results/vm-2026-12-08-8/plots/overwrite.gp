# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: overwrite. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/overwrite.gp     (make plots does it for every folder)
do for [fmt in "png svg"] {
reset
if (fmt eq "png") {
    set terminal pngcairo size 1280,900 noenhanced font "DejaVu Sans,11"
} else {
    set terminal svg size 1280,900 dynamic noenhanced font "DejaVu Sans,11" background "white"
}
set output "plots/overwrite." . fmt
set datafile separator comma
set datafile columnheaders
sel(sc, se) = strcol("scenario") eq sc && strcol("series") eq se
set grid ytics lc rgb "#dddddd"
set border lw 1
set key noautotitle
    set title "6.19's overwrite mode against normal mode\n8-byte records, batch 50, ring 512 KiB; published (EPYC 9654, 1/2 p): overwrite, no consumer 32.2/9.6, normal (rb-libbpf) 11.6/15.9 M/s; labels: lost reads per run\nvm, 2 CPUs (AMD EPYC), Linux 6.18.44-fc-v1300, quick suite, mean ± sd of 2 runs per point"
    set ylabel "throughput (M records/s: consumed; produced with no consumer)"
    set yrange [0:*]
    set offsets 0.5, 0.5, graph 0.12, 0
    set xtics ("1 producer" 0, "2 producers" 1)
    set key top right
    set boxwidth 0.2667 absolute
    plot \
        "points.csv" using (sel("overwrite", "normal") ? column("xi") + -0.2667 : NaN):(sel("overwrite", "normal") ? column("hits_mean")*1.0 : NaN) with boxes lc rgb "#1f77b4" fs solid 0.85 border lc rgb "#333333" title "normal", \
        "points.csv" using (sel("overwrite", "normal") ? column("xi") + -0.2667 : NaN):(sel("overwrite", "normal") ? (column("hits_mean")*1.0) - (column("hits_sd")*1.0) : NaN):(0):(sel("overwrite", "normal") ? ((column("hits_mean")*1.0) + (column("hits_sd")*1.0)) - ((column("hits_mean")*1.0) - (column("hits_sd")*1.0)) : NaN) with vectors heads size screen 0.006,90 lc rgb "black" lw 1 notitle, \
        "points.csv" using (sel("overwrite", "normal") ? column("xi") + -0.2667 : NaN):(sel("overwrite", "normal") ? column("hits_mean")*1.0 + column("hits_sd")*1.0 : NaN):(sel("overwrite", "normal") ? sprintf("%.2f", column("hits_mean")*1.0) . (column("drops_mean") >= 0.005 ? sprintf(" (drops %.2f)", column("drops_mean")) : "") . (column("lost_reads_mean") == column("lost_reads_mean") ? sprintf(" (lost reads %.0f)", column("lost_reads_mean")) : "") : "") with labels rotate by 90 left offset 0,0.4 font ",8" notitle, \
        "points.csv" using (sel("overwrite", "overwrite") ? column("xi") + 0.0000 : NaN):(sel("overwrite", "overwrite") ? column("hits_mean")*1.0 : NaN) with boxes lc rgb "#1f77b4" fs solid 0.4 border lc rgb "#333333" title "overwrite", \
        "points.csv" using (sel("overwrite", "overwrite") ? column("xi") + 0.0000 : NaN):(sel("overwrite", "overwrite") ? (column("hits_mean")*1.0) - (column("hits_sd")*1.0) : NaN):(0):(sel("overwrite", "overwrite") ? ((column("hits_mean")*1.0) + (column("hits_sd")*1.0)) - ((column("hits_mean")*1.0) - (column("hits_sd")*1.0)) : NaN) with vectors heads size screen 0.006,90 lc rgb "black" lw 1 notitle, \
        "points.csv" using (sel("overwrite", "overwrite") ? column("xi") + 0.0000 : NaN):(sel("overwrite", "overwrite") ? column("hits_mean")*1.0 + column("hits_sd")*1.0 : NaN):(sel("overwrite", "overwrite") ? sprintf("%.2f", column("hits_mean")*1.0) . (column("drops_mean") >= 0.005 ? sprintf(" (drops %.2f)", column("drops_mean")) : "") . (column("lost_reads_mean") == column("lost_reads_mean") ? sprintf(" (lost reads %.0f)", column("lost_reads_mean")) : "") : "") with labels rotate by 90 left offset 0,0.4 font ",8" notitle, \
        "points.csv" using (sel("overwrite", "overwrite no consumer") ? column("xi") + 0.2667 : NaN):(sel("overwrite", "overwrite no consumer") ? column("hits_mean")*1.0 : NaN) with boxes lc rgb "#1f77b4" fs pattern 4 border lc rgb "#333333" title "overwrite no consumer", \
        "points.csv" using (sel("overwrite", "overwrite no consumer") ? column("xi") + 0.2667 : NaN):(sel("overwrite", "overwrite no consumer") ? (column("hits_mean")*1.0) - (column("hits_sd")*1.0) : NaN):(0):(sel("overwrite", "overwrite no consumer") ? ((column("hits_mean")*1.0) + (column("hits_sd")*1.0)) - ((column("hits_mean")*1.0) - (column("hits_sd")*1.0)) : NaN) with vectors heads size screen 0.006,90 lc rgb "black" lw 1 notitle, \
        "points.csv" using (sel("overwrite", "overwrite no consumer") ? column("xi") + 0.2667 : NaN):(sel("overwrite", "overwrite no consumer") ? column("hits_mean")*1.0 + column("hits_sd")*1.0 : NaN):(sel("overwrite", "overwrite no consumer") ? sprintf("%.2f", column("hits_mean")*1.0) . (column("drops_mean") >= 0.005 ? sprintf(" (drops %.2f)", column("drops_mean")) : "") . (column("lost_reads_mean") == column("lost_reads_mean") ? sprintf(" (lost reads %.0f)", column("lost_reads_mean")) : "") : "") with labels rotate by 90 left offset 0,0.4 font ",8" notitle
set output
}
