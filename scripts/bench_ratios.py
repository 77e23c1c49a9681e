# SPDX-License-Identifier: GPL-2.0-only
#
# The ratios the kernel selftests' ringbuf benchmark is read for (ringbuf over
# perfbuf, sampled over adaptive wake-ups, back-to-back over parallel, one
# producer over N, reserve over output), from a results folder's points.csv,
# beside the same ratios in the published tables:
#   Xeon 2020: Andrii Nakryiko, "[PATCH v4 bpf-next 4/5] bpf: add BPF ringbuf and
#              perf buffer benchmarks" (2020-05-29), Intel Xeon E5-2680 v4,
#              28 cores / 56 threads, Linux 5.8 merge point
#   Ryzen 2023: Andrew Werner, bpf list 2023-07-18/19, AMD Ryzen 9 7950X, stock
#              libbpf (the "Old" block of his EPOLLET patch)
# (figures as collected in the project's research notes, kernel-ringbuf.md 3.7).
# Prints a markdown table: scripts/bench.sh ratios DIR.

# published M records/s: (Xeon 2020, Ryzen 2023)
PUBLISHED = {
    ('parallel', 'rb-libbpf'): (12.054, 20.755),
    ('parallel', 'rb-custom'): (8.158, 17.831),
    ('parallel', 'pb-libbpf'): (0.931, 1.494),
    ('sampled', 'rb-libbpf'): (11.563, 29.347),
    ('sampled', 'rb-custom'): (15.895, 33.364),
    ('sampled', 'pb-libbpf'): (9.889, 21.039),
    ('b2b', 'rb-libbpf'): (15.507, 60.791),
    ('b2b', 'rb-custom'): (21.449, 77.296),
    ('b2b', 'pb-libbpf'): (1.601, 1.960),
    ('b2b-sampled', 'rb-libbpf'): (14.692, 60.125),
    ('b2b-sampled', 'rb-custom'): (20.024, 71.147),
    ('b2b-sampled', 'pb-libbpf'): (8.545, 22.230),
    ('same-cpu', 'rb-libbpf'): (3.045, 0.565),
    ('same-cpu', 'pb-libbpf'): (1.393, 0.539),
    ('reserve', 'b2b'): (22.819, 77.829),
    ('output', 'b2b'): (18.906, 67.974),
    ('reserve', 'sampled'): (15.350, 33.925),
    ('output', 'sampled'): (14.195, 30.610),
    # rb-libbpf, batch 50, by producer count
    ('producers', 1): (10.916, 18.486),
    ('producers', 2): (4.931, 22.009),
    ('producers', 3): (4.880, 11.908),
    ('producers', 4): (3.926, 11.302),
    ('producers', 8): (4.011, 5.799),
    ('producers', 12): (3.967, 4.296),
    ('producers', 16): (2.604, 4.248),
}

# (label, numerator, denominator); keys of PUBLISHED, and for this machine
# (scenario, series, x) of points.csv
RATIOS = [
    ('ringbuf / perfbuf, parallel (rb-libbpf / pb-libbpf)',
     ('parallel', 'rb-libbpf'), ('parallel', 'pb-libbpf')),
    ('ringbuf / perfbuf, parallel sampled',
     ('sampled', 'rb-libbpf'), ('sampled', 'pb-libbpf')),
    ('ringbuf / perfbuf, back-to-back',
     ('b2b', 'rb-libbpf'), ('b2b', 'pb-libbpf')),
    ('ringbuf / perfbuf, back-to-back sampled',
     ('b2b-sampled', 'rb-libbpf'), ('b2b-sampled', 'pb-libbpf')),
    ('ringbuf / perfbuf, same CPU, batch 1',
     ('same-cpu', 'rb-libbpf'), ('same-cpu', 'pb-libbpf')),
    ('sampled / adaptive, rb-libbpf',
     ('sampled', 'rb-libbpf'), ('parallel', 'rb-libbpf')),
    ('sampled / adaptive, rb-custom',
     ('sampled', 'rb-custom'), ('parallel', 'rb-custom')),
    ('sampled / adaptive, pb-libbpf (wakeup_events 500 / 1)',
     ('sampled', 'pb-libbpf'), ('parallel', 'pb-libbpf')),
    ('b2b / parallel, rb-libbpf', ('b2b', 'rb-libbpf'), ('parallel', 'rb-libbpf')),
    ('b2b / parallel, rb-custom', ('b2b', 'rb-custom'), ('parallel', 'rb-custom')),
    ('b2b / parallel, pb-libbpf', ('b2b', 'pb-libbpf'), ('parallel', 'pb-libbpf')),
    ('reserve / output, back-to-back', ('reserve', 'b2b'), ('output', 'b2b')),
    ('reserve / output, sampled', ('reserve', 'sampled'), ('output', 'sampled')),
]


def local_key(key):
    """PUBLISHED key -> (scenario, series, x) in points.csv"""
    a, b = key
    if a == 'producers':
        return ('producers', 'rb-libbpf', str(b))
    if a in ('reserve', 'output'):
        return ('reserve-output', a, b)
    return ('selftests', b, a)


def fmt(v):
    return '-' if v is None else f'{v:.2f}'


def ratio(a, b):
    return a / b if a is not None and b else None


def table(rows):
    """rows: points.csv dicts; the port and the kernel transports beside the tables"""
    pts = {(r['scenario'], r['series'], r['x']): r for r in rows}

    def mean(key, prefix=''):
        sc, se, x = key
        r = pts.get((sc, prefix + se, x))
        return r['hits_mean'] if r and r.get('hits_mean') else None

    def sd_ratio(ka, kb, prefix=''):
        """± of the ratio from the two relative standard deviations"""
        ra = pts.get((ka[0], prefix + ka[1], ka[2]))
        rb = pts.get((kb[0], prefix + kb[1], kb[2]))
        if not ra or not rb or not ra.get('hits_mean') or not rb.get('hits_mean'):
            return None
        ea = (ra.get('hits_sd') or 0) / ra['hits_mean']
        eb = (rb.get('hits_sd') or 0) / rb['hits_mean']
        return (ea * ea + eb * eb) ** 0.5

    out = ['| ratio | this machine, port | this machine, kernel | Xeon 2020 | Ryzen 2023 |',
           '|---|---:|---:|---:|---:|']
    lines = list(RATIOS)
    prods = sorted({int(float(r['x'])) for r in rows if r['scenario'] == 'producers'
                    and r['series'] == 'rb-libbpf'})
    for n in prods[1:]:
        pub = ('producers', n) if ('producers', n) in PUBLISHED else None
        lines.append((f'1 producer / {n} producers, rb-libbpf batch 50', ('producers', 1),
                      pub or ('producers', n)))
    for label, ka, kb in lines:
        la, lb = local_key(ka), local_key(kb)
        cells = []
        for prefix in ('', 'kernel '):
            r = ratio(mean(la, prefix), mean(lb, prefix))
            e = sd_ratio(la, lb, prefix)
            cells.append('-' if r is None else
                         f'{r:.2f} ± {r * e:.2f}' if e is not None else f'{r:.2f}')
        pa, pb = PUBLISHED.get(ka), PUBLISHED.get(kb)
        pub = [fmt(ratio(pa[i], pb[i])) if pa and pb else '-' for i in (0, 1)]
        out.append(f'| {label} | {cells[0]} | {cells[1]} | {pub[0]} | {pub[1]} |')
    return '\n'.join(out)
