# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: model-amd-epyc-9654-12-ccds-1-socket-smt-assum. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/model-amd-epyc-9654-12-ccds-1-socket-smt-assum.gp     (make plots does it for every folder)
$v0 << EOD
1 11.6230
2 13.4128
3 14.2898
4 6.2112
5 6.2112
6 6.2112
7 6.2112
8 3.6166
9 2.7648
10 2.8790
11 2.8011
12 2.4016
13 2.8431
14 2.4679
15 2.2196
16 2.1454
17 1.9917
18 2.0321
19 2.0714
20 2.0258
21 1.7953
22 1.8257
23 1.8600
24 1.8369
25 1.7677
26 1.7964
27 1.7786
28 1.7640
29 1.7498
30 1.7375
31 1.7656
32 1.7527
33 1.7400
34 1.7642
35 1.7869
36 1.7745
37 1.7952
38 1.7228
39 1.7427
40 1.7331
41 1.7525
42 1.7431
43 1.7342
44 1.7258
45 1.7435
46 1.7352
47 1.6793
48 1.6955
49 1.6454
50 1.6404
51 1.6357
52 1.6311
EOD
$v1 << EOD
1 11.6230
2 15.1570
3 15.1579
4 9.0204
5 7.4197
6 6.3194
7 5.5037
8 2.7932
9 1.9938
10 1.6100
11 1.3820
12 1.2321
13 1.1236
14 1.0411
15 0.9755
16 0.8613
17 0.7790
18 0.7167
19 0.6678
20 0.6282
21 0.5955
22 0.5679
23 0.5442
24 0.5099
25 0.4816
26 0.4577
27 0.4373
28 0.4196
29 0.4042
30 0.3905
31 0.3783
32 0.3622
33 0.3481
34 0.3357
35 0.3246
36 0.3147
37 0.3057
38 0.2975
39 0.2901
40 0.2808
41 0.2725
42 0.2649
43 0.2579
44 0.2516
45 0.2457
46 0.2403
47 0.2353
48 0.2293
49 0.2238
50 0.2187
51 0.2139
52 0.2095
EOD
$v2 << EOD
1 11.6230
2 13.4128
3 15.1486
4 15.1481
5 15.1444
6 15.1444
7 15.1403
8 14.6155
9 14.2237
10 13.9247
11 12.8521
12 12.8976
13 12.9391
14 12.9782
15 12.9979
16 12.9614
17 12.8965
18 12.8328
19 12.7707
20 12.7155
21 12.6643
22 12.6179
23 12.5756
24 12.5382
25 12.5022
26 12.4711
27 12.4404
28 12.4137
29 12.3876
30 12.3635
31 12.3418
32 12.3202
33 12.3003
34 12.2819
35 12.2663
36 12.2503
37 12.2351
38 12.2199
39 12.2057
40 12.1930
41 12.1803
42 12.1693
43 12.1578
44 12.1481
45 12.1382
46 12.1282
47 12.1189
48 12.1101
49 12.1021
50 12.0938
51 12.0859
52 12.0782
EOD
$v3 << EOD
1 11.6230
2 15.0867
3 15.0862
4 15.1577
5 15.1575
6 15.1578
7 15.1579
8 13.2845
9 14.1054
10 13.9080
11 13.6831
12 13.4950
13 13.3405
14 13.2095
15 13.0963
16 13.0018
17 12.9174
18 12.8433
19 12.7783
20 12.7209
21 12.6691
22 12.6218
23 12.5790
24 12.5394
25 12.5043
26 12.4726
27 12.4436
28 12.4142
29 12.3892
30 12.3640
31 12.3424
32 12.3225
33 12.3033
34 12.2850
35 12.2663
36 12.2504
37 12.2361
38 12.2210
39 12.2080
40 12.1940
41 12.1816
42 12.1705
43 12.1594
44 12.1481
45 12.1388
46 12.1296
47 12.1201
48 12.1115
49 12.1023
50 12.0945
51 12.0870
52 12.0796
EOD
$pub << EOD
1 11.623
2 15.812
3 7.871
4 6.703
8 2.896
12 2.054
16 1.864
20 1.580
24 1.484
28 1.369
32 1.316
36 1.272
40 1.239
44 1.226
48 1.213
52 1.193
EOD
do for [fmt in "png svg"] {
reset
if (fmt eq "png") {
    set terminal pngcairo size 1280,900 noenhanced font "DejaVu Sans,11"
} else {
    set terminal svg size 1280,900 dynamic noenhanced font "DejaVu Sans,11" background "white"
}
set output "plots/model-amd-epyc-9654-12-ccds-1-socket-smt-assum." . fmt
set datafile separator comma
set datafile columnheaders
sel(sc, se) = strcol("scenario") eq sc && strcol("series") eq se
set grid ytics lc rgb "#dddddd"
set border lw 1
set key noautotitle
    set title "rbsim model: AMD EPYC 9654, 12 CCDs (1 socket, SMT assumed)\nM records/s against producers, every reservation variant, batch 50, the workload of published curve D"
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
        $pub using 1:2 with points pt 6 ps 1.6 lw 2 lc rgb "#000000" title "published, curve D (kernel)"
set output
}
