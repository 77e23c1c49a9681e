"""A trace.sh trace's events on CLOCK_MONOTONIC (commits.py, looks.py).

mark.c writes "mono=A" (read just before the write to trace_marker) and "after=C"
(read just after that write returned). The trace holds the write's own sys_enter and
sys_exit (system call 1 is traced), so that C - A is the way in, the traced part
(sys_exit - sys_enter) and the way out: taking the ways in and out as equal, the
sys_enter happened at A + ((C - A) - (sys_exit - sys_enter)) / 2. The line from the
trace's clock to CLOCK_MONOTONIC goes through the markers with the shortest C - A
before and after the run.
"""
import re

PAT = re.compile(r'^\s*(.+?)-(\d+)\s+\[(\d+)\]\s+(\S+)\s+(\d+): (\w+): (.*)$')


def read(path, mhz):
    """(events, to_mono, quality): events (t_ns, pid, cpu, name, rest) in trace order on
    the trace clock, to_mono(t) a function, quality the markers' shortest C - A, ns"""
    ev, marks = [], []
    last_enter = {}
    pending = None
    for line in open(path):
        m = PAT.match(line)
        if not m:
            continue
        t = int(m.group(5)) / mhz * 1000.0
        pid, name, rest = int(m.group(2)), m.group(6), m.group(7)
        if name == 'tracing_mark_write':
            key, _, val = rest.partition('=')
            if key == 'mono':
                pending = [last_enter.get(pid), int(val), None, pid]
            elif key == 'after' and pending and pending[2] is not None:
                enter, a, exit_, _ = pending
                c = int(val)
                if enter is not None:
                    way = ((c - a) - (exit_ - enter)) / 2
                    marks.append((enter, a + way, c - a))
                pending = None
            continue
        if name == 'sys_enter' and rest.startswith('NR 1 '):
            last_enter[pid] = t
        if (name == 'sys_exit' and rest.startswith('NR 1 ') and pending and
                pending[3] == pid and pending[2] is None):
            pending[2] = t
        ev.append((t, pid, int(m.group(3)), name, rest))
    if len(marks) < 2:
        raise SystemExit('%s: fewer than two complete markers (mark.c before and after)' % path)
    marks.sort()
    mid = (marks[0][0] + marks[-1][0]) / 2
    g1 = min((m for m in marks if m[0] < mid), key=lambda m: m[2])
    g2 = min((m for m in marks if m[0] >= mid), key=lambda m: m[2])
    a = (g2[1] - g1[1]) / (g2[0] - g1[0])
    b = g1[1] - a * g1[0]
    return ev, (lambda t: a * t + b), max(g1[2], g2[2])
