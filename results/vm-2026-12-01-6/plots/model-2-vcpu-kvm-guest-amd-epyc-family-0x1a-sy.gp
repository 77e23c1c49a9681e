# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: model-2-vcpu-kvm-guest-amd-epyc-family-0x1a-sy. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/model-2-vcpu-kvm-guest-amd-epyc-family-0x1a-sy.gp     (make plots does it for every folder)
$v0 << EOD
1 7.6453
2 2.1463
3 2.1463
4 2.1513
5 2.1513
6 2.1513
7 2.1513
8 2.1513
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
27 2.1507
28 2.0893
29 2.0288
30 1.9588
31 1.9056
32 1.8435
33 1.7965
34 1.7411
35 1.6992
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
46 1.3058
47 1.2823
48 1.2536
49 1.2319
50 1.2054
51 1.1853
52 1.1608
EOD
$v1 << EOD
1 7.6453
2 2.2616
3 2.2616
4 2.2672
5 2.2672
6 2.2672
7 2.2672
8 2.2672
9 2.2672
10 2.2672
11 2.2672
12 2.2672
13 2.2672
14 2.2672
15 2.2672
16 2.2672
17 2.2672
18 2.2672
19 2.2671
20 2.2672
21 2.2672
22 2.2672
23 2.2672
24 2.2672
25 2.2671
26 2.2381
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
44 1.3626
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
1 7.6453
2 2.1463
3 3.6637
4 4.7650
5 8.7147
6 5.3673
7 6.7614
8 4.5823
9 5.6617
10 4.5436
11 4.8427
12 4.4773
13 4.1982
14 3.9174
15 3.7042
16 3.4823
17 3.3137
18 3.1340
19 2.9945
20 2.8491
21 2.7364
22 2.6115
23 2.5170
24 2.4109
25 2.3299
26 2.2386
27 2.1691
28 2.0894
29 2.0266
30 1.9590
31 1.9057
32 1.8435
33 1.7963
34 1.7410
35 1.6992
36 1.6495
37 1.6120
38 1.5670
39 1.5273
40 1.4923
41 1.4616
42 1.4248
43 1.3964
44 1.3626
45 1.3332
46 1.3061
47 1.2824
48 1.2536
49 1.2286
50 1.2052
51 1.1814
52 1.1605
EOD
$v3 << EOD
1 7.6453
2 15.6177
3 10.3517
4 10.4117
5 7.7887
6 7.6924
7 5.8413
8 5.5766
9 5.7181
10 5.2235
11 4.8427
12 4.4773
13 4.1979
14 3.9181
15 3.7037
16 3.4819
17 3.3142
18 3.1345
19 2.9976
20 2.8494
21 2.7364
22 2.6120
23 2.5171
24 2.4105
25 2.3301
26 2.2383
27 2.1691
28 2.0891
29 2.0289
30 1.9585
31 1.9057
32 1.8432
33 1.7966
34 1.7407
35 1.6987
36 1.6492
37 1.6113
38 1.5667
39 1.5326
40 1.4921
41 1.4611
42 1.4243
43 1.3961
44 1.3624
45 1.3366
46 1.3056
47 1.2820
48 1.2535
49 1.2315
50 1.2052
51 1.1850
52 1.1605
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
