# SPDX-License-Identifier: GPL-2.0-only
# table.py [DIR [PREFIX]]: one line per run of rounds.sh (or eevdf-probe/rounds.sh):
# records a second, drops, wake-ups a record, p50/p99 latency, and the
# consumer's waits over 1 ms after a wake-up (from the run's .wakes or .table)
import csv, glob, os, re, sys
d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
pre = sys.argv[2] if len(sys.argv) > 2 else ''  # batch-: the batch consumer's runs
print('| run | hits M/s | dropped | wake-ups a record | p50 us | p99 us | waits > 1 ms |')
print('|---|---|---|---|---|---|---|')
for side in ('kernel', 'port'):
    for f in sorted(glob.glob(os.path.join(d, f'{pre}{side}-[0-9].csv'))):
        r = list(csv.DictReader(open(f)))[0]
        run = os.path.basename(f)[:-4]
        produced, elapsed = float(r['produced']), float(r['elapsed_s'])
        att = float(r['attempted'])
        w = ''
        for ext in ('.wakes', '.table'):
            p = os.path.join(d, run + ext)
            if os.path.exists(p):
                m = re.search(r'waits over 1 ms: (\d+), (\d+) ms in all', open(p).read())
                w = f'{m.group(1)}, {m.group(2)} ms' if m else ''
        print(f"| {run} | {produced / elapsed / 1e6:.2f} | {100 * (att - produced) / att:.1f}% "
              f"| {float(r['wakeups']) / produced:.5f} | {float(r['lat_p50_ns']) / 1e3:.0f} "
              f"| {float(r['lat_p99_ns']) / 1e3:.0f} | {w} |")
