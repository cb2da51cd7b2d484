"""Exact-span scoring shared by measure.py and blend.py: spans (start, end, type) against the devset gold
(``zh_gold.json``: file name -> [[start, end, type, text], ...])."""

TYPES = ("PER", "ORG", "LOC")


def prf(tp, npred, ngold):
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(pred, gold, files):
    """Micro P/R/F1 over ``files``, the counts, and each type's F1 under its name."""
    tp = npred = ngold = 0
    per = {t: [0, 0, 0] for t in TYPES}
    for fn in files:
        g = {(s, e, t) for s, e, t, _ in gold[fn]}
        p = set(pred[fn])
        tp += len(g & p)
        npred += len(p)
        ngold += len(g)
        for t in TYPES:
            gt = {x for x in g if x[2] == t}
            pt = {x for x in p if x[2] == t}
            per[t][0] += len(gt & pt)
            per[t][1] += len(pt)
            per[t][2] += len(gt)
    P, R, F = prf(tp, npred, ngold)
    return dict(P=P, R=R, F1=F, tp=tp, npred=npred, ngold=ngold, **{t: prf(*per[t])[2] for t in TYPES})
