import sys,csv,statistics as st
rows=list(csv.DictReader(open(sys.argv[1])))
by={}
for r in rows: by.setdefault(r['what'],{})[int(r['round'])]=float(r['mps'])
base=sys.argv[2]
for k,v in by.items():
    vals=sorted(v.values())
    ratios=[by[base][r]/v[r]-1 for r in v if r in by[base]]
    print(f"{k:12s} median {st.median(vals):7.2f} min {vals[0]:7.2f} max {vals[-1]:7.2f}  {base}/this-1 per round median {100*st.median(ratios):6.2f}%  ")
