"""The error types of the extraction library.

Every failure that concerns one document is an ``ExtractionError``; the flow catches only that root,
records the failure on the document, and goes on. Messages are one line a person can act on.
"""

from __future__ import annotations


class ExtractionError(Exception):
    """A document (or one of its pages) could not be extracted."""

    #: Documents failing with a transient error may be retried; a corrupt file never is.
    transient = False


class UnsupportedFileError(ExtractionError):
    """The file type is not one leaksift reads; the document is skipped, not failed."""


class EmptyDocumentError(ExtractionError):
    """The file holds no bytes or no readable content."""


class CorruptFileError(ExtractionError):
    """The file is damaged or is not what its name says."""


class EncryptedFileError(ExtractionError):
    """The file is encrypted with a password we do not have."""


class LimitExceededError(ExtractionError):
    """The document exceeds a configured limit (pages, pixels, time)."""


class OcrError(ExtractionError):
    """Tesseract failed or is missing."""

    transient = True


class ModelLoadError(ExtractionError):
    """The configured spaCy pipeline could not be loaded."""
