# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: model-2-vcpu-kvm-guest-amd-epyc-family-0x1a-sy. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/model-2-vcpu-kvm-guest-amd-epyc-family-0x1a-sy.gp     (make plots does it for every folder)
$v0 << EOD
1 5.4312
2 5.5613
3 5.4036
4 5.5593
5 5.4163
6 5.5493
7 5.5947
8 5.5549
9 5.5740
10 5.5562
11 5.5109
12 5.5495
13 5.4829
14 5.5485
15 5.3390
16 5.5319
17 5.4838
18 5.5435
19 5.5011
20 5.5347
21 5.4639
22 5.5307
23 5.5376
24 5.5357
25 5.4373
26 5.5385
27 5.5215
28 5.5316
29 5.5591
30 5.5454
31 5.6265
32 5.5265
33 5.5266
34 5.5341
35 5.5549
36 5.5453
37 5.4973
38 5.5352
39 5.5349
40 5.5353
41 5.4377
42 5.5388
43 5.5528
44 5.5450
45 5.5524
46 5.5324
47 5.5344
48 5.5422
49 5.5789
50 5.5384
51 5.5975
52 5.5407
EOD
$v1 << EOD
1 5.4312
2 5.5620
3 5.3963
4 5.5634
5 5.3495
6 5.5456
7 5.5948
8 5.5573
9 5.5748
10 5.5465
11 5.5207
12 5.5448
13 5.4832
14 5.5490
15 5.3427
16 5.5447
17 5.4834
18 5.5449
19 5.5025
20 5.5486
21 5.4671
22 5.5432
23 5.5374
24 5.5394
25 5.4374
26 5.5379
27 5.5200
28 5.5434
29 5.5556
30 5.5425
31 5.6260
32 5.5330
33 5.5297
34 5.5372
35 5.5615
36 5.5406
37 5.5007
38 5.5383
39 5.5296
40 5.5382
41 5.4392
42 5.5404
43 5.5533
44 5.5390
45 5.5552
46 5.5465
47 5.5238
48 5.5419
49 5.5810
50 5.5436
51 5.5922
52 5.5401
EOD
$v2 << EOD
1 5.4312
2 5.5613
3 8.0066
4 7.3778
5 7.6829
6 7.5588
7 8.1567
8 7.3782
9 20.5299
10 7.3264
11 8.4942
12 7.3530
13 20.8082
14 7.3279
15 17.4138
16 7.3319
17 7.9287
18 7.3404
19 7.9077
20 7.3359
21 8.3146
22 7.3389
23 7.8443
24 7.3316
25 8.4796
26 7.3265
27 8.2786
28 7.3350
29 8.3014
30 7.3313
31 8.5178
32 7.3314
33 8.4236
34 7.3574
35 8.4649
36 7.3388
37 8.4078
38 7.3547
39 8.1819
40 7.3370
41 8.2193
42 7.3371
43 8.3571
44 7.3298
45 8.2999
46 7.3628
47 8.2236
48 7.3358
49 8.1469
50 7.3337
51 8.0576
52 7.3362
EOD
$v3 << EOD
1 5.4312
2 5.1913
3 8.0067
4 7.3772
5 7.6829
6 7.5588
7 19.4210
8 7.3784
9 20.5408
10 7.3238
11 8.4895
12 7.3582
13 20.8070
14 7.5588
15 21.3508
16 7.3219
17 7.9285
18 7.3211
19 7.9074
20 7.3359
21 8.3412
22 7.3344
23 7.8423
24 7.3338
25 8.4800
26 7.3294
27 8.2742
28 7.3263
29 8.2923
30 7.3568
31 8.5183
32 7.3224
33 8.4198
34 7.3633
35 8.4648
36 7.3319
37 8.4077
38 7.3541
39 8.1826
40 7.3272
41 8.2215
42 7.3264
43 8.3571
44 7.3326
45 8.2999
46 7.3557
47 8.2277
48 7.3681
49 8.1480
50 7.3334
51 8.0579
52 7.3609
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
