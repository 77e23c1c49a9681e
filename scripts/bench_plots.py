# SPDX-License-Identifier: GPL-2.0-only
#
# Writes the gnuplot scripts of a results folder (plots/NAME.gp), one per
# question, from its points.csv. The scripts read only the folder's CSV files
# (points.csv, overhead.csv) and write plots/NAME.png and plots/NAME.svg; they
# are kept with the data so that `make plots` can render any folder again.
# Colours are per transport and the same in every plot.

import os

PRETTY_CASE = {
    'parallel': 'parallel\\nadaptive wake-ups',
    'sampled': 'parallel, sampled\\n1 wake-up per 500 records',
    'b2b': 'back-to-back',
    'b2b-sampled': 'back-to-back,\\nsampled',
    'same-cpu': 'same CPU, batch 1\\n(2 threads on 1 CPU:\\noversubscribed)',
}
PCTS = (('p50', 'p50'), ('p90', 'p90'), ('p99', 'p99'), ('p999', 'p99.9'))
FILLS = ('fs solid 0.85', 'fs solid 0.4', 'fs pattern 4', 'fs pattern 5', 'fs pattern 2')
DASH = (1, 2, 4, 5, 3)
POINT = (7, 5, 9, 11, 13)


def q(s):
    """a gnuplot double-quoted string"""
    return '"' + str(s).replace('\\n', '\x00').replace('\\', '\\\\')\
        .replace('"', '\\"').replace('\x00', '\\n') + '"'


def human_bytes(v):
    v = int(v)
    for unit, n in (('MiB', 1 << 20), ('KiB', 1 << 10)):
        if v >= n and v % n == 0:
            return f'{v // n} {unit}'
    return f'{v} B'


class Scn:
    """the points of one scenario: series (in order) and x values (in order)"""

    def __init__(self, name, rows):
        self.name = name
        self.rows = [r for r in rows if r['scenario'] == name]
        seen = {}
        for r in sorted(self.rows, key=lambda r: r['si'] or 0):
            seen.setdefault(r['series'], r['transport'])
        self.series = list(seen.items())
        xs = {}
        for r in sorted(self.rows, key=lambda r: r['xi'] or 0):
            xs.setdefault(r['x'], r['xnum'])
        self.xs = list(xs.items())
        self.runs = max([int(r['runs'] or 0) for r in self.rows] or [0])
        over = [r['xnum'] for r in self.rows if r.get('oversubscribed')]
        self.oversub_from = min(over) if over else None

    def has(self):
        return any(r.get('runs') for r in self.rows)

    def style_index(self):
        """k-th series of its transport, for dash types and fills"""
        count, out = {}, {}
        for name, tr in self.series:
            out[name] = count.get(tr, 0)
            count[tr] = out[name] + 1
        return out

    def first(self, key):
        for r in self.rows:
            if r.get(key) is not None:
                return r[key]
        return None


class Plot:
    def __init__(self, name, colours, size, note):
        self.name = name
        self.colours = colours
        self.size = size
        self.note = note
        self.body = []
        self.pre = []  # data blocks: gnuplot defines them outside the loop only

    def add(self, line=''):
        self.body.append(line)

    def colour(self, transport):
        return self.colours.get(transport, '#444444')

    def text(self):
        w, h = self.size
        head = [
            '# SPDX-License-Identifier: GPL-2.0-only',
            f'# rbsim bench: {self.name}. Written by scripts/bench_plots.py for this results',
            '# folder; it reads only the folder\'s CSV files. From the folder:',
            f'#   gnuplot plots/{self.name}.gp     (make plots does it for every folder)',
        ] + self.pre + [
            'do for [fmt in "png svg"] {',
            'reset',
            'if (fmt eq "png") {',
            f'    set terminal pngcairo size {w},{h} noenhanced font "DejaVu Sans,11"',
            '} else {',
            f'    set terminal svg size {w},{h} dynamic noenhanced font "DejaVu Sans,11" '
            'background "white"',
            '}',
            f'set output "plots/{self.name}." . fmt',
            'set datafile separator comma',
            'set datafile columnheaders',
            'sel(sc, se) = strcol("scenario") eq sc && strcol("series") eq se',
            'set grid ytics lc rgb "#dddddd"',
            'set border lw 1',
            'set key noautotitle',
        ]
        tail = ['set output', '}']
        return '\n'.join(head + ['    ' + x if x else '' for x in self.body] + tail) + '\n'


def title(p, main, sub=''):
    t = main + ('\\n' + sub if sub else '')
    if p.note:
        t += '\\n' + p.note
    return t


def errs(scn):
    return scn.runs > 1


def line_clauses(p, scn, ycol, scale=1.0, xexpr='column("xnum")', suffix='', dt=None,
                 with_title=True, filt=None):
    """one line per series: mean with ± sd error bars when there are repeats"""
    idx = scn.style_index()
    out = []
    for name, tr in scn.series:
        k = idx[name]
        cond = f'sel({q(scn.name)}, {q(name)})' + (f' && {filt}' if filt else '')
        y = f'column("{ycol}_mean")*{scale}'
        style = (f'lc rgb {q(p.colour(tr))} dt {dt or DASH[k % len(DASH)]} '
                 f'pt {POINT[k % len(POINT)]} ps 1.2 lw 2')
        ttl = f'title {q(name + suffix)}' if with_title else 'notitle'
        if errs(scn):
            sd = f'column("{ycol}_sd")*{scale}'
            out.append(f'"points.csv" using {u(cond, xexpr, y, sd)} '
                       f'with yerrorlines {style} {ttl}')
        else:
            out.append(f'"points.csv" using {u(cond, xexpr, y)} with linespoints {style} {ttl}')
    return out


def errbar(cond, x, y, sd, floor=None):
    """a vertical mean ± sd bar with caps (yerrorbars would leave a gap at the mean)"""
    low = f'({y}) - ({sd})'
    if floor is not None:  # log axes: clip at the axis floor, as gnuplot clips the bar
        low = f'({low} > {floor} ? {low} : {floor})'
    top = f'({y}) + ({sd})'
    return (f'"points.csv" using {u(cond, x, low)}:(0):{u(cond, f"({top}) - ({low})")} '
            'with vectors heads size screen 0.006,90 lc rgb "black" lw 1 notitle')


def u(cond, *exprs):
    """a using spec that is NaN (so neither drawn nor autoscaled) off the selection"""
    return ':'.join(f'({cond} ? {e} : NaN)' for e in exprs)


def bar_clauses(p, scn, ycol, scale=1.0, fmt='%.2f', extra_label=None):
    """grouped bars: a group per x value, a bar per series, colour by transport"""
    n = len(scn.series)
    bw = 0.8 / max(n, 1)
    idx = scn.style_index()
    out = [f'set boxwidth {bw:.4f} absolute']
    clauses = []
    for k, (name, tr) in enumerate(scn.series):
        off = (k - (n - 1) / 2.0) * bw
        cond = f'sel({q(scn.name)}, {q(name)})'
        x = f'column("xi") + {off:.4f}'
        y = f'column("{ycol}_mean")*{scale}'
        sd = f'column("{ycol}_sd")*{scale}'
        fill = FILLS[idx[name] % len(FILLS)]
        clauses.append(f'"points.csv" using {u(cond, x, y)} with boxes lc rgb {q(p.colour(tr))} '
                       f'{fill} border lc rgb "#333333" title {q(name)}')
        top = y
        if errs(scn):
            clauses.append(errbar(cond, x, y, sd))
            top = f'{y} + {sd}'
        lab = f'sprintf("{fmt}", {y})'
        if extra_label:
            lab = f'{lab} . {extra_label}'
        clauses.append(f'"points.csv" using {u(cond, x, top)}:({cond} ? {lab} : "") '
                       'with labels rotate by 90 left offset 0,0.4 font ",8" notitle')
    return out, clauses


def plot_cmd(p, clauses):
    p.add('plot \\')
    for i, c in enumerate(clauses):
        p.add('    ' + c + (', \\' if i < len(clauses) - 1 else ''))


def xtics_cat(scn, pretty=None):
    items = [f'{q((pretty or {}).get(x, x))} {i}' for i, (x, _) in enumerate(scn.xs)]
    return 'set xtics (' + ', '.join(items) + ')'


def num(v):
    return f'{int(v)}' if float(v) == int(v) else f'{v:g}'


def xtics_num(scn, fmt=num):
    items = [f'{q(fmt(v))} {v:g}' for _, v in scn.xs if v is not None]
    return 'set xtics (' + ', '.join(items) + ')'


def log_xrange(p, scn, pad=1.3):
    """a log x axis with room for the first and last points' error bars"""
    vals = [v for _, v in scn.xs if v]
    if vals:
        p.add(f'set xrange [{min(vals) / pad:g}:{max(vals) * pad:g}]')


def oversub_shade(p, scn, ncpu):
    if scn.oversub_from is None:
        return
    x0 = scn.oversub_from - 0.5
    p.add(f'set object 1 rect from first {x0}, graph 0 to graph 1, graph 1 '
          'fc rgb "#eeeeee" fs solid 1.0 noborder behind')
    p.add(f'set label 1 {q(f"oversubscribed: producers + consumer > {ncpu} CPUs")} '
          f'at first {x0}, graph 0.97 offset 1,0 left tc rgb "#666666"')


# ------------------------------------------------------------------ the plots

DROPS_LABEL = ('(column("drops_mean") >= 0.005 ? '
               'sprintf(" (drops %.2f)", column("drops_mean")) : "")')


def bars(p, scn, main, sub, ylabel, label, top=0.12, pretty=None, xlabel=None):
    """grouped bars of throughput, a group per case, labelled with label (a gnuplot string)"""
    p.add('set title ' + q(title(p, main, sub)))
    p.add(f'set ylabel "{ylabel}"')
    p.add('set yrange [0:*]')
    p.add(f'set offsets 0.5, 0.5, graph {top}, 0')
    p.add(xtics_cat(scn, pretty))
    if xlabel:
        p.add(f'set xlabel "{xlabel}"')
    p.add('set key top right')
    pre, cl = bar_clauses(p, scn, 'hits', 1.0, '%.2f', label)
    for x in pre:
        p.add(x)
    return cl


def p_selftests(p, scn, ncpu):
    cl = bars(p, scn,
              "Kernel selftests' single-producer sections (run_bench_ringbufs.sh 1, 2, 3, 8)",
              '1 producer, 8-byte records, batch 500, ring 512 KiB, perf buffer 128 pages/CPU; '
              'same CPU: both threads pinned to CPU 0', 'throughput (M records/s)', DROPS_LABEL,
              pretty=PRETTY_CASE)
    p.add('set bmargin 6')
    plot_cmd(p, cl)


def p_sample_rate(p, scn, ncpu):
    p.add('set title ' + q(title(
        p, 'Back-to-back, effect of sample rate (run_bench_ringbufs.sh 4, 5)',
        '1 producer, the consumer triggers each batch; batch = sample rate = N; '
        'a wake-up once N records are pending; 8-byte records')))
    p.add('set xlabel "sample rate N = batch (records per wake-up), log scale"')
    p.add('set ylabel "throughput (M records/s)"')
    p.add('set logscale x')
    p.add(xtics_num(scn))
    log_xrange(p, scn)
    p.add('set yrange [0:*]')
    p.add('set key top left')
    plot_cmd(p, line_clauses(p, scn, 'hits'))


def p_reserve_output(p, scn, ncpu):
    p.add('set title ' + q(title(
        p, 'Reserve+submit against bpf_ringbuf_output() (run_bench_ringbufs.sh 6, 7)',
        '1 producer, batch consumer (rb-custom), 8-byte records, batch 500; '
        'sampled: a wake-up per 500 records')))
    p.add('set ylabel "throughput (M records/s)"')
    p.add('set yrange [0:*]')
    p.add('set offsets 0.5, 0.5, graph 0.12, 0')
    p.add(xtics_cat(scn, {'b2b': 'back-to-back', 'sampled': 'parallel, sampled'}))
    p.add('set key top right')
    pre, cl = bar_clauses(p, scn, 'hits')
    for x in pre:
        p.add(x)
    plot_cmd(p, cl)


def p_producers(p, scn, ncpu):
    p.add('set title ' + q(title(
        p, 'Throughput against producers (run_bench_ringbufs.sh 9, 10; wfcqueue as the '
        'MPSC baseline)',
        f'batch 50, 8-byte records, ring 512 KiB, perf buffer 128 pages per producer; '
        f'{ncpu} CPUs: from {int(scn.oversub_from) if scn.oversub_from else ncpu} '
        'producers on, producers + consumer oversubscribe the CPUs (shaded)')))
    p.add('set xlabel "producers (threads)"')
    p.add('set ylabel "total throughput (M records/s), log scale"')
    p.add('set logscale y')
    p.add(xtics_num(scn))
    p.add('set offsets 0.3, 0.3, 0, 0')
    p.add('set key top right')
    oversub_shade(p, scn, ncpu)
    plot_cmd(p, line_clauses(p, scn, 'hits'))


def p_record_size(p, scn, ncpu):
    p.add('set multiplot layout 2,1 title ' + q(title(
        p, 'Throughput against record size',
        '1 producer, batch 500, ring 512 KiB (perf buffer 128 pages), adaptive wake-ups, '
        'libbpf consumer; wfcqueue: node pool of 512 KiB')))
    p.add('set logscale x 2')
    p.add(xtics_num(scn, lambda v: human_bytes(v) if v >= 1024 else num(v)))
    p.add('set logscale y')
    log_xrange(p, scn)
    p.add('set xlabel "record size (bytes of payload)"')
    p.add('set ylabel "M records/s, log scale"')
    p.add('set key top right')
    plot_cmd(p, line_clauses(p, scn, 'hits'))
    p.add('set ylabel "GB/s of payload, log scale"')
    p.add('set key top left')
    plot_cmd(p, line_clauses(p, scn, 'gbps'))
    p.add('unset multiplot')


def p_latency(p, scn, ncpu):
    loads = scn.xs
    p.add('set multiplot layout %d,1 title %s' % (len(loads), q(title(
        p, 'End-to-end latency percentiles per wake-up mode (commit to consumer callback)',
        '1 producer paced at the offered load in bursts of 10, 8-byte records, every record '
        'stamped; bars p50, p90, p99, p99.9 (light to dark)'))))
    n = len(scn.series)
    bw = 0.8 / 4
    p.add(f'set boxwidth {bw:.3f} absolute')
    p.add('set logscale y')
    p.add('set yrange [0.1:*]')
    p.add('set ylabel "latency (us), log scale"')
    p.add('set format y "%g"')
    p.add('set xrange [-0.6:%f]' % (n - 0.4))
    # two lines per label ("kernel rb" over "adaptive"); q() turns the two-character \n
    # into gnuplot's newline escape
    nl = '\\n'
    items = [f'{q(nl.join(name.rsplit(" ", 1)))} {i}' for i, (name, _) in enumerate(scn.series)]
    p.add('set xtics (' + ', '.join(items) + ')')
    p.add('set key outside right top vertical')
    p.add('set lmargin at screen 0.07')
    p.add('set rmargin at screen 0.85')
    p.add('set bmargin 3.5')
    for li, (x, xv) in enumerate(loads):
        rate = f'{int(xv):,}' if xv is not None else x
        p.add(f'set title {q(f"offered load {rate} records/s")} offset 0,-0.5')
        cl = []
        for k, (name, tr) in enumerate(scn.series):
            cond = f'sel({q(scn.name)}, {q(name)}) && strcol("x") eq {q(x)}'
            for j, (col, label) in enumerate(PCTS):
                off = (j - 1.5) * bw
                dens = 0.25 + 0.25 * j
                bx = f'{k} + {off:.3f}'
                y = f'column("lat_{col}_mean")/1000.0'
                sd = f'column("lat_{col}_sd")/1000.0'
                cl.append(f'"points.csv" using {u(cond, bx, y)} with boxes '
                          f'lc rgb {q(p.colour(tr))} fs solid {dens:.2f} border '
                          'lc rgb "#333333" notitle')
                if errs(scn):
                    cl.append(errbar(cond, bx, y, sd, floor=0.1))
        if li == 0:
            for j, (_, label) in enumerate(PCTS):
                cl.append(f'NaN with boxes lc rgb "#555555" fs solid {0.25 + 0.25 * j:.2f} '
                          f'title {q(label)}')
            for tr in dict.fromkeys(tr for _, tr in scn.series):
                cl.append(f'NaN with boxes lc rgb {q(p.colour(tr))} fs solid 0.85 '
                          f'title {q(tr)}')
        plot_cmd(p, cl)
    p.add('unset multiplot')


def p_drops(p, scn, ncpu):
    size = scn.first('size')
    batch = scn.first('batch')
    p.add('set title ' + q(title(
        p, 'Drops against ring size, bursty producer',
        f'1 producer: bursts of {int(batch) if batch else "?"} records of '
        f'{int(size) if size else "?"} bytes at 400000 records/s on average; --ring-size sets '
        'the ring buffer, each perf buffer CPU ring and the wfcqueue node pool')))
    p.add('set xlabel "ring size (bytes), log scale"')
    p.add('set ylabel "records dropped (% of attempted)"')
    p.add('set logscale x 2')
    p.add(xtics_num(scn, human_bytes))
    log_xrange(p, scn, 1.2)
    p.add('set yrange [0:100]')
    p.add('set key top right')
    if size and batch:
        burst = int(batch) * ((int(size) + 8 + 7) // 8 * 8)
        p.add(f'set arrow 1 from first {burst}, graph 0 to first {burst}, graph 1 nohead '
              'dt 2 lc rgb "#888888"')
        p.add(f'set label 2 {q("one burst in the ring buffer: " + human_bytes(burst))} '
              f'at first {burst}, graph 0.6 offset 0.5,0 tc rgb "#666666"')
    plot_cmd(p, line_clauses(p, scn, 'drop_pct'))


def p_consumer_work(p, scn, ncpu):
    p.add('set multiplot layout 2,1 title ' + q(title(
        p, 'Throughput and latency against consumer work per record',
        '1 producer as fast as it can (batch 500, 8-byte records, ring 512 KiB); the '
        'consumer spins NS ns on every record')))
    p.add(xtics_cat(scn))
    p.add('set xrange [-0.3:%f]' % (len(scn.xs) - 0.7))
    p.add('set xlabel "consumer work per record (ns)"')
    p.add('set ylabel "consumed (M records/s), log scale"')
    p.add('set logscale y')
    p.add('set key top right')
    cl = line_clauses(p, scn, 'hits', xexpr='column("xi")')
    first = scn.series[0][0]
    cond = f'sel({q(scn.name)}, {q(first)}) && column("xnum") > 0'
    bound = u(cond, 'column("xi")', '1000.0/column("xnum")')
    cl.append(f'"points.csv" using {bound} '
              'with linespoints dt 3 lw 1.5 pt 2 lc rgb "#777777" title "1000/NS: the most a '
              'consumer doing only the work could take"')
    plot_cmd(p, cl)
    p.add('set ylabel "latency (us), log scale: p50 solid, p99 dashed"')
    p.add('set format y "%g"')
    cl = line_clauses(p, scn, 'lat_p50', 0.001, xexpr='column("xi")', dt=1, suffix=' p50')
    cl += line_clauses(p, scn, 'lat_p99', 0.001, xexpr='column("xi")', dt=2, suffix=' p99')
    p.add('set key bottom right')
    plot_cmd(p, cl)
    p.add('unset multiplot')


def p_wall(p, scn, ncpu):
    rec = scn.first('records')
    p.add('set title ' + q(title(
        p, 'Wall time to move a fixed number of records, whole rbsim invocations '
        '(hyperfine)',
        f'rbsim run --b2b --records {int(rec) if rec else "N"}: 8-byte records, batch 500, '
        'no drops; process start, set-up and BPF loading included; bars: mean ± sd')))
    p.add('set ylabel "wall time per record (ns)"')
    p.add('set yrange [0:*]')
    p.add('set offsets 0.5, 0.5, graph 0.12, 0')
    items = [f'{q(name)} {i}' for i, (name, _) in enumerate(scn.series)]
    p.add('set xtics (' + ', '.join(items) + ')')
    p.add('set boxwidth 0.6 absolute')
    cl = []
    for k, (name, tr) in enumerate(scn.series):
        cond = f'sel({q(scn.name)}, {q(name)})'
        y = 'column("wall_s_mean")/column("records")*1e9'
        sd = 'column("wall_s_sd")/column("records")*1e9'
        cl.append(f'"points.csv" using {u(cond, k, y)} with boxes lc rgb {q(p.colour(tr))} '
                  'fs solid 0.85 border lc rgb "#333333" notitle')
        top = y
        if errs(scn):
            cl.append(errbar(cond, k, y, sd))
            top = f'{y} + {sd}'
        cl.append(f'"points.csv" using {u(cond, k, top)}:({cond} ? sprintf("%.1f ns/record '
                  f'(%.3f s)", {y}, column("wall_s_mean")) : "") with labels offset 0,1 '
                  'font ",9" notitle')
    plot_cmd(p, cl)


def p_overhead(p, colours):
    p.add('set multiplot layout 2,1 title ' + q(title(
        p, 'What a record costs in ring space (rbsim overhead, Linux 6.18 rules)',
        'BPF ring buffer: round_up(N + 8, 8) bytes; perf buffer (PERF_SAMPLE_RAW): '
        'round_up(N + 12, 8) bytes')))
    rb, pf = q(colours['ringbuf']), q(colours['perfbuf'])
    p.add('set logscale x 2')
    p.add('set xrange [1:16384]')
    p.add('set xlabel "payload N (bytes), log scale"')
    p.add('set logscale y 2')
    p.add('set ylabel "footprint (bytes), log scale"')
    p.add('set format y "%g"')
    p.add('set key top left')
    plot_cmd(p, [
        f'"overhead.csv" using (column("size") > 0 ? column("size") : NaN):'
        f'(column("rb_footprint")) with steps lw 2 lc rgb {rb} title "ring buffer record"',
        f'"overhead.csv" using (column("size") > 0 ? column("size") : NaN):'
        f'(column("pf_footprint")) with steps lw 2 dt 2 lc rgb {pf} title "perf buffer record"',
        '"overhead.csv" using (column("size") > 0 ? column("size") : NaN):(column("size")) '
        'with lines lw 1 dt 3 lc rgb "#777777" title "payload"',
    ])
    p.add('unset logscale y')
    p.add('set yrange [0:100]')
    p.add('set ylabel "efficiency: payload / footprint (%)"')
    p.add('set key bottom right')
    plot_cmd(p, [
        f'"overhead.csv" using (column("size") > 0 ? column("size") : NaN):'
        f'(100*column("rb_efficiency")) with lines lw 1.5 lc rgb {rb} title "ring buffer"',
        f'"overhead.csv" using (column("size") > 0 ? column("size") : NaN):'
        f'(100*column("pf_efficiency")) with lines lw 1.5 dt 2 lc rgb {pf} '
        'title "perf buffer"',
    ])
    p.add('unset multiplot')


def p_eras(p, scn, ncpu):
    plot_cmd(p, bars(
        p, scn, 'Kernel eras: the reserve of each release, with and without NMI-context reserves',
        '8-byte records, batch 50, ring 512 KiB, libbpf consumer; NMI: a handler marked as '
        'NMI reserves 1000 times/s per producer; labels: lock drops, NMI lock failures',
        'throughput (M records/s)',
        'sprintf(" (lock %.0f", column("lock_drops_mean")) . '
        '(column("nmi_lock_fails_mean") == column("nmi_lock_fails_mean") ? '
        'sprintf(", nmi %.0f)", column("nmi_lock_fails_mean")) : ")")',
        top=0.25, xlabel='kernel (rbsim run --kernel)'))


def p_overwrite(p, scn, ncpu):
    plot_cmd(p, bars(
        p, scn, "6.19's overwrite mode against normal mode",
        '8-byte records, batch 50, ring 512 KiB; published (EPYC 9654, 1/2 p): overwrite, '
        'no consumer 32.2/9.6, normal (rb-libbpf) 11.6/15.9 M/s; labels: lost reads per run',
        'throughput (M records/s: consumed; produced with no consumer)',
        DROPS_LABEL + ' . (column("lost_reads_mean") == column("lost_reads_mean") ? '
        'sprintf(" (lost reads %.0f)", column("lost_reads_mean")) : "")'))


def p_reserve(p, scn, ncpu):
    cl = bars(
        p, scn, 'Reservation variants on real threads (issue 14)',
        '8-byte records, batch 50, ring 512 KiB, libbpf consumer; kernel: the lock, cas: '
        'compare-and-swap, shard:2: a ring per 2 producers, percpu: a ring per producer; '
        f'2 producers and the consumer oversubscribe {ncpu} CPUs',
        'throughput (M records/s)', DROPS_LABEL, xlabel='producers')
    plot_cmd(p, cl)


PLOTS = [
    ('selftests', p_selftests),
    ('sample-rate', p_sample_rate),
    ('reserve-output', p_reserve_output),
    ('producers', p_producers),
    ('record-size', p_record_size),
    ('latency', p_latency),
    ('drops', p_drops),
    ('consumer-work', p_consumer_work),
    ('wall', p_wall),
    ('eras', p_eras),
    ('overwrite', p_overwrite),
    ('reserve', p_reserve),
]

# one colour per reservation variant in the model's plots
VARIANT_COLOURS = {'kernel': '#1f77b4', 'cas': '#d62728', 'shard:2': '#2ca02c',
                   'percpu': '#ff7f0e'}


def slug(text):
    out = ''.join(c if c.isalnum() else '-' for c in text.lower())
    while '--' in out:
        out = out.replace('--', '-')
    return out.strip('-')[:40].strip('-')


def inline(p, name, rows):
    """a gnuplot data block: the machine names hold commas, which its CSV reading splits"""
    p.pre.append(f'${name} << EOD')
    for r in rows:
        p.pre.append(' '.join(str(x) for x in r))
    p.pre.append('EOD')


def model_plots(folder, colours, size):
    """model-<machine>.gp from model.csv: every variant's curve on one machine, with the
    published curve of the kernel's reservation; model-real.gp from model-real.csv. The
    figures are copied into the scripts (rewritten from the CSV by `make plots`)."""
    import csv
    names = []
    path = os.path.join(folder, 'model.csv')
    if os.path.isfile(path):
        with open(path, newline='') as f:
            rows = list(csv.DictReader(f))
        machines, variants = [], []
        for r in rows:
            if r['machine'] not in machines:
                machines.append(r['machine'])
            if r['reserve'] not in variants:
                variants.append(r['reserve'])
        for m in machines:
            name = 'model-' + slug(m)
            mine = [r for r in rows if r['machine'] == m]
            curve = mine[0]['curve'] if mine else ''
            p = Plot(name, colours, size, '')
            p.add('set title ' + q(f'rbsim model: {m}\\nM records/s against producers, '
                                   'every reservation variant, batch 50' +
                                   (f', the workload of published curve {curve}'
                                    if curve else '')))
            p.add('set xlabel "producers"')
            p.add('set ylabel "throughput (M records/s, model)"')
            p.add('set yrange [0:*]')
            p.add('set key top right')
            p.add('set datafile separator whitespace')
            p.add('set datafile nocolumnheaders')
            cl = []
            for k, v in enumerate(variants):
                inline(p, f'v{k}', [(r['producers'], r['mps']) for r in mine
                                    if r['reserve'] == v])
                cl.append(f'$v{k} using 1:2 with linespoints lw 2 pt {POINT[k % len(POINT)]} '
                          f'ps 0.8 lc rgb {q(VARIANT_COLOURS.get(v, "#444444"))} title {q(v)}')
            pub = [(r['producers'], r['published_mps']) for r in mine
                   if r['reserve'] == 'kernel' and r['published_mps']]
            if pub:
                inline(p, 'pub', pub)
                cl.append(f'$pub using 1:2 with points pt 6 ps 1.6 lw 2 lc rgb "#000000" '
                          f'title {q("published, curve " + curve + " (kernel)")}')
            plot_cmd(p, cl)
            with open(os.path.join(folder, 'plots', name + '.gp'), 'w') as f:
                f.write(p.text())
            names.append(name)
    path = os.path.join(folder, 'model-real.csv')
    if os.path.isfile(path):
        with open(path, newline='') as f:
            rows = list(csv.DictReader(f))
        p = Plot('model-real', colours, size, '')
        p.add('set title "rbsim model --against-real: the model against real threads on this '
              'machine\\n8-byte records, batch 50, ring 512 KiB, libbpf consumer (alone: none, 2 GiB '
              'ring), --lock queued, -a; *: oversubscribed (more threads than CPUs); labels: '
              'model / real M/s; the band: within 30%"')
        p.add('set ylabel "model / real (log scale)"')
        p.add('set logscale y 2')
        p.add('set yrange [0.05:64]')
        p.add('set xlabel "variant, producers"')
        p.add('set object 1 rect from graph 0, first 0.7 to graph 1, first 1.3 '
              'fc rgb "#ddeedd" fs solid 1.0 noborder behind')
        p.add('set boxwidth 0.6 absolute')
        p.add('set style fill solid 0.85')
        p.add('set datafile separator whitespace')
        p.add('set datafile nocolumnheaders')
        inline(p, 'r', [(i, r['ratio'], r['model_mps'], r['real_mps'],
                         q(f'{r["reserve"]} {r["producers"]}'
                           + (' alone' if r.get('consumer') == 'none' else '')
                           + ('*' if r['oversubscribed'] == '1' else '')))
                        for i, r in enumerate(rows)])
        plot_cmd(p, [
            '$r using 1:2:xtic(5) with boxes lc rgb "#1f77b4" notitle',
            '$r using 1:2:(sprintf("%.2f / %.2f", $3, $4)) with labels offset 0,1 font ",8" '
            'notitle'])
        with open(os.path.join(folder, 'plots', 'model-real.gp'), 'w') as f:
            f.write(p.text())
        names.append('model-real')
    return names


def write_plots(folder, rows, have_overhead, env, colours, size):
    """writes folder/plots/*.gp; returns the plot names"""
    pdir = os.path.join(folder, 'plots')
    os.makedirs(pdir, exist_ok=True)
    for f in os.listdir(pdir):
        if f.endswith('.gp'):
            os.unlink(os.path.join(pdir, f))
    cpus = [int(r['cpus']) for r in rows if r.get('cpus')]
    ncpu = max(cpus) if cpus else os.cpu_count() or 1
    note = []
    if env.get('host'):
        note.append(env['host'])
    if env.get('cpu'):
        note.append(f'{ncpu} CPUs ({env["cpu"]})')
    if env.get('kernel'):
        note.append(' '.join(env['kernel'].split()[:2]))
    if env.get('suite'):
        note.append(env['suite'].split(':')[0] + ' suite')
    names = []
    for name, fn in PLOTS:
        scn = Scn(name, rows)
        if not scn.has():
            continue
        runs = scn.runs
        what = 'hyperfine runs' if name == 'wall' else 'runs'
        p = Plot(name, colours, size, ', '.join(
            note + [f'mean ± sd of {runs} {what} per point' if runs > 1
                    else f'1 {what[:-1]} per point']))
        fn(p, scn, ncpu)
        with open(os.path.join(pdir, name + '.gp'), 'w') as f:
            f.write(p.text())
        names.append(name)
    names += model_plots(folder, colours, size)
    if have_overhead:
        p = Plot('overhead', colours, size, '')
        p_overhead(p, colours)
        with open(os.path.join(pdir, 'overhead.gp'), 'w') as f:
            f.write(p.text())
        names.append('overhead')
    return names
