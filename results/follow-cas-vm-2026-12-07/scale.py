#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""usage: scale.py KEY FACTOR RESERVE (from the top of the repository): every stored
model-real row of RESERVE with 1 producer and the consumer (the folders with the
figures of 2026-12-06 on), modelled from its own figures as they are and with KEY
multiplied by FACTOR (follow-replay-vm-2026-12-07/replay.py's machine file): the rows
within 30% and the median model/real of each."""
import csv, subprocess, tempfile, os, sys, glob
sys.path.insert(0,'results/follow-replay-vm-2026-12-07')
import replay
base=open('sim/machines/this-vm.machine').read()
key, factor, reserve = sys.argv[1], float(sys.argv[2]), sys.argv[3]
tot=within0=within1=0
rat0=[];rat1=[]
for f in sorted(glob.glob('results/*/model-real.csv')):
    hdr=open(f).readline()
    if 'follow_ns' not in hdr or 'announce_ns' not in hdr or 'preempt' not in hdr: continue
    for r in csv.DictReader(open(f)):
        if r['reserve']!=reserve or r['producers']!='1' or r['consumer']!='libbpf': continue
        res=[]
        for fac in (1.0, factor):
            rr=dict(r); rr[key]=str(float(r[key])*fac)
            with tempfile.NamedTemporaryFile('w',suffix='.machine',delete=False) as m:
                m.write(replay.machine_text(base, rr, 'x')); path=m.name
            out=subprocess.run(['build/rbsim','model','--machine',path,'--reserve',reserve,'--producers','1','--oversubscribe','--format','csv','--preempt',r.get('preempt') or 'user'],capture_output=True,text=True)
            os.unlink(path)
            res.append(float(list(csv.DictReader(out.stdout.splitlines()))[0]['mps'])/float(r['real_mps']))
        tot+=1; within0+=abs(res[0]-1)<=.3; within1+=abs(res[1]-1)<=.3; rat0.append(res[0]); rat1.append(res[1])
import statistics
print(f'{reserve} 1p: {tot} rows; as is {within0} within, median {statistics.median(rat0):.2f}; {key} x{factor}: {within1} within, median {statistics.median(rat1):.2f}')
