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
3 13.4616
4 12.5213
5 13.4565
6 13.4544
7 13.4554
8 13.4575
9 13.4534
10 13.4591
11 13.4591
12 13.4581
13 13.4571
14 13.4573
15 13.4561
16 13.4545
17 13.4569
18 13.4584
19 13.4591
20 13.4591
21 13.4566
22 13.4558
23 13.4583
24 13.4568
25 13.4639
26 13.4604
27 13.4613
28 13.4601
29 13.4571
30 13.4571
31 13.4609
32 13.4576
33 13.4592
34 13.4580
35 13.4605
36 13.4610
37 13.4600
38 13.4579
39 13.4579
40 13.4555
41 13.4517
42 13.4539
43 13.4518
44 13.4605
45 13.4536
46 13.4547
47 13.4593
48 13.4074
49 13.3455
50 13.2943
51 13.2449
52 13.1983
EOD
$v3 << EOD
1 11.4399
2 13.4633
3 13.4685
4 13.4599
5 13.4668
6 13.4611
7 13.4649
8 13.4673
9 13.4590
10 13.4690
11 13.4582
12 13.4535
13 13.4653
14 13.4460
15 13.4656
16 13.4502
17 13.4579
18 13.4599
19 13.4666
20 13.4673
21 13.4641
22 13.4627
23 13.4638
24 13.4633
25 13.4657
26 13.4655
27 13.4654
28 13.4662
29 13.4646
30 13.4651
31 13.4648
32 13.4651
33 13.4655
34 13.4660
35 13.4653
36 13.4662
37 13.4661
38 13.4661
39 13.4656
40 13.4664
41 13.4668
42 13.4653
43 13.4653
44 13.4664
45 13.4672
46 13.4662
47 13.4665
48 13.4103
49 13.3535
50 13.3138
51 13.2675
52 13.2221
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
