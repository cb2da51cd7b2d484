"""Dump LAC spans per file (all three measure.py variants) to lac_spans.json. Reuses measure.py's model load and span code."""

import json
import os

src = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "measure.py"), encoding="utf-8").read()
# keep everything up to the scoring loop (model load + span functions), drop argparse / scoring / output
head = src.split("total_chars = 0")[0].replace("args = ap.parse_args()", "args = ap.parse_args([])")
ns = {"__name__": "measure_lib", "__file__": os.path.join(os.path.dirname(os.path.abspath(__file__)), "measure.py")}
exec(compile(head, "measure.py", "exec"), ns)
BASE = ns["BASE"]
out = {}
for setname in ("zh", "zh_pd"):
    files = sorted(f for f in os.listdir(os.path.join(BASE, setname, "corpus")) if f.endswith(".txt"))
    out[setname] = {v: {} for v in ns["VARIANTS"]}
    for fn in files:
        text = open(os.path.join(BASE, setname, "corpus", fn), encoding="utf-8").read()
        allw, off = [], 0
        for line in text.split("\n"):
            if line.strip():
                allw.append([(s + off, e + off, t) for s, e, t in ns["tag_line"](line)])
            off += len(line) + 1
        for v, f in ns["VARIANTS"].items():
            out[setname][v][fn] = [list(sp) for ws in allw for sp in f(ws)]
json.dump(out, open("/tmp/lacmix/lac_spans.json", "w"), ensure_ascii=False)
print("ok", {k: {v: sum(map(len, d.values())) for v, d in vv.items()} for k, vv in out.items()})
