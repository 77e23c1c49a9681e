# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: model-intel-xeon-e5-2680-v4-2-sockets-smt-on. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/model-intel-xeon-e5-2680-v4-2-sockets-smt-on.gp     (make plots does it for every folder)
$v0 << EOD
1 10.9159
2 7.3956
3 3.3559
4 3.1606
5 3.1606
6 3.1606
7 3.1606
8 3.1606
9 3.1606
10 3.1606
11 3.1606
12 3.1606
13 3.1606
14 2.5844
15 2.2318
16 1.9937
17 1.8222
18 1.8348
19 1.8462
20 1.7249
21 1.7390
22 1.7520
23 1.7640
24 1.7753
25 1.7857
26 1.7954
27 1.8045
28 1.7470
29 1.7743
30 1.7159
31 1.7416
32 1.6896
33 1.7138
34 1.7372
35 1.7598
36 1.7981
37 1.8193
38 1.8392
39 1.8598
40 1.8956
41 1.8289
42 1.8341
43 1.8538
44 1.7960
45 1.8014
46 1.7501
47 1.7560
48 1.7096
49 1.7158
50 1.6744
51 1.6364
52 1.6015
EOD
$v1 << EOD
1 10.9159
2 11.1041
3 6.0800
4 4.4967
5 3.7333
6 3.1879
7 2.7794
8 2.4692
9 2.2213
10 2.0160
11 1.8467
12 1.7045
13 1.5825
14 1.1883
15 0.9716
16 0.8333
17 0.7376
18 0.6672
19 0.6129
20 0.5696
21 0.5341
22 0.5045
23 0.4792
24 0.4574
25 0.4383
26 0.4215
27 0.4064
28 0.3933
29 0.3813
30 0.3704
31 0.3604
32 0.3511
33 0.3425
34 0.3344
35 0.3269
36 0.3199
37 0.3132
38 0.3070
39 0.3011
40 0.2954
41 0.2901
42 0.2806
43 0.2720
44 0.2641
45 0.2569
46 0.2502
47 0.2439
48 0.2382
49 0.2328
50 0.2277
51 0.2230
52 0.2185
EOD
$v2 << EOD
1 10.9159
2 7.3956
3 13.1413
4 13.1384
5 13.1332
6 13.1385
7 13.1313
8 13.1289
9 13.1303
10 13.1310
11 13.1363
12 13.1273
13 13.1357
14 12.8467
15 12.5538
16 12.2810
17 8.1992
18 12.1030
19 8.1992
20 8.1991
21 8.1980
22 11.6675
23 11.6219
24 11.4251
25 10.6353
26 8.3069
27 10.7053
28 8.9004
29 8.2803
30 8.3578
31 8.2492
32 8.2802
33 8.2304
34 8.2018
35 8.2041
36 8.1950
37 8.1980
38 11.4891
39 8.2011
40 8.1990
41 8.1999
42 11.4103
43 8.1989
44 8.1983
45 10.9914
46 10.9411
47 8.2163
48 8.2455
49 8.2544
50 8.4046
51 11.1113
52 8.6922
EOD
$v3 << EOD
1 10.9159
2 13.1415
3 13.1446
4 13.1482
5 13.1438
6 13.1477
7 13.1500
8 13.1520
9 13.1483
10 13.1514
11 13.1407
12 13.1559
13 13.1487
14 12.9056
15 12.6726
16 12.4744
17 12.3448
18 12.1982
19 12.0686
20 10.3988
21 10.3793
22 10.4291
23 10.3756
24 10.3902
25 10.3737
26 10.3784
27 10.4026
28 10.4076
29 10.3904
30 10.4020
31 10.3811
32 10.4158
33 10.4420
34 10.3842
35 10.3785
36 10.3836
37 10.3878
38 10.3989
39 10.3923
40 10.4248
41 11.9350
42 10.3966
43 10.4274
44 10.3801
45 10.3882
46 10.4076
47 10.4284
48 10.3740
49 10.3770
50 10.3986
51 10.3859
52 10.3970
EOD
$pub << EOD
1 10.916
2 4.931
3 4.880
4 3.926
8 4.011
12 3.967
16 2.604
20 2.233
24 2.085
28 2.055
32 1.962
36 2.089
40 2.118
44 2.105
48 2.120
52 2.074
EOD
do for [fmt in "png svg"] {
reset
if (fmt eq "png") {
    set terminal pngcairo size 1280,900 noenhanced font "DejaVu Sans,11"
} else {
    set terminal svg size 1280,900 dynamic noenhanced font "DejaVu Sans,11" background "white"
}
set output "plots/model-intel-xeon-e5-2680-v4-2-sockets-smt-on." . fmt
set datafile separator comma
set datafile columnheaders
sel(sc, se) = strcol("scenario") eq sc && strcol("series") eq se
set grid ytics lc rgb "#dddddd"
set border lw 1
set key noautotitle
    set title "rbsim model: Intel Xeon E5-2680 v4, 2 sockets, SMT on\nM records/s against producers, every reservation variant, batch 50, the workload of published curve A"
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
        $pub using 1:2 with points pt 6 ps 1.6 lw 2 lc rgb "#000000" title "published, curve A (kernel)"
set output
}
