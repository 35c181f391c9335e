"""Saving a python-docx document so that the same document gives the same bytes.

python-docx stamps every zip entry with the time of saving and keeps what its default
template says of itself: a thumbnail of an empty page and extended properties claiming
"Microsoft Macintosh Word", one page and no words. Both are dropped or replaced here.
"""
from __future__ import annotations

import datetime
import io
import shutil
import zipfile
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from hrap_report.writers.docx.body import StreamedBody

#: The earliest time a zip entry can carry.
ZIP_EPOCH = datetime.datetime(1980, 1, 1, tzinfo=datetime.timezone.utc)
APP_PROPERTIES_PART = "docProps/app.xml"
DOCUMENT_PART = "word/document.xml"
COPY_CHUNK = 2**20
#: The extended properties: who wrote the file, and nothing a word processor would have
#: to recount (pages, words) or that would be stale.
APP_PROPERTIES = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>hrap-report</Application></Properties>"
)


def save(doc: DocxDocument, body: StreamedBody, path: Path, date: datetime.datetime | None) -> None:
    """Write `doc` to `path` with its entries in python-docx's (fixed) order, each dated
    `date` (or 1980-01-01, the zip format's first day) and stored the same way; the body
    elements `body` wrote out go back into the document part."""
    _drop_thumbnail(doc)
    body.mark_end()
    buffer = io.BytesIO()
    doc.save(buffer)
    stamp = max(date or ZIP_EPOCH, ZIP_EPOCH).timetuple()[:6]
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 3  # as on Unix wherever it is built: the byte is in the header
            fixed.external_attr = 0o644 << 16
            if entry.filename == APP_PROPERTIES_PART:
                target.writestr(fixed, APP_PROPERTIES)
                continue
            if entry.filename == DOCUMENT_PART:
                with target.open(fixed, "w", force_zip64=True) as copy:  # its size is not known yet
                    body.copy_into(source.read(entry), copy)
                continue
            # streamed: the body of a large report is hundreds of megabytes unpacked
            fixed.file_size = entry.file_size  # tells zipfile whether it needs ZIP64
            with source.open(entry) as part, target.open(fixed, "w") as copy:
                shutil.copyfileobj(part, copy, COPY_CHUNK)


def _drop_thumbnail(doc: DocxDocument) -> None:
    """Forget the template's thumbnail (an empty page); unreferenced, it is not saved."""
    rels = doc.part.package.rels
    for key in [key for key, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[key]
