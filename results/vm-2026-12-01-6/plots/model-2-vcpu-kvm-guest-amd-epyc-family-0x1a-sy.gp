# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: model-2-vcpu-kvm-guest-amd-epyc-family-0x1a-sy. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/model-2-vcpu-kvm-guest-amd-epyc-family-0x1a-sy.gp     (make plots does it for every folder)
$v0 << EOD
1 6.0533
2 1.3889
3 1.3889
4 1.3889
5 1.3889
6 1.3889
7 1.3889
8 1.3889
9 1.3889
10 1.3889
11 1.3889
12 1.3889
13 1.3889
14 1.3889
15 1.3889
16 1.3889
17 1.3889
18 1.3889
19 1.3889
20 1.3889
21 1.3889
22 1.3889
23 1.3889
24 1.3889
25 1.3889
26 1.3889
27 1.3889
28 1.3889
29 1.3889
30 1.3889
31 1.3889
32 1.3889
33 1.3889
34 1.3889
35 1.3889
36 1.3889
37 1.3889
38 1.3889
39 1.3889
40 1.3851
41 1.3585
42 1.3245
43 1.2981
44 1.2670
45 1.2427
46 1.2142
47 1.1919
48 1.1656
49 1.1451
50 1.1208
51 1.1018
52 1.0792
EOD
$v1 << EOD
1 6.0533
2 2.0833
3 2.0833
4 2.0833
5 2.0833
6 2.0833
7 2.0833
8 2.0833
9 2.0833
10 2.0833
11 2.0833
12 2.0833
13 2.0834
14 2.0833
15 2.0833
16 2.0833
17 2.0834
18 2.0833
19 2.0833
20 2.0833
21 2.0833
22 2.0833
23 2.0834
24 2.0833
25 2.0833
26 2.0776
27 2.0159
28 1.9427
29 1.8856
30 1.8212
31 1.7711
32 1.7141
33 1.6697
34 1.6189
35 1.5793
36 1.5337
37 1.4982
38 1.4570
39 1.4249
40 1.3876
41 1.3585
42 1.3245
43 1.2980
44 1.2670
45 1.2427
46 1.2142
47 1.1919
48 1.1656
49 1.1451
50 1.1208
51 1.1018
52 1.0793
EOD
$v2 << EOD
1 6.0533
2 1.3889
3 2.3715
4 2.8355
5 5.1098
6 3.3883
7 4.1366
8 3.2425
9 5.0601
10 4.1389
11 4.4977
12 3.9103
13 3.8996
14 3.6424
15 3.4411
16 3.2053
17 3.0788
18 2.9139
19 2.7845
20 2.6490
21 2.5428
22 2.4283
23 2.3390
24 2.2415
25 2.1654
26 2.0814
27 2.0160
28 1.9426
29 1.8855
30 1.8212
31 1.7711
32 1.7142
33 1.6698
34 1.6190
35 1.5793
36 1.5337
37 1.4982
38 1.4569
39 1.4251
40 1.3875
41 1.3585
42 1.3245
43 1.2982
44 1.2670
45 1.2428
46 1.2141
47 1.1917
48 1.1656
49 1.1453
50 1.1206
51 1.1018
52 1.0790
EOD
$v3 << EOD
1 6.0533
2 14.5199
3 11.2322
4 9.6770
5 8.2342
6 7.2563
7 6.4507
8 5.8034
9 5.2918
10 4.8346
11 4.4820
12 4.1488
13 3.8861
14 3.6295
15 3.4290
16 3.2268
17 3.0672
18 2.9035
19 2.7744
20 2.6399
21 2.5325
22 2.4193
23 2.3294
24 2.2337
25 2.1555
26 2.0740
27 2.0067
28 1.9353
29 1.8771
30 1.8143
31 1.7630
32 1.7073
33 1.6619
34 1.6127
35 1.5719
36 1.5276
37 1.4909
38 1.4511
39 1.4181
40 1.3819
41 1.3517
42 1.3189
43 1.2915
44 1.2615
45 1.2362
46 1.2089
47 1.1857
48 1.1603
49 1.1390
50 1.1157
51 1.0960
52 1.0744
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
