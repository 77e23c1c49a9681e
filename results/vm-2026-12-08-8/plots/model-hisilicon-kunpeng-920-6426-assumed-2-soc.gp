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
3 14.0669
4 13.9042
5 14.0107
6 14.0485
7 14.0411
8 13.9839
9 13.9668
10 14.0109
11 13.9997
12 13.9735
13 14.0234
14 14.0097
15 14.0341
16 13.8940
17 13.9734
18 13.9506
19 13.9501
20 13.9117
21 13.9544
22 13.8820
23 13.8726
24 13.7030
25 13.8324
26 10.9077
27 13.8719
28 13.6741
29 13.9556
30 13.0572
31 13.9684
32 13.7436
33 13.1925
34 12.9744
35 13.1437
36 13.0246
37 13.0783
38 10.0420
39 13.1188
40 11.9915
41 13.0494
42 12.9889
43 12.7730
44 12.8436
45 12.1560
46 12.7047
47 12.7542
48 12.5543
49 12.6493
50 12.6900
51 12.3117
52 12.5622
EOD
$v3 << EOD
1 11.3100
2 14.1233
3 14.1363
4 14.1165
5 14.1068
6 14.1087
7 14.1023
8 14.0917
9 14.0976
10 14.0804
11 14.0858
12 14.0815
13 14.0837
14 14.0920
15 14.0781
16 14.0760
17 14.0829
18 14.0889
19 14.0923
20 14.0881
21 14.0894
22 14.0890
23 14.0882
24 14.0903
25 14.0891
26 14.0899
27 14.0903
28 14.0905
29 14.0888
30 14.0888
31 14.0895
32 14.0149
33 13.9419
34 13.8854
35 13.8397
36 13.7714
37 13.7237
38 13.6579
39 13.6205
40 13.5813
41 13.5302
42 13.4943
43 13.4619
44 13.4266
45 13.3883
46 13.3659
47 13.3297
48 13.3099
49 13.2835
50 13.2611
51 13.2346
52 13.2072
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
