# Independent SIE #KSUMMA check: zlib CRC-32 over, for every record between the two #KSUMMA lines,
# the label and each field's content as CP437 bytes, without separators, quotes, braces or line ends.
import sys, zlib
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
        elif c in '{}': i+=1
        else:
            s=''
            while i<n and line[i] not in ' \t{}': s+=line[i]; i+=1
            out.append(s)
    return out
def check(path):
    crc=0; on=False; claimed=None
    for raw in open(path,'rb').read().split(b'\n'):
        line=raw.rstrip(b'\r').decode('cp437').strip()
        if not line.startswith('#'): 
            if on and line: 
                for f in fields(line): crc=zlib.crc32(f.encode('cp437'),crc)
            continue
        f=fields(line)
        if f[0]=='#KSUMMA':
            if len(f)==1: on=True; continue
            claimed=int(f[1]); break
        if on:
            for x in f: crc=zlib.crc32(x.encode('cp437'),crc)
    return claimed, crc
for p in sys.argv[1:]:
    c,v=check(p); print(p, c, v, 'OK' if c==v else 'MISMATCH')
