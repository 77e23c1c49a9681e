# SPDX-License-Identifier: GPL-2.0-only
# rbsim bench: model-2-vcpu-kvm-guest-amd-epyc-family-0x1a-sy. Written by scripts/bench_plots.py for this results
# folder; it reads only the folder's CSV files. From the folder:
#   gnuplot plots/model-2-vcpu-kvm-guest-amd-epyc-family-0x1a-sy.gp     (make plots does it for every folder)
$v0 << EOD
1 5.5463
2 5.3734
3 5.5156
4 5.3995
5 5.3183
6 5.3879
7 5.3948
8 5.4009
9 5.3689
10 5.3847
11 5.4135
12 5.3779
13 5.4039
14 5.3798
15 5.3353
16 5.3808
17 5.3156
18 5.3830
19 5.4291
20 5.3813
21 5.4093
22 5.3805
23 5.3711
24 5.3809
25 5.3578
26 5.3836
27 5.3492
28 5.3784
29 5.3529
30 5.3742
31 5.4804
32 5.3753
33 5.4118
34 5.3728
35 5.3859
36 5.3765
37 5.3462
38 5.3717
39 5.3411
40 5.3743
41 5.3473
42 5.3770
43 5.3780
44 5.3729
45 5.3783
46 5.3745
47 5.3845
48 5.3841
49 5.3776
50 5.3864
51 5.3831
52 5.3845
EOD
$v1 << EOD
1 5.5463
2 5.3693
3 5.5154
4 5.3920
5 5.2874
6 5.3764
7 5.3902
8 5.3916
9 5.3467
10 5.3779
11 5.4136
12 5.3842
13 5.4001
14 5.3841
15 5.3199
16 5.3826
17 5.3560
18 5.3820
19 5.4110
20 5.3845
21 5.4070
22 5.3845
23 5.3577
24 5.3818
25 5.3444
26 5.3773
27 5.3574
28 5.3813
29 5.3860
30 5.3822
31 5.4619
32 5.3805
33 5.4094
34 5.3744
35 5.3711
36 5.3765
37 5.3325
38 5.3783
39 5.3303
40 5.3810
41 5.3526
42 5.3849
43 5.3562
44 5.3781
45 5.3798
46 5.3766
47 5.3723
48 5.3786
49 5.3641
50 5.3791
51 5.3953
52 5.3795
EOD
$v2 << EOD
1 5.5463
2 5.3734
3 7.8166
4 7.6857
5 7.2836
6 7.6854
7 7.0035
8 7.6854
9 6.0055
10 7.6854
11 6.8329
12 7.6854
13 6.8396
14 7.6854
15 6.8293
16 7.6854
17 6.6883
18 7.6854
19 6.9723
20 7.6854
21 7.0063
22 7.6854
23 6.7580
24 7.6854
25 6.4546
26 7.6849
27 5.9451
28 7.6854
29 6.5026
30 7.6854
31 6.4248
32 7.6854
33 6.3760
34 7.6854
35 6.5838
36 7.6854
37 6.6377
38 7.6854
39 6.6237
40 7.6856
41 6.5848
42 7.6854
43 6.7777
44 7.6856
45 6.9760
46 7.6854
47 6.9826
48 7.6854
49 6.9204
50 7.6854
51 6.9539
52 7.6856
EOD
$v3 << EOD
1 5.5463
2 4.7046
3 7.5705
4 7.6854
5 7.2605
6 7.6854
7 7.0400
8 7.6856
9 6.0118
10 7.6854
11 6.8543
12 7.6854
13 6.8780
14 7.6854
15 6.8063
16 7.6854
17 6.6639
18 7.6854
19 6.9724
20 7.6854
21 7.0609
22 7.6854
23 6.7325
24 7.6854
25 6.4390
26 7.6854
27 5.9646
28 7.6854
29 6.5273
30 7.6856
31 6.4373
32 7.6854
33 6.4365
34 7.6854
35 6.5862
36 7.6854
37 6.6416
38 7.6864
39 6.6227
40 7.6854
41 6.5839
42 7.6854
43 6.7887
44 7.6854
45 6.9710
46 7.6854
47 6.9769
48 7.6854
49 6.8953
50 7.6854
51 6.9575
52 7.6854
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
