"""``leaksift search QUERY``: full-text search of OUT's database, entities first, then ranked page hits.

In: a query, OUT (its ``leaksift.sqlite`` with the ``pages_fts`` and ``entities_fts`` indexes, see
``extractors.output.sqlite``). Out on stdout: the entities whose name or an alias contains the query
(type, mentions, id), then the pages that match, best first (FTS5 bm25), each with its document path,
page number and a snippet with the matches marked (``[...]`` on a terminal, bold when it is a tty; with
``--json``, one JSON object a line with the marks as ``«»`` and their offsets into the snippet).

The user's text is quoted into FTS5 phrase tokens, so quotes, ``*``, ``-``, ``:``, parentheses and
AND/OR/NEAR are searched for as text and never make a syntax error; ``--fts`` passes the query as FTS5
syntax. The trigram index needs 3 characters a term; a shorter term (e.g. a 2-character Chinese word) is
found by a scan of the page text instead, ranked by its number of occurrences. Imports no Prefect.
Exit status 2 when OUT has no database (no run yet) or the query is empty or invalid FTS5 syntax.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

from flows.cli.options import EXIT_OK, EXIT_USAGE, add_json, add_out

OPEN, CLOSE = "\x02", "\x03"  # marks in SQLite's snippet(), replaced by the output's own
SNIPPET_TOKENS = 64  # trigram tokens are characters: the most snippet() gives around a match


def add_parser(sub) -> None:
    search = sub.add_parser(
        "search",
        help="full-text search of an output folder's pages and entities",
        description="Search OUT's pages and entity names (any language, Chinese included); entities first.",
    )
    search.add_argument("query", help="words to find (quoted as text unless --fts)")
    search.add_argument("--type", dest="entity_type", help="only entities of this type (PERSON, ORG, ...)")
    add_out(search)
    add_json(search, help="JSON Lines: one object per entity, then per page hit")
    search.add_argument("--limit", type=int, default=20, help="at most this many page hits (default: 20)")
    search.add_argument("--fts", action="store_true", help="the query is raw SQLite FTS5 syntax")


def terms(query: str) -> list[str]:
    """The words of the user's text (split at white space; quotes are kept as text)."""
    return [t for t in query.split() if t]


def fts_query(query: str) -> str:
    """The user's text as FTS5 phrase tokens: every term quoted (inner quotes doubled), all required."""
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms(query))


def open_db(out: Path) -> sqlite3.Connection | None:
    path = out / "leaksift.sqlite"
    if not path.exists():
        return None
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    return con


def find_entities(con: sqlite3.Connection, query: str, entity_type: str | None) -> list[dict[str, Any]]:
    """Entities whose name or an alias contains the whole query (case-insensitive), most mentioned first."""
    needle = query.strip().casefold()
    rows = con.execute("SELECT id, type, name, aliases, mention_count FROM entities").fetchall()
    hits = []
    for row in rows:
        if entity_type and row["type"] != entity_type.upper():
            continue
        aliases = json.loads(row["aliases"] or "[]")
        matched = [n for n in [row["name"], *aliases] if needle in n.casefold()]
        if matched:
            hits.append(
                {
                    "kind": "entity",
                    "id": row["id"],
                    "type": row["type"],
                    "name": row["name"],
                    "matched": matched[0],
                    "mention_count": row["mention_count"],
                }
            )
    hits.sort(key=lambda h: (h["matched"].casefold() != needle, -h["mention_count"], h["name"].casefold()))
    return hits


def _marked(snippet: str) -> tuple[str, list[list[int]]]:
    """A snippet with «» marks, and the [start, end) offsets of each marked text in the unmarked snippet."""
    plain, spans, pos = [], [], 0
    for part in re.split(f"([{OPEN}{CLOSE}])", snippet):
        if part == OPEN:
            start = pos
        elif part == CLOSE:
            if spans and spans[-1][1] == start:  # adjacent marks (trigram phrases) read as one
                spans[-1][1] = pos
            else:
                spans.append([start, pos])
        else:
            plain.append(part)
            pos += len(part)
    return "".join(plain), spans


def _page_hit(row: sqlite3.Row, snippet: str, score: float) -> dict[str, Any]:
    plain, spans = _marked(snippet)
    return {
        "kind": "page",
        "document_id": row["document_id"],
        "path": row["path"],
        "page": row["page"],
        "score": score,
        "snippet": plain,
        "matches": spans,
    }


def search_fts(con: sqlite3.Connection, match: str, limit: int) -> list[dict[str, Any]]:
    rows = con.execute(
        "SELECT p.document_id, p.page, d.path, bm25(pages_fts) AS score, "
        f"snippet(pages_fts, 0, '{OPEN}', '{CLOSE}', '…', {SNIPPET_TOKENS}) AS snip "
        "FROM pages_fts JOIN pages p ON p.rowid = pages_fts.rowid LEFT JOIN documents d ON d.id = p.document_id "
        "WHERE pages_fts MATCH ? ORDER BY score, p.document_id, p.page LIMIT ?",
        (match, limit),
    ).fetchall()
    return [_page_hit(r, r["snip"], r["score"]) for r in rows]


def search_scan(con: sqlite3.Connection, words: list[str], limit: int) -> list[dict[str, Any]]:
    """Pages containing every word (for terms too short for the trigram index), most occurrences first."""
    folded = [w.casefold() for w in words]
    clause = " AND ".join("instr(lower(p.text), ?) > 0" for _ in folded)
    rows = con.execute(
        f"SELECT p.document_id, p.page, p.text, d.path FROM pages p LEFT JOIN documents d ON d.id = p.document_id "
        f"WHERE {clause}",
        folded,
    ).fetchall()
    hits = []
    for row in rows:
        text = row["text"] or ""
        low = text.casefold() if len(text.casefold()) == len(text) else text.lower()
        count = sum(low.count(w) for w in folded)
        first = min(low.find(w) for w in folded)
        lo, hi = max(0, first - SNIPPET_TOKENS), min(len(text), first + SNIPPET_TOKENS * 2)
        window = text[lo:hi]
        pattern = "|".join(re.escape(w) for w in sorted(set(folded), key=len, reverse=True))
        snip = re.sub(f"({pattern})", lambda m: OPEN + m.group(1) + CLOSE, window, flags=re.IGNORECASE)
        snip = ("…" if lo else "") + snip + ("…" if hi < len(text) else "")
        hits.append(_page_hit(row, snip, -float(count)))
    hits.sort(key=lambda h: (h["score"], h["document_id"], h["page"]))
    return hits[:limit]


def search(out: Path, query: str, *, entity_type: str | None = None, limit: int = 20, raw: bool = False) -> dict:
    """Entities and page hits for ``query`` in OUT; raises FileNotFoundError with no database."""
    con = open_db(out)
    if con is None:
        raise FileNotFoundError(out / "leaksift.sqlite")
    try:
        entities = find_entities(con, query, entity_type)
        words = terms(query)
        if raw:
            pages = search_fts(con, query, limit)
        elif any(len(w) < 3 for w in words):
            pages = search_scan(con, words, limit)
        else:
            pages = search_fts(con, fts_query(query), limit)
        return {"entities": entities, "pages": pages}
    finally:
        con.close()


def _terminal(text: str, spans: list[list[int]], on: str, off: str) -> str:
    parts, pos = [], 0
    for start, end in spans:
        parts += [text[pos:start], on, text[start:end], off]
        pos = end
    parts.append(text[pos:])
    return " ".join("".join(parts).split())


def command(args: argparse.Namespace) -> int:
    if not args.query.strip():
        print("leaksift: empty query", file=sys.stderr)
        return EXIT_USAGE
    try:
        found = search(Path(args.out), args.query, entity_type=args.entity_type, limit=args.limit, raw=args.fts)
    except FileNotFoundError:
        print(f"leaksift: no database in {args.out} (run `leaksift run` first)", file=sys.stderr)
        return EXIT_USAGE
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            print(f"leaksift: {args.out} has no search index (run `leaksift run` again)", file=sys.stderr)
        else:
            print(f"leaksift: bad FTS5 query ({exc}); drop --fts to search the text as typed", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        for hit in found["entities"]:
            print(json.dumps(hit, ensure_ascii=False))
        for hit in found["pages"]:
            marked = _terminal(hit["snippet"], hit["matches"], "«", "»")
            print(json.dumps(dict(hit, marked=marked), ensure_ascii=False))
        return EXIT_OK
    on, off = ("\x1b[1m", "\x1b[0m") if sys.stdout.isatty() else ("[", "]")
    for e in found["entities"]:
        alias = f" (as {e['matched']})" if e["matched"] != e["name"] else ""
        print(f"{e['type']:<7} {e['mention_count']:>5} mentions  {e['name']}{alias}  [{e['id']}]")
    if found["entities"] and found["pages"]:
        print()
    for hit in found["pages"]:
        print(f"{hit['path']}  p.{hit['page']}")
        print(f"    {_terminal(hit['snippet'], hit['matches'], on, off)}")
    print(f"({len(found['entities'])} entities, {len(found['pages'])} pages)", file=sys.stderr)
    return EXIT_OK
