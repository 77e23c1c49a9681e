#!/usr/bin/env python3
# diag A/B: sides x workloads x rounds, alternating, the c2c probe before each run (in the label)
import csv, os, re, subprocess, sys
P = '/work/wt/d22/profile.json'
SIDES = {
    'kernel': ['/work/main/build/rbsim', 'run', '--transport', 'kernel-ringbuf'],
    'cal': ['/work/main/build/rbsim', 'run', '--transport', 'ringbuf', '--profile', P],
}
for k in os.environ.get('COPYW', '1').split(','):
    SIDES['copy' + k] = ['env', 'RBSIM_COPYW=' + k, '/work/wt/copyw/build/rbsim', 'run',
                         '--transport', 'ringbuf', '--profile', os.environ.get('PCOPY', P)]
SIDES['cal20'] = SIDES['cal'][:-1] + ['/work/wt/d22/profile+20.json']
SIDES['cal40'] = SIDES['cal'][:-1] + ['/work/wt/d22/profile+40.json']
sides = os.environ.get('SIDES', 'kernel,cal,copy1').split(',')
out, varsf, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
work = [l.strip().split('|') for l in open(varsf) if l.strip()]
for r in range(1, rounds + 1):
    order = sides[(r - 1) % len(sides):] + sides[:(r - 1) % len(sides)]
    for name, opts in work:
        for side in order:
            pr = subprocess.run(['/work/main/build/rbsim', 'model', '--probe'], capture_output=True, text=True)
            m = re.search(r'^c2c CPU.*?median ([\d.]+) ns', pr.stdout + pr.stderr, re.M)
            c2c = m.group(1) if m else ''
            subprocess.run(SIDES[side] + ['-d', '1', '-w', '1', '-q'] + opts.split() +
                           ['--format', 'csv', '-o', out, '--label', f'{name}|{side}|{r}|{c2c}'],
                           stdout=subprocess.DEVNULL)
