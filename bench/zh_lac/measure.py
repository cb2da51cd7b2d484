"""Measure Baidu LAC 2.1.2 (mode 'lac') as a Chinese NER on the leaksift devset.

Usage: /tmp/lac/venv/bin/python /tmp/lac/measure.py [--no-shim] [--out FILE]

On paddle 2.6 the legacy paddle.fluid module is gone but paddle.base is the same module
(renamed); we alias it so LAC's own files stay untouched. Network is blocked in-process
(socket.connect raises) to prove LAC fetches nothing at run time.
"""

import argparse
import json
import os
import resource
import socket
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("--no-shim", action="store_true")
ap.add_argument("--out", default=None)
args = ap.parse_args()


def _blocked(*a, **k):
    raise RuntimeError("NETWORK ATTEMPT %r" % (a[1:],))


socket.socket.connect = _blocked
socket.socket.connect_ex = _blocked


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


t0 = time.perf_counter()
import paddle

if not args.no_shim and not hasattr(paddle, "fluid"):
    import paddle.base
    import paddle.base.core

    sys.modules["paddle.fluid"] = paddle.base
    sys.modules["paddle.fluid.core"] = paddle.base.core
from LAC import LAC

t_import = time.perf_counter() - t0
rss_import = rss_mb()
t1 = time.perf_counter()
lac = LAC(mode="lac")
t_load = time.perf_counter() - t1
lac.run("预热")  # not timed separately: first call
rss_load = rss_mb()

BASE = str(__import__("pathlib").Path(__file__).resolve().parents[3] / "shared" / "devset" / "ner_multilang")
MAP = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
from scoring import TYPES, score  # noqa: E402


def tag_line(line):
    """Return list of (start, end, tag) for every word of one line, offsets within line."""
    words, tags = lac.run(line)
    out, pos = [], 0
    for w, t in zip(words, tags):
        if line.startswith(w, pos):
            s = pos
        else:  # should not happen; fall back to search
            s = line.find(w, pos)
            if s < 0:
                raise ValueError("word %r not found in %r" % (w, line))
        out.append((s, s + len(w), t))
        pos = s + len(w)
    return out


def spans_base(words):
    return [(s, e, MAP[t]) for s, e, t in words if t in MAP]


def spans_locorg(words):
    """Variant A: an ORG word directly preceded by one or more LOC words becomes one ORG
    (CLUENER labels 北京市公安局 / 浙江杭州某公司 as a single organisation)."""
    out, i = [], 0
    n = len(words)
    while i < n:
        s, e, t = words[i]
        if t == "LOC":
            j = i
            while j < n and words[j][2] == "LOC" and (j == i or words[j][0] == words[j - 1][1]):
                j += 1
            if j < n and words[j][2] == "ORG" and words[j][0] == words[j - 1][1]:
                out.append((s, words[j][1], "ORG"))
                i = j + 1
                continue
            for k in range(i, j):
                out.append((words[k][0], words[k][1], "LOC"))
            i = j
            continue
        if t in MAP:
            out.append((s, e, MAP[t]))
        i += 1
    return out


def spans_locorg_locloc(words):
    """Variant B: variant A, and in addition runs of adjacent LOC words merge into one LOC
    (CLUENER's `address` is a whole address: 上海浦东新区)."""
    a = spans_locorg(words)
    out = []
    for sp in a:
        if out and sp[2] == "LOC" and out[-1][2] == "LOC" and out[-1][1] == sp[0]:
            out[-1] = (out[-1][0], sp[1], "LOC")
        else:
            out.append(sp)
    return out


VARIANTS = {"lac": spans_base, "lac+LOC>ORG": spans_locorg, "lac+LOC>ORG+LOCLOC": spans_locorg_locloc}


total_chars = 0
total_time = 0.0
n_lines = 0
results = {}
for setname in ("zh", "zh_pd"):
    gold = json.load(open(os.path.join(BASE, setname, "zh_gold.json"), encoding="utf-8"))
    files = sorted(os.listdir(os.path.join(BASE, setname, "corpus")))
    files = [f for f in files if f.endswith(".txt")]
    words_by_file = {}
    for fn in files:
        text = open(os.path.join(BASE, setname, "corpus", fn), encoding="utf-8").read()
        allw, off = [], 0
        for line in text.split("\n"):
            if line.strip():
                ts = time.perf_counter()
                ws = tag_line(line)
                total_time += time.perf_counter() - ts
                total_chars += len(line)
                n_lines += 1
                allw.append([(s + off, e + off, t) for s, e, t in ws])
            off += len(line) + 1
        words_by_file[fn] = allw
    half = len(files) // 2
    parts = {"all": files, "half1": files[:half], "half2": files[half:]}
    results[setname] = {}
    for vname, fnc in VARIANTS.items():
        pred = {fn: [sp for ws in words_by_file[fn] for sp in fnc(ws)] for fn in files}
        # sanity: predicted text equals file slice is implied by offsets; check gold text too
        results[setname][vname] = {pn: score(pred, gold, pf) for pn, pf in parts.items()}

rss_end = rss_mb()
summary = dict(
    paddle=paddle.__version__,
    import_s=t_import,
    load_s=t_load,
    rss_after_import_mb=rss_import,
    rss_after_load_mb=rss_load,
    rss_end_mb=rss_end,
    chars=total_chars,
    lines=n_lines,
    tag_time_s=total_time,
    chars_per_s=total_chars / total_time,
    results=results,
)

print(
    "paddle %s  import %.2fs  load %.2fs  maxrss after import %.0f MB, after load %.0f MB, end %.0f MB"
    % (paddle.__version__, t_import, t_load, rss_import, rss_load, rss_end)
)
print(
    "throughput: %d chars / %d lines in %.2fs = %.0f chars/s (one call per line, 1 process)"
    % (total_chars, n_lines, total_time, total_chars / total_time)
)
print(
    "%-6s %-20s %-6s %5s %5s %5s | %5s %5s %5s | tp/pred/gold"
    % ("set", "variant", "part", "P", "R", "F1", "PER", "ORG", "LOC")
)
for setname, rv in results.items():
    for vname, rp in rv.items():
        for pn, r in rp.items():
            print(
                "%-6s %-20s %-6s %.3f %.3f %.3f | %.3f %.3f %.3f | %d/%d/%d"
                % (
                    setname,
                    vname,
                    pn,
                    r["P"],
                    r["R"],
                    r["F1"],
                    r["PER"],
                    r["ORG"],
                    r["LOC"],
                    r["tp"],
                    r["npred"],
                    r["ngold"],
                )
            )
if args.out:
    json.dump(summary, open(args.out, "w"), indent=1, ensure_ascii=False)
