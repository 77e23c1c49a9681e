# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: model-2-vcpu-kvm-guest-amd-epyc-family-0x1a-sy. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/model-2-vcpu-kvm-guest-amd-epyc-family-0x1a-sy.gp     (make plots does it for every folder)
$v0 << EOD
1 6.5678
2 7.9130
3 7.2069
4 7.7337
5 7.1558
6 7.4604
7 7.2393
8 7.4583
9 7.2868
10 7.4583
11 6.2646
12 5.5679
13 6.2807
14 5.5679
15 6.2892
16 5.5679
17 6.0496
18 6.0469
19 6.1327
20 5.5679
21 5.9663
22 5.5679
23 5.8564
24 5.5679
25 6.1229
26 5.5679
27 6.0429
28 5.5679
29 6.1405
30 5.5679
31 6.1056
32 5.5679
33 6.1751
34 6.1125
35 6.2318
36 5.5679
37 6.1183
38 5.5679
39 6.2099
40 5.5679
41 6.1795
42 5.5679
43 6.2451
44 5.5679
45 6.2296
46 5.5679
47 6.2129
48 7.4582
49 7.4261
50 7.4582
51 7.4273
52 7.4582
EOD
$v1 << EOD
1 6.5678
2 5.5679
3 7.2723
4 5.5679
5 6.1540
6 5.5679
7 6.2122
8 5.5679
9 6.2296
10 5.5679
11 6.2223
12 5.5679
13 6.2810
14 5.5679
15 6.2914
16 5.5679
17 6.1164
18 5.5679
19 6.2317
20 5.5679
21 5.9663
22 5.5679
23 5.9256
24 5.5679
25 6.0639
26 5.5679
27 6.0120
28 5.5679
29 6.1408
30 5.5679
31 6.1055
32 5.5679
33 6.1542
34 5.5679
35 6.2319
36 5.5679
37 6.1281
38 5.5679
39 6.2101
40 5.5679
41 6.1792
42 5.5679
43 6.2637
44 5.5679
45 6.3099
46 5.5679
47 6.1919
48 6.0920
49 6.2147
50 5.5679
51 6.1581
52 5.5679
EOD
$v2 << EOD
1 6.5678
2 7.9130
3 21.4926
4 12.9314
5 19.7006
6 12.9316
7 19.7006
8 12.2943
9 15.6713
10 12.2896
11 15.0093
12 12.2978
13 13.7206
14 12.9312
15 14.7472
16 12.9312
17 13.9357
18 12.2981
19 13.3734
20 12.2967
21 14.4695
22 12.2983
23 13.3572
24 12.2882
25 12.6163
26 12.2920
27 13.3917
28 12.2880
29 14.7964
30 12.2868
31 13.8467
32 12.2946
33 12.8115
34 12.2985
35 11.4353
36 12.2934
37 12.0053
38 12.2915
39 12.5568
40 12.2915
41 11.5361
42 12.2898
43 12.8795
44 12.2904
45 11.9753
46 12.2944
47 11.7759
48 12.2926
49 12.6173
50 12.2969
51 12.5018
52 12.2925
EOD
$v3 << EOD
1 6.5678
2 6.9317
3 21.4924
4 12.2982
5 19.7006
6 12.2927
7 19.7006
8 12.2913
9 15.6723
10 12.2969
11 13.8387
12 12.9309
13 13.7172
14 12.9310
15 14.7499
16 12.9305
17 13.9274
18 12.9320
19 13.3664
20 12.9287
21 14.4711
22 12.9300
23 13.3489
24 12.9274
25 12.6183
26 12.9313
27 13.3917
28 12.9282
29 14.7964
30 12.9297
31 13.8440
32 12.9320
33 12.8129
34 12.2973
35 11.4353
36 12.2967
37 12.0029
38 12.2952
39 12.5542
40 12.2932
41 11.5407
42 12.2947
43 12.8841
44 12.2930
45 11.9728
46 12.2931
47 11.7867
48 12.2929
49 12.6144
50 12.2967
51 12.5080
52 12.2940
EOD
do for [fmt in "png svg"] {
reset
if (fmt eq "png") {
    set terminal pngcairo size 1280,900 noenhanced font "DejaVu Sans,11"
} else {
    set terminal svg size 1280,900 dynamic noenhanced font "DejaVu Sans,11" background "white"
}
set output "plots/model-2-vcpu-kvm-guest-amd-epyc-family-0x1a-sy." . fmt
set datafile separator comma
set datafile columnheaders
sel(sc, se) = strcol("scenario") eq sc && strcol("series") eq se
set grid ytics lc rgb "#dddddd"
set border lw 1
set key noautotitle
    set title "rbsim model: 2-vCPU KVM guest (AMD EPYC, family 0x1A, synthesised topology)\nM records/s against producers, every reservation variant, batch 50"
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
        $v3 using 1:2 with linespoints lw 2 pt 11 ps 0.8 lc rgb "#ff7f0e" title "percpu"
set output
}
