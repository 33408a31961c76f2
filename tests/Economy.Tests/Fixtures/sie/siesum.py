#!/usr/bin/env python3
"""Independent sums over an SIE file, written apart from the importer to check it.
usage: siesum.py FILE [activity_dim] [unit_dim]
Prints: #RAR years; per year index the sum of #RES over result accounts 3000-8999;
the same sum from #TRANS (in #VER) and from #PSALDO {} ; per activity object (dimension activity_dim)
the full-year net (income - costs = -sum of amounts 3000-8999) from #TRANS or else #PSALDO lines whose
object list is exactly that dimension (or that dimension and unit_dim)."""
import sys
from decimal import Decimal
from collections import defaultdict

def fields(line):
    out=[]; i=0; n=len(line)
    while i<n:
        c=line[i]
        if c in ' \t': i+=1; continue
        if c=='"':
            i+=1; s=''
            while i<n and line[i]!='"':
                if line[i]=='\\' and i+1<n: i+=1
                s+=line[i]; i+=1
            i+=1; out.append(s)
        elif c=='{':
            j=line.index('}',i); out.append(('{', fields(line[i+1:j]))); i=j+1
        else:
            s=''
            while i<n and line[i] not in ' \t': s+=line[i]; i+=1
            out.append(s)
    return out

def read(path):
    raw=open(path,'rb').read()
    enc='utf-8' if raw.startswith(b'\xef\xbb\xbf') else 'cp437'
    for l in raw.split(b'\n'):
        t=l.decode(enc).strip().lstrip('\ufeff')
        if t.upper().startswith('#FORMAT') and 'UTF' in t.upper(): enc='utf-8'
        yield t

def result(acc): return 3000 <= int(acc) <= 8999

def main():
    path=sys.argv[1]; adim=sys.argv[2] if len(sys.argv)>2 else None; udim=sys.argv[3] if len(sys.argv)>3 else None
    rar={}; res=defaultdict(Decimal); trans=defaultdict(Decimal); psaldo0=defaultdict(Decimal)
    pbudget0=defaultdict(Decimal); per_obj=defaultdict(Decimal); per_unit=defaultdict(Decimal); vdate=None
    ver_sum=Decimal(0); unbalanced=0; ntrans=0; npsaldo=0; npbudget=0; ib=defaultdict(Decimal); ub=defaultdict(Decimal); bal_trans=defaultdict(Decimal)
    has_trans=False
    psaldo_obj=defaultdict(Decimal); psaldo_unit=defaultdict(Decimal); budget_obj=defaultdict(Decimal)
    for line in read(path):
        if not line or line[0] not in '#{}': continue
        if line=='{': ver_sum=Decimal(0); continue
        if line=='}':
            if ver_sum!=0: unbalanced+=1
            continue
        f=fields(line); lab=f[0].upper()
        if lab=='#RAR': rar[int(f[1])]=(f[2],f[3])
        elif lab=='#RES' and result(f[2]): res[int(f[1])]+=Decimal(f[3])
        elif lab=='#IB': ib[(int(f[1]),f[2])]+=Decimal(f[3])
        elif lab=='#UB': ub[(int(f[1]),f[2])]+=Decimal(f[3])
        elif lab=='#VER': vdate=f[3]
        elif lab=='#TRANS':
            ntrans+=1; has_trans=True
            acc=f[1]; objs=f[2][1] if isinstance(f[2],tuple) else []; amt=Decimal(f[3])
            date=f[4] if len(f)>4 and isinstance(f[4],str) and len(f[4])==8 and f[4].isdigit() else vdate
            ver_sum+=amt
            y=[k for k,(a,b) in rar.items() if a<=date<=b]
            yi=y[0] if y else None
            if result(acc): trans[yi]+=amt
            else: bal_trans[(yi,acc)]+=amt
            if adim and result(acc) and yi==0:
                d=dict(zip(objs[0::2],objs[1::2]))
                if adim in d: per_obj[d[adim]]-=amt
                if adim in d and udim and udim in d: per_unit[(d[adim],d[udim])]-=amt
        elif lab in ('#PSALDO','#PBUDGET'):
            yi=int(f[1]); acc=f[3]; objs=f[4][1]; amt=Decimal(f[5])
            if lab=='#PSALDO': npsaldo+=1
            else: npbudget+=1
            if not result(acc): continue
            dims=sorted(objs[0::2]); d=dict(zip(objs[0::2],objs[1::2]))
            if not objs:
                (psaldo0 if lab=='#PSALDO' else pbudget0)[yi]+=amt
            elif adim and yi==0 and dims==[adim]:
                if lab=='#PSALDO': psaldo_obj[d[adim]]-=amt
                else: budget_obj[d[adim]]-=amt
            elif adim and udim and yi==0 and dims==sorted([adim,udim]) and lab=='#PSALDO':
                psaldo_unit[(d[adim],d[udim])]-=amt
    print('RAR', dict(sorted(rar.items())))
    print('RES result accounts per year', {k:str(v) for k,v in sorted(res.items())})
    print('TRANS rows', ntrans, 'result-account sum per year', {k:str(v) for k,v in trans.items()}, 'unbalanced vouchers', unbalanced)
    print('PSALDO rows', npsaldo, 'PBUDGET rows', npbudget, 'PSALDO {} result sum per year', {k:str(v) for k,v in sorted(psaldo0.items())}, 'PBUDGET {}', {k:str(v) for k,v in sorted(pbudget0.items())})
    bad=[(k,str(ib.get(k,0)),str(v),str(ub.get(k,0))) for k,v in bal_trans.items() if k[0]==0 and ib.get(k,Decimal(0))+v!=ub.get(k,Decimal(0))]
    print('IB+TRANS!=UB accounts (year 0)', bad[:5], len(bad))
    if adim:
        src = per_obj if has_trans else psaldo_obj
        print('activity net year 0 (income - costs) from', 'TRANS' if has_trans else 'PSALDO', {k:str(v) for k,v in sorted(src.items())}, 'total', str(sum(src.values(), Decimal(0))))
        if not has_trans: print('activity budget year 0 (-PBUDGET)', {k:str(v) for k,v in sorted(budget_obj.items())})
        if udim: print('unit net', {f'{a}/{u}':str(v) for (a,u),v in sorted((per_unit if has_trans else psaldo_unit).items())})
main()
