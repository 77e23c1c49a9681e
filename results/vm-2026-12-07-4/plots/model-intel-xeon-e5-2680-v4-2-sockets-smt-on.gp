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
3 13.1772
4 13.1165
5 13.1772
6 13.1171
7 13.1849
8 13.1850
9 13.1850
10 13.1849
11 13.1847
12 13.1849
13 13.1851
14 12.9332
15 12.7229
16 12.5442
17 8.7859
18 8.8800
19 8.9803
20 8.9970
21 8.9617
22 9.0050
23 9.0041
24 9.0053
25 9.0151
26 9.0448
27 9.0290
28 9.0445
29 9.0540
30 9.0134
31 9.0130
32 9.0147
33 9.0149
34 8.9648
35 8.9404
36 8.9935
37 8.9291
38 9.0020
39 8.9640
40 8.9068
41 8.9409
42 9.0111
43 8.9931
44 9.0028
45 8.9795
46 9.0043
47 8.9973
48 8.9543
49 9.0222
50 9.0225
51 9.0269
52 9.0248
EOD
$v3 << EOD
1 10.9159
2 13.1773
3 13.1772
4 13.1774
5 13.1773
6 13.1773
7 13.1777
8 13.1772
9 13.1775
10 13.1775
11 13.1775
12 13.1772
13 13.1781
14 12.9247
15 12.7137
16 12.5355
17 12.3821
18 12.2473
19 12.1297
20 12.0269
21 11.9352
22 11.8524
23 11.7779
24 11.7109
25 11.6491
26 11.5931
27 11.5418
28 11.6385
29 11.6855
30 11.7293
31 11.7708
32 11.8107
33 11.8473
34 11.8828
35 11.9157
36 11.9478
37 11.9787
38 12.0083
39 12.0349
40 12.0608
41 12.0855
42 12.0385
43 11.9916
44 11.9488
45 11.9076
46 11.8697
47 11.8319
48 11.7966
49 11.7641
50 11.7311
51 11.7007
52 11.6719
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
