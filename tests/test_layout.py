"""The shape of the code: stages import only themselves, earlier stages and the top-level modules;
the library never imports the orchestration; no module grows past one job."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: the stage packages of ``extractors/`` in pipeline order
STAGES = ("read", "mentions", "normalize", "resolve", "output", "batch", "evaluate", "report", "export")
#: modules at the top of ``extractors/`` that every stage may use (and that use no stage)
TOP_LEVEL = ("records", "errors", "settings", "hashing", "tesseract_packs", "user_cache")


def imported_modules(source: str, module: str) -> list[tuple[int, str]]:
    """Every module ``source`` imports (at the top or inside functions), as absolute dotted names."""
    found = []
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                name = f"{base}.{node.module}" if node.module else base
            else:
                name = node.module or ""
            # ``from extractors.read import html`` imports the module extractors.read.html
            found += [(node.lineno, f"{name}.{alias.name}") for alias in node.names]
    return found


def _rank(module: str) -> tuple[str, int] | None:
    parts = module.split(".")
    if parts[0] != "extractors":
        return None
    if len(parts) == 1 or parts[1] in TOP_LEVEL or parts[1] in ("PIPELINE_VERSION", "__version__"):
        return ("top", -1)
    if parts[1] in STAGES:
        return (parts[1], STAGES.index(parts[1]))
    return ("unknown", len(STAGES))


def backward_imports(source: str, module: str) -> list[str]:
    """The imports of ``module`` that break the stage order (one line each, for the failure message)."""
    problems = []
    own = _rank(module)
    for line, name in imported_modules(source, module):
        top = name.split(".")[0]
        if module.startswith("extractors") and top in ("flows", "prefect", "prefect_dask"):
            problems.append(f"{module}:{line} imports {name} (the library never imports orchestration)")
            continue
        target = _rank(name)
        if own is None or target is None:
            continue
        if own[0] == "unknown" or target[0] == "unknown":
            problems.append(f"{module}:{line} imports {name}: not in a known stage (add it to STAGES)")
        elif own[0] == "top" and target[0] != "top":
            problems.append(f"{module}:{line} imports {name}: a top-level module uses no stage")
        elif target[1] > own[1]:
            problems.append(f"{module}:{line} imports {name}: stage {own[0]} comes before {target[0]}")
    return problems


def _modules(folder: str):
    for path in sorted((ROOT / folder).rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        yield path, ".".join(parts)


def test_no_backward_import():
    problems = []
    for folder in ("extractors", "flows"):
        for path, module in _modules(folder):
            problems += backward_imports(path.read_text("utf-8"), module)
    assert problems == []


def test_the_check_finds_a_backward_import():
    source = "from extractors.records import Mention\n\ndef f():\n    from extractors.resolve.entities import resolve\n"
    assert backward_imports(source, "extractors.mentions.ner") == [
        "extractors.mentions.ner:4 imports extractors.resolve.entities.resolve: stage mentions comes before resolve"
    ]
    assert backward_imports("from extractors.read.ocr import engine\n", "extractors.settings")
    assert backward_imports("import prefect\n", "extractors.batch.pipeline")
    assert backward_imports("from . import lexicon\n", "extractors.read.ocr.ppocr") == []
    assert backward_imports("from ..tables import find\n", "extractors.read.ocr.engine") == []
    assert backward_imports("from extractors.read import sniff\n", "extractors.batch.discover") == []


#: one module, one job: past this a module holds two (see ../shared/STYLE.md)
MAX_MODULE_LINES = 450


def test_no_module_over_the_limit():
    long = [
        f"{path.relative_to(ROOT)} ({n} lines)"
        for folder in ("extractors", "flows")
        for path, _ in _modules(folder)
        if (n := len(path.read_text("utf-8").splitlines())) > MAX_MODULE_LINES
    ]
    assert long == []
