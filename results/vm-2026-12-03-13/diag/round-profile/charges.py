"""Each round's profile (round-N.json) against the sitting's: the charges
that decide a sleeping consumer's regime, kernel minus port medians, ns.
usage: charges.py DIR SITTING_PROFILE"""
import json, sys, glob, re
def charges(path):
    c = json.load(open(path))['costs']
    d = lambda k: c[k]['kernel']['median'] - c[k]['port']['median']
    before = min(max(d('notify_wake'), 0), d('notify'))
    return (d('record_8'), d('record_256'), d('notify'), before,
            max(0, d('wakeup_busy') - before), d('wait'), c['wakeup_busy']['kernel']['median'])
print('| profile | record 8 | record 256 | notify | before wake | wake-up | wait | kernel wakeup_busy |')
print('|---|---|---|---|---|---|---|---|')
rows = [('sitting', sys.argv[2])] + sorted(
    ((re.search(r'round-(\d+)', p).group(1), p) for p in glob.glob(sys.argv[1] + '/round-*.json')),
    key=lambda t: int(t[0]))
for name, p in rows:
    print('| %s | %s |' % (name, ' | '.join('%.1f' % v for v in charges(p))))
