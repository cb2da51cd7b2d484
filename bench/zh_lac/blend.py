"""Score generic blends of LAC and the project's find_chinese spans on zh / zh_pd (exact spans).
Usage: python3 blend.py [--lac-variant lac|lac+LOC>ORG|lac+LOC>ORG+LOCLOC] [--json out.json]"""

import argparse
import itertools
import json

ap = argparse.ArgumentParser()
ap.add_argument("--lac-variant", default="lac")
ap.add_argument("--json", default=None)
ap.add_argument("--brief", action="store_true", help="only the all-files rows")
a = ap.parse_args()
BASE = str(__import__("pathlib").Path(__file__).resolve().parents[3] / "shared" / "devset" / "ner_multilang")
from scoring import TYPES, score
LACD = json.load(open("/tmp/lacmix/lac_spans.json"))
PRJD = json.load(open("/tmp/lacmix/proj_spans.json"))
GOLD = {k: json.load(open(f"{BASE}/{k}/zh_gold.json", encoding="utf-8")) for k in ("zh", "zh_pd")}
SETS = ("zh", "zh_pd")


def T(l):
    return [tuple(x) for x in l]


def ov(x, y):
    return x[0] < y[1] and y[0] < x[1]


def greedy(cands):
    """cands: list of (priority_key, span); accept in key order if overlapping nothing accepted."""
    acc = []
    for _, sp in sorted(cands, key=lambda c: c[0]):
        if sp in acc:
            continue
        if not any(ov(sp, q) for q in acc):
            acc.append(sp)
    return acc


def add_nonoverlap(base, extra):
    out = list(dict.fromkeys(base))
    for sp in extra:
        if not any(ov(sp, q) for q in base) and sp not in out:
            out.append(sp)
    return out


# blends: f(L, P, ctx) -> spans ; L, P lists of (s,e,t)
def union_longer(L, P, tie):
    src = {"L": L, "P": P}
    order = {tie: 0, ("P" if tie == "L" else "L"): 1}
    c = [((-(sp[1] - sp[0]), order[k], sp[0]), sp) for k in src for sp in src[k]]
    return greedy(c)


def per_type(L, P, pick):  # pick: dict type -> 'L'/'P'
    src = {"L": L, "P": P}
    return list(dict.fromkeys(sp for t in TYPES for sp in src[pick[t]] if sp[2] == t))


def agree_weighted(L, P, pick):
    """agreed spans (exact span+type in both) first, then the stronger system's spans of each type,
    overlaps resolved: agreed > longer > earlier."""
    src = {"L": L, "P": P}
    agreed = set(L) & set(P)
    c = [((0, 0, sp[0]), sp) for sp in agreed]
    c += [((1, -(sp[1] - sp[0]), sp[0]), sp) for t in TYPES for sp in src[pick[t]] if sp[2] == t]
    return greedy(c)


def agree_plus_silent(L, P, pick):
    """agreed spans + stronger system's spans of its type that overlap nothing of the other system
    (drop spans the two systems contest)."""
    src = {"L": L, "P": P}
    other = {"L": P, "P": L}
    agreed = set(L) & set(P)
    out = list(agreed)
    for t in TYPES:
        k = pick[t]
        for sp in src[k]:
            if sp[2] == t and sp not in agreed and not any(ov(sp, q) for q in other[k]):
                out.append(sp)
    return greedy([((0, sp[0]), sp) for sp in out])


def files_of(k):
    fs = sorted(GOLD[k])
    fs2 = sorted(PRJD[k])
    assert fs2 == sorted(LACD[k][a.lac_variant])
    fs = sorted(set(fs) | set(fs2))
    return fs


def parts(k):
    fs = files_of(k)
    h = len(fs) // 2
    return {"all": fs, "h1": fs[:h], "h2": fs[h:]}


def run(blend):
    res = {}
    for k in SETS:
        L = {fn: T(v) for fn, v in LACD[k][a.lac_variant].items()}
        P = {fn: T(v) for fn, v in PRJD[k].items()}
        pred = {fn: blend(L.get(fn, []), P.get(fn, [])) for fn in files_of(k)}
        res[k] = {pn: score(pred, GOLD[k], pf) for pn, pf in parts(k).items()}
    return res


# "stronger per type": decided on the FIRST HALF of both sets only (mean per-type F1 over zh and zh_pd),
# one choice for both sets (a deployed blend does not know which corpus it is reading)
base = {"L": run(lambda L, P: list(dict.fromkeys(L))), "P": run(lambda L, P: list(dict.fromkeys(P)))}
STRONG = {}
for t in TYPES:
    m = {s: sum(base[s][k]["h1"][t] for k in SETS) / 2 for s in "LP"}
    STRONG[t] = max(m, key=m.get)

BLENDS = [
    ("LAC alone (%s)" % a.lac_variant, lambda L, P: list(dict.fromkeys(L))),
    ("project alone", lambda L, P: list(dict.fromkeys(P))),
    ("intersection (exact)", lambda L, P: list(set(L) & set(P))),
    ("1 union, longer wins (tie LAC)", lambda L, P: union_longer(L, P, "L")),
    ("1b union, longer wins (tie proj)", lambda L, P: union_longer(L, P, "P")),
    ("2 proj + LAC non-overlapping", lambda L, P: add_nonoverlap(P, L)),
    ("3 LAC + proj non-overlapping", lambda L, P: add_nonoverlap(L, P)),
]
for combo in itertools.product("LP", repeat=3):
    pick = dict(zip(TYPES, combo))
    if len(set(combo)) == 1:
        continue
    BLENDS.append(("4 type pick PER=%s ORG=%s LOC=%s" % combo, (lambda pk: lambda L, P: per_type(L, P, pk))(pick)))
sp = "PER=%s ORG=%s LOC=%s" % tuple(STRONG[t] for t in TYPES)
BLENDS.append(("5 agree-weighted (%s)" % sp, lambda L, P: agree_weighted(L, P, STRONG)))
BLENDS.append(("5b agreed + uncontested strong (%s)" % sp, lambda L, P: agree_plus_silent(L, P, STRONG)))

print("LAC variant:", a.lac_variant, "| stronger per type (chosen on 1st halves only):", STRONG)
hdr = "%-44s %-5s %-4s %5s %5s %5s | %5s %5s %5s" % ("blend", "set", "part", "P", "R", "F1", "PER", "ORG", "LOC")
print(hdr)
print("-" * len(hdr))
allres = {}
for name, f in BLENDS:
    r = run(f)
    allres[name] = r
    for k in SETS:
        for pn in ("all",) if a.brief else ("all", "h1", "h2"):
            x = r[k][pn]
            print(
                "%-44s %-5s %-4s %.3f %.3f %.3f | %.3f %.3f %.3f"
                % (name, k, pn, x["P"], x["R"], x["F1"], x["PER"], x["ORG"], x["LOC"])
            )
    ok = r["zh"]["all"]["F1"] >= 0.55 and r["zh_pd"]["all"]["F1"] >= 0.85
    print("%-44s both targets (zh>=0.55, zh_pd>=0.85): %s" % ("", "YES" if ok else "no"))
if a.json:
    json.dump(dict(strong=STRONG, results=allres), open(a.json, "w"), indent=1)
