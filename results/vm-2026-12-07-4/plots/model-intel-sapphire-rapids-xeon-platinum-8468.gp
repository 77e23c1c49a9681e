# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: model-intel-sapphire-rapids-xeon-platinum-8468. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/model-intel-sapphire-rapids-xeon-platinum-8468.gp     (make plots does it for every folder)
$v0 << EOD
1 11.4399
2 6.2312
3 2.9353
4 2.8011
5 2.8011
6 2.8011
7 2.8011
8 2.8011
9 2.8011
10 2.8011
11 2.8011
12 2.8011
13 2.8011
14 2.8011
15 2.8011
16 2.8011
17 2.8011
18 2.8011
19 2.8011
20 2.8011
21 2.8011
22 2.8011
23 2.8011
24 2.8011
25 2.8011
26 2.8011
27 2.8011
28 2.8011
29 2.8011
30 2.8011
31 2.8011
32 2.8011
33 2.8011
34 2.8011
35 2.8011
36 2.8011
37 2.8011
38 2.8011
39 2.8011
40 2.8011
41 2.8011
42 2.8011
43 2.8011
44 2.8011
45 2.8011
46 2.8011
47 2.8011
48 2.6936
49 2.5980
50 2.5123
51 2.5033
52 2.4283
EOD
$v1 << EOD
1 11.4399
2 10.2131
3 5.2709
4 3.9853
5 3.3010
6 2.8172
7 2.4633
8 2.1884
9 1.9647
10 1.7858
11 1.6367
12 1.5106
13 1.4026
14 1.3089
15 1.2270
16 1.1548
17 1.0893
18 1.0320
19 0.9804
20 0.9337
21 0.8913
22 0.8525
23 0.8170
24 0.7843
25 0.7541
26 0.7262
27 0.7003
28 0.6761
29 0.6536
30 0.6325
31 0.6127
32 0.5942
33 0.5767
34 0.5602
35 0.5447
36 0.5299
37 0.5160
38 0.5028
39 0.4902
40 0.4782
41 0.4669
42 0.4560
43 0.4456
44 0.4357
45 0.4263
46 0.4172
47 0.4085
48 0.3827
49 0.3606
50 0.3414
51 0.3246
52 0.3097
EOD
$v2 << EOD
1 11.4399
2 6.2312
3 13.5044
4 13.4164
5 13.5044
6 13.4608
7 13.4844
8 13.4840
9 13.5137
10 13.5136
11 13.5136
12 13.5135
13 13.5137
14 13.5133
15 13.5136
16 13.5135
17 13.5139
18 13.5135
19 13.5136
20 13.5135
21 13.5138
22 13.5135
23 13.5140
24 13.5136
25 13.5134
26 13.5136
27 13.5136
28 13.5136
29 13.5131
30 13.5131
31 13.5132
32 13.5129
33 13.5135
34 13.5135
35 13.5134
36 13.5132
37 13.5131
38 13.5138
39 13.5143
40 13.5129
41 13.5138
42 13.5127
43 13.5142
44 13.5129
45 13.5130
46 13.5132
47 13.5140
48 13.4590
49 13.4077
50 13.3590
51 13.3117
52 13.2679
EOD
$v3 << EOD
1 11.4399
2 13.5044
3 13.5046
4 13.5043
5 13.5043
6 13.5045
7 13.5045
8 13.5042
9 13.5047
10 13.5046
11 13.5050
12 13.5044
13 13.5045
14 13.5053
15 13.5055
16 13.5041
17 13.5040
18 13.5039
19 13.5044
20 13.5050
21 13.5044
22 13.5042
23 13.5043
24 13.5053
25 13.5052
26 13.5049
27 13.5043
28 13.5046
29 13.5045
30 13.5043
31 13.5044
32 13.5035
33 13.5044
34 13.5040
35 13.5046
36 13.5037
37 13.5049
38 13.5040
39 13.5041
40 13.5042
41 13.5050
42 13.5050
43 13.5043
44 13.5048
45 13.5041
46 13.5043
47 13.5047
48 13.4495
49 13.3978
50 13.3497
51 13.3022
52 13.2570
EOD
$pub << EOD
1 11.440
2 2.706
3 3.130
4 2.472
8 2.352
12 2.813
16 1.988
20 2.245
24 2.148
28 2.190
32 2.490
36 2.180
40 2.201
44 2.226
48 2.164
52 1.874
EOD
do for [fmt in "png svg"] {
reset
if (fmt eq "png") {
    set terminal pngcairo size 1280,900 noenhanced font "DejaVu Sans,11"
} else {
    set terminal svg size 1280,900 dynamic noenhanced font "DejaVu Sans,11" background "white"
}
set output "plots/model-intel-sapphire-rapids-xeon-platinum-8468." . fmt
set datafile separator comma
set datafile columnheaders
sel(sc, se) = strcol("scenario") eq sc && strcol("series") eq se
set grid ytics lc rgb "#dddddd"
set border lw 1
set key noautotitle
    set title "rbsim model: Intel Sapphire Rapids (Xeon Platinum 8468 x2, inferred), HT off\nM records/s against producers, every reservation variant, batch 50, the workload of published curve C-raw"
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
        $pub using 1:2 with points pt 6 ps 1.6 lw 2 lc rgb "#000000" title "published, curve C-raw (kernel)"
set output
}
