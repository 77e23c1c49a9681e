#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# Sizing against reality (make bench-size). Two parts:
#  1. the virtual-time engine's own speed: 8-byte records, one producer, no
#     verification or stamps (the goal: 20 M records per second of
#     one core), in CPU time and in wall time;
#  2. each check of bench/sizing.checks: `rbsim size` advises a ring for the
#     workload and target; the workload then runs on the kernel's ring buffer
#     (kernel-ringbuf) at the advised size and at half of it, --rounds times
#     each. The advised size should meet the target and half of it should not;
#     where either fails, the line says which and gives the figures that tell
#     why (the kernel's latency against the modelled wake-up, a rate not met).
# Everything goes to stdout; --out DIR also keeps the raw JSON and a CSV.
#
# usage: scripts/bench-size.py [--rbsim PATH] [--rounds N] [--only A,B]
#                              [--no-kernel] [--test] [--out DIR]
# --test: 2 seeds, -d 2, 1 round, 2 M records for the speed (for the tests).
import json
import os
import shlex
import subprocess
import sys
import time

PROG = 'bench-size'
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECKS = os.path.join(REPO, 'bench', 'sizing.checks')


def die(msg):
    print(f'{PROG}: {msg}', file=sys.stderr)
    sys.exit(2)


def parse_args(argv):
    a = {'rbsim': 'build/rbsim', 'rounds': 3, 'only': None, 'kernel': True,
         'test': False, 'out': None}
    i = 0
    while i < len(argv):
        o = argv[i]
        val = argv[i + 1] if i + 1 < len(argv) else None
        if o in ('--rbsim', '--rounds', '--only', '--out'):
            if val is None:
                die(f'{o} needs a value')
            if o == '--rounds':
                if not val.isdigit() or int(val) < 1:
                    die(f'--rounds {val}: expected a count from 1')
                a['rounds'] = int(val)
            elif o == '--only':
                a['only'] = val.split(',')
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
                lines = f.read().splitlines()[3:18]
            print('\n'.join(ln[2:] for ln in lines))
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
    cpu = d['cpu_user_s'] + d['cpu_sys_s']
    print(f'virtual time, 8-byte records, 1 producer, no verification: {n} records, '
          f'{n / cpu / 1e6:.1f} M records/s of CPU time, {n / wall / 1e6:.1f} M/s of wall '
          f'time (goal: 20 M/s of one core)')
    return {'records': n, 'cpu_s': cpu, 'wall_s': wall}


def drop_frac(d):
    # a transport that cannot tell a reason reports it as null
    drops = sum(d.get(k) or 0 for k in ('drops_no_space', 'drops_lock', 'drops_too_big'))
    return drops / d['attempted'] if d['attempted'] else 0.0


def kernel_runs(args, workload, ring, log):
    rows = []
    for _ in range(args['rounds']):
        rc, out, err, _ = rbsim(args, ['run', '--transport', 'kernel-ringbuf'] + workload +
                                ['--ring-size', str(ring), '-q', '--format', 'json'], log)
        if rc:
            return None, err.strip().splitlines()[-1] if err.strip() else f'exit {rc}'
        rows.append(json.loads(out))
    n = len(rows)
    return {'drop': sum(drop_frac(r) for r in rows) / n,
            'p50_us': sum(r['lat_p50_ns'] for r in rows) / n / 1e3,
            'p99_us': sum(r['lat_p99_ns'] for r in rows) / n / 1e3,
            'rate_met': all(r['rate_met'] for r in rows)}, None


def verdict(max_drop, adv, half, vcosts):
    if not adv['rate_met'] or (half and not half['rate_met']):
        return 'cannot tell: the producers fell behind their schedule (a loaded machine?)'
    meets = adv['drop'] <= max_drop
    half_meets = half is not None and half['drop'] <= max_drop
    if meets and half is None:
        return 'as advised (no half size to try: the advice is --min-ring)'
    if meets and not half_meets:
        return 'as advised: the advised size meets the target, half of it does not'
    if not meets:
        return (f'the advised size misses: kernel p50 latency {adv["p50_us"]:.1f} us against '
                f'the modelled wake-up + poll of {vcosts} (give --vcosts the machine\'s)')
    return (f'half meets too: the advice has margin on this machine (kernel p50 latency '
            f'{adv["p50_us"]:.1f} us; modelled {vcosts})')


def check(args, c, log, rows):
    workload = shorten(c['workload'], args['test'])
    seeds = ['--seeds', '2'] if args['test'] else []
    rc, out, err, wall = rbsim(args, ['size'] + workload + c['target'] + seeds +
                               ['-q', '--format', 'json'], log)
    if rc not in (0, 1):
        die(f'{c["name"]}: rbsim size failed: {err.strip()}')
    s = json.loads(out)
    if s['advised_bytes'] is None:
        print(f'{c["name"]:8} no ring up to the largest meets the target ({wall:.1f} s)')
        return
    ring = s['advised_bytes']
    sizes = {p['ring_bytes']: p for p in s['sizes']}
    half = ring // 2 if ring // 2 in sizes else None
    pred = f'virtual drop {sizes[ring]["drop"]:.3g}'
    if half:
        pred += f', half {sizes[half]["drop"]:.3g}'
    print(f'{c["name"]:8} advised {ring // 1024} KiB in {wall:.1f} s ({pred})')
    row = {'check': c['name'], 'advised': ring, 'virtual_drop': sizes[ring]['drop'],
           'virtual_drop_half': sizes[half]['drop'] if half else None}
    if not args['kernel']:
        print(f'{"":8} kernel: skipped (--no-kernel)')
        rows.append(row)
        return
    adv, why = kernel_runs(args, workload, ring, log)
    hk = None
    if adv and half:
        hk, why = kernel_runs(args, workload, half, log)
    if why:
        print(f'{"":8} kernel: skipped ({why})')
        rows.append(row)
        return
    max_drop = float(c['target'][c['target'].index('--max-drop') + 1])
    vcosts = 'the default --vcosts'
    if '--vcosts' in workload:
        vcosts = workload[workload.index('--vcosts') + 1]
    line = f'kernel drop {adv["drop"]:.3g} at {ring // 1024} KiB'
    if hk:
        line += f', {hk["drop"]:.3g} at {half // 1024} KiB'
    print(f'{"":8} {line} (target {max_drop:g}, {args["rounds"]} rounds): '
          f'{verdict(max_drop, adv, hk, vcosts)}')
    row.update({'kernel_drop': adv['drop'], 'kernel_drop_half': hk['drop'] if hk else None,
                'kernel_p50_us': adv['p50_us'], 'kernel_p99_us': adv['p99_us']})
    rows.append(row)


def main(argv):
    args = parse_args(argv)
    if not (os.path.isfile(args['rbsim']) and os.access(args['rbsim'], os.X_OK)):
        die(f'{args["rbsim"]}: not built (make, or --rbsim PATH)')
    checks = read_checks(args['only'])
    log, rows = [], []
    sp = speed(args, log)
    for c in checks:
        check(args, c, log, rows)
    if args['out']:
        os.makedirs(args['out'], exist_ok=True)
        with open(os.path.join(args['out'], 'bench-size.json'), 'w') as f:
            json.dump({'speed': sp, 'checks': rows, 'log': log}, f, indent=1)
        print(f'raw: {os.path.join(args["out"], "bench-size.json")}')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
