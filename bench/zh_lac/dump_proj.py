"""Dump the project's find_chinese spans per file to proj_spans.json. Run from cwd /work/main."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from extractors.mentions.chinese import find_chinese

MAP = {"PERSON": "PER", "ORG": "ORG", "PLACE": "LOC"}
BASE = Path(__file__).resolve().parents[3] / "shared" / "devset" / "ner_multilang"
out = {}
for key in ("zh", "zh_pd"):
    out[key] = {
        p.name: [[s, e, MAP[t]] for s, e, t in find_chinese(p.read_text("utf-8")) if t in MAP]
        for p in sorted((BASE / key / "corpus").glob("*.txt"))
    }
json.dump(out, open("/tmp/lacmix/proj_spans.json", "w"), ensure_ascii=False)
print("ok", {k: sum(map(len, v.values())) for k, v in out.items()})
