# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: model-2-vcpu-kvm-guest-amd-epyc-family-0x1a-sy. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/model-2-vcpu-kvm-guest-amd-epyc-family-0x1a-sy.gp     (make plots does it for every folder)
$v0 << EOD
1 5.2207
2 4.8052
3 4.7280
4 4.8156
5 4.7974
6 4.7653
7 4.8552
8 4.7777
9 4.8244
10 4.7827
11 4.5465
12 4.7566
13 4.5849
14 4.7626
15 4.6164
16 4.7605
17 4.7191
18 4.7584
19 4.5575
20 4.7549
21 4.6184
22 4.7598
23 4.6292
24 4.7553
25 4.6378
26 4.7578
27 4.5226
28 4.7630
29 4.5160
30 4.7650
31 4.5456
32 4.7565
33 4.4804
34 4.7537
35 4.5000
36 4.7630
37 4.5172
38 4.7598
39 4.5813
40 4.7663
41 4.6777
42 4.7649
43 4.7695
44 4.7626
45 4.8561
46 4.7564
47 4.9385
48 4.7781
49 5.0122
50 4.7802
51 5.0077
52 4.7783
EOD
$v1 << EOD
1 5.2207
2 4.7485
3 4.7280
4 4.7483
5 4.7972
6 4.7806
7 4.8552
8 4.7572
9 4.8258
10 4.7578
11 4.5441
12 4.7599
13 4.5881
14 4.7721
15 4.6333
16 4.7772
17 4.7191
18 4.7802
19 4.5571
20 4.7800
21 4.6184
22 4.7865
23 4.6397
24 4.7825
25 4.6454
26 4.7802
27 4.5241
28 4.7810
29 4.5140
30 4.7649
31 4.5365
32 4.7828
33 4.4804
34 4.7624
35 4.5000
36 4.7815
37 4.5173
38 4.7661
39 4.5818
40 4.7801
41 4.6784
42 4.7790
43 4.7694
44 4.7842
45 4.8561
46 4.7642
47 4.9383
48 4.7814
49 5.0156
50 4.7590
51 5.0111
52 4.7798
EOD
$v2 << EOD
1 5.2207
2 4.8052
3 8.0066
4 7.6324
5 7.6829
6 7.6349
7 8.0673
8 7.6329
9 20.5299
10 7.6384
11 8.0854
12 7.6348
13 20.8082
14 7.6346
15 17.1135
16 7.6334
17 7.9068
18 7.6396
19 8.0861
20 7.6355
21 8.1533
22 7.6347
23 8.2521
24 7.6363
25 8.1871
26 7.6369
27 8.2297
28 7.6338
29 8.1427
30 7.6360
31 8.2511
32 7.6348
33 7.8878
34 7.6407
35 8.0699
36 7.6361
37 8.1037
38 7.6388
39 7.9882
40 7.6341
41 7.8947
42 7.6341
43 7.7784
44 7.6350
45 7.7450
46 7.6370
47 7.5091
48 7.6375
49 7.5344
50 7.6374
51 7.4475
52 7.6350
EOD
$v3 << EOD
1 5.2207
2 5.1659
3 8.0067
4 7.6326
5 7.6829
6 7.6353
7 19.4210
8 7.6326
9 20.5408
10 7.6375
11 8.0691
12 7.6419
13 20.8070
14 7.6419
15 21.3508
16 7.6358
17 7.8870
18 7.6392
19 8.0881
20 7.6387
21 8.1506
22 7.6335
23 8.2526
24 7.6340
25 8.1873
26 7.6353
27 8.2302
28 7.6382
29 8.1441
30 7.6430
31 8.2507
32 7.6362
33 7.8857
34 7.6389
35 8.0735
36 7.6350
37 8.1000
38 7.6420
39 7.9898
40 7.6339
41 7.8947
42 7.6356
43 7.7780
44 7.6343
45 7.7669
46 7.6384
47 7.5105
48 7.6397
49 7.5387
50 7.6364
51 7.4491
52 7.6412
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
