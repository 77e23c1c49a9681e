#!/usr/bin/env python3
# the long gaps of cpu_gaps' CSV: their lengths, the guest's wait in them, and where they
# end on a 100 ms grid (end_s modulo 0.1 s, both threads timed from one start)
import csv, statistics, sys
rows = [r for r in csv.DictReader(open(sys.argv[1]))]
long = [r for r in rows if float(r['gap_ms']) >= 20]
short = [r for r in rows if float(r['gap_ms']) < 20]
ms = sorted(float(r['gap_ms']) for r in long)
print(f'{len(rows)} gaps: {len(long)} of 20 ms or more, {len(short)} shorter')
if long:
    print(f'long gaps: length {ms[0]:.1f} to {ms[-1]:.1f} ms, median {statistics.median(ms):.1f}')
    w = [float(r['waited_ms']) for r in long]
    print(f'  the guest\'s run-queue wait in them: {min(w):.3f} to {max(w):.3f} ms')
    ph = sorted((float(r['end_s']) % 0.1) * 1e3 for r in long)
    print(f'  end modulo 100 ms: {ph[0]:.1f} to {ph[-1]:.1f} ms, '
          f'median {statistics.median(ph):.1f}')
    for t in sorted({r['thread'] for r in long}):
        n = sum(r['thread'] == t for r in long)
        ms_t = sum(float(r['gap_ms']) for r in long if r['thread'] == t)
        print(f'  thread {t}: {n} long gaps, {ms_t:.0f} ms')
if short:
    w = sum(float(r['waited_ms']) for r in short); g = sum(float(r['gap_ms']) for r in short)
    print(f'short gaps: {g:.1f} ms, {w:.1f} ms of it on the guest\'s run queue')
