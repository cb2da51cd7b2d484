"""Archives: an archive file in, its members out as parts (``extractors.read.parts``); the archive
itself has no pages.

``READERS`` maps a media type (``extractors.read.sniff``) to its reader,
``reader(path, sink, settings) -> Extracted``. Zip, tar (plain or compressed), single gzip, bzip2 and
xz files, 7z and RAR; the libraries of the last two are imported when such a file is read.
"""

from __future__ import annotations

from extractors.read import sniff
from extractors.read.archives.compressed import read_bzip2, read_gzip, read_xz
from extractors.read.archives.rar import read_rar
from extractors.read.archives.sevenzip import read_7z
from extractors.read.archives.tarred import read_tar
from extractors.read.archives.zipped import read_zip

READERS: dict = {
    sniff.ZIP: read_zip,
    sniff.TAR: read_tar,
    sniff.GZIP: read_gzip,
    sniff.BZIP2: read_bzip2,
    sniff.XZ: read_xz,
    sniff.SEVEN_ZIP: read_7z,
    sniff.RAR: read_rar,
}
