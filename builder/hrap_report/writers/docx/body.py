"""The body of a document written out as it is made, so a large report is never held
whole as XML: its finished blocks are moved from python-docx's tree to a temporary file,
and the saved `word/document.xml` gets them back where the body's end is marked."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import IO

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from lxml import etree

#: The body elements (paragraphs, tables) kept in the tree before they are written out.
KEPT = 500
#: What the temporary file holds in memory before it goes to disk (bytes).
IN_MEMORY = 16 * 2**20
#: Where the written-out elements go back in the saved document part.
MARK = b"<!--hrap-report body-->"
COPY_CHUNK = 2**20
_HIGHEST_ID = "id"
#: The elements of a drawing that python-docx numbers (the only ones with an `id`).
_NUMBERED = (qn("wp:docPr"), qn("pic:cNvPr"))


class StreamedBody:
    """The written-out part of a document's body, in a temporary file in `directory`."""

    def __init__(self, doc: DocxDocument, directory: Path):
        self.body = doc.element.body
        self.kept = KEPT
        self.file: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY, dir=directory)
        # the namespaces the document element declares, which each element written out
        # would declare again on its own start tag
        self.declared = [f' xmlns:{prefix}="{uri}"'.encode() for prefix, uri in doc.element.nsmap.items() if prefix]

    def write_out(self, keep: int | None = None) -> None:
        """Move the body's finished elements to the file once more than `keep` (`KEPT`)
        have gathered (the section properties, always last, stay)."""
        if len(self.body) <= (self.kept if keep is None else keep):
            return
        end = self.body[-1]
        # python-docx numbers a drawing one above the highest `id` in the tree: the
        # section's end holds the highest written out until `mark_end`
        highest = int(end.get(_HIGHEST_ID, 0))
        for child in list(self.body)[:-1]:
            for drawing in child.iter(*_NUMBERED):
                if (number := drawing.get("id", "")).isdigit():
                    highest = max(highest, int(number))
            data = etree.tostring(child, encoding="utf-8", with_tail=False)
            cut = data.index(b">") + 1  # the start tag: '>' in an attribute is written &gt;
            start_tag = data[:cut]
            for declaration in self.declared:
                start_tag = start_tag.replace(declaration, b"")
            self.file.write(start_tag)
            self.file.write(data[cut:])
            child.clear()  # first: lxml takes seconds to detach a table of 1,000 rows whole
            self.body.remove(child)
        if highest:
            end.set(_HIGHEST_ID, str(highest))

    def mark_end(self) -> None:
        """Write out every finished element and mark their place for `copy_into`."""
        self.write_out(keep=1)
        self.body[-1].attrib.pop(_HIGHEST_ID, None)
        self.body[-1].addprevious(etree.Comment(MARK[4:-3].decode()))

    def copy_into(self, part: bytes, target: IO[bytes]) -> None:
        """Write the saved document part `part` to `target` with the written-out elements
        in place of the mark."""
        before, found, after = part.partition(MARK)
        if not found:
            raise ValueError("the saved document part has no mark of the body's place")
        target.write(before)
        self.file.seek(0)
        shutil.copyfileobj(self.file, target, COPY_CHUNK)
        target.write(after)

    def close(self) -> None:
        self.file.close()
