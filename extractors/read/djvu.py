"""DjVu documents: a ``.djvu`` file in, each page's text layer or, where it has none, its image for OCR.

DjVu is how many scanned archives and libraries publish books and files. Read with Debian's
djvulibre tools (``djvulibre-bin``, installed by scripts/install.sh): ``djvused`` counts the pages,
``djvutxt`` gives a page's hidden text layer, ``ddjvu`` renders a page. A page's text layer is judged as
a PDF page's is (``pdf.decide_ocr``): real text is kept, a page with none or with garbage is OCR'd.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

from PIL import Image

from extractors.errors import CorruptFileError, LimitExceededError, UnsupportedFileError

#: seconds one djvulibre call may take (rendering a page, reading its text)
TOOL_TIMEOUT = 120.0


def page_count(path: Path) -> int:
    out = _run(["djvused", "-e", "n", str(path)])
    try:
        return int(out.decode().strip())
    except ValueError as exc:
        raise CorruptFileError("the DjVu file's page count could not be read; the file may be damaged") from exc


def page_text(path: Path, number: int) -> str:
    """The hidden text layer of page ``number`` (1-based); empty when the page has none."""
    return _run(["djvutxt", f"--page={number}", str(path)]).decode("utf-8", errors="replace")


def render_page(path: Path, number: int, *, dpi: int, max_pixels: int) -> Image.Image:
    """Page ``number`` as a greyscale image at about ``dpi``."""
    data = _run(["ddjvu", "-format=pgm", f"-page={number}", f"-scale={dpi}", str(path)])
    image = Image.open(io.BytesIO(data))
    if image.width * image.height > max_pixels:
        raise LimitExceededError(
            f"page {number} renders to {image.width}x{image.height} pixels, over the limit of {max_pixels}"
        )
    return image.convert("L")


def _run(command: list[str]) -> bytes:
    if shutil.which(command[0]) is None:
        raise UnsupportedFileError(f"DjVu needs {command[0]} (Debian package djvulibre-bin); install it to read it")
    try:
        done = subprocess.run(command, capture_output=True, timeout=TOOL_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise CorruptFileError(f"{command[0]} took over {TOOL_TIMEOUT:.0f} s on the file") from exc
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no reason given"]
        raise CorruptFileError(f"not a readable DjVu file ({command[0]}: {reason[0][:160]})")
    return done.stdout
