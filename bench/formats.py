"""Score leaksift on the leak-format files of ``../shared/devset/formats`` (issue 13).

Runs ``leaksift run`` over the folder (as a user would), then checks each file of ``expected.json``
against the records: the document's status; the share of its listed phrases found in the text of the
document or of any part below it (whitespace runs collapsed to one space, as the devset's README says);
its direct members (the names of its parts); and the people (names or e-mail addresses) found among
the entities of the document and its parts (a name counts when an entity's name or alias equals it,
ignoring case and spaces).

    .venv/bin/python bench/formats.py [--devset ../shared/devset/formats] [--out /tmp/formats-out] [--reuse]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def collapse(text: str) -> str:
    return re.sub(r"[\s\x00-\x1f]+", " ", text).strip()


def name_key(text: str) -> str:
    """A name compared without case, punctuation or word order ("Allison, Timothy B." = "Timothy B Allison")."""
    return " ".join(sorted(re.sub(r"[^\w@.]+|(?<!\w)\.|\.(?!\w)", " ", text.lower()).split()))


def load(out: Path, name: str) -> list[dict]:
    with (out / f"{name}.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def score(devset: Path, out: Path) -> tuple[list[dict], dict]:
    expected = json.loads((devset / "expected.json").read_text("utf-8"))
    documents = load(out, "documents")
    by_path = {}
    for d in documents:
        for p in d.get("paths") or [d["path"]]:
            by_path[p] = d
    children = defaultdict(list)
    for d in documents:
        if d.get("parent_id"):
            children[d["parent_id"]].append(d)
    text = defaultdict(list)
    for p in load(out, "pages"):
        text[p["document_id"]].append(p["text"])
    entities_of = defaultdict(set)
    for e in load(out, "entities"):
        names = {e["name"], *e.get("aliases", [])}
        email = (e.get("attributes") or {}).get("email")
        names |= set(email if isinstance(email, list) else [email] if email else [])
        for doc_id in e["document_ids"]:
            entities_of[doc_id] |= {name_key(n) for n in names if n}

    rows = []
    totals = defaultdict(int)
    for item in expected:
        doc = by_path.get(item["file"])
        tree = _tree(doc, children) if doc else []
        corpus = collapse(" ".join(t for d in tree for t in text[d["id"]]))
        found_phrases = [p for p in item["phrases"] if collapse(p) in corpus]
        prefix = (doc["path"] + "/") if doc else ""
        # identical bytes are one document listing every path (nine identical members, two empty files)
        member_names = (
            {p[len(prefix) :] for d in documents for p in d.get("paths") or [d["path"]] if p.startswith(prefix)}
            if doc
            else set()
        )
        member_names = {n for n in member_names if n}
        # an Outlook attachment's display name may lack the extension its part is given ("Test Attachment.msg")
        stems = {n.rsplit(".", 1)[0] for n in member_names}
        found_members = [m for m in item["members"] if m in member_names or m in stems]
        people = set().union(*(entities_of[d["id"]] for d in tree)) if tree else set()
        found_people = [p for p in item["people"] if name_key(p) in people]
        status = doc["status"] if doc else "missing"
        row = {
            "file": item["file"],
            "kind": item["kind"],
            "expect": item["expect_status"],
            "status": status,
            "phrases": (len(found_phrases), len(item["phrases"])),
            "members": (len(found_members), len(item["members"])),
            "people": (len(found_people), len(item["people"])),
            "missing": [p for p in item["phrases"] if p not in found_phrases]
            + [f"member:{m}" for m in item["members"] if m not in found_members]
            + [f"person:{p}" for p in item["people"] if p not in found_people],
            "error": (doc or {}).get("error"),
        }
        rows.append(row)
        totals["files"] += 1
        totals["status_ok"] += status == item["expect_status"]
        for key in ("phrases", "members", "people"):
            totals[f"{key}_found"] += row[key][0]
            totals[f"{key}_all"] += row[key][1]
    return rows, dict(totals)


def _tree(doc: dict, children: dict) -> list[dict]:
    out, stack, seen = [], [doc], set()
    while stack:
        d = stack.pop()
        if d["id"] in seen:
            continue
        seen.add(d["id"])
        out.append(d)
        stack.extend(children.get(d["id"], []))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=ROOT.parent / "shared" / "devset" / "formats")
    parser.add_argument("--out", type=Path, default=Path("/tmp/leaksift-formats-out"))
    parser.add_argument("--reuse", action="store_true", help="score OUT as it is, without running")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    if not (args.devset / "expected.json").exists():
        print(f"no devset at {args.devset}", file=sys.stderr)
        return 2
    if not args.reuse:
        shutil.rmtree(args.out, ignore_errors=True)  # a fresh run: every file read by today's readers
        started = time.perf_counter()
        leaksift = ROOT / ".venv" / "bin" / "leaksift"
        subprocess.run([str(leaksift), "run", str(args.devset), "--out", str(args.out), "--quiet"], check=False)
        print(f"leaksift run: {time.perf_counter() - started:.1f} s")
    rows, totals = score(args.devset, args.out)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    print(f"{'file':42} {'kind':11} {'expect':6} {'status':7} phrases members people")
    for r in rows:
        mark = "" if r["status"] == r["expect"] else "  <- status"
        print(
            f"{r['file'][:42]:42} {r['kind']:11} {r['expect']:6} {r['status']:7} "
            f"{r['phrases'][0]}/{r['phrases'][1]:<5} {r['members'][0]}/{r['members'][1]:<5} "
            f"{r['people'][0]}/{r['people'][1]}{mark}"
        )
        for miss in r["missing"][:6]:
            print(f"      missing: {miss[:90]}")
        if r["status"] != r["expect"] and r["error"]:
            print(f"      error: {r['error'][:120]}")
    pct = lambda k: 100 * totals[f"{k}_found"] / max(1, totals[f"{k}_all"])  # noqa: E731
    print(
        f"\nstatus as expected {totals['status_ok']}/{totals['files']}; phrases {totals['phrases_found']}/"
        f"{totals['phrases_all']} ({pct('phrases'):.1f} %); members {totals['members_found']}/"
        f"{totals['members_all']} ({pct('members'):.1f} %); people {totals['people_found']}/"
        f"{totals['people_all']} ({pct('people'):.1f} %)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
