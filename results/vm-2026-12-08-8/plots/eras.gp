# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: eras. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/eras.gp     (make plots does it for every folder)
do for [fmt in "png svg"] {
reset
if (fmt eq "png") {
    set terminal pngcairo size 1280,900 noenhanced font "DejaVu Sans,11"
} else {
    set terminal svg size 1280,900 dynamic noenhanced font "DejaVu Sans,11" background "white"
}
set output "plots/eras." . fmt
set datafile separator comma
set datafile columnheaders
sel(sc, se) = strcol("scenario") eq sc && strcol("series") eq se
set grid ytics lc rgb "#dddddd"
set border lw 1
set key noautotitle
    set title "Kernel eras: the reserve of each release, with and without NMI-context reserves\n8-byte records, batch 50, ring 512 KiB, libbpf consumer; NMI: a handler marked as NMI reserves 1000 times/s per producer; labels: lock drops, NMI lock failures\nvm, 2 CPUs (AMD EPYC), Linux 6.18.44-fc-v1300, quick suite, mean ± sd of 2 runs per point"
    set ylabel "throughput (M records/s)"
    set yrange [0:*]
    set offsets 0.5, 0.5, graph 0.25, 0
    set xtics ("5.8" 0, "6.12" 1, "6.15" 2, "6.17" 3, "6.18" 4)
    set xlabel "kernel (rbsim run --kernel)"
    set key top right
    set boxwidth 0.2667 absolute
    plot \
        "points.csv" using (sel("eras", "1 producer") ? column("xi") + -0.2667 : NaN):(sel("eras", "1 producer") ? column("hits_mean")*1.0 : NaN) with boxes lc rgb "#1f77b4" fs solid 0.85 border lc rgb "#333333" title "1 producer", \
        "points.csv" using (sel("eras", "1 producer") ? column("xi") + -0.2667 : NaN):(sel("eras", "1 producer") ? (column("hits_mean")*1.0) - (column("hits_sd")*1.0) : NaN):(0):(sel("eras", "1 producer") ? ((column("hits_mean")*1.0) + (column("hits_sd")*1.0)) - ((column("hits_mean")*1.0) - (column("hits_sd")*1.0)) : NaN) with vectors heads size screen 0.006,90 lc rgb "black" lw 1 notitle, \
        "points.csv" using (sel("eras", "1 producer") ? column("xi") + -0.2667 : NaN):(sel("eras", "1 producer") ? column("hits_mean")*1.0 + column("hits_sd")*1.0 : NaN):(sel("eras", "1 producer") ? sprintf("%.2f", column("hits_mean")*1.0) . sprintf(" (lock %.0f", column("lock_drops_mean")) . (column("nmi_lock_fails_mean") == column("nmi_lock_fails_mean") ? sprintf(", nmi %.0f)", column("nmi_lock_fails_mean")) : ")") : "") with labels rotate by 90 left offset 0,0.4 font ",8" notitle, \
        "points.csv" using (sel("eras", "2 producers") ? column("xi") + 0.0000 : NaN):(sel("eras", "2 producers") ? column("hits_mean")*1.0 : NaN) with boxes lc rgb "#1f77b4" fs solid 0.4 border lc rgb "#333333" title "2 producers", \
        "points.csv" using (sel("eras", "2 producers") ? column("xi") + 0.0000 : NaN):(sel("eras", "2 producers") ? (column("hits_mean")*1.0) - (column("hits_sd")*1.0) : NaN):(0):(sel("eras", "2 producers") ? ((column("hits_mean")*1.0) + (column("hits_sd")*1.0)) - ((column("hits_mean")*1.0) - (column("hits_sd")*1.0)) : NaN) with vectors heads size screen 0.006,90 lc rgb "black" lw 1 notitle, \
        "points.csv" using (sel("eras", "2 producers") ? column("xi") + 0.0000 : NaN):(sel("eras", "2 producers") ? column("hits_mean")*1.0 + column("hits_sd")*1.0 : NaN):(sel("eras", "2 producers") ? sprintf("%.2f", column("hits_mean")*1.0) . sprintf(" (lock %.0f", column("lock_drops_mean")) . (column("nmi_lock_fails_mean") == column("nmi_lock_fails_mean") ? sprintf(", nmi %.0f)", column("nmi_lock_fails_mean")) : ")") : "") with labels rotate by 90 left offset 0,0.4 font ",8" notitle, \
        "points.csv" using (sel("eras", "2 producers + NMI") ? column("xi") + 0.2667 : NaN):(sel("eras", "2 producers + NMI") ? column("hits_mean")*1.0 : NaN) with boxes lc rgb "#1f77b4" fs pattern 4 border lc rgb "#333333" title "2 producers + NMI", \
        "points.csv" using (sel("eras", "2 producers + NMI") ? column("xi") + 0.2667 : NaN):(sel("eras", "2 producers + NMI") ? (column("hits_mean")*1.0) - (column("hits_sd")*1.0) : NaN):(0):(sel("eras", "2 producers + NMI") ? ((column("hits_mean")*1.0) + (column("hits_sd")*1.0)) - ((column("hits_mean")*1.0) - (column("hits_sd")*1.0)) : NaN) with vectors heads size screen 0.006,90 lc rgb "black" lw 1 notitle, \
        "points.csv" using (sel("eras", "2 producers + NMI") ? column("xi") + 0.2667 : NaN):(sel("eras", "2 producers + NMI") ? column("hits_mean")*1.0 + column("hits_sd")*1.0 : NaN):(sel("eras", "2 producers + NMI") ? sprintf("%.2f", column("hits_mean")*1.0) . sprintf(" (lock %.0f", column("lock_drops_mean")) . (column("nmi_lock_fails_mean") == column("nmi_lock_fails_mean") ? sprintf(", nmi %.0f)", column("nmi_lock_fails_mean")) : ")") : "") with labels rotate by 90 left offset 0,0.4 font ",8" notitle
set output
}
