# SPDX-License-Identifier: GPL-2.0-only
#
# The prediction section of the benchmark suite (bench/prediction.scenario,
# issue 15): from a results folder's runs.csv, every run of the kernel, the
# pure port and the calibrated port (and, where the sitting ran them, the
# kernel's repeat and the calibrated port with its round's profile), workload
# by workload, and how well each port predicts the kernel. Writes into the folder:
#   prediction.csv         every run: its figures, the regime of its seconds, the
#                          per-second hits behind its mean, and its round's
#                          cache-line transfer between the CPUs (c2c.csv, probe c2c),
#                          and whether a host stall hit it (STALL_NS; counted in
#                          prediction.md)
#   prediction-points.csv  per workload and figure: each side's medians
#   prediction.md          the tables (a column a side and the ratios), the verdict
#                          of each figure against issue 15's bands, the bistable
#                          workloads per regime, the oversubscribed ones apart
#   plots/prediction.gp    predicted against measured, log-log, y = x and +-25%
# `scripts/bench.sh plot DIR` writes them again from DIR/runs.csv.
# prediction.md ends with each figure the calibrated port missed and its
# measured cause, from bench/prediction.causes ($BENCH_PREDICTION_CAUSES
# names another file), or says that none is measured yet.

import csv
import functools
import os
import re
import statistics

SCENARIO = 'prediction'
SIDES = ('kernel', 'pure port', 'calibrated port')
# the kernel's own repeat: a second kernel series alternating with the others in the
# same sitting (bench/prediction.scenario), judged against the first by the same bands.
# It says how often the kernel meets the bands against itself on the host, which bounds
# what any prediction can be expected to meet there. Optional: folders run before it have
# three sides, and are read as they were.
REPEAT = 'kernel again'
# the calibrated port with a profile made just before its round (bench.py's probe
# profile: a one-second rbsim calibrate), beside the one the suite made before its first
# run: what the port predicts when its charges are the host's costs of that minute, not
# of the sitting's start; the host's costs move from minute to minute, and a profile
# made in a calm minute put the calibrated port x2 above a kernel run in a slow one,
# where one made just before came within x1.11 (results/profile-moment-vm-2026-12-07-3).
# Optional, as the repeat.
NOW = 'calibrated now'
OPTIONAL = (REPEAT, NOW)
# each side's column in prediction-points.csv
COLUMN = {'kernel': 'kernel', 'pure port': 'pure', 'calibrated port': 'calibrated',
          REPEAT: 'kernel_again', NOW: 'calibrated_now'}
# the figures: key, title, unit for people, the band of issue 15 (None: shown, not
# judged). Notifications: the port counts its own; the kernel's are its IRQ work
# interrupts over the run (sim/irqstat.h), which tell a wake-up figure's miss made at the
# producer (notifications) from one made at the consumer (its waits' returns). Sleeps: the
# consumer thread's voluntary context switches, counted alike on both (cons_sleeps); a
# wake-up may not have slept, and each sleep costs its producer the wake-up of a sleeper.
FIGS = (
    ('hits', 'hits (M records/s)', 'ratio', 0.25),
    ('drop_frac', 'drop fraction', 'drop', 0.25),
    ('wakeups_per_rec', 'wake-ups per record', 'ratio', 0.25),
    ('notif_per_rec', 'notifications per record', 'shown', None),
    ('sleeps_per_rec', 'consumer sleeps per record', 'shown', None),
    ('p50_us', 'latency p50 (us)', 'factor', 2.0),
    ('p99_us', 'latency p99 (us)', 'shown', None),
)
# bench/prediction.causes' names for the figures (share: of caught-up seconds)
CAUSE_FIGS = {'hits': 'hits', 'drops': 'drop_frac', 'wakeups': 'wakeups_per_rec',
              'p50': 'p50_us', 'share': 'share'}
# ... and of the regimes, for a figure within one regime of a bistable workload
CAUSE_REGIMES = {'caught-up': 'c', 'ahead': 'a'}
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CAUSES = os.path.join(REPO, 'bench', 'prediction.causes')
BISTABLE = (0.1, 0.9)   # a kernel caught up between 10% and 90% of its seconds
SHARE_BAND = 20.0       # percentage points of time in each regime
# a run with a record that waited this long for its consumer: the consumer waits at most
# 50 ms for a wake-up before it looks again (sim/engine_threads.c CONSUME_TIMEOUT_MS), so
# such a record waited for a consumer kept off its CPU, on the kernel's side and the
# port's alike. On the 2-vCPU vm the host stops a vCPU for a 100 ms period while both are
# busy (results/host-stalls-vm-2026-12-04): such a run drops what its producer makes in
# that time (a kernel run there dropped 7.6 M records in its measured second against
# 0.14 M in a run not hit, its producer's reservations failing while the consumer was
# stopped). prediction.md counts
# them and gives their drop fraction and p99 beside the other runs'; they stay in the
# medians: whether a stall hits a run depends on the run (on the vm, no run of a workload
# that keeps one vCPU busy was hit, and the kernel's runs of the bistable workloads that ran
# ahead were hit 3.5 to 5 times as often as those caught up in two sittings, its repeat's
# 1.1 to 1.5 times, though a stall may itself push a run's seconds ahead), so leaving them
# out would pick runs by the behaviour under test (in
# vm-2026-12-04-8 it moved the kernel against itself from 10 workloads within every band
# to 8)
STALL_NS = 90e6
# Since rbsim run counts them itself: the stamped records that waited STALL_NS or more
# (lat_host_waits; the grid's workloads have no --stall of their own) and the times a paced
# producer looked at the clock STALL_NS or more late (prod_host_stops), the producer's
# side of a stop, which no latency shows; a runs.csv from before them: lat_max_ns.
NEAR_NS = 100           # a one-way c2c below this: the vCPUs near (27-42 ns on the EPYC guest,
                        # 200-300 ns far: results/vm-2026-12-03-6)


def read_causes(path):
    """the measured causes of a causes file: [(workloads, {figure key: '+', '-' or None
    (the way of the miss it explains: the calibrated port above or below the kernel, or
    either)}, results, cause)]; ValueError naming the file and line of a malformed one"""
    causes = []
    try:
        with open(path) as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise ValueError(f'{path}: the prediction\'s causes file: {e.strerror}')
    for n, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith('#'):
            continue
        parts = [x.strip() for x in text.split('|')]
        if len(parts) != 4 or not all(parts):
            raise ValueError(f'{path}:{n}: expected WORKLOADS | FIGURES | RESULTS | CAUSE')
        figs = {}
        for x in parts[1].split():
            # a trailing + or -: only a miss with the calibrated port above (below) the kernel
            way = x[-1] if x[-1] in '+-' else None
            name, at, regime = (x[:-1] if way else x).partition('@')
            if name not in CAUSE_FIGS or (at and (name == 'share' or
                                                  regime not in CAUSE_REGIMES)):
                raise ValueError(f'{path}:{n}: unknown figure {x!r} (expected one of '
                                 f'{", ".join(CAUSE_FIGS)}, each but share with an optional '
                                 f'@{" or @".join(CAUSE_REGIMES)}, each with an optional '
                                 f'+ or -)')
            key = CAUSE_FIGS[name] + ('_' + CAUSE_REGIMES[regime] if at else '')
            figs[key] = way if figs.get(key, way) == way else None
        causes.append((set(parts[0].split()), figs, parts[2], parts[3]))
    return causes


def load_causes():
    """the causes of $BENCH_PREDICTION_CAUSES, else bench/prediction.causes, and the
    file's name for the tables; ValueError as read_causes()"""
    path = os.environ.get('BENCH_PREDICTION_CAUSES') or CAUSES
    return read_causes(path), 'bench/prediction.causes' if path == CAUSES else path


def fnum(row, key):
    try:
        return float(row[key])
    except (KeyError, TypeError, ValueError):
        return None


def run_figures(row):
    """the figures of one run (None where the run has none)"""
    att, cons = fnum(row, 'attempted'), fnum(row, 'consumed')
    drops = sum(fnum(row, k) or 0 for k in ('drops_no_space', 'drops_lock', 'drops_too_big'))
    lat = (fnum(row, 'lat_samples') or 0) > 0
    secs = [float(v) for v in (row.get('sec_hits_mps') or '').split(';') if v]
    return {
        'hits': fnum(row, 'hits_mean_mps'),
        'drop_frac': drops / att if att else None,
        'wakeups_per_rec': (fnum(row, 'wakeups') or 0) / cons if cons else None,
        'notif_per_rec': fnum(row, 'notifications') / cons
        if cons and fnum(row, 'notifications') is not None else None,
        # none in a runs.csv of a build before the column (results before 2026-12-04)
        'sleeps_per_rec': fnum(row, 'cons_sleeps') / cons
        if cons and fnum(row, 'cons_sleeps') is not None else None,
        'p50_us': fnum(row, 'lat_p50_ns') / 1e3 if lat else None,
        'p99_us': fnum(row, 'lat_p99_ns') / 1e3 if lat else None,
        'caught_up_pct': fnum(row, 'regime_caught_up_pct'),
        'regime': row.get('regime') or '',
        'sec_regime': row.get('sec_regime') or '',
        'sec_hits': secs,
        'oversubscribed': (row.get('oversubscribed') or '0') not in ('0', ''),
        'profile': row.get('profile') or '',
        'stalled': host_hit(row, lat),
    }


def host_hit(row, lat):
    """did a stop of the host's hit the run (STALL_NS)?"""
    waits = fnum(row, 'lat_host_waits')
    if waits is None:
        hit = bool(lat) and (fnum(row, 'lat_max_ns') or 0) >= STALL_NS
    else:
        hit = waits > 0
    return hit or (fnum(row, 'prod_host_stops') or 0) > 0


def read_runs(folder):
    """{workload: {side: [run figures, in run order]}}, workloads in run order"""
    out = {}
    try:
        f = open(os.path.join(folder, 'runs.csv'), newline='')
    except OSError:
        return out
    with f:
        for row in csv.DictReader(f):
            parts = (row.get('label') or '').split('|')
            if len(parts) != 4 or parts[0] != SCENARIO or parts[1] not in SIDES + OPTIONAL:
                continue
            if row.get('integrity') != 'ok':
                continue
            fig = run_figures(row)
            fig['rep'] = parts[3]
            out.setdefault(parts[2], {}).setdefault(parts[1], []).append(fig)
    return out


def read_c2c(folder):
    """{(workload, round): the one-way c2c ns probed before that round, or None}, from
    the folder's c2c.csv (bench.py's probe c2c); {} without one"""
    out = {}
    try:
        f = open(os.path.join(folder, 'c2c.csv'), newline='')
    except OSError:
        return out
    with f:
        for row in csv.DictReader(f):
            if row.get('scenario') == SCENARIO:
                out[(row.get('x'), row.get('round'))] = fnum(row, 'c2c_ns')
    return out


def median(vals):
    vals = [v for v in vals if v is not None]
    return statistics.median(vals) if vals else None


def regime_hits(runs, letter):
    """the median per-second hits of the seconds in one regime, over the runs"""
    vals = [h for r in runs for h, g in zip(r['sec_hits'], r['sec_regime']) if g == letter]
    return median(vals)


def regime_runs(runs, letter):
    """the runs every second of which was in one regime (a run that switched has no
    figures of either regime but its seconds' hits)"""
    return [r for r in runs if r['sec_regime'] and set(r['sec_regime']) == {letter}]


def caught_up_share(runs):
    """the percentage of caught-up seconds over every second of the side's runs (a
    regime that holds a run whole, as it does with one-second runs, is time in that
    regime like any other); runs without seconds count by their own share; None
    without either"""
    letters = ''.join(r['sec_regime'] for r in runs)
    if letters:
        return 100.0 * letters.count('c') / len(letters)
    return median([r['caught_up_pct'] for r in runs])


def within(key, band, k, p):
    """the verdict of one figure: True, False, or None (nothing to judge)"""
    if band is None or k is None or p is None:
        return None
    if key == 'drop_frac':
        return abs(p - k) <= 0.005 or (k > 0 and abs(p / k - 1) <= band)
    if k <= 0 or p <= 0:
        return k == p
    if key == 'p50_us':
        return 1 / band <= p / k <= band
    return abs(p / k - 1) <= band


def all_sides(runs):
    """the sides of a sitting: the three, then the kernel's repeat and the calibrated
    port with its round's profile, each where every workload that has the three has it
    too"""
    full = [sides for sides in runs.values() if all(s in sides for s in SIDES)]
    return SIDES + tuple(o for o in OPTIONAL if full and all(o in s for s in full))


def summarise(runs):
    """per workload: medians per side and figure, verdicts, regimes"""
    rows = []
    every = all_sides(runs)
    for w, sides in runs.items():
        if not all(s in sides for s in SIDES):
            continue
        r = {'workload': w, 'med': {}, 'ok': {}, 'sides': every,
             'runs': {s: len(sides[s]) for s in every}, 'regime_runs': {},
             'oversubscribed': any(x['oversubscribed'] for s in SIDES for x in sides[s]),
             'stalled': {s: sum(x['stalled'] for x in sides[s]) for s in every},
             'stall_med': {}, 'unhit': {}, 'ok_unhit': {}}
        for key in ('drop_frac', 'p99_us'):
            for s in every:
                for hit in (True, False):
                    r['stall_med'][(key, s, hit)] = median([x[key] for x in sides[s]
                                                            if x['stalled'] == hit])
        for key, _, _, band in FIGS:
            for s in every:
                r['med'][(key, s)] = median([x[key] for x in sides[s]])
                r['unhit'][(key, s)] = median([x[key] for x in sides[s] if not x['stalled']])
            for s in every[1:]:
                r['ok'][(key, s)] = within(key, band, r['med'][(key, 'kernel')],
                                           r['med'][(key, s)])
                # the same verdict on the runs no host stall hit, where both sides have any
                r['ok_unhit'][(key, s)] = within(key, band, r['unhit'][(key, 'kernel')],
                                                 r['unhit'][(key, s)])
        share = {s: caught_up_share(sides[s]) for s in every}
        r['share'] = share
        ks = share['kernel']
        r['bistable'] = ks is not None and BISTABLE[0] * 100 <= ks <= BISTABLE[1] * 100
        for s in every:
            for g in 'ca':
                r['regime_runs'][(g, s)] = len(regime_runs(sides[s], g))
                for key, _, _, _ in FIGS:
                    r['med'][(f'{key}_{g}', s)] = regime_hits(sides[s], g) \
                        if key == 'hits' else \
                        median([x[key] for x in regime_runs(sides[s], g)])
        if r['bistable']:
            # judged per regime and by the share, not by medians that mix the regimes
            for s in every[1:]:
                r['ok'][('share', s)] = share[s] is not None and abs(share[s] - ks) <= \
                    SHARE_BAND
                for g in 'ca':
                    for key, _, _, band in FIGS:
                        r['ok'][(key, s)] = None
                        if band is not None:
                            r['ok'][(f'{key}_{g}', s)] = within(
                                key, band, r['med'][(f'{key}_{g}', 'kernel')],
                                r['med'][(f'{key}_{g}', s)])
        rows.append(r)
    return rows


def fmt(v, key):
    if v is None:
        return '-'
    if key == 'drop_frac':
        return f'{100 * v:.2f}%'
    if key in ('wakeups_per_rec', 'notif_per_rec', 'sleeps_per_rec'):
        return f'{v:.4f}'
    return f'{v:.3g}' if v < 100 else f'{v:.0f}'


def ratio(p, k):
    return f'x{p / k:.2f}' if p is not None and k and p > 0 else '-'


def mark(ok):
    return '' if ok is None else ' ok' if ok else ' **miss**'


def sides_of(rows):
    """the sides of rows (all_sides() of their sitting)"""
    return rows[0]['sides'] if rows else SIDES


def head(rows, first, each):
    """a table's header row and rule: the first columns, then each's columns per side"""
    cols = list(first) + [c.replace('SIDE', s) for s in sides_of(rows)[1:] for c in each]
    return ['| ' + ' | '.join(cols) + ' |', '|' + '---|' * len(cols)]


def table(rows, key, title):
    out = [f'### {title}', ''] + head(rows, ('workload', 'kernel'), ('SIDE', 'ratio'))
    for r in rows:
        k = r['med'][(key, 'kernel')]
        cells = [r['workload'] + (' (oversubscribed)' if r['oversubscribed'] else '') +
                 (' (bistable: judged per regime)' if r['bistable'] and
                  any(f[0] == key and f[3] for f in FIGS) else ''), fmt(k, key)]
        for s in r['sides'][1:]:
            p = r['med'][(key, s)]
            cells += [fmt(p, key), ratio(p, k) + mark(r['ok'].get((key, s)))]
        out.append('| ' + ' | '.join(cells) + ' |')
    return out + ['']


def stall_lines(rows):
    """the runs a host stall hit: how many of each side's, per workload, and their own
    drop fraction and p99 beside the others'"""
    hit = [r for r in rows if any(r['stalled'].values())]
    every = sides_of(rows)
    total = {s: sum(r['stalled'][s] for r in rows) for s in every}
    runs = {s: sum(r['runs'][s] for r in rows) for s in every}
    out = ['## Runs a host stall hit', '',
           f'A run in which a record waited {STALL_NS / 1e6:.0f} ms or more for its '
           'consumer (the consumer waits at most 50 ms for a wake-up before it looks again, '
           'so such a record waited for a consumer kept off its CPU), or whose producer '
           f'looked at the clock {STALL_NS / 1e6:.0f} ms or more after it meant to '
           '(`lat_host_waits`, `prod_host_stops`). On a VM whose host stops a busy vCPU '
           'for a whole period (env.txt\'s cpu gaps; '
           'results/host-stalls-vm-2026-12-04) the run drops what its producer makes '
           'meanwhile, on any side. They stay in the medians above: whether a stall hits a '
           'run depends on the run (how busy it keeps the vCPUs, which the workload and its '
           'regime set), so leaving them out would pick runs by the behaviour under test. '
           'Per workload, how many runs of each side it hit, '
           'and their median drop fraction and p99 beside the other runs\'. Runs hit: ' +
           ', '.join(f'{s} {total[s]} of {runs[s]}' for s in every) + '.', '']
    if not hit:
        return out
    out += head(rows, ('workload', 'figure', 'kernel: runs hit', 'hit / not'),
                ('SIDE: runs hit', 'hit / not'))
    for r in hit:
        for key, title in (('drop_frac', 'drop fraction'), ('p99_us', 'p99 (us)')):
            cells = [r['workload'], title]
            for s in every:
                cells += [f'{r["stalled"][s]} of {r["runs"][s]}',
                          f'{fmt(r["stall_med"][(key, s, True)], key)} / '
                          f'{fmt(r["stall_med"][(key, s, False)], key)}']
            out.append('| ' + ' | '.join(cells) + ' |')
    return out + ['']


def score(rows, side):
    """workloads of rows whose every judged figure is within its band"""
    good = 0
    for r in rows:
        oks = [v for (key, s), v in r['ok'].items() if s == side and v is not None]
        good += all(oks)
    return good


MISS_TITLES = {'hits': 'hits', 'drop_frac': 'drop fraction',
               'wakeups_per_rec': 'wake-ups per record', 'p50_us': 'p50',
               'share': 'share of caught-up seconds'}
MISS_TITLES.update({f'{k}_{g}': f'{t} {name}' for k, t in list(MISS_TITLES.items())
                    if k != 'share' for g, name in (('c', 'caught up'), ('a', 'ahead'))})


# a host's CPU family and model, and a kernel release, in an env.txt's text
HOST_CPU = re.compile(r'family (\d+), model (\d+)')
RELEASE = re.compile(r'(?<![\w#.])\d+\.\d+[\w.+~-]*')


def host_of(folder):
    """the host a results folder's env.txt names: its cpu (and cpu id) and kernel release,
    from a suite's "key: value" lines or a hand-written "key   value" env.txt; None
    without one"""
    env = {}
    try:
        with open(os.path.join(folder, 'env.txt')) as f:
            for line in f:
                key, sep, val = line.partition(':')
                if not sep or '  ' in key.strip():
                    key, _, val = line.strip().partition('  ')
                env.setdefault(key.strip(), val.strip())
    except OSError:
        return None
    cpu = ', '.join(v for v in (env.get('cpu'), env.get('cpu id')) if v)
    # the release, with or without "Linux" before it ("6.18.44-fc-v1300 (#1 ...)" too)
    release = RELEASE.search(env.get('kernel') or '')
    return ', '.join(v for v in (cpu, release.group(0) if release else '') if v) or None


@functools.lru_cache(maxsize=None)
def folder_host(folder):
    """host_of() a results folder under the repository, read once"""
    return host_of(os.path.join(REPO, folder))


def same_host(a, b):
    """whether two host_of() texts name one host: the same CPU family and model where
    both give them (one CPU model, whatever boot or kernel build), else the same text"""
    if not a or not b:
        return False
    ca, cb = HOST_CPU.search(a), HOST_CPU.search(b)
    return ca.groups() == cb.groups() if ca and cb else a == b


def above(r, key, side):
    """whether side's figure is above the kernel's (None: either is missing)"""
    if key == 'share':
        a, b = r['share'][side], r['share']['kernel']
    else:
        a, b = r['med'].get((key, side)), r['med'].get((key, 'kernel'))
    return None if a is None or b is None else a > b


def misses(rows, causes, source, here=None):
    """the section: per workload, the calibrated port's misses, each with the number
    of its measured cause; then the causes, numbered in order of first use, each with
    the host it was measured on beside this run's (here)"""
    side = SIDES[2]
    again = REPEAT in sides_of(rows)
    out = ["## The calibrated port's misses and their measured causes", '',
           f'Each figure out of its band, with the cause {source} gives for its workload '
           'and figure (listed below, with the results folder that measured it; one '
           'measured on this run\'s host, the same CPU family and model, where there is '
           'one, else the file\'s first); [none]: '
           'no measured cause yet; [host stalls: ...]: the figure is within its band on the '
           'runs of both sides that no host stall hit (this sitting\'s own runs), so the '
           'stalls the other runs took make the miss.' +
           (' "Kernel too": the kernel\'s own repeat missed the same figure against the '
            'kernel in this sitting.' if again else ''), '']
    used = []
    for r in rows:
        miss = [key for (key, s), ok in r['ok'].items() if s == side and ok is False]
        if not miss:
            continue
        parts = []
        for key in miss:
            # a figure within one regime is explained only by a cause that names the regime
            up = above(r, key, side)
            found = [c for c in causes if r['workload'] in c[0] and key in c[1] and
                     (c[1][key] is None or up is None or (c[1][key] == '+') == up)]
            # a cause measured on this run's host first, then the file's order
            found.sort(key=lambda c: not same_host(folder_host(c[2]), here))
            if found and found[0] not in used:
                used.append(found[0])
            what = MISS_TITLES[key] + ('' if key == 'share' else ' ' + versus(r, key, side))
            stops = stopped_text(r, key, side)
            parts.append(what + (f' [{used.index(found[0]) + 1}]' if found else
                                 '' if stops else ' [none]') + stops +
                         (' (kernel too: ' + repeat_ratio(r, key) + ')'
                          if again and r['ok'].get((key, REPEAT)) is False else ''))
        out.append(f'- **{r["workload"]}**' + (' (oversubscribed)' if r['oversubscribed']
                                               else '') + ': ' + ', '.join(parts))
    if len(out) == 4:
        out.append('None: the calibrated port is within every band on every workload.')
    out.append('')
    if used:
        out += [f'Each cause was measured on the host of its results folder, named beside '
                f'it; this run\'s host: {here or "not recorded"}. A cause measured on '
                f'another host is that host\'s explanation of the figure, not a measurement '
                f'of this one.', '']
    for i, c in enumerate(used, 1):
        host = folder_host(c[2])
        out.append(f'{i}. {c[3]} ({c[2]}; {host or "its host not recorded"})')
    if used:
        out.append('')
    return out


def stopped_text(r, key, side):
    """a miss that the runs a host stall hit make: within its band on the runs of both
    sides that no stall hit (measured in this sitting, run by run); '' otherwise (and for
    a figure within one regime, whose runs are too few to split)"""
    if r['ok_unhit'].get((key, side)) is not True:
        return ''
    if not (r['stalled']['kernel'] or r['stalled'][side]):
        return ''
    p, k = r['unhit'][(key, side)], r['unhit'][(key, 'kernel')]
    fig = ratio(p, k) if p and k and p > 0 and k > 0 else f'{fmt(p, key)} against ' \
        f'{fmt(k, key)}'
    return (f' [host stalls: {fig} on the runs none hit; hit: the kernel\'s '
            f'{r["stalled"]["kernel"]} of {r["runs"]["kernel"]}, this side\'s '
            f'{r["stalled"][side]} of {r["runs"][side]}]')


def versus(r, key, side):
    """side's figure against the kernel's: their ratio as the tables write it, or both
    figures where there is no ratio (a figure of 0 or none)"""
    p, k = r['med'].get((key, side)), r['med'].get((key, 'kernel'))
    base = key[:-2] if key[-2:] in ('_c', '_a') else key  # a figure within one regime
    if p is None or k is None or p <= 0 or k <= 0:
        return f'{fmt(p, base)} against {fmt(k, base)}'
    return ratio(p, k)


def repeat_ratio(r, key):
    """the kernel's repeat against the kernel on one figure"""
    if key == 'share':  # judged where the kernel's share is known (summarise())
        a = r['share'][REPEAT]
        return ('-' if a is None else f'{a:.0f}%') + f' against {r["share"]["kernel"]:.0f}%'
    return versus(r, key, REPEAT)


def repeat_lines(fit):
    """the kernel against itself: how many workloads its repeat meets every band on,
    and each figure it misses; nothing without a repeat"""
    if REPEAT not in sides_of(fit):
        return []
    out = ['## The kernel against itself', '',
           f'The "{REPEAT}" series is the kernel run a second time in each round, '
           'alternating with the other sides, and judged against the first by the same '
           'bands: where the kernel misses its own band, the band is tighter than the '
           'kernel\'s repeatability on this host in this sitting, and no prediction can be '
           'expected to meet it there. Within every band: '
           f'{score(fit, REPEAT)} of {len(fit)} workloads that fit the CPUs (the calibrated '
           f'port {score(fit, SIDES[2])}). Both kernel series\' figures are in the tables '
           'above.', '']
    for r in fit:
        miss = [key for (key, s), ok in r['ok'].items() if s == REPEAT and ok is False]
        if miss:
            out.append(f'- **{r["workload"]}**: ' + ', '.join(
                MISS_TITLES[k] + ' ' + repeat_ratio(r, k) +
                (' (calibrated port missed it too)' if r['ok'].get((k, SIDES[2])) is False
                 else '') for k in miss))
    if len(out) == 4:
        out.append('None: the kernel\'s repeat is within every band on every workload.')
    out.append('')
    return out


def c2c_text(c2c):
    """the sitting's probes in one paragraph, or nothing without any"""
    vals = [v for v in c2c.values() if v is not None]
    if not c2c:
        return []
    if not vals:
        return ['The cache-line transfer probe before each round gave nothing (c2c.csv says '
                'why).', '']
    return [f'Cache-line transfer between CPUs 0 and 1 before each round (`rbsim model '
            f'--probe`, one-way median; c2c.csv): {min(vals):.0f} to {max(vals):.0f} ns over '
            f'the sitting, median {statistics.median(vals):.0f}, in {len(vals)} rounds. The '
            f'host moves its vCPUs closer or apart, and a workload whose records cross the '
            f'CPUs follows it; each run below carries its round\'s figure.', '']


def placement_lines(bi, runs, c2c):
    """the bistable workloads' seconds in each regime, per side, with the vCPUs near or
    far apart in the probe before each round (NEAR_NS); nothing without probes"""
    body, tot = [], {}
    for r in bi:
        w = r['workload']
        for place in ('near', 'far'):
            rounds, cells = set(), []
            for s in r['sides']:
                c = a = 0
                for x in runs[w].get(s, []):
                    ns = c2c.get((w, x['rep']))
                    if ns is None or (ns < NEAR_NS) != (place == 'near'):
                        continue
                    rounds.add(x['rep'])
                    c += x['sec_regime'].count('c')
                    a += x['sec_regime'].count('a')
                t = tot.setdefault((place, s), [0, 0])
                t[0] += c
                t[1] += a
                cells.append(f'{c} / {a}')
            if rounds:
                tot[(place, 'rounds')] = tot.get((place, 'rounds'), 0) + len(rounds)
                body.append(f'| {w} | {place} | {len(rounds)} | ' + ' | '.join(cells) + ' |')
    if not body:
        return []
    for place in ('near', 'far'):
        if tot.get((place, 'rounds')):
            body.append(f'| all | {place} | {tot[(place, "rounds")]} | ' +
                        ' | '.join(f'{tot[(place, s)][0]} / {tot[(place, s)][1]}'
                                   for s in sides_of(bi)) + ' |')
    return ['### The bistable workloads by placement', '',
            f'The host places the two vCPUs near (the probe before the round: a one-way '
            f'cache-line transfer below {NEAR_NS} ns) or far apart, and a sleeping '
            'consumer\'s regime may follow. Per placement, each side\'s seconds caught up / '
            'ahead over the rounds probed so (a round without a probe is left out): a side '
            'whose regimes follow the kernel\'s in one placement and not in the other misses '
            'where one of its costs depends on the placement.', '',
            ] + head(bi, ('workload', 'placement', 'rounds', 'kernel caught up / ahead'),
                     ('SIDE',)) + body + ['']


def markdown(rows, runs, causes=(), source='bench/prediction.causes', c2c=None, here=None):
    c2c = c2c or {}
    fit = [r for r in rows if not r['oversubscribed']]
    over = [r for r in rows if r['oversubscribed']]
    every = sides_of(rows)
    out = ['# Prediction: the pure and the calibrated port against the kernel', '',
           'Medians over each side\'s runs; the ratio is port / kernel. Bands (issue 15): '
           'hits and wake-ups per record within +-25%, drop fraction within +-25% relative '
           'or +-0.5 percentage points, p50 latency within 2x; notifications and the '
           'consumer\'s sleeps per record and p99 are shown, not judged (the kernel\'s '
           'notifications are its IRQ work interrupts; a sleep is a voluntary context '
           'switch of the consumer thread, which its producer pays to wake). '
           'A bistable workload (the kernel caught up in 10% to 90% of the seconds of '
           'all its runs) is judged per regime and by its share of caught-up seconds '
           '(+-20 points), in the regimes section. '
           '"miss" marks a figure out of its band; the last section gives the measured '
           'cause of each of the calibrated port\'s misses where one is known. Runs a host '
           f'stall hit (a record waited {STALL_NS / 1e6:.0f} ms or more for its consumer) '
           'are counted in their own section.', '',
           f'Within every band: calibrated port {score(fit, SIDES[2])} of {len(fit)} '
           f'workloads that fit the CPUs, pure port {score(fit, SIDES[1])} of {len(fit)}' +
           (f'; the calibrated port with its round\'s profile ("{NOW}", a one-second '
            f'rbsim calibrate before each round) {score(fit, NOW)} of {len(fit)}'
            if NOW in every else '') +
           (f'; the kernel against itself {score(fit, REPEAT)} of {len(fit)} (its section).'
            if REPEAT in every else '.'), ''] + c2c_text(c2c)
    for part, rs in (('Workloads that fit the CPUs', fit),
                     ('Oversubscribed workloads (threads > CPUs), apart', over)):
        if not rs:
            continue
        out += [f'## {part}', '']
        for key, title, _, _ in FIGS:
            out += table(rs, key, title)
    bi = [r for r in rows if r['bistable']]
    out += ['## Regimes', '',
            'Share of seconds caught up (consumer woken for each batch) per side, over '
            'every second of every run (with one-second runs, the share of runs), and the '
            'median per-second hits of each regime. A bistable workload is judged here: '
            'its share within 20 points of the kernel\'s, and each figure per regime '
            '(the table after this one), not by the medians above, which mix the '
            'regimes.', '',
            ] + head(rows, ('workload', 'kernel caught up') + every[1:] +
                     ('kernel hits caught-up / ahead',), ('SIDE',))
    for r in rows:
        sh = r['share']
        cells = [r['workload'] + (' (bistable)' if r['bistable'] else '')]
        cells += [('-' if sh[s] is None else f'{sh[s]:.0f}%') +
                  (mark(r['ok'].get(('share', s))) if s != 'kernel' else '') for s in every]
        for s in every:
            cells.append(' / '.join(fmt(r['med'][('hits_' + g, s)], 'hits') +
                                    (mark(r['ok'].get(('hits_' + g, s))) if s != 'kernel'
                                     else '') for g in 'ca'))
        out.append('| ' + ' | '.join(cells) + ' |')
    out += ['', f'{len(bi)} bistable workload(s).', '']
    if bi:
        out += ['### The bistable workloads, per regime', '',
                'Each figure over the runs that stayed in one regime for all their seconds '
                '(hits: over the seconds in the regime, from any run), per side; runs: how '
                f'many runs of {", ".join("the " + s for s in every[:-1])} and the '
                f'{every[-1]} stayed in '
                'it. A side that never entered a regime has no figures of it.', '',
                ] + head(bi, ('workload', 'regime', 'runs', 'figure', 'kernel'),
                         ('SIDE', 'ratio'))
        for r in bi:
            for g, name in (('c', 'caught up'), ('a', 'ahead')):
                n = '/'.join(str(r['regime_runs'][(g, s)]) for s in every)
                for key, title, _, band in FIGS:
                    if band is None:
                        continue
                    k = r['med'][(f'{key}_{g}', 'kernel')]
                    cells = [r['workload'], name, n, title.split(' (')[0], fmt(k, key)]
                    for s in every[1:]:
                        p = r['med'][(f'{key}_{g}', s)]
                        cells += [fmt(p, key), ratio(p, k) +
                                  mark(r['ok'].get((f'{key}_{g}', s)))]
                    out.append('| ' + ' | '.join(cells) + ' |')
        out.append('')
        out += placement_lines(bi, runs, c2c)
    out += stall_lines(rows)
    out += misses(fit + over, causes, source, here)
    out += repeat_lines(fit)
    out += ['## Every run', '',
            'Per run: hits (M/s), the regime letter of each second (c caught up, a ahead), '
            'the per-second hits behind the mean, and the cache-line transfer probed before '
            'its round (ns, - without a probe); "stalled": a run a host stall hit (its '
            'section).', '',
            '| workload | side | run | hits | seconds | per-second hits | c2c ns |',
            '|---|---|---|---|---|---|---|']
    for w, sides in runs.items():
        for s in every:
            for x in sides.get(s, []):
                ns = c2c.get((w, x['rep']))
                out.append(f'| {w} | {s} | {x["rep"]}{" stalled" if x["stalled"] else ""} | '
                           f'{fmt(x["hits"], "hits")} | '
                           f'{x["sec_regime"] or "-"} | '
                           + ' '.join(f'{h:.3g}' for h in x['sec_hits'])
                           + f' | {"-" if ns is None else f"{ns:.0f}"} |')
    return '\n'.join(out) + '\n'


def write_csvs(folder, rows, runs, c2c=None):
    c2c = c2c or {}
    with open(os.path.join(folder, 'prediction.csv'), 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['workload', 'side', 'run', 'profile', 'oversubscribed', 'hits_mps',
                    'drop_frac', 'wakeups_per_rec', 'notif_per_rec', 'sleeps_per_rec',
                    'p50_us', 'p99_us', 'caught_up_pct', 'regime', 'sec_regime',
                    'sec_hits_mps', 'c2c_ns', 'stalled'])
        for wl, sides in runs.items():
            for s in sides_of(rows):
                for x in sides.get(s, []):
                    ns = c2c.get((wl, x['rep']))
                    w.writerow([wl, s, x['rep'], x['profile'], int(x['oversubscribed'])] +
                               ['' if x[k] is None else f'{x[k]:.6g}' for k in
                                ('hits', 'drop_frac', 'wakeups_per_rec', 'notif_per_rec',
                                 'sleeps_per_rec', 'p50_us', 'p99_us', 'caught_up_pct')] +
                               [x['regime'], x['sec_regime'],
                                ';'.join(f'{h:.6g}' for h in x['sec_hits']),
                                '' if ns is None else f'{ns:.6g}', int(x['stalled'])])
    with open(os.path.join(folder, 'prediction-points.csv'), 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        # kernel_again, calibrated_now: the kernel's repeat and the calibrated port with
        # its round's profile, in a sitting that has them
        w.writerow(['workload', 'figure', 'oversubscribed'] +
                   [COLUMN[s] for s in sides_of(rows)])
        for r in rows:
            for key, _, _, _ in FIGS:
                w.writerow([r['workload'], key, int(r['oversubscribed'])] +
                           ['' if r['med'][(key, s)] is None else
                            f'{r["med"][(key, s)]:.6g}' for s in r['sides']])


def axis_range(rows, key):
    """one range for both axes of a figure's panel, so that y = x is the diagonal"""
    vals = [r['med'][(key, side)] for r in rows for side in r['sides']]
    vals = [v for v in vals if v is not None and v > 0]
    if not vals:
        return '[0.1:10]'
    return f'[{min(vals) / 2:.6g}:{max(vals) * 2:.6g}]'


def plot_script(rows, size, note):
    """plots/prediction.gp: a panel a figure, port against kernel, log-log"""
    w, h = size
    lines = [
        '# SPDX-License-Identifier: GPL-2.0-only',
        '# rbsim bench: prediction. Written by scripts/bench_prediction.py for this results',
        "# folder; it reads only the folder's prediction-points.csv. From the folder:",
        '#   gnuplot plots/prediction.gp     (make plots does it for every folder)',
        'do for [fmt in "png svg"] {',
        'reset',
        'if (fmt eq "png") {',
        f'    set terminal pngcairo size {w},{h} noenhanced font "DejaVu Sans,10"',
        '} else {',
        f'    set terminal svg size {w},{h} dynamic noenhanced font "DejaVu Sans,10" '
        'background "white"',
        '}',
        'set output "plots/prediction." . fmt',
        'set datafile separator comma',
        'set datafile columnheaders',
        'set logscale xy',
        'set format xy "%g"',
        'set grid lc rgb "#dddddd"',
        'set key top left font ",8"',
        'set size square',
        '# a figure\'s median of one side, NaN elsewhere; fit: 1 for the workloads that',
        '# fit the CPUs, 0 for the oversubscribed ones',
        'sel(f, c, fit) = strcol("figure") eq f && column("oversubscribed") != fit && '
        'column(c) > 0 ? column(c) : NaN',
        f'set multiplot layout 2,{(len(FIGS) + 1) // 2} title "Port against kernel: each '
        'workload\'s median, log-log; y = x and +-25%; triangles: oversubscribed\\n' +
        note.replace('"', "'") + '"',
    ]
    extra = [o for o in OPTIONAL if o in sides_of(rows)]
    # the optional sides' points: the kernel's repeat (how far the kernel falls from
    # itself), the calibrated port with its round's profile
    style = {REPEAT: ('4', '10', '1.0', '#2ca02c'), NOW: ('5', '11', '1.0', '#9467bd')}
    for key, title, _, _ in FIGS:
        rng = axis_range(rows, key)
        f = f'"{key}"'
        lines += [
            f'set title "{title}"',
            'set xlabel "kernel (measured)"',
            'set ylabel "port (predicted)"',
            f'set xrange {rng}',
            f'set yrange {rng}',
            'plot x lc rgb "#444444" dt 1 title "y = x", '
            '1.25*x lc rgb "#999999" dt 2 title "+-25%", 0.75*x lc rgb "#999999" dt 2 notitle, \\',
            f'    "prediction-points.csv" using (sel({f}, "kernel", 1)):(sel({f}, "pure", 1)) '
            'with points pt 6 ps 1.3 lc rgb "#1f77b4" title "pure port", \\',
            f'    "" using (sel({f}, "kernel", 1)):(sel({f}, "calibrated", 1)) '
            'with points pt 7 ps 1.1 lc rgb "#d62728" title "calibrated port", \\',
            f'    "" using (sel({f}, "kernel", 0)):(sel({f}, "pure", 0)) '
            'with points pt 8 ps 1.3 lc rgb "#1f77b4" notitle, \\',
            f'    "" using (sel({f}, "kernel", 0)):(sel({f}, "calibrated", 0)) '
            'with points pt 9 ps 1.1 lc rgb "#d62728" notitle' + (', \\' if extra else ''),
        ]
        for i, o in enumerate(extra):
            fitpt, overpt, ps, rgb = style[o]
            lines += [
                f'    "" using (sel({f}, "kernel", 1)):(sel({f}, "{COLUMN[o]}", 1)) '
                f'with points pt {fitpt} ps {ps} lc rgb "{rgb}" title "{o}", \\',
                f'    "" using (sel({f}, "kernel", 0)):(sel({f}, "{COLUMN[o]}", 0)) '
                f'with points pt {overpt} ps {ps} lc rgb "{rgb}" notitle' +
                (', \\' if i + 1 < len(extra) else ''),
            ]
    lines += ['unset multiplot', 'set output', '}']
    return '\n'.join(lines) + '\n'


def write(folder, size=(1280, 900), note=''):
    """everything above into folder; returns the number of workloads, 0 without any"""
    runs = read_runs(folder)
    rows = summarise(runs)
    if not rows:
        return 0
    causes, source = load_causes()  # before anything is written: a bad file leaves none
    c2c = read_c2c(folder)
    write_csvs(folder, rows, runs, c2c)
    with open(os.path.join(folder, 'prediction.md'), 'w') as f:
        f.write(markdown(rows, runs, causes, source, c2c, host_of(folder)))
    os.makedirs(os.path.join(folder, 'plots'), exist_ok=True)
    with open(os.path.join(folder, 'plots', 'prediction.gp'), 'w') as f:
        f.write(plot_script(rows, size, note))
    return len(rows)
