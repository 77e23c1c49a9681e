# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: model-2-vcpu-kvm-guest-amd-epyc-family-0x1a-sy. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/model-2-vcpu-kvm-guest-amd-epyc-family-0x1a-sy.gp     (make plots does it for every folder)
$v0 << EOD
1 5.7091
2 4.8934
3 5.0637
4 4.8850
5 5.1264
6 4.8998
7 4.9307
8 4.8904
9 4.8861
10 4.8934
11 4.9341
12 4.8949
13 4.9319
14 4.8934
15 4.9330
16 4.8964
17 4.9182
18 4.8958
19 4.9192
20 4.8959
21 4.9175
22 4.8997
23 4.9211
24 4.8965
25 4.9254
26 4.8971
27 4.9419
28 4.8964
29 4.9283
30 4.8933
31 4.9377
32 4.8964
33 4.9297
34 4.8964
35 4.9318
36 4.8933
37 4.9347
38 4.8958
39 4.9301
40 4.8934
41 4.9271
42 4.8933
43 4.9123
44 4.8933
45 4.9262
46 4.8963
47 5.0010
48 4.8904
49 4.9513
50 4.8883
51 4.9417
52 4.8944
EOD
$v1 << EOD
1 5.7091
2 4.8933
3 5.0637
4 4.8933
5 5.1074
6 4.8876
7 4.9320
8 4.8964
9 4.8859
10 4.8933
11 4.9341
12 4.8997
13 4.9323
14 4.8933
15 4.9328
16 4.8903
17 4.9179
18 4.8904
19 4.9192
20 4.8934
21 4.9175
22 4.8997
23 4.9209
24 4.8904
25 4.9253
26 4.8925
27 4.9417
28 4.8933
29 4.9282
30 4.8934
31 4.9352
32 4.8905
33 4.9294
34 4.8964
35 4.9323
36 4.8904
37 4.9347
38 4.8939
39 4.9301
40 4.8933
41 4.9270
42 4.8933
43 4.9121
44 4.8910
45 4.9262
46 4.8949
47 5.0010
48 4.8904
49 4.9514
50 4.8933
51 4.9420
52 4.8881
EOD
$v2 << EOD
1 5.7091
2 4.8934
3 7.2679
4 7.7511
5 7.5138
6 7.7595
7 7.9321
8 7.7606
9 20.5299
10 7.7710
11 8.4989
12 7.7604
13 20.8082
14 7.7701
15 16.6479
16 7.7705
17 8.2717
18 7.7761
19 8.1699
20 7.7690
21 8.2755
22 7.7757
23 8.2257
24 7.7691
25 8.0794
26 7.7703
27 7.8874
28 7.7764
29 7.8423
30 7.7745
31 7.8182
32 7.7653
33 7.6898
34 7.7466
35 7.4815
36 7.7662
37 7.4808
38 7.7557
39 7.6399
40 7.7741
41 7.4291
42 7.7672
43 7.7089
44 7.7709
45 7.6759
46 7.7557
47 7.7772
48 7.7694
49 7.6639
50 7.7705
51 7.5127
52 7.7687
EOD
$v3 << EOD
1 5.7091
2 5.1659
3 7.2684
4 7.7535
5 7.5356
6 7.7207
7 19.4210
8 7.7608
9 20.5408
10 7.7711
11 8.4990
12 7.7482
13 20.8070
14 7.7447
15 21.3508
16 7.7759
17 8.2711
18 7.7742
19 8.1667
20 7.7732
21 8.2755
22 7.7706
23 8.2260
24 7.7706
25 8.0828
26 7.7707
27 7.8924
28 7.7792
29 7.8419
30 7.7478
31 7.8002
32 7.7758
33 7.6842
34 7.7505
35 7.4794
36 7.7767
37 7.4784
38 7.7543
39 7.6453
40 7.7722
41 7.4290
42 7.7774
43 7.7060
44 7.7688
45 7.6737
46 7.7592
47 7.7777
48 7.7553
49 7.6639
50 7.7728
51 7.5125
52 7.7507
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
