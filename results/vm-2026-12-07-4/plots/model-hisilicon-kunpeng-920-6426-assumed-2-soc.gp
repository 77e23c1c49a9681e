# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: model-hisilicon-kunpeng-920-6426-assumed-2-soc. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/model-hisilicon-kunpeng-920-6426-assumed-2-soc.gp     (make plots does it for every folder)
$v0 << EOD
1 11.3100
2 9.1753
3 4.5010
4 4.0799
5 4.0451
6 4.0541
7 4.0601
8 4.0541
9 4.0363
10 4.0322
11 4.0561
12 4.0501
13 4.0528
14 4.0498
15 4.0463
16 4.0435
17 4.0465
18 4.0187
19 4.0277
20 4.0216
21 4.0250
22 4.0241
23 4.0313
24 4.0183
25 4.0176
26 4.0207
27 4.0200
28 4.0262
29 4.0253
30 4.0184
31 4.0269
32 3.7711
33 3.5586
34 3.3718
35 3.3607
36 3.2137
37 3.0883
38 2.9755
39 2.8764
40 2.7911
41 2.7912
42 2.7138
43 2.6439
44 2.6501
45 2.5876
46 2.5305
47 2.4840
48 2.4914
49 2.4993
50 2.5069
51 2.4592
52 2.4670
EOD
$v1 << EOD
1 11.3100
2 13.0930
3 14.1659
4 5.8574
5 4.8145
6 4.1071
7 3.5794
8 3.1687
9 2.8400
10 2.5794
11 2.3637
12 2.1783
13 2.0178
14 1.8826
15 1.7648
16 1.6595
17 1.5665
18 1.4837
19 1.4094
20 1.3416
21 1.2802
22 1.2243
23 1.1732
24 1.1259
25 1.0815
26 1.0413
27 1.0042
28 0.9693
29 0.9368
30 0.9065
31 0.8782
32 0.7911
33 0.7225
34 0.6672
35 0.6214
36 0.5829
37 0.5501
38 0.5217
39 0.4969
40 0.4750
41 0.4556
42 0.4381
43 0.4224
44 0.4082
45 0.3952
46 0.3832
47 0.3723
48 0.3622
49 0.3528
50 0.3440
51 0.3359
52 0.3283
EOD
$v2 << EOD
1 11.3100
2 9.1753
3 14.0066
4 14.0332
5 14.1417
6 13.7706
7 14.1381
8 14.1349
9 14.1322
10 14.1302
11 13.9479
12 14.1272
13 14.1265
14 14.1255
15 14.1245
16 14.1236
17 14.1235
18 14.1229
19 14.1215
20 14.1214
21 14.1207
22 14.1208
23 14.1200
24 14.1202
25 14.1191
26 14.1185
27 14.1188
28 14.1188
29 14.1190
30 14.1177
31 14.1184
32 14.0481
33 13.9826
34 11.0158
35 11.0114
36 11.0191
37 11.0180
38 11.0178
39 11.0157
40 11.0303
41 11.0322
42 11.0231
43 11.0232
44 11.0337
45 11.0395
46 11.0320
47 11.0364
48 11.0353
49 11.0566
50 11.0692
51 11.0698
52 11.1887
EOD
$v3 << EOD
1 11.3100
2 14.1659
3 14.1658
4 14.1505
5 14.1417
6 14.1353
7 14.1314
8 14.1281
9 14.1253
10 14.1231
11 14.1218
12 14.1212
13 14.1194
14 14.1177
15 14.1173
16 14.1169
17 14.1168
18 14.1158
19 14.1145
20 14.1137
21 14.1132
22 14.1132
23 14.1131
24 14.1133
25 14.1122
26 14.1119
27 14.1123
28 14.1117
29 14.1112
30 14.1113
31 14.1113
32 14.0414
33 13.9765
34 13.9154
35 13.8580
36 13.8055
37 13.7554
38 13.7081
39 13.6630
40 13.6215
41 13.5826
42 13.5447
43 13.5092
44 13.4747
45 13.4435
46 13.4131
47 13.3837
48 13.3562
49 13.3299
50 13.3046
51 13.2802
52 13.2560
EOD
$pub << EOD
1 11.310
2 9.947
3 6.634
4 4.502
8 3.888
12 3.372
16 3.189
20 2.998
24 3.086
28 2.845
32 2.815
36 2.771
40 2.814
44 2.752
48 2.695
52 2.710
EOD
do for [fmt in "png svg"] {
reset
if (fmt eq "png") {
    set terminal pngcairo size 1280,900 noenhanced font "DejaVu Sans,11"
} else {
    set terminal svg size 1280,900 dynamic noenhanced font "DejaVu Sans,11" background "white"
}
set output "plots/model-hisilicon-kunpeng-920-6426-assumed-2-soc." . fmt
set datafile separator comma
set datafile columnheaders
sel(sc, se) = strcol("scenario") eq sc && strcol("series") eq se
set grid ytics lc rgb "#dddddd"
set border lw 1
set key noautotitle
    set title "rbsim model: HiSilicon Kunpeng 920-6426 (assumed), 2 sockets\nM records/s against producers, every reservation variant, batch 50, the workload of published curve D"
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
