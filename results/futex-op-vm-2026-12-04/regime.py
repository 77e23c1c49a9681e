import csv,glob,collections,sys,statistics as st
d=sys.argv[1]
R=collections.defaultdict(list)
for f in glob.glob(d+'/*.csv'):
    for r in csv.DictReader(open(f)):
        w,s,rnd=r['label'].split('|')
        R[(w,s)].append((r['regime'], float(r['regime_caught_up_pct'] or 'nan'), float(r['hits_mean_mps']), float(r['wakeups'])/max(1,float(r['consumed']))))
for w in sorted({k[0] for k in R}):
    line=[w]
    for s in ['kernel','kernel2','v0','w0']:
        xs=R.get((w,s),[])
        if not xs: continue
        cu=[x for x in xs if x[0]=='caught-up']; ah=[x for x in xs if x[0]=='ahead']
        f=lambda l,i: f'{st.median([x[i] for x in l]):.3f}' if l else '-'
        line.append(f'{s}: share {st.mean([x[1] for x in xs]):.0f}% cu {len(cu)} (hits {f(cu,2)} wk {f(cu,3)}) ah {len(ah)} (hits {f(ah,2)} wk {f(ah,3)})')
    print('\n  '.join(line))
