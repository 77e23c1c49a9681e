#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# The benchmark suite's runner, started by scripts/bench.sh (which checks the
# dependencies first). It reads the scenarios in bench/*.scenario, runs every
# point of the chosen suite with rbsim (warm-up and repeats per point, mean and
# sample standard deviation, a flag when the coefficient of variation exceeds
# 10%), times whole invocations with hyperfine where wall time is the question,
# and keeps everything in a new folder <out>/<host>-<date>[-N]:
#   env.txt        machine, kernel, compiler and flags, libbpf, git commit, timing, and
#                  the CPU time the machine takes from busy threads (cpu-gaps-*.csv)
#   runs.csv       every rbsim run, rbsim's own CSV (label: scenario|series|x|repeat)
#   hyperfine/     hyperfine's JSON export, one file per timed command
#   overhead.csv   rbsim overhead --sweep ... --format csv
#   points.csv     one row per point: mean, standard deviation, CV, flag
#   summary.txt    the points in the selftests' summarize format
#   log.txt        every command and its output
#   scenarios/     the scenario files that were run
#   plots/         the gnuplot scripts (they read only this folder) and the plots,
#                  PNG and SVG; `make plots` runs the scripts again
#
# The model is tools/testing/selftests/bpf/benchs/run_bench_ringbufs.sh (Linux
# 6.18): its sections, parameters and output format, plus the questions it does
# not ask (latency, record size, ring size, consumer work).
import csv
import datetime
import json
import lzma
import math
import os
import platform
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time

PROG = 'bench'
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUITES = ('test', 'quick', 'full')
CV_LIMIT = 10.0  # percent

# how every run of a suite is timed; hyperfine's warm-up and runs per command
# gaps: seconds of each of the two runs of bench/probe/cpu_gaps before the runs (env.txt)
TIMING = {
    'test': {'run': ['--records', '20000'], 'repeats': 2, 'seconds': 0.05, 'gaps': 0.05,
             'hf_warmup': 0, 'hf_runs': 2,
             'text': '--records 20000 per run (no warm-up), 2 repeats per point'},
    'quick': {'run': ['-w', '0', '-d', '1'], 'repeats': 2, 'seconds': 1.1, 'gaps': 1,
              'hf_warmup': 1, 'hf_runs': 3,
              'text': '-w 0 -d 1 per run (1 s measured, no warm-up seconds; one '
                      'discarded warm-up run for the whole suite), 2 repeats per point'},
    'full': {'run': ['-w', '1', '-d', '1'], 'repeats': 3, 'seconds': 2.1, 'gaps': 3,
             'hf_warmup': 2, 'hf_runs': 10,
             'text': '-w 1 -d 1 per run (1 s warm-up left out, 1 s measured), '
                     '3 repeats per point'},
}

# one colour per transport, in every plot
COLOURS = {
    'ringbuf': '#1f77b4',
    'kernel-ringbuf': '#6a3d9a',
    'perfbuf': '#d62728',
    'kernel-perfbuf': '#ff7f0e',
    'wfcqueue': '#2ca02c',
}
PNG_SIZE = (1280, 900)

POINT_COLS = [
    'scenario', 'series', 'transport', 'x', 'xnum', 'xi', 'si', 'runs', 'failed',
    'producers', 'cpus', 'oversubscribed', 'size', 'batch', 'ring_size', 'records',
    'metric', 'cv_pct', 'flag',
    'hits_mean', 'hits_sd', 'drops_mean', 'drops_sd', 'drop_pct_mean', 'drop_pct_sd',
    'gbps_mean', 'gbps_sd',
    'lat_p50_mean', 'lat_p50_sd', 'lat_p90_mean', 'lat_p90_sd',
    'lat_p99_mean', 'lat_p99_sd', 'lat_p999_mean', 'lat_p999_sd',
    'wakeups_per_rec', 'cpu_ns_mean', 'cpu_ns_sd', 'wall_s_mean', 'wall_s_sd',
    'lock_drops_mean', 'lock_drops_sd', 'nmi_lock_fails_mean', 'nmi_lock_fails_sd',
    'overwritten_mean', 'overwritten_sd', 'lost_reads_mean', 'lost_reads_sd',
]


class Fail(Exception):
    """bad input or a missing dependency: one line, exit status 2"""


def die(msg):
    raise Fail(msg)


def say(msg=''):
    print(msg, flush=True)


# ---------------------------------------------------------------- scenarios

def parse_num(s):
    """'8K' -> 8192, '1M' -> 1048576, '300' -> 300; None if not a number"""
    m = re.fullmatch(r'(\d+(?:\.\d+)?)([KMG]?)', s.strip(), re.I)
    if not m:
        return None
    mult = {'': 1, 'K': 1 << 10, 'M': 1 << 20, 'G': 1 << 30}[m.group(2).upper()]
    v = float(m.group(1)) * mult
    return int(v) if v == int(v) else v


def bad_name(s):
    return not s or any(c in s for c in '|,"\n')


# measures that run no cases or values of their own (no x), hence no series either
NO_X_MEASURES = ('overhead', 'model', 'model-real', 'speed')


def parse_scenario(path):
    name = os.path.basename(path)[:-len('.scenario')]
    sc = {'name': name, 'path': path, 'question': [], 'order': 1000, 'measure': 'run',
          'metric': 'hits', 'suites': set(), 'cases': [], 'values': {}, 'records': {},
          'common': '', 'series': [], 'sweeps': [], 'alternate': False, 'machines': [],
          'reserves': [], 'probe': None, 'rounds': {}}
    with open(path, encoding='utf-8') as f:
        lines = f.read().splitlines()
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith('#'):
            continue
        key, _, rest = line.partition(' ')
        rest = rest.strip()
        where = f'{path}:{n}'
        fields = [x.strip() for x in rest.split('|')]
        if key == 'question':
            sc['question'].append(rest)
        elif key == 'order':
            if not rest.isdigit():
                die(f'{where}: order: expected a number')
            sc['order'] = int(rest)
        elif key == 'measure':
            if rest not in ('run', 'wall', 'overhead', 'model', 'model-real', 'speed'):
                die(f'{where}: measure: run, wall, overhead, model, model-real or speed, '
                    f'not "{rest}"')
            sc['measure'] = rest
        elif key == 'metric':
            if rest not in ('hits', 'drop_pct', 'lat_p99', 'lat_p50'):
                die(f'{where}: metric: hits, drop_pct, lat_p50 or lat_p99, not "{rest}"')
            sc['metric'] = rest
        elif key == 'alternate':
            if rest not in ('yes', 'no'):
                die(f'{where}: alternate: yes or no, not "{rest}"')
            sc['alternate'] = rest == 'yes'
        elif key == 'probe':
            words = rest.split()
            if not words or not set(words) <= set(PROBES):
                die(f'{where}: probe: {" and/or ".join(PROBES)}, not "{rest}"')
            sc['probe'] = set(words)
        elif key == 'suites':
            sc['suites'] = set(rest.split())
            if not sc['suites'] <= set(SUITES):
                die(f'{where}: suites: only {", ".join(SUITES)}')
        elif key == 'case':
            if len(fields) not in (2, 3) or bad_name(fields[0]):
                die(f'{where}: expected case NAME | OPTIONS [| SUITES]')
            sc['cases'].append({'name': fields[0], 'opts': fields[1],
                                'suites': set(fields[2].split()) if len(fields) == 3
                                else set(SUITES)})
        elif key == 'rounds':
            parts = rest.split()
            if len(parts) < 3 or parts[0] not in SUITES or not parts[1].isdigit() or \
                    not 1 <= int(parts[1]) <= 100:
                die(f'{where}: expected rounds SUITE N CASE ... (N from 1 to 100)')
            for c in parts[2:]:
                sc['rounds'][(parts[0], c)] = int(parts[1])
        elif key == 'values':
            parts = rest.split()
            if len(parts) < 2 or parts[0] not in SUITES:
                die(f'{where}: expected values SUITE V1 V2 ...')
            sc['values'][parts[0]] = parts[1:]
        elif key == 'records':
            parts = rest.split()
            if len(parts) != 2 or parts[0] not in SUITES or not parts[1].isdigit():
                die(f'{where}: expected records SUITE N')
            sc['records'][parts[0]] = int(parts[1])
        elif key == 'common':
            sc['common'] = rest
        elif key == 'series':
            if len(fields) not in (3, 4) or bad_name(fields[0]) or not fields[1]:
                die(f'{where}: expected series NAME | TRANSPORT | OPTIONS [| SUITES]')
            sc['series'].append({'name': fields[0], 'transport': fields[1],
                                 'opts': fields[2],
                                 'suites': set(fields[3].split()) if len(fields) == 4
                                 else set(SUITES)})
        elif key == 'machine':
            if not rest or ' ' in rest:
                die(f'{where}: expected machine FILE (relative to the source tree)')
            sc['machines'].append(rest)
        elif key == 'reserve':
            if not rest:
                die(f'{where}: expected reserve NAME ...')
            sc['reserves'] += rest.split()
        elif key == 'sweep':
            if not re.fullmatch(r'\d+-\d+(:\d+)?', rest):
                die(f'{where}: expected sweep A-B[:STEP]')
            sc['sweeps'].append(rest)
        else:
            die(f'{where}: unknown key "{key}"')
    if sc['measure'] == 'model' and (not sc['machines'] or not sc['reserves']):
        die(f'{path}: measure model needs machine and reserve lines')
    if sc['measure'] == 'model-real' and (len(sc['machines']) != 1 or not sc['reserves']):
        die(f'{path}: measure model-real needs one machine line (this machine) and reserve '
            'lines')
    if sc['measure'] == 'speed':
        for suite in sc['suites']:
            v = sc['values'].get(suite, [])
            if len(v) != 1 or not v[0].isdigit() or not 1 <= int(v[0]) <= 100:
                die(f'{path}: measure speed needs "values {suite} N", its rounds (1 to 100)')
    if sc['measure'] not in NO_X_MEASURES and not sc['series']:
        die(f'{path}: no series')
    if sc['cases'] and sc['values']:
        die(f'{path}: cases and values both given; use one')
    if sc['probe'] and not sc['alternate']:
        die(f'{path}: probe {" ".join(sorted(sc["probe"]))} needs alternate yes (it runs '
            'before each round)')
    now = any(ROUND_PROFILE in se['opts'] for se in sc['series'])
    if now != ('profile' in (sc['probe'] or ())):
        die(f'{path}: a series with {ROUND_PROFILE} and probe profile go together (the '
            'probe makes the profile of each round)')
    if sc['rounds'] and not sc['alternate']:
        die(f'{path}: rounds needs alternate yes (a round runs every series once)')
    names = {c['name'] for c in sc['cases']}
    for suite, c in sc['rounds']:
        if c not in names:
            die(f'{path}: rounds {suite}: no case {c}')
    return sc


def load_scenarios(bench_dir):
    paths = sorted(p for p in os.listdir(bench_dir) if p.endswith('.scenario'))
    if not paths:
        die(f'{bench_dir}: no *.scenario files')
    scs = [parse_scenario(os.path.join(bench_dir, p)) for p in paths]
    return sorted(scs, key=lambda s: (s['order'], s['name']))


def producer_counts(ncpu, few=False):
    """1 .. 2 x CPUs: every count up to 8, then multiples of 4 (and 2 x CPUs)"""
    top = 2 * ncpu
    if few:
        return sorted({1, 2, ncpu, ncpu + 1, top})
    if top <= 8:
        return list(range(1, top + 1))
    counts = [1, 2, 3, 4] + list(range(8, top + 1, 4))
    if counts[-1] != top:
        counts.append(top)
    return counts


def x_list(sc, suite, ncpu):
    """[(x name, {x} replacement)] of a scenario in a suite"""
    if sc['cases']:
        return [(c['name'], c['opts']) for c in sc['cases'] if suite in c['suites']]
    if sc['measure'] == 'wall':
        return [('-', '')]
    vals = sc['values'].get(suite)
    if vals is None:
        die(f'{sc["path"]}: no "values {suite} ..." line')
    out = []
    for v in vals:
        if v in ('producers', 'producers-few'):
            out += [(str(p), str(p)) for p in producer_counts(ncpu, v == 'producers-few')]
        elif parse_num(v) is None:
            die(f'{sc["path"]}: values {suite}: "{v}" is not a number')
        else:
            out.append((v, v))
    return out


def series_opts(se, profile, everywhere=False):
    """a series' options: {profile} is the suite's profile; everywhere (--profile FILE),
    every port series that names no profile of its own runs calibrated too. A profile
    the suite made for its {profile} series is theirs alone: the other port series stay
    the pure port."""
    opts = se['opts']
    if '{profile}' in opts:
        return opts.replace('{profile}', profile or 'none')
    if everywhere and profile and se['transport'] == 'ringbuf' and \
            '--profile' not in opts.split():
        opts += ' --profile ' + profile
    return opts


def needs_profile(sc):
    return any('{profile}' in se['opts'] for se in sc['series'])


# a series' profile made before each of its rounds (probe profile): replaced in its argv
# by that round's file when the round runs
ROUND_PROFILE = '{round_profile}'
PROBES = ('c2c', 'profile')


def plan(scs, suite, ncpu, only, kernel_ok, profile=None, cases=None, everywhere=False):
    """the points to run: dicts with scenario, series, x, argv (without timing); the
    series of an alternate scenario's x are one point (kind 'alt', their runs in turn);
    cases: only the x values (cases) of this set, and no scenario without any;
    everywhere: the profile is --profile FILE's, for every port series (series_opts())"""
    pts = []
    skipped = set()
    for sc in scs:
        if suite not in sc['suites'] or (only and sc['name'] not in only):
            continue
        if cases and sc['measure'] in NO_X_MEASURES:
            continue
        if sc['measure'] in ('overhead', 'model'):
            pts.append({'sc': sc, 'series': None, 'x': '-', 'kind': sc['measure']})
            continue
        if sc['measure'] == 'speed':
            pts.append({'sc': sc, 'series': None, 'x': '-', 'kind': 'speed',
                        'rounds': int(sc['values'][suite][0]),
                        'records': sc['records'].get(suite)})
            continue
        if sc['measure'] == 'model-real':
            pts.append({'sc': sc, 'series': None, 'x': '-', 'kind': 'model-real',
                        'producers': ','.join(x for x, _ in x_list(sc, suite, ncpu))})
            continue
        xs = [x for x in x_list(sc, suite, ncpu) if not cases or x[0] in cases]
        for xname, xrep in xs:
            group = []
            for se in sc['series']:
                if suite not in se['suites']:
                    continue
                if not kernel_ok.get(se['transport'], True):
                    skipped.add(se['transport'])
                    continue
                if ('{profile}' in se['opts'] or ROUND_PROFILE in se['opts']) and \
                        profile is False:
                    skipped.add(se['name'])
                    continue
                opts = (series_opts(se, profile, everywhere) + ' ' +
                        sc['common']).replace('{x}', xrep)
                argv = ['--transport', se['transport']] + shlex.split(opts)
                group.append({'sc': sc, 'series': se, 'x': xname, 'argv': argv,
                              'kind': sc['measure']})
            if sc['alternate'] and sc['measure'] == 'run' and group:
                pts.append({'sc': sc, 'series': None, 'x': xname, 'kind': 'alt',
                            'group': group, 'rounds': sc['rounds'].get((suite, xname), 0)})
            else:
                pts += group
    return pts, skipped


# ------------------------------------------------------------------ helpers

C2C_PROBE_S = 1.0   # one rbsim model --probe, measured: about 1 s on 2 vCPUs
# probe profile: a short rbsim calibrate before each round (about 1.3 s on 2 vCPUs): 200
# samples a cost and side in one pass, no idle wake-ups or host stops (the calibrated
# port charges neither); its profiles are kept xz-compressed in round-profiles/
ROUND_CALIBRATE = ['calibrate', '--samples', '200', '--passes', '1', '--idle-ms', '0',
                   '--host-stops', '0', '-q']
ROUND_PROFILE_S = 1.3


def round_profile_path(p, rnd):
    """where probe profile writes the profile of round rnd of p, in the results folder"""
    return os.path.join('round-profiles', re.sub(r'[^A-Za-z0-9_.-]+', '-',
                                                 f'{p["sc"]["name"]}-{p["x"]}-{rnd}') + '.json')


def round_probes(p):
    """the probes to run before each round of the alternate point p: its scenario's,
    less the round's profile where no series of p runs with it (left out: --no-kernel,
    or no kernel), so that nothing calls the kernel for a series that does not run"""
    probes = set(p['sc']['probe'] or ())
    if not any(ROUND_PROFILE in one['argv'] for one in p['group']):
        probes.discard('profile')
    return probes


def with_round_profile(argv, path):
    """argv with {round_profile} replaced by the round's profile at path"""
    return [path if a == ROUND_PROFILE else a for a in argv]


def probe_seconds(p):
    """the seconds the probes before one round of the alternate point p take"""
    probes = round_probes(p)
    return ('c2c' in probes) * C2C_PROBE_S + ('profile' in probes) * ROUND_PROFILE_S


SPEED_RECORDS = 20000000  # scripts/bench-speed.sh's records a run, timed
SPEED_CALLGRIND_RECORDS = 500000  # its N counted, and 3N (its --callgrind default)


def speed_callgrind_records(p):
    """the N of the speed point's instruction count: the scenario's records a run where
    fewer (the test suite's), else bench-speed.sh's --callgrind default"""
    return min(p['records'] or SPEED_CALLGRIND_RECORDS, SPEED_CALLGRIND_RECORDS)


def parse_c2c(text):
    """{'c2c': ns, 'c2c_rw': ns}: the one-way medians of rbsim model --probe's c2c lines"""
    got = {}
    for line in text.splitlines():
        m = re.match(r'(c2c(?:_rw)?) CPU \d+ <-> CPU \d+, one-way: .*?median ([\d.]+) ns', line)
        if m:
            got[m.group(1)] = m.group(2)
    return got


def run_cmd(argv, timeout=None, cwd=None):
    try:
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           stdin=subprocess.DEVNULL, timeout=timeout, cwd=cwd,
                           text=True, errors='replace')
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors='replace') if isinstance(e.stdout, bytes) else ''
        return 124, out, f'timed out after {timeout} s'
    except OSError as e:
        return 127, '', str(e)


def first_line(argv):
    rc, out, err = run_cmd(argv, timeout=20)
    text = (out or err).strip().splitlines()
    return text[0].strip() if rc == 0 and text else 'unknown'


def last_line(text):
    lines = [x for x in text.strip().splitlines() if x.strip()]
    return lines[-1].strip() if lines else '(no message)'


def mean_sd(vals):
    vals = [v for v in vals if v is not None]
    if not vals:
        return None, None
    m = sum(vals) / len(vals)
    if len(vals) < 2:
        return m, 0.0
    return m, math.sqrt(sum((v - m) ** 2 for v in vals) / (len(vals) - 1))


def fnum(v, fmt='%.6g'):
    return '' if v is None else fmt % v


def fmt_dur(s):
    s = int(round(s))
    return f'{s // 60}:{s % 60:02d}'


def new_folder(parent):
    """<parent>/<host>-<date>, or -2, -3 ...: never an existing folder"""
    host = socket.gethostname().split('.')[0] or 'host'
    host = re.sub(r'[^A-Za-z0-9_.-]', '_', host)
    date = datetime.date.today().isoformat()
    try:
        os.makedirs(parent, exist_ok=True)
    except OSError as e:
        die(f'cannot create {parent}: {e.strerror}')
    n = 1
    while True:
        path = os.path.join(parent, f'{host}-{date}' + (f'-{n}' if n > 1 else ''))
        try:
            os.mkdir(path)  # atomic: two suites never share a folder
            return path
        except FileExistsError:
            n += 1
        except OSError as e:
            die(f'cannot create {path}: {e.strerror}')


def ncpus():
    try:
        return len(os.sched_getaffinity(0))  # what nproc prints
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# ------------------------------------------------------------------ env.txt

def env_text(args, suite, kernel_notes, suite_text=None):
    """env.txt's lines; suite_text in place of the suite's timing (another script's run)"""
    def cpuinfo(key):
        try:
            with open('/proc/cpuinfo') as f:
                for line in f:
                    if line.startswith(key):
                        return line.split(':', 1)[1].strip()
        except OSError:
            pass
        return 'unknown'

    def cpu_id():
        """the first CPU's family and model (x86) or implementer and part (arm64): what
        tells two hosts apart whose model name reads alike ("AMD EPYC" in a VM)"""
        fields = {}
        try:
            with open('/proc/cpuinfo') as f:
                for line in f:
                    if not line.strip():
                        break
                    key, _, val = line.partition(':')
                    fields.setdefault(key.strip(), val.strip())
        except OSError:
            return 'unknown'
        if 'cpu family' in fields:
            return (f'{fields.get("vendor_id", "?")} family {fields["cpu family"]}, model '
                    f'{fields.get("model", "?")}, stepping {fields.get("stepping", "?")}')
        if 'CPU implementer' in fields:
            return (f'implementer {fields["CPU implementer"]}, part '
                    f'{fields.get("CPU part", "?")}, variant {fields.get("CPU variant", "?")}')
        return 'unknown'

    def lscpu(key):
        rc, out, _ = run_cmd(['lscpu'], timeout=10)
        for line in out.splitlines() if rc == 0 else []:
            if line.startswith(key + ':'):
                return line.split(':', 1)[1].strip()
        return '?'

    def meminfo():
        try:
            with open('/proc/meminfo') as f:
                kb = int(f.readline().split()[1])
            return f'{kb / 1048576:.1f} GiB'
        except (OSError, ValueError, IndexError):
            return 'unknown'

    def osname():
        try:
            with open('/etc/os-release') as f:
                for line in f:
                    if line.startswith('PRETTY_NAME='):
                        return line.split('=', 1)[1].strip().strip('"')
        except OSError:
            pass
        return 'unknown'

    cc = os.environ.get('BENCH_CC', 'gcc')
    rc, head, _ = run_cmd(['git', '-C', REPO, 'rev-parse', 'HEAD'], timeout=10)
    git = head.strip() if rc == 0 else 'unknown'
    if rc == 0:
        rc2, st, _ = run_cmd(['git', '-C', REPO, 'status', '--porcelain',
                              '--untracked-files=no'], timeout=10)
        if rc2 == 0 and st.strip():
            git += ' (with local changes)'
    virt = first_line(['systemd-detect-virt'])
    gov = 'n/a'
    try:
        with open('/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor') as f:
            gov = f.read().strip()
    except OSError:
        pass
    text = suite_text or TIMING[suite]['text']
    lines = [
        ('date', datetime.datetime.now(datetime.timezone.utc)
         .strftime('%Y-%m-%d %H:%M:%S UTC')),
        ('host', socket.gethostname()),
        ('suite', f'{suite}: {text}'),
        ('cpu', cpuinfo('model name')),
        ('cpu id', cpu_id()),
        ('cpus', f'{ncpus()} online; {lscpu("Socket(s)")} socket(s), '
                 f'{lscpu("Core(s) per socket")} core(s) per socket, '
                 f'{lscpu("Thread(s) per core")} thread(s) per core'),
        ('virtualization', f'{virt}; hypervisor {lscpu("Hypervisor vendor")}'),
        ('cpufreq governor', gov),
        ('memory', meminfo()),
        ('kernel', f'{platform.system()} {platform.release()} {platform.version()}'),
        ('os', osname()),
        ('compiler', first_line([cc, '--version'])),
        ('cflags', os.environ.get('BENCH_CFLAGS', 'unknown (not started from make)')),
        ('libbpf', first_line(['dpkg-query', '-W', '-f=${Version}', 'libbpf-dev'])
         + ' (libbpf-dev; the ports follow libbpf 1.7)'),
        ('git', git),
        ('rbsim', f'{args.rbsim}: {first_line([args.rbsim, "--version"])}'),
        ('gnuplot', first_line([args.gnuplot, '--version'])),
        ('hyperfine', first_line([args.hyperfine, '--version'])),
        ('python', sys.version.split()[0]),
        ('kernel transports', '; '.join(kernel_notes) or 'not used'),
        ('load at start', _loadavg() + ' (1, 5, 15 min; other work makes figures noisy)'),
    ]
    return ''.join(env_line(k, v) for k, v in lines)


def cpu_gaps(args, seconds, out):
    """env.txt's lines on the CPU time the machine takes from busy threads: the probe
    beside rbsim (bench/probe/cpu_gaps.c) with one busy thread, then one a CPU, its
    gaps kept as cpu-gaps-<threads>.csv. A hypervisor's CPU quota shows only with
    every vCPU busy, as stops of a whole period that the guest cannot see"""
    probe = os.path.join(os.path.dirname(args.rbsim) or '.', 'bench', 'cpu_gaps')
    if not os.access(probe, os.X_OK):
        return [('cpu gaps', f'not measured ({probe} not built: make builds it)')]
    lines = []
    for threads in sorted({1, ncpus()}):
        csv = os.path.join(out, f'cpu-gaps-{threads}.csv')
        rc, text, err = run_cmd([probe, '-d', f'{seconds:g}', '-t', str(threads), '-o', csv],
                                timeout=seconds * 4 + 30)
        kv = dict(w.split('=', 1) for w in text.split() if '=' in w)
        key = f'cpu gaps, {threads} busy'
        if rc != 0 or 'lost_pct' not in kv:
            lines.append((key, f'not measured ({last_line(err or text)})'))
            continue
        lost, waited = float(kv['lost_ms']), float(kv['waited_ms'])
        if kv['gaps'] == '0':
            lines.append((key, f'none of 1 ms or more in {threads} x {seconds:g} s '
                               f'(cpu-gaps-{threads}.csv)'))
            continue
        guest = ('the guest\'s share unknown (no schedstat)' if waited < 0 else
                 f'{waited:.1f} ms of it on the guest\'s run queue, the rest taken by the '
                 f'hypervisor')
        lines.append((key, f'{kv["gaps"]} of 1 ms or more in {threads} x {seconds:g} s '
                           f'({kv["long"]} of 20 ms or more, longest '
                           f'{float(kv["longest_ms"]):.1f} ms): {lost:.1f} ms lost '
                           f'({kv["lost_pct"]}%), {guest} (cpu-gaps-{threads}.csv)'))
    return lines


def env_line(key, value):
    return f'{key + ":":<19}{value}\n'


def _loadavg():
    try:
        with open('/proc/loadavg') as f:
            return ' '.join(f.read().split()[:3])
    except OSError:
        return 'unknown'


# ------------------------------------------------------------------ running

class Runner:
    def __init__(self, args, suite, out):
        self.args = args
        self.suite = suite
        self.out = out
        self.t = TIMING[suite]
        self.log = open(os.path.join(out, 'log.txt'), 'a', encoding='utf-8')
        self.runs_csv = os.path.join(out, 'runs.csv')
        self.tmp_csv = os.path.join(out, '.run.csv')
        self.rows = {}       # (scenario, series, x) -> [rbsim CSV row dict]
        self.failed = {}     # same key -> failed runs
        self.failures = []
        self.hf = {}         # (scenario, series) -> (json path, records)
        self.noisy = []

    def logln(self, text):
        self.log.write(text.rstrip('\n') + '\n')
        self.log.flush()

    def rbsim_run(self, argv, label):
        if os.path.exists(self.tmp_csv):
            os.unlink(self.tmp_csv)
        cmd = [self.args.rbsim, 'run'] + argv + self.t['run'] + \
              ['-q', '--format', 'csv', '-o', self.tmp_csv, '--label', label]
        self.logln('$ ' + shlex.join(cmd))
        limit = 120 if self.suite == 'test' else 300
        rc, out, err = run_cmd(cmd, timeout=limit)
        # the text summary repeats the CSV row: kept only when the run failed
        self.logln(err + (out if rc != 0 else ''))
        row = None
        if os.path.exists(self.tmp_csv):
            with open(self.tmp_csv, newline='') as f:
                text = f.read()
            os.unlink(self.tmp_csv)
            rows = list(csv.DictReader(text.splitlines()))
            if rows:
                row = rows[-1]
                header, _, body = text.partition('\n')
                new = not os.path.exists(self.runs_csv)
                with open(self.runs_csv, 'a', newline='') as f:
                    f.write(text if new else body)
        if rc != 0:
            self.failures.append(f'{label}: exit {rc}: {last_line(err)}')
            return None
        return row

    def warmup(self):
        """one discarded run before the suite: clocks, caches, page cache"""
        if self.suite == 'test':
            return
        cmd = [self.args.rbsim, 'run', '-w', '0', '-d', '1', '-q']
        self.logln('$ ' + shlex.join(cmd) + '   # suite warm-up, discarded')
        rc, out, err = run_cmd(cmd, timeout=60)
        self.logln(err + out)

    def run_point(self, p, reps=None):
        sc, se = p['sc'], p['series']
        key = (sc['name'], se['name'], p['x'])
        self.rows.setdefault(key, [])
        self.failed.setdefault(key, 0)
        self.logln(f'### {sc["name"]}: {se["name"]} x={p["x"]}')
        for rep in reps or range(1, self.args.repeats + 1):
            label = f'{sc["name"]}|{se["name"]}|{p["x"]}|{rep}'
            row = self.rbsim_run(p['argv'], label)
            if row is None or row.get('integrity') != 'ok':
                self.failed[key] += 1
                if row is not None:
                    self.failures.append(f'{label}: integrity {row.get("integrity")}: '
                                         f'{row.get("first_error")}')
            else:
                self.rows[key].append(row)

    def run_alt(self, p):
        """the series of one x in turn, run by run, the first of each round rotating, so
        that what the machine does meanwhile falls on every series alike"""
        g = p['group']
        probes = round_probes(p)
        for rep in range(alt_rounds(p, self.args.repeats)):
            if 'c2c' in probes:
                self.probe_c2c(p, rep + 1)
            now = self.probe_profile(p, rep + 1) if 'profile' in probes else None
            for k in range(len(g)):
                one = g[(rep + k) % len(g)]
                if ROUND_PROFILE in one['argv']:
                    if not now:  # the round's profile failed: its series sits the round out
                        continue
                    one = dict(one, argv=with_round_profile(one['argv'], now))
                self.run_point(one, reps=[rep + 1])
            if now:
                self.keep_round_profile(p, rep + 1, now)

    def probe_profile(self, p, rnd):
        """probe profile: a short rbsim calibrate before a round of an alternate point, into
        round-profiles/; its series with {round_profile} run calibrated by it this round. The
        host's costs move from minute to minute (results/profile-moment-vm-2026-12-07-3).
        Returns the profile's path, or None (the failure counted) when calibrate fails."""
        path = os.path.join(self.out, round_profile_path(p, rnd))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        cmd = [self.args.rbsim] + ROUND_CALIBRATE + ['-o', path]
        self.logln('$ ' + shlex.join(cmd) + f'   # probe profile, {p["sc"]["name"]} '
                   f'x={p["x"]} round {rnd}')
        rc, out, err = run_cmd(cmd, timeout=120)
        self.logln(err + out)
        if rc != 0 or not os.path.isfile(path):
            self.failures.append(f'{p["sc"]["name"]}|probe profile|{p["x"]}|{rnd}: rbsim '
                                 f'calibrate: exit {rc}: {last_line(err)}')
            return None
        return path

    def keep_round_profile(self, p, rnd, path):
        """after its round: the profile's costs (kernel and port medians, ns) as a line of
        round-profiles.csv, and the profile itself xz-compressed beside (about 14 KB)"""
        try:
            with open(path) as f:
                costs = json.load(f).get('costs', {})
        except (OSError, ValueError) as e:
            costs = {}
            self.logln(f'{path}: {e}')
        rows = []
        for c in sorted(costs):
            k = (costs[c].get('kernel') or {}).get('median')
            q = (costs[c].get('port') or {}).get('median')
            rows.append([p['sc']['name'], p['x'], rnd, time.strftime('%H:%M:%S'), c,
                         '' if k is None else f'{k:.6g}', '' if q is None else f'{q:.6g}'])
        self.append_csv('round-profiles.csv', ['scenario', 'x', 'round', 'time', 'cost',
                                               'kernel_ns', 'port_ns'], rows)
        with open(path, 'rb') as f, lzma.open(path + '.xz', 'wb', preset=9) as z:
            z.write(f.read())
        os.remove(path)

    def probe_c2c(self, p, rnd):
        """probe c2c: the cache-line transfer between CPUs 0 and 1 before a round of an
        alternate point (rbsim model --probe's c2c lines, one-way medians), into c2c.csv:
        the host may move its vCPUs closer or apart between rounds (results/vm-2026-12-02-10)"""
        cmd = [self.args.rbsim, 'model', '--probe']
        self.logln('$ ' + shlex.join(cmd) + f'   # probe c2c, {p["sc"]["name"]} x={p["x"]} '
                   f'round {rnd}')
        rc, out, err = run_cmd(cmd, timeout=120)
        got = parse_c2c(out + err)
        self.logln(''.join(l + '\n' for l in (out + err).splitlines()
                           if l.startswith('c2c')) or err)
        self.append_csv('c2c.csv', ['scenario', 'x', 'round', 'time', 'c2c_ns', 'c2c_rw_ns',
                                    'note'],
                        [[p['sc']['name'], p['x'], rnd, time.strftime('%H:%M:%S'),
                          got.get('c2c', ''), got.get('c2c_rw', ''),
                          '' if rc == 0 and 'c2c' in got else last_line(err) or f'exit {rc}']])

    def append_csv(self, name, header, rows):
        """rows appended to the results folder's CSV name, its header first when new"""
        path = os.path.join(self.out, name)
        new = not os.path.exists(path)
        with open(path, 'a', newline='') as f:
            w = csv.writer(f, lineterminator='\n')
            if new:
                w.writerow(header)
            w.writerows(rows)

    def run_wall(self, p):
        sc, se = p['sc'], p['series']
        n = sc['records'].get(self.suite)
        if not n:
            die(f'{sc["path"]}: no "records {self.suite} N" line')
        os.makedirs(os.path.join(self.out, 'hyperfine'), exist_ok=True)
        slug = re.sub(r'[^A-Za-z0-9_.-]+', '-', se['name'])
        js = os.path.join('hyperfine', f'{sc["name"]}-{slug}.json')
        cmd = [os.path.abspath(self.args.rbsim), 'run'] + p['argv'] + \
              ['--records', str(n), '-q']
        if any(re.search(r'\s', a) for a in cmd):
            command, shell = shlex.join(cmd), []
        else:
            command, shell = ' '.join(cmd), ['-N']
        hf = [self.args.hyperfine] + shell + [
            '--style', 'basic', '--warmup', str(self.t['hf_warmup']),
            '--runs', str(self.t['hf_runs']), '--export-json', js, '-n', se['name'], command]
        self.logln(f'### {sc["name"]}: {se["name"]} (hyperfine)\n$ ' + shlex.join(hf))
        rc, out, err = run_cmd(hf, timeout=1800, cwd=self.out)
        self.logln(out + err)
        if rc != 0:
            self.failures.append(f'{sc["name"]}|{se["name"]}: hyperfine exit {rc}: '
                                 f'{last_line(err)}')
            return
        self.hf[(sc['name'], se['name'])] = (js, n)

    def run_overhead(self, p):
        sc = p['sc']
        text = ''
        for sw in sc['sweeps'] or ['0-4096']:
            cmd = [self.args.rbsim, 'overhead', '--sweep', sw, '--format', 'csv']
            self.logln('$ ' + shlex.join(cmd))
            rc, out, err = run_cmd(cmd, timeout=120)
            if rc != 0:
                self.failures.append(f'{sc["name"]}: rbsim overhead exit {rc}: '
                                     f'{last_line(err)}')
                return
            header, _, body = out.partition('\n')
            text += out if not text else body
        with open(os.path.join(self.out, 'overhead.csv'), 'w') as f:
            f.write(text)

    def model_csv(self, sc, args, what, timeout=120):
        """the CSV of rbsim model ARGS, or None (a failure noted) when it failed"""
        cmd = [self.args.rbsim, 'model'] + args + ['--format', 'csv']
        self.logln('$ ' + shlex.join(cmd))
        rc, out, err = run_cmd(cmd, timeout=timeout)
        self.logln(err)
        if rc != 0:
            self.failures.append(f'{sc["name"]}: rbsim model{what} exit {rc}: '
                                 f'{last_line(err)}')
            return None
        return out

    def run_model(self, p):
        """model.csv: every machine x variant, 1-52 producers; model-check.csv;
        crossover.csv: from how many CPUs a variant pays, by how much (computed, never
        typed)"""
        sc = p['sc']
        curves, checks, cross = '', '', ''
        for m in sc['machines']:
            path = model_machine(sc, m)
            for r in sc['reserves']:
                out = self.model_csv(sc, ['--machine', path, '--reserve', r, '--producers',
                                          '1-52', '--oversubscribe'], '')
                if out is None:
                    return
                curves += out if not curves else out.partition('\n')[2]
            out = self.model_csv(sc, ['--machine', path, '--crossover', '--producers', '1-52',
                                      '--oversubscribe'], ' --crossover')
            if out is None:
                return
            cross += out if not cross else out.partition('\n')[2]
            cmd = [self.args.rbsim, 'model', '--machine', path, '--check', '--format', 'csv']
            rc, out, err = run_cmd(cmd, timeout=120)
            if rc == 0:
                checks += out if not checks else out.partition('\n')[2]
            elif 'no published curve' not in err:
                self.failures.append(f'{sc["name"]}: rbsim model --check exit {rc}: '
                                     f'{last_line(err)}')
        with open(os.path.join(self.out, 'model.csv'), 'w') as f:
            f.write(curves)
        with open(os.path.join(self.out, 'model-check.csv'), 'w') as f:
            f.write(checks)
        with open(os.path.join(self.out, 'crossover.csv'), 'w') as f:
            f.write(cross)

    def run_model_real(self, p):
        """model-real.csv: rbsim model --against-real on this machine, every variant: the
        reference workload at every producer count, then without a consumer at the counts
        from 2 on that fit the CPUs (the one way 2 producers fit 2 CPUs)"""
        sc = p['sc']
        text = ''
        path = model_machine(sc, sc['machines'][0])
        ncpu = os.cpu_count() or 1
        alone = ','.join(x for x in p['producers'].split(',') if 2 <= int(x) <= ncpu)
        for r in sc['reserves']:
            for extra in ([], ['--no-consumer']):
                if extra and not alone:
                    continue
                out = self.model_csv(sc, ['--machine', path, '--against-real', '--reserve', r,
                                          '--producers', alone if extra else p['producers'],
                                          '--oversubscribe', '--real-runs',
                                          str(self.t['repeats']), '--real-duration', '1']
                                     + extra, ' --against-real', timeout=1800)
                if out is None:
                    return
                text += out if not text else out.partition('\n')[2]
        with open(os.path.join(self.out, 'model-real.csv'), 'w') as f:
            f.write(text)

    def run_speed(self, p):
        """speed/: scripts/bench-speed.sh's folder, the port against its inline probe with
        either lock word, the rounds of the scenario's values line (bench/README.md, Speed
        of the port); the probe is the one built beside rbsim (make)"""
        sc = p['sc']
        rbsim = os.path.abspath(self.args.rbsim)
        probe = os.path.join(os.path.dirname(rbsim), 'bench', 'b2b_inline')
        cmd = [os.path.join(REPO, 'scripts', 'bench-speed.sh'), '--rounds', str(p['rounds']),
               '--rbsim', rbsim, '--probe', probe, '--out', os.path.join(self.out, 'speed')]
        if p['records']:
            cmd += ['--records', str(p['records'])]
        self.logln('$ ' + shlex.join(cmd))
        rc, out, err = run_cmd(cmd, timeout=1800)
        self.logln(out + err)
        if rc != 0:
            self.failures.append(f'{sc["name"]}: bench-speed.sh exit {rc}: {last_line(err)}')
            return
        # the same four counted in instructions (callgrind), which the machine's noise
        # does not move: on the family 25 EPYC guest the timed harness cost moved from
        # -9.8% to 13.3% between the rounds of one sitting (results/vm-2026-12-07-2)
        cmd = [os.path.join(REPO, 'scripts', 'bench-speed.sh'), '--callgrind', '--records',
               str(speed_callgrind_records(p)), '--rbsim', rbsim, '--probe', probe,
               '--out', os.path.join(self.out, 'speed', 'instructions')]
        self.logln('$ ' + shlex.join(cmd))
        rc, out, err = run_cmd(cmd, timeout=1800)
        self.logln(out + err)
        if rc != 0:
            self.failures.append(f'{sc["name"]}: bench-speed.sh --callgrind exit {rc}: '
                                 f'{last_line(err)}')


def model_machine(sc, m):
    """a model scenario's machine file: relative to the source tree (bench/..)"""
    return os.path.join(os.path.dirname(os.path.abspath(sc['path'])), '..', m)


def alt_rounds(p, repeats):
    """the rounds of an alternate point: the suite's repeats, or its scenario's rounds
    line for its case where that asks for more"""
    return max(repeats, p.get('rounds', 0))


def rounds_text(pts, repeats):
    """env.txt's rounds line: the cases a scenario's rounds line runs more rounds than
    the suite's repeats, or None"""
    more = {}
    for p in pts:
        n = alt_rounds(p, repeats) if p['kind'] == 'alt' else repeats
        if n > repeats:
            more.setdefault((p['sc']['name'], n), []).append(p['x'])
    if not more:
        return None
    return '; '.join(f'{name}: {", ".join(xs)} {n} rounds' for (name, n), xs in more.items()) \
        + f' (their scenario\'s rounds line; the other cases {repeats})'


def point_weight(p, t):
    if p['kind'] == 'run':
        return t['repeats'] * t['seconds']
    if p['kind'] == 'alt':
        probe = probe_seconds(p)
        return alt_rounds(p, t['repeats']) * (t['seconds'] * len(p['group']) + probe)
    if p['kind'] == 'wall':
        return (t['hf_warmup'] + t['hf_runs']) * 0.5
    if p['kind'] == 'model-real':
        return len(p['sc']['reserves']) * len(p['producers'].split(',')) * t['repeats'] * 2.2
    if p['kind'] == 'speed':
        # four runs a round: about 0.1 s of start-up and 20 ns a record each; then eight
        # under callgrind, 16 N records in all: about 0.5 s of start-up and 1 us a record
        return p['rounds'] * 4 * (0.1 + (p['records'] or SPEED_RECORDS) * 20e-9) + \
            8 * 0.5 + 16 * speed_callgrind_records(p) * 1e-6
    return 0.5


# -------------------------------------------------------------- aggregation

def extra_val(row, name):
    """a figure of the row's extra column (name=value;...), or None"""
    for kv in (row.get('extra') or '').split(';'):
        k, _, v = kv.partition('=')
        if k == name:
            try:
                return float(v)
            except ValueError:
                return None
    return None


def fval(row, key):
    try:
        return float(row[key])
    except (KeyError, TypeError, ValueError):
        return None


def aggregate(runner, scs_by_name):
    """one points.csv row per point, in the order the points ran"""
    points = []
    order_x, order_s = {}, {}
    for (scn, sen, x), rows in runner.rows.items():
        xs = order_x.setdefault(scn, [])
        if x not in xs:
            xs.append(x)
        ss = order_s.setdefault(scn, [])
        if sen not in ss:
            ss.append(sen)
    for (scn, sen) in runner.hf:
        order_x.setdefault(scn, ['-'])
        ss = order_s.setdefault(scn, [])
        if sen not in ss:
            ss.append(sen)
    for (scn, sen, x), rows in runner.rows.items():
        sc = scs_by_name[scn]
        se = next(s for s in sc['series'] if s['name'] == sen)
        failed = runner.failed.get((scn, sen, x), 0)
        pt = {'scenario': scn, 'series': sen, 'transport': se['transport'], 'x': x,
              'xnum': parse_num(x) if parse_num(x) is not None
              else order_x[scn].index(x),
              'xi': order_x[scn].index(x), 'si': order_s[scn].index(sen),
              'runs': len(rows), 'failed': failed, 'metric': sc['metric']}
        if rows:
            r0 = rows[0]
            pt.update({'producers': r0.get('producers'), 'cpus': r0.get('cpus'),
                       'oversubscribed': max(int(r.get('oversubscribed') or 0)
                                             for r in rows),
                       'size': r0.get('size'), 'batch': r0.get('batch'),
                       'ring_size': r0.get('ring_size'),
                       'records': r0.get('records')})

            def stat(name, fn):
                m, s = mean_sd([fn(r) for r in rows])
                pt[name + '_mean'], pt[name + '_sd'] = m, s

            def drop_pct(r):
                a = fval(r, 'attempted')
                d = sum(fval(r, k) or 0 for k in
                        ('drops_no_space', 'drops_lock', 'drops_too_big'))
                return 100.0 * d / a if a else None

            def per_rec(r):
                c = fval(r, 'consumed')
                return (fval(r, 'wakeups') or 0) / c if c else None

            stat('hits', lambda r: fval(r, 'hits_mean_mps'))
            stat('drops', lambda r: fval(r, 'drops_mean_mps'))
            stat('drop_pct', drop_pct)
            stat('gbps', lambda r: (fval(r, 'bytes_per_s') or 0) / 1e9)
            for q in ('p50', 'p90', 'p99', 'p999'):
                stat('lat_' + q, lambda r, q=q: fval(r, 'lat_%s_ns' % q)
                     if (fval(r, 'lat_samples') or 0) > 0 else None)
            stat('cpu_ns', lambda r: fval(r, 'cpu_ns_per_record'))
            # reserve failures for lock reasons per run: the workload's, the NMI handlers'
            stat('lock_drops', lambda r: fval(r, 'drops_lock'))
            stat('nmi_lock_fails', lambda r: extra_val(r, 'nmi_lock_fails'))
            # overwrite mode per run: records overwritten, and the reader's lost reads
            # (records it copied and dropped, overwritten during the copy)
            stat('overwritten', lambda r: extra_val(r, 'overwritten'))
            stat('lost_reads', lambda r: extra_val(r, 'ow_dropped'))
            pt['wakeups_per_rec'] = mean_sd([per_rec(r) for r in rows])[0]
        points.append(pt)
    for (scn, sen), (js, n) in runner.hf.items():
        sc = scs_by_name[scn]
        se = next(s for s in sc['series'] if s['name'] == sen)
        try:
            with open(os.path.join(runner.out, js)) as f:
                res = json.load(f)['results'][0]
        except (OSError, ValueError, KeyError, IndexError) as e:
            runner.failures.append(f'{scn}|{sen}: cannot read {js}: {e}')
            continue
        times = res.get('times') or []
        m = res.get('mean')
        sd = res.get('stddev') or 0.0
        pt = {'scenario': scn, 'series': sen, 'transport': se['transport'], 'x': '-',
              'xnum': 0, 'xi': 0, 'si': order_s[scn].index(sen), 'runs': len(times),
              'failed': 0, 'metric': 'wall', 'records': n, 'producers': 1,
              'wall_s_mean': m, 'wall_s_sd': sd,
              'hits_mean': n / m / 1e6 if m else None,
              'hits_sd': n / m / 1e6 * sd / m if m else None}
        points.append(pt)
    # a series' points together, in x order: gnuplot joins consecutive rows only
    rank = {s['name']: i for i, s in enumerate(sorted(scs_by_name.values(),
                                                       key=lambda s: (s['order'], s['name'])))}
    points.sort(key=lambda pt: (rank.get(pt['scenario'], 0), pt['si'], pt['xi']))
    for pt in points:
        m = pt.get(pt['metric'] + '_mean') if pt['metric'] != 'wall' else pt.get('wall_s_mean')
        s = pt.get(pt['metric'] + '_sd') if pt['metric'] != 'wall' else pt.get('wall_s_sd')
        cv = 100.0 * s / m if m and s is not None and m > 0 else None
        pt['cv_pct'] = cv
        flags = []
        if cv is not None and cv > CV_LIMIT and pt.get('runs', 0) > 1:
            flags.append(f'CV>{CV_LIMIT:g}%')
        if pt.get('failed'):
            flags.append(f'{pt["failed"]} failed')
        if not pt.get('runs'):
            flags.append('no data')
        pt['flag'] = ' '.join(flags)
    return points


def write_points(points, path):
    with open(path, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(POINT_COLS)
        for pt in points:
            row = []
            for c in POINT_COLS:
                v = pt.get(c)
                row.append(fnum(v) if isinstance(v, float) else ('' if v is None else v))
            w.writerow(row)


def read_points(path):
    with open(path, newline='') as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        for k, v in list(r.items()):
            if k in ('scenario', 'series', 'transport', 'x', 'metric', 'flag'):
                continue
            try:
                r[k] = float(v) if v not in ('', None) else None
            except ValueError:
                r[k] = None
    return rows


def point_text(pt):
    """the selftests' summarize line: NAME  hits ± sd M/s (drops ± sd M/s)"""
    name = pt['series'] + ('' if pt['x'] == '-' else f' {pt["x"]}')
    if pt['metric'] == 'wall':
        text = (f'{pt["wall_s_mean"]:.3f} ± {pt["wall_s_sd"]:.3f} s for '
                f'{int(pt["records"])} records ({pt["hits_mean"]:.3f}M/s)')
    elif not pt.get('runs'):
        text = 'no data'
    else:
        text = f'{pt["hits_mean"]:7.3f} ± {pt["hits_sd"]:.3f}M/s '
        # a transport without a drop rate (wfcqueue) leaves the field empty
        if pt.get('drops_mean') is None:
            text += '(drops n/a'
        else:
            text += f'(drops {pt["drops_mean"]:.3f} ± {pt["drops_sd"]:.3f}M/s'
        if pt['metric'] == 'drop_pct':
            text += f', {pt["drop_pct_mean"]:.2f} ± {pt["drop_pct_sd"]:.2f}% of records'
        text += ')'
        if pt.get('overwritten_mean') is not None:
            text += f' overwritten {pt["overwritten_mean"]:.0f}'
            # only a run with a reader has lost reads (--consumer none has none)
            if pt.get('lost_reads_mean') is not None:
                text += f', lost reads {pt["lost_reads_mean"]:.0f}'
            text += ' per run'
        if pt['metric'].startswith('lat') and pt.get('lat_p50_mean') is not None:
            text += (f' p50 {pt["lat_p50_mean"] / 1e3:.1f}us p99 '
                     f'{pt["lat_p99_mean"] / 1e3:.1f}us p99.9 '
                     f'{pt["lat_p999_mean"] / 1e3:.1f}us')
    if pt.get('oversubscribed'):
        text += ' [oversubscribed]'
    if pt.get('cv_pct') is not None and pt.get('runs', 0) > 1:
        text += f' CV {pt["cv_pct"]:.0f}%'
    if pt.get('flag'):
        text += f'  <-- {pt["flag"]}'
    return f'{name:<28} {text}'


# ------------------------------------------------------------------ plotting

sys.dont_write_bytecode = True  # no __pycache__ in scripts/
from bench_plots import write_plots  # noqa: E402  (scripts/bench_plots.py)
from bench_ratios import table as ratio_table  # noqa: E402  (scripts/bench_ratios.py)
import bench_prediction  # noqa: E402  (scripts/bench_prediction.py)


def render(folder, gnuplot, log=None):
    """run every plots/*.gp of a results folder; returns the number of failures"""
    pdir = os.path.join(folder, 'plots')
    bad = 0
    for gp in sorted(os.listdir(pdir)):
        if not gp.endswith('.gp'):
            continue
        rc, out, err = run_cmd([gnuplot, os.path.join('plots', gp)], timeout=120, cwd=folder)
        if log:
            log(f'$ (cd {folder} && gnuplot plots/{gp})\n{out}{err}')
        if rc != 0:
            bad += 1
            say(f'{PROG}: plots/{gp} failed: {last_line(err)}')
    return bad


def write_prediction(folder, env):
    """the prediction section's tables and plot script, when the folder has its runs"""
    note = ', '.join(v for v in (env.get('host'), env.get('cpu'),
                                 ' '.join((env.get('kernel') or '').split()[:2]),
                                 env.get('profile')) if v)
    try:
        return bench_prediction.write(folder, PNG_SIZE, note)
    except ValueError as e:  # a malformed causes file (bench/prediction.causes)
        die(str(e))


def model_real_verdict(folder):
    """issue 14's check in one line from DIR/model-real.csv (rbsim model --against-real):
    how many rows the model put within their tolerance of the real runs, with and
    without a consumer, the oversubscribed ones, those the host held still (the `held`
    column, where the file has it), and each miss (model over real; "moved": the host
    moved the vCPUs or the measured figures under the row in every try; "runs apart":
    its runs further apart than the tolerance); None without the file or its columns"""
    try:
        with open(os.path.join(folder, 'model-real.csv')) as f:
            rows = list(csv.DictReader(f))
    except OSError:
        return None
    need = ('reserve', 'producers', 'consumer', 'oversubscribed', 'ratio', 'within',
            'tolerance', 'moved')
    if not rows or any(k not in rows[0] for k in need):
        return None

    def score(sel):
        return f'{sum(r["within"] == "1" for r in sel)} of {len(sel)}'

    with_c = [r for r in rows if r['consumer'] != 'none']
    without = [r for r in rows if r['consumer'] == 'none']
    over = [r for r in rows if r['oversubscribed'] == '1']
    tol = max(float(r['tolerance']) for r in rows)
    parts = [f'with a consumer {score(with_c)}'] if with_c else []
    parts += [f'without {score(without)}'] if without else []
    parts += [f'oversubscribed {score(over)}'] if over else []
    held = 'held' in rows[0]
    if held:
        parts.append(f'where the host held still {score([r for r in rows if r["held"] == "1"])}')
    text = (f'{score(rows)} rows within {tol * 100:g}% of the real runs'
            + (f' ({", ".join(parts)})' if parts else ''))
    misses = [f'{r["reserve"]}, {r["producers"]} producer{"s" if r["producers"] != "1" else ""}'
              f'{", no consumer" if r["consumer"] == "none" else ""}: '
              f'x{float(r["ratio"]):.2f}{", moved" if r["moved"] == "1" else ""}'
              f'{", runs apart" if held and r["held"] != "1" and r["moved"] != "1" else ""}'
              for r in rows if r['within'] != '1']
    if misses:
        text += '; out: ' + '; '.join(misses)
    return text


def speed_verdict(folder):
    """issue 15's speed of the port in one line from FOLDER/speed/summary.txt
    (scripts/bench-speed.sh's), or None when the folder has none"""
    path = os.path.join(folder, 'speed', 'summary.txt')
    if not os.path.isfile(path):
        return None
    got = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            m = re.match(r'(port / probe-qspinlock|port / probe|harness cost) \(per round\)'
                         r'\s+(-?[\d.]+)%?\s+(-?[\d.]+)%?\s+(-?[\d.]+)%?\s*$', line)
            if m:
                got[m.group(1)] = [float(x) for x in m.group(2, 3, 4)]
    if len(got) != 3:
        return None
    rounds = ''
    try:
        with open(os.path.join(folder, 'speed', 'runs.csv'), newline='') as f:
            n = len({r['round'] for r in csv.DictReader(f)})
            rounds = f', {n} round{"s" if n != 1 else ""}'
    except (OSError, KeyError):
        pass
    q, t, h = got['port / probe-qspinlock'], got['port / probe'], got['harness cost']
    line = (f'the port at {q[0]:.3f} of the probe with the kernel\'s lock word per round '
            f'({q[1]:.3f} to {q[2]:.3f}{rounds}), {t[0]:.3f} of the test-and-set probe; '
            f'its harness {h[0]:.1f}% on top')
    ins = speed_instructions(folder)
    if ins:
        line += (f'; in instructions a record (callgrind) the port {ins["port"]:.1f} against '
                 f'the probe\'s {ins["probe-qspinlock"]:.1f}, its harness {ins["harness"]:.1f}%')
    return line


def speed_instructions(folder):
    """FOLDER/speed/instructions/summary.txt (bench-speed.sh --callgrind): {'port':
    instructions a record, 'probe-qspinlock': the same, 'harness': % on top}, or None"""
    path = os.path.join(folder, 'speed', 'instructions', 'summary.txt')
    keys = {'port (--no-verify --no-latency)': 'port',
            'probe with the kernel lock word (qspinlock)': 'probe-qspinlock',
            'harness on top of the port': 'harness'}
    got = {}
    try:
        with open(path, encoding='utf-8') as f:
            for line in f:
                m = re.match(r'(.*?)\s+(-?[\d.]+)%?\s*$', line)
                if m and m.group(1) in keys:
                    got[keys[m.group(1)]] = float(m.group(2))
    except OSError:
        return None
    return got if len(got) == len(keys) else None


def verdict_lines(folder):
    """the one-line verdicts a results folder holds (model-real, speed), each with the
    file it comes from, for the suite's last lines and scripts/bench.sh plot DIR"""
    lines = []
    for name, fn, src in (('model-real', model_real_verdict, 'model-real.csv'),
                          ('speed', speed_verdict, 'speed/summary.txt')):
        verdict = fn(folder)
        if verdict:
            lines.append(f'{name}: {verdict} ({src})')
    return lines


def plot_folder(folder, gnuplot, log=None, rendered=True):
    pts_path = os.path.join(folder, 'points.csv')
    if not os.path.isfile(pts_path):
        die(f'{folder}: no points.csv to plot')
    env = {}
    try:
        with open(os.path.join(folder, 'env.txt')) as f:
            for line in f:
                k, _, v = line.partition(':')
                env[k.strip()] = v.strip()
    except OSError:
        pass
    over = os.path.join(folder, 'overhead.csv')
    names = write_plots(folder, read_points(pts_path), os.path.isfile(over), env,
                        COLOURS, PNG_SIZE)
    if write_prediction(folder, env):
        names.append('prediction')
    bad = render(folder, gnuplot, log) if rendered else 0
    return names, bad


# --------------------------------------------------------------------- main

USAGE = """usage: scripts/bench.sh [SUITE] [options]    run a suite into a new results folder
       scripts/bench.sh plot [--no-plots] DIR...
                                               write DIR/plots/*.gp and DIR's tables again
                                               from DIR's CSV and render the plots (PNG and
                                               SVG; not with --no-plots)
       scripts/bench.sh ratios DIR             this machine's ratios beside the published
                                               selftests tables (markdown)
SUITE: quick (default; make bench), full (make bench-full), test (a tiny check)
  --out DIR       parent of the results folder (default: results); the run goes to
                  DIR/<host>-<date>, or -2, -3 ... (an existing folder is never reused)
  --rbsim PATH    the rbsim binary (default: $RBSIM_BIN, else build/rbsim)
  --only A,B      run only these scenarios (bench/A.scenario, ...)
  --cases X,Y     run only these cases (x values) of the chosen scenarios, e.g.
                  --only prediction --cases default,batch --repeats 10
  --scenarios DIR read the scenarios from DIR/*.scenario (default: bench/)
  --repeats N     runs per point (default: test 2, quick 2, full 3)
  --no-kernel     leave out the kernel transports (kernel-ringbuf, kernel-perfbuf)
  --profile FILE  a profile of rbsim calibrate: every port (ringbuf) series runs
                  calibrated, and the prediction scenario's calibrated series uses
                  it (default: none; the prediction scenario then has rbsim
                  calibrate make one in the results folder first)
  --no-plots      write the gnuplot scripts but do not render them
  --dry-run       print the runs of the suite and exit
  -h, --help      this text
Environment: GNUPLOT, HYPERFINE (the tools), BENCH_CC, BENCH_CFLAGS (for env.txt),
BENCH_PREDICTION_CAUSES (the prediction's causes file, default bench/prediction.causes)."""


class Args:
    pass


def parse_args(argv):
    a = Args()
    a.suite, a.out, a.only, a.repeats = 'quick', 'results', None, None
    a.cases = None
    a.scenarios = os.path.join(REPO, 'bench')
    a.no_kernel = a.no_plots = a.dry_run = False
    a.rbsim = os.environ.get('RBSIM_BIN') or 'build/rbsim'
    a.gnuplot = os.environ.get('GNUPLOT') or 'gnuplot'
    a.hyperfine = os.environ.get('HYPERFINE') or 'hyperfine'
    a.plot_dirs = a.ratios_dir = a.profile = None
    i = 0

    def need():
        if i + 1 >= len(argv):
            die(f'{argv[i]}: needs a value (see scripts/bench.sh --help)')
        return argv[i + 1]

    if argv and argv[0] == 'ratios':
        if len(argv) != 2:
            die('ratios: name one results folder')
        a.ratios_dir = argv[1]
        return a
    if argv and argv[0] == 'plot':
        a.no_plots = '--no-plots' in argv[1:]
        a.plot_dirs = [d for d in argv[1:] if d != '--no-plots']
        if not a.plot_dirs:
            die('plot: name the results folders to plot')
        return a
    while i < len(argv):
        o = argv[i]
        if o in SUITES and i == 0:
            a.suite = o
        elif o == '--out':
            a.out = need()
            i += 1
        elif o == '--rbsim':
            a.rbsim = need()
            i += 1
        elif o == '--scenarios':
            a.scenarios = need()
            i += 1
        elif o == '--only':
            a.only = set(x for x in need().split(',') if x)
            i += 1
        elif o == '--cases':
            a.cases = set(x for x in need().split(',') if x)
            if not a.cases:
                die('--cases: name at least one case')
            i += 1
        elif o == '--repeats':
            v = need()
            if not v.isdigit() or not 1 <= int(v) <= 100:
                die(f'--repeats {v}: a number from 1 to 100')
            a.repeats = int(v)
            i += 1
        elif o == '--profile':
            a.profile = need()
            if a.profile == 'none':
                a.profile = None
            i += 1
        elif o == '--no-kernel':
            a.no_kernel = True
        elif o == '--no-plots':
            a.no_plots = True
        elif o == '--dry-run':
            a.dry_run = True
        elif o in ('-h', '--help'):
            say(USAGE)
            sys.exit(0)
        elif o in SUITES:
            die(f'{o}: the suite goes first (scripts/bench.sh {o} [options])')
        else:
            die(f'unknown option "{o}" (see scripts/bench.sh --help)')
        i += 1
    return a


def probe_kernel(args, transports, log):
    ok, notes = {}, []
    for t in sorted(transports):
        if args.no_kernel:
            ok[t] = False
            notes.append(f'{t} skipped (--no-kernel)')
            continue
        cmd = [args.rbsim, 'run', '--transport', t, '--records', '1000', '-q']
        rc, out, err = run_cmd(cmd, timeout=60)
        log(f'$ {shlex.join(cmd)}   # probe\n{err}{out}')
        ok[t] = rc == 0
        notes.append(f'{t} available' if rc == 0 else
                     f'{t} skipped ({last_line(err)})')
    return ok, notes


def suite_profile(args, out, scs, log):
    """the profile of the suite, copied into the results folder as profile.json: --profile
    FILE, or, when a scenario asks for one ({profile}), one rbsim calibrate makes now;
    None when none is wanted, False when one was wanted and cannot be made. And a note
    for env.txt."""
    path = os.path.join(out, 'profile.json')
    if args.profile:
        shutil.copy(args.profile, path)
        return path, f'profile {args.profile} (copied to profile.json)'
    if not any(needs_profile(sc) for sc in scs):
        return None, None
    if args.no_kernel:
        return False, 'profile: none (--no-kernel: rbsim calibrate cannot run)'
    # three passes 60 s apart, each cost from its middle one: on a VM the host's costs
    # move for a minute at a time, and a profile made in such a minute charges every
    # calibrated run of the suite by it (results/vm-2026-12-03-15); the notification's
    # slow state comes in spells of seconds, and 120 blocks across the two gaps sample
    # its share where 40 (gaps of 20 s) caught a spell (results/passgap-vm-2026-12-07)
    cmd = [args.rbsim, 'calibrate', '--passes', '3', '--pass-gap', '60', '-o', path]
    say(f'{PROG}: {shlex.join(cmd)}: a profile of this machine for the calibrated series')
    log(f'$ {shlex.join(cmd)}')
    rc, sout, err = run_cmd(cmd, timeout=600)
    log(err + sout)
    if rc != 0:
        return False, f'profile: none (rbsim calibrate: exit {rc}: {last_line(err)})'
    return path, ('profile made by rbsim calibrate --passes 3 --pass-gap 60 into profile.json '
                  '(each cost from its middle pass; the passes in log.txt)')


def main(argv):
    args = parse_args(argv)
    if args.ratios_dir is not None:
        path = os.path.join(args.ratios_dir, 'points.csv')
        if not os.path.isfile(path):
            die(f'{args.ratios_dir}: no points.csv')
        say(ratio_table(read_points(path)))
        return 0
    try:  # the prediction's causes file, checked before anything runs or is written
        bench_prediction.load_causes()
    except ValueError as e:
        die(str(e))
    if args.plot_dirs is not None:
        bad = 0
        for d in args.plot_dirs:
            names, b = plot_folder(d, args.gnuplot, rendered=not args.no_plots)
            bad += b
            say(f'{PROG}: {d}: {len(names)} plots in {os.path.join(d, "plots")}'
                + (' (scripts only: --no-plots)' if args.no_plots else ''))
            for line in verdict_lines(d):
                say(f'{PROG}: {d}: {line}')
        return 1 if bad else 0

    suite = args.suite
    t = TIMING[suite]
    if args.repeats:
        # the suite's timing for the whole run: env.txt and the start line name the
        # repeats that run
        t = TIMING[suite] = dict(t, repeats=args.repeats, text=re.sub(
            r'\d+ repeats per point', f'{args.repeats} repeats per point', t['text']))
    args.repeats = t['repeats']
    if not (os.path.isfile(args.rbsim) and os.access(args.rbsim, os.X_OK)):
        die(f'{args.rbsim}: no rbsim binary; build it with make (or pass --rbsim PATH)')
    if not os.path.isdir(args.scenarios):
        die(f'--scenarios {args.scenarios}: not a folder')
    scs = load_scenarios(args.scenarios)
    names = {s['name'] for s in scs}
    if args.only and not args.only <= names:
        die(f'--only: no scenario {", ".join(sorted(args.only - names))} '
            f'(there are {", ".join(sorted(names))})')
    ncpu = ncpus()
    if args.profile and not os.path.isfile(args.profile):
        die(f'--profile {args.profile}: no such file')
    if args.cases:
        known = {x for sc in scs if suite in sc['suites'] and
                 (not args.only or sc['name'] in args.only) and
                 sc['measure'] not in NO_X_MEASURES
                 for x, _ in x_list(sc, suite, ncpu)}
        if not args.cases <= known:
            die(f'--cases: no case {", ".join(sorted(args.cases - known))} in the '
                f'{suite} suite\'s chosen scenarios')
    pts, _ = plan(scs, suite, ncpu, args.only, {},
                  args.profile or os.path.join(args.out, 'HOST-DATE', 'profile.json'),
                  args.cases, bool(args.profile))
    if not pts:
        die(f'the {suite} suite has no scenario to run')
    if args.dry_run:
        flat = []
        for p in pts:
            if p['kind'] != 'alt':
                flat.append(p)
                continue
            # the runs of an alternate point in the order they run, one by one
            g = p['group']
            for rep in range(alt_rounds(p, t['repeats'])):
                for probe in sorted(round_probes(p)):
                    flat.append({'kind': 'probe', 'probe': probe, 'sc': p['sc'], 'x': p['x'],
                                 'round': rep + 1})
                now = os.path.join(args.out, 'HOST-DATE', round_profile_path(p, rep + 1))
                flat += [dict(g[(rep + k) % len(g)], once=True,
                              argv=with_round_profile(g[(rep + k) % len(g)]['argv'], now))
                         for k in range(len(g))]
        for p in flat:
            if p['kind'] == 'probe':
                say(f'{p["sc"]["name"]}: probe {p["probe"]} x={p["x"]} round {p["round"]}: '
                    + (f'{args.rbsim} model --probe' if p['probe'] == 'c2c' else
                       shlex.join([args.rbsim] + ROUND_CALIBRATE +
                                  ['-o', os.path.join(args.out, 'HOST-DATE',
                                                      round_profile_path(p, p['round']))])))
                continue
            if p['kind'] == 'overhead':
                say(f'{p["sc"]["name"]}: {args.rbsim} overhead --format csv --sweep '
                    + ' / --sweep '.join(p['sc']['sweeps']))
                continue
            if p['kind'] == 'model':
                say(f'{p["sc"]["name"]}: {args.rbsim} model --producers 1-52 --format csv, '
                    f'--reserve {"/".join(p["sc"]["reserves"])} (and --crossover, --check) on '
                    + ', '.join(p['sc']['machines']))
                continue
            if p['kind'] == 'speed':
                say(f'{p["sc"]["name"]}: scripts/bench-speed.sh --rounds {p["rounds"]}'
                    + (f' --records {p["records"]}' if p['records'] else '')
                    + f' --rbsim {args.rbsim}, then --callgrind --records '
                    f'{speed_callgrind_records(p)}')
                continue
            if p['kind'] == 'model-real':
                say(f'{p["sc"]["name"]}: {args.rbsim} model --machine {p["sc"]["machines"][0]} '
                    f'--against-real --producers {p["producers"]} --real-runs {t["repeats"]} '
                    f'--real-duration 1, --reserve {"/".join(p["sc"]["reserves"])}')
                continue
            timing = t['run'] if p['kind'] == 'run' else \
                ['--records', str(p['sc']['records'].get(suite))]
            say(f'{p["sc"]["name"]}: {p["series"]["name"]} x={p["x"]}: '
                + shlex.join([args.rbsim, 'run'] + p['argv'] + timing)
                + ('' if p.get('once') else f'  (x{t["repeats"]})' if p['kind'] == 'run'
                   else '  (hyperfine)'))
        return 0

    out = new_folder(args.out)
    runner = Runner(args, suite, out)
    runner.t = t
    kernel_used = {g['series']['transport'] for p in pts for g in p.get('group', [p])
                   if g['series'] and g['series']['transport'].startswith('kernel-')}
    kernel_ok, notes = probe_kernel(args, kernel_used, runner.logln)
    for n in notes:
        if 'skipped' in n:
            say(f'{PROG}: {n}: its series are left out')
    profile, pnote = suite_profile(args, out, [p['sc'] for p in pts], runner.logln)
    if profile is False:
        say(f'{PROG}: {pnote}: the calibrated series are left out')
    pts, _ = plan(scs, suite, ncpu, args.only, kernel_ok, profile, args.cases,
                  bool(args.profile))
    gaps = cpu_gaps(args, t['gaps'], out)
    with open(os.path.join(out, 'env.txt'), 'w') as f:
        f.write(env_text(args, suite, notes))
        f.write(''.join(env_line(k, v) for k, v in gaps))
        f.write(env_line('profile', pnote or 'none (the pure port)'))
        more = rounds_text(pts, t['repeats'])
        if more:
            f.write(env_line('rounds', more))
    os.makedirs(os.path.join(out, 'scenarios'))
    for sc in scs:
        if any(p['sc'] is sc for p in pts):
            shutil.copy(sc['path'], os.path.join(out, 'scenarios'))

    weights = [point_weight(p, t) for p in pts]
    total_w = sum(weights)
    say(f'{PROG}: {suite} suite, {len(pts)} points ({t["text"]}), {ncpu} CPUs, '
        f'into {out}')
    if more:
        say(f'{PROG}: rounds: {more}')
    say(f'{PROG}: about {fmt_dur(total_w)} of runs planned')
    start = time.monotonic()
    runner.warmup()
    done_w = 0.0
    scs_by_name = {s['name']: s for s in scs}
    for n, (p, w) in enumerate(zip(pts, weights), 1):
        if p['kind'] == 'run':
            runner.run_point(p)
        elif p['kind'] == 'alt':
            runner.run_alt(p)
        elif p['kind'] == 'wall':
            runner.run_wall(p)
        elif p['kind'] == 'model':
            runner.run_model(p)
        elif p['kind'] == 'model-real':
            runner.run_model_real(p)
        elif p['kind'] == 'speed':
            runner.run_speed(p)
        else:
            runner.run_overhead(p)
        done_w += w
        el = time.monotonic() - start
        left = el / done_w * (total_w - done_w) if done_w else 0
        what = p['sc']['name'] + (f': {p["series"]["name"]}' if p['series'] else '')
        if p['x'] != '-':
            what += f' x={p["x"]}'
        res = ''
        if p['kind'] == 'run':
            key = (p['sc']['name'], p['series']['name'], p['x'])
            pt = aggregate_one(runner, key, p['sc'])
            res = pt
        elif p['kind'] == 'alt':
            res = '; '.join(f'{g["series"]["name"]} ' + aggregate_one(
                runner, (g['sc']['name'], g['series']['name'], g['x']), g['sc'])
                for g in p['group'])
        elif p['kind'] == 'wall':
            key = (p['sc']['name'], p['series']['name'])
            res = 'timed' if key in runner.hf else 'FAILED'
        elif p['kind'] == 'speed':
            res = speed_verdict(out) or 'FAILED'
        else:
            f = p['kind'] + '.csv'
            res = f if os.path.exists(os.path.join(out, f)) else 'FAILED'
        say(f'[{n:>{len(str(len(pts)))}}/{len(pts)}] {what}: {res}  '
            f'({fmt_dur(el)} elapsed, ~{fmt_dur(left)} left)')

    points = aggregate(runner, scs_by_name)
    write_points(points, os.path.join(out, 'points.csv'))
    summary = []
    last = None
    first = {}
    for i, pt in enumerate(points):
        first.setdefault(pt['scenario'], i)
    # the selftests' order: x by x (section by section), the series within
    for pt in sorted(points, key=lambda pt: (first[pt['scenario']], pt['xi'], pt['si'])):
        if pt['scenario'] != last:
            last = pt['scenario']
            q = ' '.join(scs_by_name[last]['question'])
            summary.append(f'\n{last}: {q}' if q else f'\n{last}')
        summary.append(point_text(pt))
    with open(os.path.join(out, 'summary.txt'), 'w') as f:
        f.write('\n'.join(summary).lstrip('\n') + '\n')
    with open(os.path.join(out, 'env.txt'), 'a') as f:
        f.write(env_line('load at end', _loadavg()))
        f.write(env_line('wall time', f'{fmt_dur(time.monotonic() - start)} for the runs'))

    if args.no_plots:
        write_plots(out, read_points(os.path.join(out, 'points.csv')),
                    os.path.isfile(os.path.join(out, 'overhead.csv')), {}, COLOURS, PNG_SIZE)
        write_prediction(out, {})
        bad = 0
    else:
        _, bad = plot_folder(out, args.gnuplot, runner.logln)
    noisy = [pt for pt in points if 'CV>' in pt.get('flag', '')]
    say('')
    say('\n'.join(summary).lstrip('\n'))
    say('')
    if os.path.exists(os.path.join(out, 'prediction.md')):
        with open(os.path.join(out, 'prediction.md')) as f:
            line = next((x for x in f if x.startswith('Within every band')), '')
        say(f'{PROG}: prediction: {line.strip()} (prediction.md)')
    for line in verdict_lines(out):
        say(f'{PROG}: {line}')
    if noisy:
        say(f'{PROG}: {len(noisy)} of {len(points)} points vary by more than '
            f'{CV_LIMIT:g}% between runs (CV>{CV_LIMIT:g}% above); rerun them on a quiet machine')
    for fl in runner.failures:
        say(f'{PROG}: FAILED {fl}')
    el = time.monotonic() - start
    say(f'{PROG}: {len(points)} points in {fmt_dur(el)}, {len(runner.failures)} failures, '
        f'{bad} plot errors; results in {out}')
    return 1 if runner.failures or bad else 0


def aggregate_one(runner, key, sc):
    rows = runner.rows.get(key, [])
    if not rows:
        return f'FAILED ({runner.failed.get(key, 0)} runs)'
    m, s = mean_sd([fval(r, 'hits_mean_mps') for r in rows])
    text = f'{m:.3f} ± {s:.3f} M/s'
    metric = sc['metric']
    if metric == 'drop_pct':
        vals = []
        for r in rows:
            a = fval(r, 'attempted') or 0
            d = sum(fval(r, k) or 0 for k in ('drops_no_space', 'drops_lock', 'drops_too_big'))
            vals.append(100.0 * d / a if a else 0.0)
        mm, ss = mean_sd(vals)
        text += f', drops {mm:.2f} ± {ss:.2f}%'
        m, s = mm, ss
    elif metric.startswith('lat'):
        q = metric[4:]
        mm, ss = mean_sd([fval(r, f'lat_{q}_ns') for r in rows])
        text += f', {q} {mm / 1e3:.1f} ± {ss / 1e3:.1f} us'
        m, s = mm, ss
    if len(rows) > 1 and m:
        cv = 100.0 * s / m
        text += f' (CV {cv:.0f}%{" > 10%: noisy" if cv > CV_LIMIT else ""})'
    if any(int(r.get('oversubscribed') or 0) for r in rows):
        text += ' [oversubscribed]'
    return text


if __name__ == '__main__':
    try:
        sys.exit(main(sys.argv[1:]))
    except Fail as e:
        print(f'{PROG}: {e}', file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print(f'{PROG}: interrupted', file=sys.stderr)
        sys.exit(130)
