# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: model-amd-ryzen-9-7950x-2-ccds-smt-on. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/model-amd-ryzen-9-7950x-2-ccds-smt-on.gp     (make plots does it for every folder)
$v0 << EOD
1 18.4860
2 20.4797
3 11.0281
4 9.0992
5 9.0992
6 9.0992
7 9.0992
8 5.1177
9 3.8184
10 3.3655
11 3.9217
12 3.3450
13 3.9827
14 3.4403
15 3.0843
16 2.9398
17 3.0617
18 2.8934
19 3.0011
20 3.1052
21 3.4651
22 3.5655
23 3.6622
24 3.1750
25 3.2075
26 3.2426
27 3.0679
28 3.1026
29 3.1356
30 3.1671
31 3.3887
32 3.4680
33 3.4680
34 3.4637
35 2.9148
36 2.9148
37 2.9148
38 3.2626
39 3.2626
40 3.0897
41 3.0899
42 3.2624
43 3.2624
44 3.2624
45 3.2624
46 3.2624
47 3.2501
48 3.2589
49 3.2589
50 3.2589
51 3.2589
52 3.2759
EOD
$v1 << EOD
1 18.4860
2 24.7996
3 28.0920
4 13.2738
5 10.9145
6 9.2850
7 8.0830
8 3.9546
9 2.7962
10 2.2476
11 1.9262
12 1.7140
13 1.5622
14 1.4477
15 1.3564
16 1.2851
17 1.2250
18 1.1737
19 1.1292
20 1.0902
21 1.0555
22 1.0243
23 0.9960
24 0.9357
25 0.8854
26 0.8426
27 0.8058
28 0.7737
29 0.7454
30 0.7203
31 0.6978
32 0.6779
33 0.6779
34 0.6779
35 0.6779
36 0.6779
37 0.6779
38 0.6779
39 0.6779
40 0.6779
41 0.6779
42 0.6779
43 0.6779
44 0.6779
45 0.6779
46 0.6779
47 0.6779
48 0.6779
49 0.6779
50 0.6779
51 0.6779
52 0.6779
EOD
$v2 << EOD
1 18.4860
2 20.4797
3 37.8083
4 38.6125
5 48.9504
6 48.9022
7 49.0547
8 44.8310
9 42.4973
10 40.5755
11 39.1057
12 37.9768
13 20.6035
14 20.6158
15 20.6730
16 36.5608
17 37.1240
18 37.6338
19 20.4370
20 38.5419
21 38.9574
22 39.3298
23 39.6742
24 39.0641
25 38.5171
26 38.0262
27 20.6119
28 37.1845
29 36.8154
30 20.5967
31 20.6067
32 33.8894
33 36.9324
34 20.5960
35 37.4630
36 37.7138
37 37.9501
38 38.1798
39 38.3994
40 38.0878
41 31.5235
42 37.5161
43 37.2543
44 20.5940
45 36.7819
46 36.5608
47 36.1740
48 20.6011
49 20.5955
50 36.9910
51 37.1701
52 37.3546
EOD
$v3 << EOD
1 18.4860
2 38.6928
3 48.9509
4 49.0168
5 49.1634
6 49.1636
7 49.1629
8 45.1902
9 42.5178
10 40.5968
11 39.1501
12 38.0230
13 37.1140
14 36.3736
15 35.7532
16 36.5909
17 37.1494
18 37.6596
19 38.1318
20 38.5604
21 38.9617
22 39.3298
23 39.6771
24 39.0658
25 38.5234
26 38.0367
27 37.5935
28 37.1872
29 36.8254
30 36.4912
31 36.1745
32 36.6456
33 36.9314
34 37.2014
35 37.4594
36 37.7118
37 37.9499
38 38.1799
39 38.4003
40 38.0857
41 37.7906
42 37.5149
43 37.2535
44 37.0075
45 36.7768
46 36.5618
47 36.3530
48 36.6295
49 36.8213
50 37.0084
51 37.1845
52 37.3598
EOD
$pub << EOD
1 18.486
2 22.009
3 11.908
4 11.302
8 5.799
12 4.296
16 4.248
20 4.530
24 4.607
28 4.470
32 4.348
36 4.248
40 4.227
44 4.100
48 4.056
52 4.051
EOD
do for [fmt in "png svg"] {
reset
if (fmt eq "png") {
    set terminal pngcairo size 1280,900 noenhanced font "DejaVu Sans,11"
} else {
    set terminal svg size 1280,900 dynamic noenhanced font "DejaVu Sans,11" background "white"
}
set output "plots/model-amd-ryzen-9-7950x-2-ccds-smt-on." . fmt
set datafile separator comma
set datafile columnheaders
sel(sc, se) = strcol("scenario") eq sc && strcol("series") eq se
set grid ytics lc rgb "#dddddd"
set border lw 1
set key noautotitle
    set title "rbsim model: AMD Ryzen 9 7950X, 2 CCDs, SMT on\nM records/s against producers, every reservation variant, batch 50, the workload of published curve B"
    set xlabel "producers"
    set ylabel "throughput (M records/s, model)"
    set yrange [0:*]
    set key top right
    set datafile separator whitespace
    set datafile nocolumnheaders
    plot \
        $v0 using 1:2 with linespoints lw 2 pt 7 ps 0.8 lc rgb "#1f77b4" title "kernel", \
        $v1 using 1:2 with linespoints lw 2 pt 5 ps 0.8 lc rgb "#d62728" title "cas", \
        $v2 using 1:2 with linespoints lw 2 pt 9 ps 0.8 lc rgb "#2ca02c" title "shard:2", \
        $v3 using 1:2 with linespoints lw 2 pt 11 ps 0.8 lc rgb "#ff7f0e" title "percpu", \
        $pub using 1:2 with points pt 6 ps 1.6 lw 2 lc rgb "#000000" title "published, curve B (kernel)"
set output
}
