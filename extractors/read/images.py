"""Image documents: PNG, JPEG, TIFF, GIF, WebP, BMP and JPEG 2000 files in, one page image per frame out
(for OCR; Pillow decodes them all)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from extractors.errors import CorruptFileError, LimitExceededError


def count_frames(path: Path, *, max_pixels: int) -> int:
    """The number of pages (frames) in the image, after checking it opens and is within limits."""
    with _open(path, max_pixels=max_pixels) as image:
        return getattr(image, "n_frames", 1)


def load_frame(path: Path, index: int, *, max_pixels: int) -> Image.Image:
    """Frame ``index`` (0-based) as an upright greyscale image."""
    with _open(path, max_pixels=max_pixels) as image:
        try:
            image.seek(index)
            frame = ImageOps.exif_transpose(image)
            frame.load()
        except (OSError, ValueError, EOFError) as exc:
            raise CorruptFileError(f"image frame {index + 1} could not be decoded: {exc}") from exc
        return frame.convert("L")


def iter_frames(path: Path, *, max_pixels: int) -> Iterator[Image.Image]:
    for index in range(count_frames(path, max_pixels=max_pixels)):
        yield load_frame(path, index, max_pixels=max_pixels)


def _open(path: Path, *, max_pixels: int) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
            width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise LimitExceededError(
            f"the image is too large to decode safely ({detail}) (LEAKSIFT_MAX_IMAGE_PIXELS)"
        ) from exc
    except UnidentifiedImageError as exc:
        raise CorruptFileError("the image could not be identified; the file is damaged or not an image") from exc
    except OSError as exc:
        raise CorruptFileError(f"the image could not be opened: {exc}") from exc
    if width * height > max_pixels:
        image.close()
        raise LimitExceededError(
            f"the image is {width}x{height} pixels, over the limit of {max_pixels} (LEAKSIFT_MAX_IMAGE_PIXELS)"
        )
    return image
