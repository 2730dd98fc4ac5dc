"""Top-1 misses by cause across the development description sets (issue 13).

Reads the output of `cases_set_match_bench --set SET --indexed --explain 400` saved as
PREFIX.{pairs,h1,h2,h3,h4}.all.txt and prints, per set, how many top-1 misses show each cause:
the feature that gave the wrong first candidate the most evidence above the true child
("decisive:"), causes read from the values (far, sex mismatch, a true child who recorded less:
"sparse guardian", colour words read from their base, time) and the authors' own tags where a
set has them (src2-4/tags.json; development sets only). Run from the repository root:
  python3 bench/cases_miss_causes.py /tmp/run [-v]
"""
import json, re, sys, collections
D='tests/testdata/descriptions/'
SETS={'pairs':'../shared/data/descriptions/pairs.json','h1':D+'heldout_pairs.json','h2':D+'heldout2_pairs.json','h3':D+'heldout3_pairs.json','h4':D+'heldout4_pairs.json'}
TAGS={'h2':D+'src2/tags.json','h3':D+'src3/tags.json','h4':D+'src4/tags.json'}
tag=sys.argv[1]; verbose=len(sys.argv)>2
def filled(r):
    n=0
    for k in ('sex','age_min','height_cm','language'):
        if r.get(k) not in (None,'','unknown','u'): n+=1
    for k in ('top','bottom','hat','shoes'):
        if r.get(k) and r[k].get('colours'): n+=1
    if r.get('features'): n+=1
    return n
def parse(path):
    misses=[]; cur=None; cand=None
    for line in open(path):
        m=re.match(r'MISS (\S+) \(true (\S+) at rank (-?\d+)\)',line)
        if m: cur={'id':m[1],'rank':int(m[3]),'cands':[]}; misses.append(cur); continue
        m=re.match(r'  #(\d+) (\S+)( \(true\))? evidence (\S+) ?(tied)?',line)
        if m and cur is not None: cand={'rank':int(m[1]),'true':bool(m[3]),'ev':float(m[4]),'tied':bool(m[5]),'f':{},'x':{}}; cur['cands'].append(cand); continue
        m=re.match(r'    (\S+)\s+([+-]\d+\.\d+) (.*)',line)
        if m and cand is not None: cand['f'][m[1]]=float(m[2]); cand['x'][m[1]]=m[3]
    return misses
tot=collections.Counter(); by_set={}
for k,p in SETS.items():
    d=json.load(open(p)); ch={c['id']:c for c in d['children']}
    tags=json.load(open(TAGS[k])) if k in TAGS else {}
    ms=parse(f'{tag}.{k}.all.txt'); cnt=collections.Counter()
    for m in ms:
        c=ch[m['id']]; mi,fo=c['missing'],c['found']; causes=set()
        win=[x for x in m['cands'] if not x['true']]; tru=[x for x in m['cands'] if x['true']]
        if not win or not tru: causes.add('unparsed')
        else:
            w,t=win[0],tru[0]
            if t['tied'] and abs(w['ev']-t['ev'])<1e-3: causes.add('tie')
            gaps={f:w['f'].get(f,0)-t['f'].get(f,0) for f in set(w['f'])|set(t['f'])}
            dec=max(gaps,key=gaps.get); causes.add('decisive:'+dec)
            # sparse guardian: true report said less than the winner, and the winner gained on fields the true one left blank
            unk=sum(1 for f in gaps if gaps[f]>0 and 'not recorded' in t['x'].get(f,''))
            if unk>=2: causes.add('sparse guardian')
            if t['f'].get('place',0)<0.5*1.5 and mi['zone_id']!=fo['zone_id']: causes.add('far')
            if mi.get('sex') and fo.get('sex') and mi['sex']!=fo['sex'] and 'unknown' not in (mi['sex'],fo['sex']): causes.add('sex mismatch')
            for g in ('top','bottom','shoes','hat'):
                if t['f'].get(g,0)<0 : causes.add('colour differs:'+g)
                if 'from its base' in t['x'].get(g,'') or 'not in the colour lexicon' in t['x'].get(g,''): causes.add('colour vocabulary')
            if gaps.get('features',0)>0.3: causes.add('features vocabulary')
            if 'min before' in t['x'].get('time','') or gaps.get('time',0)>0.3: causes.add('time')
            if gaps.get('height',0)>0.2: causes.add('height')
        for tg in tags.get(m['id'],[]): cnt['tag:'+tg]+=1
        for x in causes: cnt[x]+=1
        if verbose: print(k,m['id'],m['rank'],sorted(causes),tags.get(m['id'],[]))
    by_set[k]=(len(ms),cnt); tot.update(cnt)
keys=sorted(tot,key=lambda x:-tot[x])
print('| cause | '+' | '.join(f'{k} ({by_set[k][0]})' for k in SETS)+' | all |')
print('|---|'+'---|'*(len(SETS)+1))
for x in keys:
    print(f'| {x} | '+' | '.join(str(by_set[k][1].get(x,0)) for k in SETS)+f' | {tot[x]} |')
