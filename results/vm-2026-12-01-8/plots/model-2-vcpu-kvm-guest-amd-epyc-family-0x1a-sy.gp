# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: model-2-vcpu-kvm-guest-amd-epyc-family-0x1a-sy. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/model-2-vcpu-kvm-guest-amd-epyc-family-0x1a-sy.gp     (make plots does it for every folder)
$v0 << EOD
1 6.5678
2 2.1556
3 2.1678
4 2.1483
5 2.1497
6 2.1496
7 2.1518
8 2.1552
9 2.1513
10 2.1513
11 2.1513
12 2.1513
13 2.1513
14 2.1513
15 2.1513
16 2.1513
17 2.1513
18 2.1513
19 2.1513
20 2.1513
21 2.1513
22 2.1513
23 2.1513
24 2.1513
25 2.1513
26 2.1513
27 2.1509
28 2.0894
29 2.0288
30 1.9588
31 1.9056
32 1.8436
33 1.7964
34 1.7411
35 1.6991
36 1.6495
37 1.6118
38 1.5670
39 1.5330
40 1.4924
41 1.4616
42 1.4246
43 1.3965
44 1.3626
45 1.3369
46 1.3058
47 1.2823
48 1.2536
49 1.2319
50 1.2054
51 1.1853
52 1.1607
EOD
$v1 << EOD
1 6.5678
2 2.2729
3 2.2656
4 2.2621
5 2.2635
6 2.2659
7 2.2739
8 2.2681
9 2.2672
10 2.2672
11 2.2672
12 2.2672
13 2.2672
14 2.2672
15 2.2671
16 2.2672
17 2.2672
18 2.2672
19 2.2672
20 2.2672
21 2.2672
22 2.2672
23 2.2671
24 2.2672
25 2.2672
26 2.2383
27 2.1691
28 2.0894
29 2.0288
30 1.9588
31 1.9056
32 1.8436
33 1.7965
34 1.7411
35 1.6991
36 1.6495
37 1.6118
38 1.5670
39 1.5330
40 1.4924
41 1.4616
42 1.4246
43 1.3965
44 1.3627
45 1.3369
46 1.3059
47 1.2823
48 1.2536
49 1.2319
50 1.2054
51 1.1853
52 1.1608
EOD
$v2 << EOD
1 6.5678
2 2.1556
3 3.6648
4 3.4056
5 8.6727
6 4.9430
7 6.7531
8 6.2107
9 5.6923
10 5.1747
11 4.8399
12 4.4753
13 4.1961
14 3.9160
15 3.7030
16 3.4813
17 3.3129
18 3.1336
19 2.9938
20 2.8489
21 2.7359
22 2.6113
23 2.5166
24 2.4104
25 2.3301
26 2.2384
27 2.1690
28 2.0891
29 2.0288
30 1.9589
31 1.9053
32 1.8433
33 1.7964
34 1.7413
35 1.6943
36 1.6494
37 1.6090
38 1.5666
39 1.5308
40 1.4921
41 1.4559
42 1.4247
43 1.3903
44 1.3625
45 1.3319
46 1.3059
47 1.2783
48 1.2534
49 1.2316
50 1.2032
51 1.1851
52 1.1605
EOD
$v3 << EOD
1 6.5678
2 15.6178
3 10.3517
4 10.4116
5 7.7886
6 7.6961
7 6.9688
8 5.5760
9 5.7156
10 5.2214
11 4.8414
12 4.4711
13 4.1974
14 3.9162
15 3.7030
16 3.4815
17 3.3137
18 3.1337
19 2.9973
20 2.8486
21 2.7360
22 2.6117
23 2.5167
24 2.4103
25 2.3294
26 2.2381
27 2.1686
28 2.0889
29 2.0284
30 1.9586
31 1.9049
32 1.8431
33 1.7959
34 1.7406
35 1.6986
36 1.6491
37 1.6113
38 1.5665
39 1.5325
40 1.4920
41 1.4611
42 1.4242
43 1.3960
44 1.3624
45 1.3366
46 1.3055
47 1.2820
48 1.2535
49 1.2316
50 1.2052
51 1.1850
52 1.1606
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
