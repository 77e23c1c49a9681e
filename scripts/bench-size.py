#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# Sizing against reality (make bench-size). Two parts:
#  1. the virtual-time engine's own speed: 8-byte records, one producer, no
#     verification or stamps (the goal: 20 M records per second of
#     one core), in CPU time and in wall time;
#  2. each check of bench/sizing.checks: `rbsim size` advises a ring for the
#     workload and target twice, its consumer on a CPU of its own (--vplace
#     apart) and on the producer's (--vplace shared); the workload then runs
#     on the kernel's ring buffer (kernel-ringbuf) at every advised size and
#     half of each, --rounds times, in three placements: left to the
#     scheduler, producer and consumer pinned to one CPU, pinned to two. Each
#     advice is judged against the kernel pinned as it assumed (the advised
#     size should meet the target and half of it should not), and the
#     placement the scheduler chose is named by the model it followed.
#     A run in which a record waited 90 ms beyond the workload's own consumer
#     stalls (rbsim run's lat_host_waits; where a run has none, its longest
#     latency 90 ms above its stall), or whose producer looked at the clock 90
#     ms late (prod_host_stops), is counted as hit by a host stop (a hypervisor
#     that stops a busy vCPU; scripts/bench_prediction.py's STALL_NS).
# Between the two, the wake-up after a sleep: one record every 100 us to
# 50 ms, and trains of 8 records 100 us apart every 50 ms (the wake-ups
# after a quiet spell: the host's halt polling), virtual time's p50 latency
# against the kernel's, pinned apart.
# Virtual time's costs: with the kernel, this machine's calibration first
# (rbsim calibrate -o profile.json in the folder; --profile auto), so that
# the advice pays what this kernel pays, its wake-ups after each sleep
# included; --profile FILE takes one made before, --profile none the
# default --vcosts (without the kernel: none, unless a FILE is given).
# Writes a folder (--out DIR, default results/size-<host>-<date>[-N]):
# env.txt (the machine, and the CPU time it takes from busy threads:
# cpu-gaps-*.csv), bench-size.json (every command, its output, every run's
# figures), profile.json (auto), train.trace (the trains' records) and
# summary.txt (what it printed).
#
# A verdict where a host stop hit some runs is given on every run and, beside
# it, on the runs none hit.
#
# usage: scripts/bench-size.py [--rbsim PATH] [--rounds N] [--only A,B]
#                              [--profile auto|none|FILE] [--no-kernel] [--test]
#                              [--out DIR]
#        scripts/bench-size.py --summary DIR
# --test: 2 seeds, -d 2, 1 round, 2 M records for the speed, a short
# calibration (for the tests). --summary: print a folder's summary again from
# its bench-size.json, by this script's rules, running nothing.
import datetime
import io
import json
import os
import re
import shlex
import socket
import statistics
import subprocess
import sys
import time
from types import SimpleNamespace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (env.txt's lines and the host-stop probe, shared with the suite)
# a run whose record waited this much longer than the workload's own stall: a host stop
from bench_prediction import STALL_NS  # noqa: E402

PROG = 'bench-size'
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECKS = os.path.join(REPO, 'bench', 'sizing.checks')


def die(msg):
    print(f'{PROG}: {msg}', file=sys.stderr)
    sys.exit(2)


def parse_args(argv):
    a = {'rbsim': 'build/rbsim', 'rounds': 3, 'only': None, 'kernel': True,
         'test': False, 'out': None, 'profile': 'auto', 'summary': None}
    i = 0
    while i < len(argv):
        o = argv[i]
        val = argv[i + 1] if i + 1 < len(argv) else None
        if o in ('--rbsim', '--rounds', '--only', '--out', '--profile', '--summary'):
            if val is None:
                die(f'{o} needs a value')
            if o == '--rounds':
                if not val.isdigit() or int(val) < 1:
                    die(f'--rounds {val}: expected a count from 1')
                a['rounds'] = int(val)
            elif o == '--only':
                a['only'] = val.split(',')
            elif o == '--profile':
                if val not in ('auto', 'none') and not os.path.isfile(val):
                    die(f'--profile {val}: no such file (auto, none or a profile of '
                        f'rbsim calibrate)')
                a['profile'] = val
            else:
                a[o[2:]] = val
            i += 2
            continue
        if o == '--no-kernel':
            a['kernel'] = False
        elif o == '--test':
            a['test'] = True
        elif o in ('-h', '--help'):
            with open(__file__) as f:
                lines = f.read().splitlines()[3:]
            end = next(i for i, ln in enumerate(lines) if not ln.startswith('#'))
            print('\n'.join(ln[2:] for ln in lines[:end]))
            sys.exit(0)
        else:
            die(f'unknown option "{o}" (see scripts/bench-size.py --help)')
        i += 1
    if a['test']:
        a['rounds'] = 1
    return a


def read_checks(only):
    checks = []
    with open(CHECKS) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            if not line.startswith('check '):
                die(f'{CHECKS}:{n}: expected "check NAME | WORKLOAD | TARGET"')
            parts = [p.strip() for p in line[6:].split('|')]
            if len(parts) != 3 or not parts[0]:
                die(f'{CHECKS}:{n}: expected "check NAME | WORKLOAD | TARGET"')
            checks.append({'name': parts[0], 'workload': shlex.split(parts[1]),
                           'target': shlex.split(parts[2])})
    if only:
        unknown = set(only) - {c['name'] for c in checks}
        if unknown:
            die(f'--only: no check {", ".join(sorted(unknown))} in {CHECKS}')
        checks = [c for c in checks if c['name'] in only]
    return checks


def rbsim(args, cmd, log):
    full = [args['rbsim']] + cmd
    t0 = time.monotonic()
    p = subprocess.run(full, capture_output=True, text=True)
    wall = time.monotonic() - t0
    log.append({'cmd': shlex.join(full), 'status': p.returncode, 'stdout': p.stdout,
                'stderr': p.stderr, 'wall_s': wall})
    return p.returncode, p.stdout, p.stderr, wall


def shorten(workload, test):
    """--test: every run 2 s long"""
    if not test:
        return workload
    w = list(workload)
    if '-d' in w:
        w[w.index('-d') + 1] = '2'
    return w


def speed(args, log):
    n = 2000000 if args['test'] else 20000000
    rc, out, err, wall = rbsim(args, ['run', '--virtual', '--records', str(n), '--size', '8',
                                      '--no-verify', '--no-latency', '-q', '--format',
                                      'json'], log)
    if rc:
        die(f'the speed run failed: {err.strip()}')
    d = json.loads(out)
    sp = {'records': n, 'cpu_s': d['cpu_user_s'] + d['cpu_sys_s'], 'wall_s': wall}
    print(speed_line(sp))
    return sp


def speed_line(sp):
    n, cpu, wall = sp['records'], sp['cpu_s'], sp['wall_s']
    return (f'virtual time, 8-byte records, 1 producer, no verification: {n} records, '
            f'{n / cpu / 1e6:.1f} M records/s of CPU time, {n / wall / 1e6:.1f} M/s of wall '
            f'time (goal: 20 M/s of one core)')


def drop_frac(d):
    # a transport that cannot tell a reason reports it as null
    drops = sum(d.get(k) or 0 for k in ('drops_no_space', 'drops_lock', 'drops_too_big'))
    return drops / d['attempted'] if d['attempted'] else 0.0


# the kernel's placements: the scheduler's, one CPU, two; and the model each is held to
PLACE_MODEL = {'free': None, 'together': 'shared', 'apart': 'apart'}


def placements():
    cpus = sorted(os.sched_getaffinity(0))
    one = str(cpus[0])
    places = [('free', [], PLACE_MODEL['free']),
              ('together', ['--prod-affinity', one, '--cons-affinity', one],
               PLACE_MODEL['together'])]
    if len(cpus) > 1:
        places.append(('apart', ['--prod-affinity', str(cpus[1]), '--cons-affinity', one],
                       PLACE_MODEL['apart']))
    return places


def own_stall_ns(workload):
    """the workload's own consumer stall (--stall MS, a bare number in ms), 0 if none"""
    if '--stall' not in workload:
        return 0
    v = workload[workload.index('--stall') + 1]
    m = re.fullmatch(r'([0-9.]+)(ns|us|ms|s)?', v)
    if not m:
        return 0
    unit = {'ns': 1, 'us': 1e3, 'ms': 1e6, 's': 1e9, None: 1e6}[m.group(2)]
    return float(m.group(1)) * unit


def kernel_runs(args, workload, ring, place, log):
    """--rounds runs at ring bytes pinned as place says: the median drop fraction, each
    run's figures, how many a host stop hit; or None and why the kernel could not run"""
    runs = []
    limit = own_stall_ns(workload) + STALL_NS
    for _ in range(args['rounds']):
        rc, out, err, _ = rbsim(args, ['run', '--transport', 'kernel-ringbuf'] + workload +
                                ['--ring-size', str(ring)] + place[1] +
                                ['-q', '--format', 'json'], log)
        if rc:
            return None, err.strip().splitlines()[-1] if err.strip() else f'exit {rc}'
        d = json.loads(out)
        # a stop away from the workload's own stall waits less than stall + 90 ms
        waits = d.get('lat_host_waits')
        runs.append({'drop': drop_frac(d), 'p50_us': d['lat_p50_ns'] / 1e3,
                     'p99_us': d['lat_p99_ns'] / 1e3, 'max_ms': d['lat_max_ns'] / 1e6,
                     'rate_met': d['rate_met'],
                     'stopped': (waits > 0 if waits is not None else d['lat_max_ns'] >= limit)
                     or (d.get('prod_host_stops') or 0) > 0})
    return {'drop': statistics.median(r['drop'] for r in runs),
            'p50_us': statistics.median(r['p50_us'] for r in runs),
            'rate_met': all(r['rate_met'] for r in runs),
            'stopped': sum(r['stopped'] for r in runs), 'runs': runs}, None


def verdict(max_drop, adv, half):
    if not adv['rate_met'] or (half and not half['rate_met']):
        return 'cannot tell: the producers fell behind their schedule (a loaded machine?)'
    meets = adv['drop'] <= max_drop
    half_meets = half is not None and half['drop'] <= max_drop
    if meets and half is None:
        return 'as advised (no half size to try: the advice is --min-ring)'
    if meets and not half_meets:
        return 'as advised: the advised size meets the target, half of it does not'
    if not meets:
        return (f'the advised size misses: the kernel dropped {adv["drop"]:.3g} there '
                f'(p50 latency {adv["p50_us"]:.1f} us)')
    return 'half meets too: the advice has margin on this machine'


def advise(args, c, workload, vplace, log):
    seeds = ['--seeds', '2'] if args['test'] else []
    prof = ['--profile', args['vprofile']] if args['vprofile'] else []
    rc, out, err, wall = rbsim(args, ['size'] + workload + c['target'] + seeds + prof +
                               ['--vplace', vplace, '-q', '--format', 'json'], log)
    if rc not in (0, 1):
        die(f'{c["name"]}: rbsim size --vplace {vplace} failed: {err.strip()}')
    s = json.loads(out)
    return {'advised': s['advised_bytes'], 'wall_s': wall,
            'drops': {p['ring_bytes']: p['drop'] for p in s['sizes']},
            'peaks': {p['ring_bytes']: p['peak_bytes'] for p in s['sizes']}}


def kib(b):
    return f'{b // 1024} KiB'


def cell(k):
    if k is None:
        return '-'
    t = f'{k["drop"]:.3g}'
    if k['stopped']:
        t += f' ({k["stopped"]} stop{"s" if k["stopped"] > 1 else ""})'
    return t


def said_line(name, adv):
    """the advice of both placements, each with its peak fill (where the folder has it)"""
    said = '; '.join((f'{v} {kib(a["advised"])}' +
                      (f', peak fill {100 * a["peaks"][a["advised"]] / a["advised"]:.1f}%'
                       if 'peaks' in a else ''))
                     if a['advised'] else f'{v} none up to --max-ring'
                     for v, a in adv.items())
    return (f'{name:8} advised {said} '
            f'({sum(a["wall_s"] for a in adv.values()):.1f} s)')


def advised_sizes(adv):
    """every advised size and half of each the search measured"""
    sizes = set()
    for a in adv.values():
        if a['advised']:
            sizes.add(a['advised'])
            if a['advised'] // 2 in a['drops']:
                sizes.add(a['advised'] // 2)
    return sorted(sizes)


def unhit(k, hit=False):
    """a kernel cell over the runs no host stop hit, or (hit) those one hit (None: none)"""
    runs = [r for r in k['runs'] if r['stopped'] == hit]
    if not runs:
        return None
    return {'drop': statistics.median(r['drop'] for r in runs),
            'p50_us': statistics.median(r['p50_us'] for r in runs),
            'rate_met': all(r['rate_met'] for r in runs), 'stopped': len(runs) if hit else 0}


def judged(max_drop, adv, half):
    """the verdict on every run, and where a host stop hit some, on the others too, and
    on those it hit where it hit runs at every size (what an advice made with the host's
    stops, a profile's host_stops, is for)"""
    text = verdict(max_drop, adv, half)
    if not adv['stopped'] and not (half and half['stopped']):
        return text
    a2, h2 = unhit(adv), unhit(half) if half else None
    if a2 is None or (half and h2 is None):
        text += '; a host stop hit every run at one of the sizes: none to judge without'
    else:
        text += f'; on the runs no host stop hit: {verdict(max_drop, a2, h2)}'
    a3, h3 = unhit(adv, True), unhit(half, True) if half else None
    if a3 is not None and (not half or h3 is not None):
        text += f'; on the runs a host stop hit: {verdict(max_drop, a3, h3)}'
    return text


def report(row, places, kern, why, max_drop, rounds):
    """a check's table, verdicts, the scheduler's placement and the host stops"""
    adv, sizes = row['advice'], row['sizes']
    head = ['ring', 'virtual apart', 'virtual shared']
    if not why:
        head += [f'kernel {p[0]}' for p in places]
    print(f'{"":9}' + ''.join(f'{h:<18}' for h in head))
    for ring in sizes:
        vals = [kib(ring)] + [f'{adv[v]["drops"][ring]:.3g}' if ring in adv[v]['drops']
                              else '-' for v in ('apart', 'shared')]
        if not why:
            vals += [cell(kern.get((p[0], ring))) for p in places]
        print(f'{"":9}' + ''.join(f'{v:<18}' for v in vals))
    if why:
        print(f'{"":9}kernel: {why}')
        return
    for pname, _, model in places:
        a = adv.get(model) if model else None
        if not a or not a['advised']:
            continue
        ring = a['advised']
        half = ring // 2 if ring // 2 in sizes else None
        print(f'{"":9}--vplace {model}, the kernel pinned {pname}: '
              f'{judged(max_drop, kern[(pname, ring)], kern.get((pname, half)))}')
    # left to the scheduler: the model whose drop fractions it came nearer, at the sizes
    # both models were tried at
    both = [r for r in sizes if all(r in adv[v]['drops'] for v in adv)]
    dist = {v: sum(abs(kern[('free', r)]['drop'] - adv[v]['drops'][r]) for r in both)
            for v in adv}
    if all(adv['apart']['drops'][r] == adv['shared']['drops'][r] for r in both):
        row['free_followed'] = None
        print(f'{"":9}left to the scheduler: the two models agree at every size both tried, '
              f'so the kernel\'s placement does not show in this workload\'s drops')
    else:
        near = min(dist, key=dist.get)
        row['free_followed'] = near
        print(f'{"":9}left to the scheduler, the kernel came nearer --vplace {near} '
              f'(drop fractions {dist["apart"]:.3g} from apart\'s, {dist["shared"]:.3g} from '
              f'shared\'s, summed over {", ".join(kib(r) for r in both)})')
    stopped = sum(k['stopped'] for k in kern.values())
    if stopped:
        print(f'{"":9}a host stop hit {stopped} of {len(kern) * rounds} kernel runs '
              f'(a record waited {STALL_NS / 1e6:.0f} ms beyond the workload\'s own stalls): '
              f'their drop fractions are in the medians')


def check(args, c, log, rows):
    workload = shorten(c['workload'], args['test'])
    adv = {v: advise(args, c, workload, v, log) for v in ('apart', 'shared')}
    max_drop = float(c['target'][c['target'].index('--max-drop') + 1])
    row = {'check': c['name'], 'max_drop': max_drop, 'advice': adv}
    rows.append(row)
    print(said_line(c['name'], adv))
    sizes = advised_sizes(adv)
    if not sizes:
        return
    places = placements()
    kern = {}
    if not args['kernel']:
        why = 'skipped (--no-kernel)'
    else:
        why = None
        for p in places:
            for ring in sizes:
                k, why = kernel_runs(args, workload, ring, p, log)
                if why:
                    break
                kern[(p[0], ring)] = k
            if why:
                why = f'skipped ({why})'
                break
    row['sizes'] = sizes
    if why:
        row['kernel_skipped'] = why
    else:
        row['kernel'] = [{'place': p, 'ring': r, **k} for (p, r), k in kern.items()]
    report(row, places, kern, why, max_drop, args['rounds'])


def out_folder(args):
    if args['out']:
        try:
            os.makedirs(args['out'], exist_ok=True)
        except OSError as e:
            die(f'--out {args["out"]}: {e.strerror}')
        return args['out']
    host = re.sub(r'[^A-Za-z0-9_.-]', '_', socket.gethostname().split('.')[0] or 'host')
    base = os.path.join(REPO, 'results',
                        f'size-{host}-{datetime.date.today().isoformat()}')
    n = 1
    while True:
        path = base + (f'-{n}' if n > 1 else '')
        try:
            os.makedirs(path)
            return path
        except FileExistsError:
            n += 1
        except OSError as e:
            die(f'cannot create {path}: {e.strerror}')


class Tee:
    """stdout, kept for summary.txt"""
    def __init__(self, f):
        self.f, self.text = f, []

    def write(self, s):
        self.text.append(s)
        return self.f.write(s)

    def flush(self):
        self.f.flush()


def env_start(args):
    """env.txt's lines of the machine, read before the runs"""
    ns = SimpleNamespace(rbsim=args['rbsim'], gnuplot='gnuplot', hyperfine='hyperfine')
    text = (f'bench-size, {args["rounds"]} round{"s" if args["rounds"] > 1 else ""} a size '
            f'and placement{" (--test)" if args["test"] else ""}')
    kernel = 'kernel-ringbuf' + (' skipped (--no-kernel)' if not args['kernel'] else '')
    return bench.env_text(ns, 'size', [kernel], text)


def calibrate(args, out, log):
    """virtual time's costs: the profile the advice uses, or None for the default --vcosts"""
    if args['profile'] == 'none' or (args['profile'] == 'auto' and not args['kernel']):
        print('virtual time: the default --vcosts (no calibration profile)')
        return None
    if args['profile'] != 'auto':
        print(f'virtual time: the costs of --profile {args["profile"]}')
        return args['profile']
    path = os.path.join(out, 'profile.json')
    cmd = ['calibrate', '-q', '-o', path]
    if args['test']:
        cmd += ['--samples', '20', '--idle-ms', '20']
    rc, _, err, wall = rbsim(args, cmd, log)
    if rc:
        die(f'rbsim calibrate failed (exit {rc}): {err.strip()} (--profile none sizes '
            f'with the default costs)')
    print(f'virtual time: this machine\'s calibration, made first ({wall:.0f} s): '
          f'profile.json')
    return path


# one record every PERIOD: the consumer sleeps about that long before each
WAKE_PERIODS = ['100us', '200us', '1ms', '10ms', '50ms']
# a train of TRAIN[0] records TRAIN[1] ns apart every TRAIN[2] ns: after the
# quiet spell the host polls the consumer's vCPU less (sim/vtime.md, "The
# host's halt polling"), and on the EPYC VM 5 or 6 of the 8 woke slowly
TRAIN = (8, 100000, 50000000)
TRAIN_ROW = 'train 8/50ms'


def train_trace(path, seconds):
    """TRAIN's records as a --trace file of seconds"""
    n, gap, every = TRAIN
    with open(path, 'w') as f:
        f.write(f'# bench-size: {n} records of 128 bytes {gap // 1000} us apart every '
                f'{every // 1000000} ms\n')
        t = every
        while t < seconds * 1000000000:
            f.writelines(f'{t + i * gap} 0 128\n' for i in range(n))
            t += every


def wake_check(args, log, out):
    """a record every period, then a train after a quiet spell: virtual time's p50 latency
    (its wake-up after that sleep, and a poll) against the kernel's, the consumer pinned
    apart, --rounds runs (medians)"""
    cpus = sorted(os.sched_getaffinity(0))
    pin = (['--prod-affinity', str(cpus[1]), '--cons-affinity', str(cpus[0])]
           if len(cpus) > 1 else None)
    secs = 1 if args['test'] else 2
    dur = ['-d', str(secs), '-w', '0']
    trace = os.path.join(out, 'train.trace')
    train_trace(trace, secs)
    work = [(per, ['run', '--burst', '1', '--burst-every', per, '--size', '128'] + dur)
            for per in WAKE_PERIODS] + [(TRAIN_ROW, ['run', '--trace', trace])]
    prof = ['--profile', args['vprofile']] if args['vprofile'] else []
    wake_head()
    rows = []
    for per, base in work:
        base = base + ['--ring-size', '64K']
        rc, out, err, _ = rbsim(args, base + ['--virtual'] + prof +
                                ['-q', '--format', 'json'], log)
        if rc:
            die(f'rbsim run --virtual ({per}) failed: {err.strip()}')
        row = {'every': per, 'virtual_p50_us': json.loads(out)['lat_p50_ns'] / 1e3}
        kern = '-'
        if not args['kernel']:
            kern = 'skipped (--no-kernel)'
        elif pin is None:
            kern = 'skipped (one CPU)'
        else:
            p50 = []
            for _ in range(args['rounds']):
                rc, out, err, _ = rbsim(args, base + ['--transport', 'kernel-ringbuf'] + pin +
                                        ['-q', '--format', 'json'], log)
                if rc:
                    kern = 'skipped (' + (err.strip().splitlines()[-1] if err.strip()
                                          else f'exit {rc}') + ')'
                    break
                p50.append(json.loads(out)['lat_p50_ns'] / 1e3)
            if len(p50) == args['rounds']:
                row['kernel_p50_us'] = p50
                kern = f'{statistics.median(p50):.1f}'
        row['kernel_cell'] = kern
        rows.append(row)
        wake_row(row, kern)
    return rows


def wake_head(train=True):
    """the wake table's head; train: it has TRAIN_ROW (folders before it did not)"""
    trains = (', then 8 records 100 us apart every 50 ms (train.trace)' if train else '')
    print(f'wake-ups after a sleep: one 128-byte record every PERIOD{trains}, p50 latency in '
          f'us (virtual time\'s wake-up after that sleep and a poll; the kernel\'s consumer '
          f'pinned apart)')
    print(f'{"":9}' + ''.join(f'{h:<18}' for h in ('every', 'virtual apart',
                                                   'kernel apart')))


def wake_row(row, kern):
    print(f'{"":9}' + ''.join(f'{v:<18}' for v in (row['every'],
                                                   f'{row["virtual_p50_us"]:.1f}', kern)))


def summarize(folder):
    """--summary DIR: what a run printed, made again from DIR/bench-size.json (its verdicts
    by this script's rules), nothing run"""
    path = os.path.join(folder, 'bench-size.json')
    out, sys.stdout = sys.stdout, io.StringIO()  # printed whole, or not at all
    try:
        with open(path) as f:
            d = json.load(f)
        print(speed_line(d['speed']))
        prof = d.get('profile')
        print(f'virtual time: the costs of --profile {prof}' if prof else
              'virtual time: the default --vcosts (no calibration profile)')
        if d.get('wake'):
            wake_head(any(w['every'] == TRAIN_ROW for w in d['wake']))
            for w in d['wake']:
                wake_row(w, w.get('kernel_cell') or
                         (f'{statistics.median(w["kernel_p50_us"]):.1f}'
                          if w.get('kernel_p50_us') else '-'))
        targets = {c['name']: c['target'] for c in read_checks(None)}
        for row in d['checks']:
            for a in row['advice'].values():
                a['drops'] = {int(r): v for r, v in a['drops'].items()}
                if 'peaks' in a:
                    a['peaks'] = {int(r): v for r, v in a['peaks'].items()}
            print(said_line(row['check'], row['advice']))
            row.setdefault('sizes', advised_sizes(row['advice']))
            if not row['sizes']:
                continue
            kern = {(k['place'], k['ring']): k for k in row.get('kernel', [])}
            names = list(dict.fromkeys(k['place'] for k in row.get('kernel', [])))
            places = [(n, [], PLACE_MODEL[n]) for n in names]
            max_drop = row.get('max_drop')
            if max_drop is None:
                t = targets[row['check']]
                max_drop = float(t[t.index('--max-drop') + 1])
            rounds = max((len(k['runs']) for k in kern.values()), default=0)
            report(row, places, kern, None if kern else row.get('kernel_skipped', 'not run'),
                   max_drop, rounds)
    except OSError as e:
        sys.stdout = out
        die(f'--summary {folder}: {path}: {e.strerror}')
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        sys.stdout = out
        die(f'--summary {folder}: {path}: not a bench-size.json ({type(e).__name__}: {e})')
    text, sys.stdout = sys.stdout.getvalue(), out
    sys.stdout.write(text)
    return 0


def main(argv):
    args = parse_args(argv)
    if args['summary']:
        return summarize(args['summary'])
    if not (os.path.isfile(args['rbsim']) and os.access(args['rbsim'], os.X_OK)):
        die(f'{args["rbsim"]}: not built (make, or --rbsim PATH)')
    checks = read_checks(args['only'])
    out = out_folder(args)
    t0 = time.monotonic()
    env = env_start(args)
    # the host's stops of busy vCPUs, measured before the runs, as the suite does
    gaps = bench.cpu_gaps(SimpleNamespace(rbsim=args['rbsim']), 0.05 if args['test'] else 3,
                          out)
    tee = Tee(sys.stdout)
    sys.stdout = tee
    log, rows = [], []
    sp = speed(args, log)
    args['vprofile'] = calibrate(args, out, log)
    wake = wake_check(args, log, out)
    for c in checks:
        check(args, c, log, rows)
    with open(os.path.join(out, 'bench-size.json'), 'w') as f:
        json.dump({'speed': sp, 'profile': args['vprofile'], 'wake': wake, 'checks': rows,
                   'log': log}, f, indent=1)
    with open(os.path.join(out, 'env.txt'), 'w') as f:
        f.write(env + ''.join(bench.env_line(k, v) for k, v in gaps) +
                bench.env_line('duration', f'{time.monotonic() - t0:.0f} s'))
    print(f'raw: {out}/ (env.txt, bench-size.json, summary.txt, train.trace'
          f'{", profile.json" if args["profile"] == "auto" and args["vprofile"] else ""})')
    sys.stdout = tee.f
    with open(os.path.join(out, 'summary.txt'), 'w') as f:
        f.write(''.join(tee.text))
    return 0

if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
