# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: selftests. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/selftests.gp     (make plots does it for every folder)
do for [fmt in "png svg"] {
reset
if (fmt eq "png") {
    set terminal pngcairo size 1280,900 noenhanced font "DejaVu Sans,11"
} else {
    set terminal svg size 1280,900 dynamic noenhanced font "DejaVu Sans,11" background "white"
}
set output "plots/selftests." . fmt
set datafile separator comma
set datafile columnheaders
sel(sc, se) = strcol("scenario") eq sc && strcol("series") eq se
set grid ytics lc rgb "#dddddd"
set border lw 1
set key noautotitle
    set title "Kernel selftests' single-producer sections (run_bench_ringbufs.sh 1, 2, 3, 8)\n1 producer, 8-byte records, batch 500, ring 512 KiB, perf buffer 128 pages/CPU; same CPU: both threads pinned to CPU 0\nvm, 2 CPUs (AMD EPYC), Linux 6.18.44-fc-v1300, quick suite, mean ± sd of 2 runs per point"
    set ylabel "throughput (M records/s)"
    set yrange [0:*]
    set offsets 0.5, 0.5, graph 0.12, 0
    set xtics ("parallel\nadaptive wake-ups" 0, "parallel, sampled\n1 wake-up per 500 records" 1, "back-to-back" 2, "same CPU, batch 1\n(2 threads on 1 CPU:\noversubscribed)" 3)
    set key top right
    set boxwidth 0.2000 absolute
    set bmargin 6
    plot \
        "points.csv" using (sel("selftests", "rb-libbpf") ? column("xi") + -0.3000 : NaN):(sel("selftests", "rb-libbpf") ? column("hits_mean")*1.0 : NaN) with boxes lc rgb "#1f77b4" fs solid 0.85 border lc rgb "#333333" title "rb-libbpf", \
        "points.csv" using (sel("selftests", "rb-libbpf") ? column("xi") + -0.3000 : NaN):(sel("selftests", "rb-libbpf") ? (column("hits_mean")*1.0) - (column("hits_sd")*1.0) : NaN):(0):(sel("selftests", "rb-libbpf") ? ((column("hits_mean")*1.0) + (column("hits_sd")*1.0)) - ((column("hits_mean")*1.0) - (column("hits_sd")*1.0)) : NaN) with vectors heads size screen 0.006,90 lc rgb "black" lw 1 notitle, \
        "points.csv" using (sel("selftests", "rb-libbpf") ? column("xi") + -0.3000 : NaN):(sel("selftests", "rb-libbpf") ? column("hits_mean")*1.0 + column("hits_sd")*1.0 : NaN):(sel("selftests", "rb-libbpf") ? sprintf("%.2f", column("hits_mean")*1.0) . (column("drops_mean") >= 0.005 ? sprintf(" (drops %.2f)", column("drops_mean")) : "") : "") with labels rotate by 90 left offset 0,0.4 font ",8" notitle, \
        "points.csv" using (sel("selftests", "rb-custom") ? column("xi") + -0.1000 : NaN):(sel("selftests", "rb-custom") ? column("hits_mean")*1.0 : NaN) with boxes lc rgb "#1f77b4" fs solid 0.4 border lc rgb "#333333" title "rb-custom", \
        "points.csv" using (sel("selftests", "rb-custom") ? column("xi") + -0.1000 : NaN):(sel("selftests", "rb-custom") ? (column("hits_mean")*1.0) - (column("hits_sd")*1.0) : NaN):(0):(sel("selftests", "rb-custom") ? ((column("hits_mean")*1.0) + (column("hits_sd")*1.0)) - ((column("hits_mean")*1.0) - (column("hits_sd")*1.0)) : NaN) with vectors heads size screen 0.006,90 lc rgb "black" lw 1 notitle, \
        "points.csv" using (sel("selftests", "rb-custom") ? column("xi") + -0.1000 : NaN):(sel("selftests", "rb-custom") ? column("hits_mean")*1.0 + column("hits_sd")*1.0 : NaN):(sel("selftests", "rb-custom") ? sprintf("%.2f", column("hits_mean")*1.0) . (column("drops_mean") >= 0.005 ? sprintf(" (drops %.2f)", column("drops_mean")) : "") : "") with labels rotate by 90 left offset 0,0.4 font ",8" notitle, \
        "points.csv" using (sel("selftests", "pb-libbpf") ? column("xi") + 0.1000 : NaN):(sel("selftests", "pb-libbpf") ? column("hits_mean")*1.0 : NaN) with boxes lc rgb "#d62728" fs solid 0.85 border lc rgb "#333333" title "pb-libbpf", \
        "points.csv" using (sel("selftests", "pb-libbpf") ? column("xi") + 0.1000 : NaN):(sel("selftests", "pb-libbpf") ? (column("hits_mean")*1.0) - (column("hits_sd")*1.0) : NaN):(0):(sel("selftests", "pb-libbpf") ? ((column("hits_mean")*1.0) + (column("hits_sd")*1.0)) - ((column("hits_mean")*1.0) - (column("hits_sd")*1.0)) : NaN) with vectors heads size screen 0.006,90 lc rgb "black" lw 1 notitle, \
        "points.csv" using (sel("selftests", "pb-libbpf") ? column("xi") + 0.1000 : NaN):(sel("selftests", "pb-libbpf") ? column("hits_mean")*1.0 + column("hits_sd")*1.0 : NaN):(sel("selftests", "pb-libbpf") ? sprintf("%.2f", column("hits_mean")*1.0) . (column("drops_mean") >= 0.005 ? sprintf(" (drops %.2f)", column("drops_mean")) : "") : "") with labels rotate by 90 left offset 0,0.4 font ",8" notitle, \
        "points.csv" using (sel("selftests", "kernel rb-libbpf") ? column("xi") + 0.3000 : NaN):(sel("selftests", "kernel rb-libbpf") ? column("hits_mean")*1.0 : NaN) with boxes lc rgb "#6a3d9a" fs solid 0.85 border lc rgb "#333333" title "kernel rb-libbpf", \
        "points.csv" using (sel("selftests", "kernel rb-libbpf") ? column("xi") + 0.3000 : NaN):(sel("selftests", "kernel rb-libbpf") ? (column("hits_mean")*1.0) - (column("hits_sd")*1.0) : NaN):(0):(sel("selftests", "kernel rb-libbpf") ? ((column("hits_mean")*1.0) + (column("hits_sd")*1.0)) - ((column("hits_mean")*1.0) - (column("hits_sd")*1.0)) : NaN) with vectors heads size screen 0.006,90 lc rgb "black" lw 1 notitle, \
        "points.csv" using (sel("selftests", "kernel rb-libbpf") ? column("xi") + 0.3000 : NaN):(sel("selftests", "kernel rb-libbpf") ? column("hits_mean")*1.0 + column("hits_sd")*1.0 : NaN):(sel("selftests", "kernel rb-libbpf") ? sprintf("%.2f", column("hits_mean")*1.0) . (column("drops_mean") >= 0.005 ? sprintf(" (drops %.2f)", column("drops_mean")) : "") : "") with labels rotate by 90 left offset 0,0.4 font ",8" notitle
set output
}
