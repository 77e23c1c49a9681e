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
3 36.4513
4 36.4194
5 48.9373
6 48.9430
7 48.9790
8 44.8541
9 41.6325
10 39.4107
11 38.3224
12 36.5715
13 35.3400
14 26.2769
15 20.0557
16 28.7642
17 35.3966
18 36.5701
19 37.2325
20 37.3418
21 38.0848
22 34.9172
23 38.5952
24 37.7261
25 37.6196
26 37.0276
27 34.8149
28 32.9163
29 34.6916
30 24.8867
31 19.9238
32 28.4647
33 31.5103
34 35.8137
35 36.0786
36 35.4917
37 37.3773
38 37.6414
39 37.6268
40 36.0399
41 36.7827
42 36.0390
43 36.4087
44 35.4091
45 34.6221
46 32.3940
47 19.9602
48 35.9244
49 35.5066
50 33.1876
51 36.7520
52 36.9295
EOD
$v3 << EOD
1 18.4860
2 35.8990
3 48.9246
4 48.9937
5 49.0098
6 48.9952
7 48.9762
8 44.9466
9 41.7730
10 40.0185
11 38.7062
12 37.6585
13 36.6387
14 35.8570
15 35.3999
16 36.2753
17 36.7633
18 37.3190
19 37.6543
20 38.0436
21 38.5741
22 38.8468
23 39.2463
24 38.6111
25 37.9136
26 37.4458
27 36.9864
28 36.8119
29 36.4539
30 36.1167
31 35.8293
32 36.1791
33 36.5561
34 36.8913
35 37.1740
36 37.4236
37 37.6542
38 37.8434
39 37.8571
40 37.8709
41 37.5625
42 37.1049
43 37.0892
44 36.9078
45 36.6010
46 36.2712
47 36.1328
48 36.4499
49 36.4744
50 36.6790
51 37.0277
52 37.2311
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
