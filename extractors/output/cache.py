"""The per-document result cache: a ``DocumentResult`` in, ``.leaksift/results/<id>.json`` out, and back.

Each entry records the fingerprints of the settings that made it, so a lookup says whether the stored
result is usable as is (``current``), needs its mentions found again (``reanalyse``: the model or the
phone region changed, the pages are still valid) or must be read again (``missing``).
"""

from __future__ import annotations

import json
from pathlib import Path

from extractors.output.atomic import atomic_write
from extractors.records import DocumentResult
from extractors.settings import Settings


class ResultCache:
    """The cached results under one folder, one JSON file per document id."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _result_path(self, doc_id: str) -> Path:
        return self.folder / doc_id[:2] / f"{doc_id}.json"

    def cached_result(self, doc_id: str, settings: Settings) -> tuple[DocumentResult | None, str]:
        """A document's stored result and whether it is usable under ``settings``.

        The second value is ``"current"`` (use as is), ``"reanalyse"`` (pages still valid, mentions
        must be found again: the model or the phone region changed) or ``"missing"``.
        """
        path = self._result_path(doc_id)
        if not path.exists():
            return None, "missing"
        try:
            data = json.loads(path.read_text("utf-8"))
            result = DocumentResult.from_json(data["result"])
        except (OSError, ValueError, KeyError, TypeError):
            return None, "missing"
        ocr_used = any(p.method == "ocr" for p in result.pages)
        if data.get("extract") != settings.extract_fingerprint(result.document.media_type, ocr_used=ocr_used):
            return None, "missing"
        if data.get("analyse") != settings.analyse_fingerprint():
            return result, "reanalyse"
        return result, "current"

    def load_result(self, doc_id: str) -> DocumentResult | None:
        """A document's stored result whatever settings made it (None if absent or unreadable)."""
        try:
            data = json.loads(self._result_path(doc_id).read_text("utf-8"))
            return DocumentResult.from_json(data["result"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save_result(self, result: DocumentResult, settings: Settings) -> None:
        ocr_used = any(p.method == "ocr" for p in result.pages)
        payload = {
            "extract": settings.extract_fingerprint(result.document.media_type, ocr_used=ocr_used),
            "analyse": settings.analyse_fingerprint(),
            "result": result.to_json(),
        }
        # not fsync'd: a result lost to a power cut is read again; a killed run keeps what it saved
        atomic_write(self._result_path(result.document.id), [json.dumps(payload, ensure_ascii=False)], durable=False)
