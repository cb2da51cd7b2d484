"""PDF documents: a PDF file in, per-page text (text layer or OCR) and tables out.

Text and tables come from pdfplumber. Which pages are rendered with pypdfium2 and OCR'd follows
OCRmyPDF's policy (``Settings.ocr``): a page whose text layer is real text keeps it however short it
is; a page with no text layer, a garbage one (``text_layer.garbage_reason``) or one mostly covered by a
picture with little text is OCR'd. ``force`` OCRs every page, ``redo`` only pages with a garbage text
layer, ``never`` none. The rule that decided is recorded on the page (``pages.ocr_reason``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from extractors.errors import (
    CorruptFileError,
    EmptyDocumentError,
    EncryptedFileError,
    ExtractionError,
    LimitExceededError,
)
from extractors.read.crypto import candidate_passwords
from extractors.read.tables.ruled import pdf_page_tables
from extractors.read.tables.words import FoundTable
from extractors.read.text_layer import garbage_reason
from extractors.settings import Settings

log = logging.getLogger(__name__)

# pdfium is not thread-safe: every call into it goes through this lock. Rendering is short next to
# OCR, so the lock costs little while OCR of several pages runs in parallel.
PDFIUM_LOCK = threading.Lock()

PASSWORD_PROTECTED = (
    "the PDF is password-protected; put the password in a file named by LEAKSIFT_PASSWORDS and run again"
)
MOSTLY_IMAGE_AREA = 0.5
MOSTLY_IMAGE_MAX_CHARS = 200


@dataclass(frozen=True)
class PdfPage:
    """One page as read from the text layer, with the OCR decision taken."""

    number: int  # 1-based
    text: str
    needs_ocr: bool
    ocr_reason: str
    tables: list[FoundTable]


@dataclass(frozen=True)
class PdfContent:
    title: str | None
    pages: list[PdfPage]


def usable_chars(text: str) -> int:
    """Letters and digits: what a person could read, ignoring layout whitespace and stray marks."""
    return sum(1 for ch in text if ch.isalnum())


def decide_ocr(text: str, *, image_area: float, settings: Settings) -> tuple[bool, str]:
    """Whether a page is OCR'd, and why (the reason is recorded on the page)."""
    if settings.ocr == "force":
        return True, "ocr=force"
    chars = usable_chars(text)
    garbage = garbage_reason(text) if chars else None
    if settings.ocr == "never":
        return False, "text layer" if chars and not garbage else "ocr=never"
    if settings.ocr == "redo":
        if garbage:
            return True, garbage
        return False, "text layer" if chars else "no text layer (ocr=redo OCRs garbage text layers only)"
    if chars == 0:
        return True, "no text layer"
    if garbage:
        return True, garbage
    if image_area >= MOSTLY_IMAGE_AREA and chars < MOSTLY_IMAGE_MAX_CHARS:
        return True, f"mostly image ({image_area:.0%} of the page) with little text"
    return False, "text layer"


def _image_area(page) -> float:
    area = float(page.width * page.height) or 1.0
    covered = 0.0
    for im in page.images:
        w = max(0.0, min(im["x1"], page.width) - max(im["x0"], 0))
        h = max(0.0, min(im["bottom"], page.height) - max(im["top"], 0))
        covered += w * h
    return min(1.0, covered / area)


def read_pdf(path: Path, *, settings: Settings, on_ocr_page: Callable[[int], None] | None = None) -> PdfContent:
    """Read every page's text layer and tables, deciding per page whether OCR is needed.

    ``on_ocr_page(number)`` is called as soon as a page is found to need OCR, so its OCR can start
    while the later pages are still being read (a long scanned PDF otherwise leaves the OCR workers
    idle until pdfplumber has been through every page).
    """
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = _open_with_passwords(path, pdf_passwords(settings))
    except PDFPasswordIncorrect:
        raise EncryptedFileError(PASSWORD_PROTECTED) from None
    except PDFSyntaxError as exc:
        raise CorruptFileError(f"not a readable PDF ({exc}); the file may be truncated or damaged") from exc
    except Exception as exc:
        raise CorruptFileError(
            f"the PDF could not be opened ({_one_line(exc)}); the file may be truncated or damaged"
        ) from exc
    with pdf:
        declared = _declared_pages(pdf)
        if declared > settings.max_pages:  # fail before walking a page tree built to be huge
            raise LimitExceededError(
                f"the PDF declares {declared} pages, over the limit of {settings.max_pages} (LEAKSIFT_MAX_PAGES)"
            )
        try:
            count = len(pdf.pages)
        except Exception as exc:
            raise CorruptFileError(f"the PDF's page tree is damaged: {_one_line(exc)}") from exc
        if count == 0:
            raise EmptyDocumentError("the PDF has no pages")
        if count > settings.max_pages:
            raise LimitExceededError(
                f"the PDF has {count} pages, over the limit of {settings.max_pages} (LEAKSIFT_MAX_PAGES)"
            )
        title = None
        try:
            raw_title = (pdf.metadata or {}).get("Title")
            if isinstance(raw_title, bytes):
                raw_title = raw_title.decode("utf-8", "replace")
            title = " ".join(str(raw_title).split()) or None if raw_title else None
        except Exception:  # metadata is optional and often malformed
            title = None
        pages = []
        for number, page in enumerate(pdf.pages, start=1):
            try:
                text = page.extract_text() or ""
                image_area = _image_area(page)
                needs_ocr, reason = decide_ocr(text, image_area=image_area, settings=settings)
                tables = [] if needs_ocr else pdf_page_tables(page, text)
            except ExtractionError:
                raise
            except Exception as exc:
                raise CorruptFileError(f"page {number} could not be read: {_one_line(exc)}") from exc
            finally:
                page.close()  # frees pdfplumber's per-page caches: long PDFs stay small in memory
            pages.append(PdfPage(number, text, needs_ocr, reason, tables))
            if needs_ocr and on_ocr_page is not None:
                on_ocr_page(number)
    return PdfContent(title=title, pages=pages)


def pdf_passwords(settings: Settings) -> list[str]:
    """The passwords a PDF is opened with, in order: the empty user password first (a PDF with an
    owner password only opens with it and is read as any other), then the candidates."""
    return ["", *(p for p in candidate_passwords(settings) if p)]


def _open_with_passwords(path: Path, passwords: list[str]):
    """pdfplumber's PDF, opened with the first password that fits; pdfminer's own error when none does."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    for password in passwords:
        try:
            return pdfplumber.open(path, password=password)
        except PdfminerException as exc:  # pdfplumber wraps pdfminer's errors: judge the original
            original = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
            if not isinstance(original, PDFPasswordIncorrect):
                raise original from exc
    raise PDFPasswordIncorrect()


def _declared_pages(pdf) -> int:
    """The page count the PDF's page tree states (``/Count``), or 0 when it states none."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(pdf.doc.catalog["Pages"]).get("Count"))
        return count if isinstance(count, int) else 0
    except Exception:  # a damaged tree is judged when its pages are read
        return 0


def _check_image_sizes(page, number: int, max_pixels: int) -> None:
    """Refuse a page holding an image larger than ``max_pixels``: pdfium decodes it whole to render."""
    import pypdfium2 as pdfium

    for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE], max_depth=8):
        try:
            width, height = obj.get_px_size()
        except pdfium.PdfiumError:
            continue
        if width * height > max_pixels:
            raise LimitExceededError(
                f"it holds a {width}x{height} pixel image, over the limit of {max_pixels} (LEAKSIFT_MAX_IMAGE_PIXELS)"
            )


def render_page(path: Path, number: int, *, dpi: int, max_pixels: int, passwords: Sequence[str] = ("",)) -> Image.Image:
    """Render page ``number`` (1-based) to a greyscale image for OCR (the PDF opened with the first of
    ``passwords`` that fits: ``pdf_passwords(settings)``)."""
    with PDFIUM_LOCK:
        pdf = _pdfium_document(path, passwords)
        try:
            page = pdf[number - 1]
            _check_image_sizes(page, number, max_pixels)
            width, height = page.get_size()
            scale = dpi / 72.0
            pixels = width * scale * height * scale
            if pixels > max_pixels:
                scale = (max_pixels / (width * height)) ** 0.5
                if scale * 72 < 100:
                    raise LimitExceededError(f"page {number} is too large to OCR ({width:.0f}x{height:.0f} pt)")
            bitmap = page.render(scale=scale, grayscale=True)
            image = bitmap.to_pil()
            image.load()
            page.close()
            return image.convert("L")
        finally:
            pdf.close()


def _pdfium_document(path: Path, passwords: Sequence[str]):
    import pypdfium2 as pdfium

    for password in passwords:
        try:
            return pdfium.PdfDocument(str(path), password=password)
        except pdfium.PdfiumError as exc:
            if "password" not in str(exc).lower():
                raise CorruptFileError(f"the PDF could not be rendered: {_one_line(exc)}") from exc
    raise EncryptedFileError(PASSWORD_PROTECTED)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


OcrPageFn = Callable[[int], "object"]
