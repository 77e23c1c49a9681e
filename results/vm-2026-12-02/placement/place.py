import re, sys, subprocess, statistics
from collections import Counter
pat = re.compile(r'^\s*(\S.*?)\s+(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+sched:(\w+):\s+(.*)$')
def parse(path):
    out = subprocess.run(['perf', 'script', '-i', path], capture_output=True, text=True).stdout
    ev = []
    for line in out.splitlines():
        m = pat.match(line)
        if not m:
            continue
        comm, tid, cpu, t, name, rest = m.groups()
        ev.append((float(t), int(cpu), int(tid), comm, name, rest))
    ev.sort()
    return ev
for side in sys.argv[1:]:
    ev = parse(f'/tmp/ps/{side}.data')
    wakees = Counter()
    for t, cpu, tid, comm, name, rest in ev:
        if name == 'sched_waking' and 'comm=rbsim' in rest:
            wakees[int(re.search(r'pid=(\d+)', rest).group(1))] += 1
    cons = wakees.most_common(1)[0][0]
    pending = None
    same = diff = 0
    dsame, ddiff = [], []
    for t, cpu, tid, comm, name, rest in ev:
        if name == 'sched_waking' and f'pid={cons} ' in rest + ' ':
            pending = (t, cpu)
        elif name == 'sched_switch' and pending and f'next_pid={cons} ' in rest + ' ':
            wt, wcpu = pending
            if cpu == wcpu:
                same += 1; dsame.append((t - wt) * 1e6)
            else:
                diff += 1; ddiff.append((t - wt) * 1e6)
            pending = None
    n = same + diff
    med = lambda v: statistics.median(v) if v else float('nan')
    print(f'{side}: consumer tid {cons}, {n} wake-ups: on the waker\'s CPU {same} ({100*same/n:.0f}%, '
          f'median {med(dsame):.1f} us to run), on the other {diff} (median {med(ddiff):.1f} us)')
