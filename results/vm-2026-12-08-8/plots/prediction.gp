# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: prediction. Written by scripts/bench_prediction.py for this results
# folder; it reads only the folder's prediction-points.csv. From the folder:
#   gnuplot plots/prediction.gp     (make plots does it for every folder)
do for [fmt in "png svg"] {
reset
if (fmt eq "png") {
    set terminal pngcairo size 1280,900 noenhanced font "DejaVu Sans,10"
} else {
    set terminal svg size 1280,900 dynamic noenhanced font "DejaVu Sans,10" background "white"
}
set output "plots/prediction." . fmt
set datafile separator comma
set datafile columnheaders
set logscale xy
set format xy "%g"
set grid lc rgb "#dddddd"
set key top left font ",8"
set size square
# a figure's median of one side, NaN elsewhere; fit: 1 for the workloads that
# fit the CPUs, 0 for the oversubscribed ones
sel(f, c, fit) = strcol("figure") eq f && column("oversubscribed") != fit && column(c) > 0 ? column(c) : NaN
set multiplot layout 2,4 title "Port against kernel: each workload's median, log-log; y = x and +-25%; triangles: oversubscribed\nvm, AMD EPYC, Linux 6.18.44-fc-v1300, profile made by rbsim calibrate --passes 3 --pass-gap 60 into profile.json (each cost from its middle pass; the passes in log.txt)"
set title "hits (M records/s)"
set xlabel "kernel (measured)"
set ylabel "port (predicted)"
set xrange [0.0499455:178.068]
set yrange [0.0499455:178.068]
plot x lc rgb "#444444" dt 1 title "y = x", 1.25*x lc rgb "#999999" dt 2 title "+-25%", 0.75*x lc rgb "#999999" dt 2 notitle, \
    "prediction-points.csv" using (sel("hits", "kernel", 1)):(sel("hits", "pure", 1)) with points pt 6 ps 1.3 lc rgb "#1f77b4" title "pure port", \
    "" using (sel("hits", "kernel", 1)):(sel("hits", "calibrated", 1)) with points pt 7 ps 1.1 lc rgb "#d62728" title "calibrated port", \
    "" using (sel("hits", "kernel", 0)):(sel("hits", "pure", 0)) with points pt 8 ps 1.3 lc rgb "#1f77b4" notitle, \
    "" using (sel("hits", "kernel", 0)):(sel("hits", "calibrated", 0)) with points pt 9 ps 1.1 lc rgb "#d62728" notitle, \
    "" using (sel("hits", "kernel", 1)):(sel("hits", "kernel_again", 1)) with points pt 4 ps 1.0 lc rgb "#2ca02c" title "kernel again", \
    "" using (sel("hits", "kernel", 0)):(sel("hits", "kernel_again", 0)) with points pt 10 ps 1.0 lc rgb "#2ca02c" notitle, \
    "" using (sel("hits", "kernel", 1)):(sel("hits", "calibrated_now", 1)) with points pt 5 ps 1.0 lc rgb "#9467bd" title "calibrated now", \
    "" using (sel("hits", "kernel", 0)):(sel("hits", "calibrated_now", 0)) with points pt 11 ps 1.0 lc rgb "#9467bd" notitle
set title "drop fraction"
set xlabel "kernel (measured)"
set ylabel "port (predicted)"
set xrange [1.06135e-07:1.79907]
set yrange [1.06135e-07:1.79907]
plot x lc rgb "#444444" dt 1 title "y = x", 1.25*x lc rgb "#999999" dt 2 title "+-25%", 0.75*x lc rgb "#999999" dt 2 notitle, \
    "prediction-points.csv" using (sel("drop_frac", "kernel", 1)):(sel("drop_frac", "pure", 1)) with points pt 6 ps 1.3 lc rgb "#1f77b4" title "pure port", \
    "" using (sel("drop_frac", "kernel", 1)):(sel("drop_frac", "calibrated", 1)) with points pt 7 ps 1.1 lc rgb "#d62728" title "calibrated port", \
    "" using (sel("drop_frac", "kernel", 0)):(sel("drop_frac", "pure", 0)) with points pt 8 ps 1.3 lc rgb "#1f77b4" notitle, \
    "" using (sel("drop_frac", "kernel", 0)):(sel("drop_frac", "calibrated", 0)) with points pt 9 ps 1.1 lc rgb "#d62728" notitle, \
    "" using (sel("drop_frac", "kernel", 1)):(sel("drop_frac", "kernel_again", 1)) with points pt 4 ps 1.0 lc rgb "#2ca02c" title "kernel again", \
    "" using (sel("drop_frac", "kernel", 0)):(sel("drop_frac", "kernel_again", 0)) with points pt 10 ps 1.0 lc rgb "#2ca02c" notitle, \
    "" using (sel("drop_frac", "kernel", 1)):(sel("drop_frac", "calibrated_now", 1)) with points pt 5 ps 1.0 lc rgb "#9467bd" title "calibrated now", \
    "" using (sel("drop_frac", "kernel", 0)):(sel("drop_frac", "calibrated_now", 0)) with points pt 11 ps 1.0 lc rgb "#9467bd" notitle
set title "wake-ups per record"
set xlabel "kernel (measured)"
set ylabel "port (predicted)"
set xrange [0.00043447:1.99395]
set yrange [0.00043447:1.99395]
plot x lc rgb "#444444" dt 1 title "y = x", 1.25*x lc rgb "#999999" dt 2 title "+-25%", 0.75*x lc rgb "#999999" dt 2 notitle, \
    "prediction-points.csv" using (sel("wakeups_per_rec", "kernel", 1)):(sel("wakeups_per_rec", "pure", 1)) with points pt 6 ps 1.3 lc rgb "#1f77b4" title "pure port", \
    "" using (sel("wakeups_per_rec", "kernel", 1)):(sel("wakeups_per_rec", "calibrated", 1)) with points pt 7 ps 1.1 lc rgb "#d62728" title "calibrated port", \
    "" using (sel("wakeups_per_rec", "kernel", 0)):(sel("wakeups_per_rec", "pure", 0)) with points pt 8 ps 1.3 lc rgb "#1f77b4" notitle, \
    "" using (sel("wakeups_per_rec", "kernel", 0)):(sel("wakeups_per_rec", "calibrated", 0)) with points pt 9 ps 1.1 lc rgb "#d62728" notitle, \
    "" using (sel("wakeups_per_rec", "kernel", 1)):(sel("wakeups_per_rec", "kernel_again", 1)) with points pt 4 ps 1.0 lc rgb "#2ca02c" title "kernel again", \
    "" using (sel("wakeups_per_rec", "kernel", 0)):(sel("wakeups_per_rec", "kernel_again", 0)) with points pt 10 ps 1.0 lc rgb "#2ca02c" notitle, \
    "" using (sel("wakeups_per_rec", "kernel", 1)):(sel("wakeups_per_rec", "calibrated_now", 1)) with points pt 5 ps 1.0 lc rgb "#9467bd" title "calibrated now", \
    "" using (sel("wakeups_per_rec", "kernel", 0)):(sel("wakeups_per_rec", "calibrated_now", 0)) with points pt 11 ps 1.0 lc rgb "#9467bd" notitle
set title "notifications per record"
set xlabel "kernel (measured)"
set ylabel "port (predicted)"
set xrange [0.00027675:2]
set yrange [0.00027675:2]
plot x lc rgb "#444444" dt 1 title "y = x", 1.25*x lc rgb "#999999" dt 2 title "+-25%", 0.75*x lc rgb "#999999" dt 2 notitle, \
    "prediction-points.csv" using (sel("notif_per_rec", "kernel", 1)):(sel("notif_per_rec", "pure", 1)) with points pt 6 ps 1.3 lc rgb "#1f77b4" title "pure port", \
    "" using (sel("notif_per_rec", "kernel", 1)):(sel("notif_per_rec", "calibrated", 1)) with points pt 7 ps 1.1 lc rgb "#d62728" title "calibrated port", \
    "" using (sel("notif_per_rec", "kernel", 0)):(sel("notif_per_rec", "pure", 0)) with points pt 8 ps 1.3 lc rgb "#1f77b4" notitle, \
    "" using (sel("notif_per_rec", "kernel", 0)):(sel("notif_per_rec", "calibrated", 0)) with points pt 9 ps 1.1 lc rgb "#d62728" notitle, \
    "" using (sel("notif_per_rec", "kernel", 1)):(sel("notif_per_rec", "kernel_again", 1)) with points pt 4 ps 1.0 lc rgb "#2ca02c" title "kernel again", \
    "" using (sel("notif_per_rec", "kernel", 0)):(sel("notif_per_rec", "kernel_again", 0)) with points pt 10 ps 1.0 lc rgb "#2ca02c" notitle, \
    "" using (sel("notif_per_rec", "kernel", 1)):(sel("notif_per_rec", "calibrated_now", 1)) with points pt 5 ps 1.0 lc rgb "#9467bd" title "calibrated now", \
    "" using (sel("notif_per_rec", "kernel", 0)):(sel("notif_per_rec", "calibrated_now", 0)) with points pt 11 ps 1.0 lc rgb "#9467bd" notitle
set title "consumer sleeps per record"
set xlabel "kernel (measured)"
set ylabel "port (predicted)"
set xrange [6.60934e-06:0.79439]
set yrange [6.60934e-06:0.79439]
plot x lc rgb "#444444" dt 1 title "y = x", 1.25*x lc rgb "#999999" dt 2 title "+-25%", 0.75*x lc rgb "#999999" dt 2 notitle, \
    "prediction-points.csv" using (sel("sleeps_per_rec", "kernel", 1)):(sel("sleeps_per_rec", "pure", 1)) with points pt 6 ps 1.3 lc rgb "#1f77b4" title "pure port", \
    "" using (sel("sleeps_per_rec", "kernel", 1)):(sel("sleeps_per_rec", "calibrated", 1)) with points pt 7 ps 1.1 lc rgb "#d62728" title "calibrated port", \
    "" using (sel("sleeps_per_rec", "kernel", 0)):(sel("sleeps_per_rec", "pure", 0)) with points pt 8 ps 1.3 lc rgb "#1f77b4" notitle, \
    "" using (sel("sleeps_per_rec", "kernel", 0)):(sel("sleeps_per_rec", "calibrated", 0)) with points pt 9 ps 1.1 lc rgb "#d62728" notitle, \
    "" using (sel("sleeps_per_rec", "kernel", 1)):(sel("sleeps_per_rec", "kernel_again", 1)) with points pt 4 ps 1.0 lc rgb "#2ca02c" title "kernel again", \
    "" using (sel("sleeps_per_rec", "kernel", 0)):(sel("sleeps_per_rec", "kernel_again", 0)) with points pt 10 ps 1.0 lc rgb "#2ca02c" notitle, \
    "" using (sel("sleeps_per_rec", "kernel", 1)):(sel("sleeps_per_rec", "calibrated_now", 1)) with points pt 5 ps 1.0 lc rgb "#9467bd" title "calibrated now", \
    "" using (sel("sleeps_per_rec", "kernel", 0)):(sel("sleeps_per_rec", "calibrated_now", 0)) with points pt 11 ps 1.0 lc rgb "#9467bd" notitle
set title "latency p50 (us)"
set xlabel "kernel (measured)"
set ylabel "port (predicted)"
set xrange [0.117:4440.06]
set yrange [0.117:4440.06]
plot x lc rgb "#444444" dt 1 title "y = x", 1.25*x lc rgb "#999999" dt 2 title "+-25%", 0.75*x lc rgb "#999999" dt 2 notitle, \
    "prediction-points.csv" using (sel("p50_us", "kernel", 1)):(sel("p50_us", "pure", 1)) with points pt 6 ps 1.3 lc rgb "#1f77b4" title "pure port", \
    "" using (sel("p50_us", "kernel", 1)):(sel("p50_us", "calibrated", 1)) with points pt 7 ps 1.1 lc rgb "#d62728" title "calibrated port", \
    "" using (sel("p50_us", "kernel", 0)):(sel("p50_us", "pure", 0)) with points pt 8 ps 1.3 lc rgb "#1f77b4" notitle, \
    "" using (sel("p50_us", "kernel", 0)):(sel("p50_us", "calibrated", 0)) with points pt 9 ps 1.1 lc rgb "#d62728" notitle, \
    "" using (sel("p50_us", "kernel", 1)):(sel("p50_us", "kernel_again", 1)) with points pt 4 ps 1.0 lc rgb "#2ca02c" title "kernel again", \
    "" using (sel("p50_us", "kernel", 0)):(sel("p50_us", "kernel_again", 0)) with points pt 10 ps 1.0 lc rgb "#2ca02c" notitle, \
    "" using (sel("p50_us", "kernel", 1)):(sel("p50_us", "calibrated_now", 1)) with points pt 5 ps 1.0 lc rgb "#9467bd" title "calibrated now", \
    "" using (sel("p50_us", "kernel", 0)):(sel("p50_us", "calibrated_now", 0)) with points pt 11 ps 1.0 lc rgb "#9467bd" notitle
set title "latency p99 (us)"
set xlabel "kernel (measured)"
set ylabel "port (predicted)"
set xrange [0.4125:15204.4]
set yrange [0.4125:15204.4]
plot x lc rgb "#444444" dt 1 title "y = x", 1.25*x lc rgb "#999999" dt 2 title "+-25%", 0.75*x lc rgb "#999999" dt 2 notitle, \
    "prediction-points.csv" using (sel("p99_us", "kernel", 1)):(sel("p99_us", "pure", 1)) with points pt 6 ps 1.3 lc rgb "#1f77b4" title "pure port", \
    "" using (sel("p99_us", "kernel", 1)):(sel("p99_us", "calibrated", 1)) with points pt 7 ps 1.1 lc rgb "#d62728" title "calibrated port", \
    "" using (sel("p99_us", "kernel", 0)):(sel("p99_us", "pure", 0)) with points pt 8 ps 1.3 lc rgb "#1f77b4" notitle, \
    "" using (sel("p99_us", "kernel", 0)):(sel("p99_us", "calibrated", 0)) with points pt 9 ps 1.1 lc rgb "#d62728" notitle, \
    "" using (sel("p99_us", "kernel", 1)):(sel("p99_us", "kernel_again", 1)) with points pt 4 ps 1.0 lc rgb "#2ca02c" title "kernel again", \
    "" using (sel("p99_us", "kernel", 0)):(sel("p99_us", "kernel_again", 0)) with points pt 10 ps 1.0 lc rgb "#2ca02c" notitle, \
    "" using (sel("p99_us", "kernel", 1)):(sel("p99_us", "calibrated_now", 1)) with points pt 5 ps 1.0 lc rgb "#9467bd" title "calibrated now", \
    "" using (sel("p99_us", "kernel", 0)):(sel("p99_us", "calibrated_now", 0)) with points pt 11 ps 1.0 lc rgb "#9467bd" notitle
unset multiplot
set output
}
