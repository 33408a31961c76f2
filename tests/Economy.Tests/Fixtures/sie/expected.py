#!/usr/bin/env python3
"""Expected helår figures of fiscal year 0 for an SIE file and a ledger mapping, computed apart from the importer.
usage: expected.py FILE ACTIVITY_DIM [DEFAULT_ACTIVITY]
Booked amounts of accounts 3000-8999 (BAS: 3xxx income, 4000-8999 costs); Actual = -(sum of amounts).
Source: #TRANS in vouchers when the file has any; else #PSALDO lines whose object list is exactly the
activity dimension; else #PSALDO {} on the default activity; else #RES on the default activity.
Budget the same from #PBUDGET (no vouchers). Prints activity -> (actual, budget) and the totals."""
import sys
from decimal import Decimal
from collections import defaultdict
exec(open(__file__.replace('expected.py','siesum.py')).read().split('def main')[0])
path=sys.argv[1]; adim=sys.argv[2]; default=sys.argv[3] if len(sys.argv)>3 else None
rar={}; trans=defaultdict(Decimal); bal={'#PSALDO':defaultdict(Decimal),'#PBUDGET':defaultdict(Decimal)}
tot={'#PSALDO':defaultdict(Decimal),'#PBUDGET':defaultdict(Decimal)}; res=defaultdict(Decimal); vdate=None; has_trans=False
for line in read(path):
    if not line.startswith('#'): continue
    f=fields(line); lab=f[0].upper()
    if lab=='#RAR': rar[int(f[1])]=(f[2],f[3])
    elif lab=='#VER': vdate=f[3]
    elif lab=='#RES' and f[2].isdigit() and int(f[1])==0 and 3000<=int(f[2])<=8999 and default: res[default]-=Decimal(f[3])
    elif lab=='#TRANS':
        acc=f[1]
        if not acc.isdigit() or not 3000<=int(acc)<=8999: 
            has_trans=True; continue
        has_trans=True
        objs=f[2][1]; d=dict(zip(objs[0::2],objs[1::2]))
        date=f[4] if len(f)>4 and isinstance(f[4],str) and len(f[4])==8 and f[4].isdigit() else vdate
        if not (rar[0][0]<=date<=rar[0][1]): continue
        act=d.get(adim, default)
        if act is not None: trans[act]-=Decimal(f[3])
    elif lab in ('#PSALDO','#PBUDGET'):
        if int(f[1])!=0 or not f[3].isdigit() or not 3000<=int(f[3])<=8999: continue
        objs=f[4][1]; d=dict(zip(objs[0::2],objs[1::2]))
        if not objs and default: tot[lab][default]-=Decimal(f[5])
        elif sorted(d.keys())==[adim]: bal[lab][d[adim]]-=Decimal(f[5])
def pick(lab):
    if bal[lab]: return bal[lab]
    if tot[lab]: return tot[lab]
    return {}
actual = trans if has_trans else (pick('#PSALDO') or res)
budget = {} if False else pick('#PBUDGET')
acts=sorted(set(actual)|set(budget))
for a in acts: print(f'{a}\t{actual.get(a,"")}\t{budget.get(a,"")}')
print('TOTAL', sum(actual.values(),Decimal(0)), sum(budget.values(),Decimal(0)), 'year0', rar.get(0))
