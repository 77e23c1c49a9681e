# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: wall. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/wall.gp     (make plots does it for every folder)
do for [fmt in "png svg"] {
reset
if (fmt eq "png") {
    set terminal pngcairo size 1280,900 noenhanced font "DejaVu Sans,11"
} else {
    set terminal svg size 1280,900 dynamic noenhanced font "DejaVu Sans,11" background "white"
}
set output "plots/wall." . fmt
set datafile separator comma
set datafile columnheaders
sel(sc, se) = strcol("scenario") eq sc && strcol("series") eq se
set grid ytics lc rgb "#dddddd"
set border lw 1
set key noautotitle
    set title "Wall time to move a fixed number of records, whole rbsim invocations (hyperfine)\nrbsim run --b2b --records 1000000: 8-byte records, batch 500, no drops; process start, set-up and BPF loading included; bars: mean ± sd\nvm, 2 CPUs (AMD EPYC), Linux 6.18.44-fc-v1300, quick suite, mean ± sd of 3 hyperfine runs per point"
    set ylabel "wall time per record (ns)"
    set yrange [0:*]
    set offsets 0.5, 0.5, graph 0.12, 0
    set xtics ("ringbuf" 0, "perfbuf" 1, "wfcqueue" 2, "kernel-ringbuf" 3, "kernel-perfbuf" 4)
    set boxwidth 0.6 absolute
    plot \
        "points.csv" using (sel("wall", "ringbuf") ? 0 : NaN):(sel("wall", "ringbuf") ? column("wall_s_mean")/column("records")*1e9 : NaN) with boxes lc rgb "#1f77b4" fs solid 0.85 border lc rgb "#333333" notitle, \
        "points.csv" using (sel("wall", "ringbuf") ? 0 : NaN):(sel("wall", "ringbuf") ? (column("wall_s_mean")/column("records")*1e9) - (column("wall_s_sd")/column("records")*1e9) : NaN):(0):(sel("wall", "ringbuf") ? ((column("wall_s_mean")/column("records")*1e9) + (column("wall_s_sd")/column("records")*1e9)) - ((column("wall_s_mean")/column("records")*1e9) - (column("wall_s_sd")/column("records")*1e9)) : NaN) with vectors heads size screen 0.006,90 lc rgb "black" lw 1 notitle, \
        "points.csv" using (sel("wall", "ringbuf") ? 0 : NaN):(sel("wall", "ringbuf") ? column("wall_s_mean")/column("records")*1e9 + column("wall_s_sd")/column("records")*1e9 : NaN):(sel("wall", "ringbuf") ? sprintf("%.1f ns/record (%.3f s)", column("wall_s_mean")/column("records")*1e9, column("wall_s_mean")) : "") with labels offset 0,1 font ",9" notitle, \
        "points.csv" using (sel("wall", "perfbuf") ? 1 : NaN):(sel("wall", "perfbuf") ? column("wall_s_mean")/column("records")*1e9 : NaN) with boxes lc rgb "#d62728" fs solid 0.85 border lc rgb "#333333" notitle, \
        "points.csv" using (sel("wall", "perfbuf") ? 1 : NaN):(sel("wall", "perfbuf") ? (column("wall_s_mean")/column("records")*1e9) - (column("wall_s_sd")/column("records")*1e9) : NaN):(0):(sel("wall", "perfbuf") ? ((column("wall_s_mean")/column("records")*1e9) + (column("wall_s_sd")/column("records")*1e9)) - ((column("wall_s_mean")/column("records")*1e9) - (column("wall_s_sd")/column("records")*1e9)) : NaN) with vectors heads size screen 0.006,90 lc rgb "black" lw 1 notitle, \
        "points.csv" using (sel("wall", "perfbuf") ? 1 : NaN):(sel("wall", "perfbuf") ? column("wall_s_mean")/column("records")*1e9 + column("wall_s_sd")/column("records")*1e9 : NaN):(sel("wall", "perfbuf") ? sprintf("%.1f ns/record (%.3f s)", column("wall_s_mean")/column("records")*1e9, column("wall_s_mean")) : "") with labels offset 0,1 font ",9" notitle, \
        "points.csv" using (sel("wall", "wfcqueue") ? 2 : NaN):(sel("wall", "wfcqueue") ? column("wall_s_mean")/column("records")*1e9 : NaN) with boxes lc rgb "#2ca02c" fs solid 0.85 border lc rgb "#333333" notitle, \
        "points.csv" using (sel("wall", "wfcqueue") ? 2 : NaN):(sel("wall", "wfcqueue") ? (column("wall_s_mean")/column("records")*1e9) - (column("wall_s_sd")/column("records")*1e9) : NaN):(0):(sel("wall", "wfcqueue") ? ((column("wall_s_mean")/column("records")*1e9) + (column("wall_s_sd")/column("records")*1e9)) - ((column("wall_s_mean")/column("records")*1e9) - (column("wall_s_sd")/column("records")*1e9)) : NaN) with vectors heads size screen 0.006,90 lc rgb "black" lw 1 notitle, \
        "points.csv" using (sel("wall", "wfcqueue") ? 2 : NaN):(sel("wall", "wfcqueue") ? column("wall_s_mean")/column("records")*1e9 + column("wall_s_sd")/column("records")*1e9 : NaN):(sel("wall", "wfcqueue") ? sprintf("%.1f ns/record (%.3f s)", column("wall_s_mean")/column("records")*1e9, column("wall_s_mean")) : "") with labels offset 0,1 font ",9" notitle, \
        "points.csv" using (sel("wall", "kernel-ringbuf") ? 3 : NaN):(sel("wall", "kernel-ringbuf") ? column("wall_s_mean")/column("records")*1e9 : NaN) with boxes lc rgb "#6a3d9a" fs solid 0.85 border lc rgb "#333333" notitle, \
        "points.csv" using (sel("wall", "kernel-ringbuf") ? 3 : NaN):(sel("wall", "kernel-ringbuf") ? (column("wall_s_mean")/column("records")*1e9) - (column("wall_s_sd")/column("records")*1e9) : NaN):(0):(sel("wall", "kernel-ringbuf") ? ((column("wall_s_mean")/column("records")*1e9) + (column("wall_s_sd")/column("records")*1e9)) - ((column("wall_s_mean")/column("records")*1e9) - (column("wall_s_sd")/column("records")*1e9)) : NaN) with vectors heads size screen 0.006,90 lc rgb "black" lw 1 notitle, \
        "points.csv" using (sel("wall", "kernel-ringbuf") ? 3 : NaN):(sel("wall", "kernel-ringbuf") ? column("wall_s_mean")/column("records")*1e9 + column("wall_s_sd")/column("records")*1e9 : NaN):(sel("wall", "kernel-ringbuf") ? sprintf("%.1f ns/record (%.3f s)", column("wall_s_mean")/column("records")*1e9, column("wall_s_mean")) : "") with labels offset 0,1 font ",9" notitle, \
        "points.csv" using (sel("wall", "kernel-perfbuf") ? 4 : NaN):(sel("wall", "kernel-perfbuf") ? column("wall_s_mean")/column("records")*1e9 : NaN) with boxes lc rgb "#ff7f0e" fs solid 0.85 border lc rgb "#333333" notitle, \
        "points.csv" using (sel("wall", "kernel-perfbuf") ? 4 : NaN):(sel("wall", "kernel-perfbuf") ? (column("wall_s_mean")/column("records")*1e9) - (column("wall_s_sd")/column("records")*1e9) : NaN):(0):(sel("wall", "kernel-perfbuf") ? ((column("wall_s_mean")/column("records")*1e9) + (column("wall_s_sd")/column("records")*1e9)) - ((column("wall_s_mean")/column("records")*1e9) - (column("wall_s_sd")/column("records")*1e9)) : NaN) with vectors heads size screen 0.006,90 lc rgb "black" lw 1 notitle, \
        "points.csv" using (sel("wall", "kernel-perfbuf") ? 4 : NaN):(sel("wall", "kernel-perfbuf") ? column("wall_s_mean")/column("records")*1e9 + column("wall_s_sd")/column("records")*1e9 : NaN):(sel("wall", "kernel-perfbuf") ? sprintf("%.1f ns/record (%.3f s)", column("wall_s_mean")/column("records")*1e9, column("wall_s_mean")) : "") with labels offset 0,1 font ",9" notitle
set output
}
