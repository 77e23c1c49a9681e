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
3 13.4128
4 13.4127
5 13.4128
6 13.4131
7 13.4132
8 13.2139
9 13.4576
10 13.4135
11 13.4124
12 13.4023
13 13.3126
14 13.1995
15 13.0933
16 13.0036
17 12.9205
18 12.6396
19 12.7839
20 12.7271
21 12.6754
22 12.6284
23 12.5848
24 12.5424
25 12.5122
26 12.4589
27 12.4488
28 12.4221
29 12.3965
30 12.3707
31 12.3408
32 12.3299
33 12.2769
34 12.2908
35 12.2752
36 12.2584
37 12.2435
38 12.2292
39 12.2129
40 12.1974
41 12.1899
42 12.1787
43 12.1667
44 12.1567
45 12.1467
46 12.1368
47 12.1268
48 12.1198
49 12.1106
50 12.1019
51 12.0922
52 12.0880
EOD
$v3 << EOD
1 11.6230
2 15.1245
3 15.1286
4 15.1308
5 15.1302
6 15.1292
7 15.1253
8 14.5800
9 14.1904
10 13.8955
11 13.6461
12 13.4560
13 13.2965
14 13.1703
15 12.9648
16 12.9138
17 11.2237
18 11.2253
19 11.2220
20 11.2146
21 11.2126
22 11.2197
23 11.2117
24 11.2082
25 11.2089
26 11.2177
27 11.2323
28 11.2216
29 11.2149
30 11.2115
31 11.2200
32 11.1978
33 11.2395
34 11.2333
35 11.2124
36 11.2131
37 11.2210
38 11.2215
39 11.2091
40 11.2065
41 11.1936
42 11.1950
43 11.1919
44 11.1910
45 11.2028
46 11.1946
47 11.1840
48 11.1744
49 11.1651
50 11.1561
51 11.1476
52 11.2143
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
