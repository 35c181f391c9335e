"""The structure tree and the archival metadata of the PDF reportlab has drawn.

reportlab draws the pages with their marked content (see `tagging`) but writes no
structure tree and no archival metadata. Before it saves, `prepare` gives each page its
key in the parent tree and its tab order, and the document information only what the
report knows; after, `append` adds to the file, as an incremental update (ISO 32000-1,
7.5.6; PDF/A admits it):

* the structure tree: `StructTreeRoot`, an element each, written one at a time from the
  `tagging.Element`s, the `ParentTree` from each link annotation and each page's marked
  content back to its element; the catalog again, now with the tree, `MarkInfo /Marked
  true` and the document's language with its region;
* XMP metadata equal to the document information (made by pikepdf's XMP support),
  claiming PDF/A-2b and PDF/UA-1, with the extension schema PDF/A asks for the
  `pdfuaid` property;
* an sRGB output intent (the profile from Pillow's ImageCms), the colour space every
  colour of the report is in.

Writing the tree into the saved file a piece at a time keeps a large report in bounded
memory: pikepdf, editing the file whole, took a report 100 times the default's to 1.6 GB,
and reportlab's own objects cost a kilobyte an element.
"""
from __future__ import annotations

import datetime
import re
import zlib
from pathlib import Path
from typing import BinaryIO

from reportlab.pdfbase.pdfdoc import PDFDate, PDFDictionary, PDFInfo, PDFName, PDFString

from hrap_report.document.blocks import Meta
from hrap_report.writers.pdf.tagging import Annotation, Content, Element, Tags

#: What the file claims: ISO 19005-2 level B, ISO 14289-1.
PDFA_PART, PDFA_CONFORMANCE, PDFUA_PART = "2", "B", "1"
#: The ICC profile header's creation date (bytes 24-36): one fixed date, not the clock's.
_PROFILE_DATE = slice(24, 36)
_FIXED_PROFILE_DATE = bytes.fromhex("07d0 0001 0001 0000 0000 0000")  # 2000-01-01 00:00:00
#: What the update needs of the trailer reportlab wrote, at the end of the file.
_TRAILER = re.compile(rb"trailer\s*<<(?P<entries>.*?)>>\s*startxref\s+(?P<xref>\d+)\s+%%EOF\s*$", re.S)
_TAIL = 4096

#: PDF/A admits XMP properties outside its own list only with a description of their
#: schema: here that of `pdfuaid:part` (ISO 14289-1, 5).
_PDFUA_SCHEMA = """<rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
  <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
      <pdfaProperty:name>part</pdfaProperty:name>
      <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
      <pdfaProperty:category>internal</pdfaProperty:category>
      <pdfaProperty:description>The part of ISO 14289 the file conforms to</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
  </rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>"""


def prepare(document, tags: Tags, meta: Meta) -> None:
    """Before reportlab saves `document` (its PDFDocument): each page's key in the parent
    tree (after the link annotations', which are keyed as they are drawn) and tab order
    by structure; the document information without what the report does not know."""
    first_page_key = len(tags.annotations)
    for number, page in enumerate(document.Pages.pages, start=1):
        extra = ["Tabs"]
        page.Tabs = PDFName("S")
        if number in tags.marked:
            page.StructParents = first_page_key + number - 1
            extra.append("StructParents")
        page.__NoDefault__ = [*type(page).__NoDefault__, *extra]
    document.info = _Info(document.info, meta.date)


class _Info(PDFInfo):
    """reportlab's document information without what the report does not know: no dates
    without a `date` (reportlab writes 2000-01-01), no `Trapped` (XMP has no word for it)."""

    def __init__(self, info: PDFInfo, date: datetime.datetime | None):
        super().__init__()
        self.__dict__.update(info.__dict__)
        self.date = date

    def format(self, document):
        entries = {key: PDFString(value) for key, value in self.entries().items()}
        if self.date is not None:
            entries["ModDate"] = entries["CreationDate"] = PDFDate(ts=document._timeStamp)
        return PDFDictionary(entries).format(document)

    def entries(self) -> dict[str, str]:
        return {"Title": self.title, "Author": self.author, "Subject": self.subject,
                "Keywords": self.keywords, "Creator": self.creator, "Producer": self.producer}


def append(path: Path, document, tags: Tags, meta: Meta) -> None:
    """Add the structure tree of `tags`, the metadata and an output intent to the PDF
    reportlab saved at `path` from `document`, as an incremental update."""
    with path.open("r+b") as file:
        _Update(file, document, tags).write(meta)


class _Update:
    """An incremental update of a saved PDF: objects appended, then their cross-reference
    section and a trailer pointing back to the file's."""

    def __init__(self, file: BinaryIO, document, tags: Tags):
        self.file, self.document, self.tags = file, document, tags
        size = file.seek(0, 2)
        file.seek(max(0, size - _TAIL))
        found = _TRAILER.search(file.read())
        if found is None:
            raise ValueError("reportlab wrote no trailer where one was expected")
        entries = found.group("entries")
        self.previous = int(found.group("xref"))
        self.size = int(re.search(rb"/Size\s+(\d+)", entries).group(1))
        # the information dictionary and the file ID stay
        self.kept = b" ".join(m.group(0) for m in re.finditer(rb"/Info\s+\d+\s+\d+\s+R|/ID\s*\[[^]]*\]", entries))
        self.offsets: dict[int, int] = {}  # the objects this update (re)defines, by number

    def number(self) -> int:
        """A new object number."""
        self.size += 1
        return self.size - 1

    def reference(self, name: str) -> bytes:
        """`N 0 R` for an object reportlab wrote, by its internal name."""
        number, generation = self.document.idToObjectNumberAndVersion[name]
        return b"%d %d R" % (number, generation)

    def string(self, text: str) -> bytes:
        return PDFString(text).format(self.document)

    def put(self, number: int, body: bytes) -> None:
        """Write object `number` with its `body` at the end of the file."""
        self.offsets[number] = self.file.tell()
        self.file.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    def write(self, meta: Meta) -> None:
        tags, document = self.tags, self.document
        self.file.seek(0, 2)
        root, parent_tree = self.number(), self.number()
        self._number(tags.root)
        self._elements(tags.root, root)
        self.put(parent_tree, self._parent_tree())
        self.put(root, b"<< /Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d >>" % (
            tags.root.ref, parent_tree, len(tags.annotations) + len(document.Pages.pages)))
        metadata, intent, profile = self.number(), self.number(), self.number()
        packet = _xmp(document.info, meta, tags)
        self.put(metadata, b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(packet)
                 + packet + b"\nendstream")  # unfiltered, as PDF/A asks
        icc = zlib.compress(_srgb_profile())
        self.put(profile, b"<< /N 3 /Filter /FlateDecode /Length %d >>\nstream\n" % len(icc) + icc + b"\nendstream")
        self.put(intent, b"<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB) "
                         b"/Info (sRGB IEC61966-2.1) /DestOutputProfile %d 0 R >>" % profile)
        catalog = document.Catalog
        number = document.idToObjectNumberAndVersion[catalog.__InternalName__][0]
        catalog.Lang = PDFString(tags.language)
        body = catalog.format(document)  # its entries as saved, references and all
        self.put(number, body.replace(b"<<", b"<< /StructTreeRoot %d 0 R /MarkInfo << /Marked true >> "
                                               b"/Metadata %d 0 R /OutputIntents [ %d 0 R ] " % (
                                                   root, metadata, intent), 1))
        self._cross_references(number)

    def _number(self, element: Element) -> None:
        """Give every used element under `element` (and it) its object number, in reading order."""
        element.ref = self.number()
        for kid in element.kids:
            if isinstance(kid, Element) and kid.used():
                self._number(kid)

    def _elements(self, element: Element, parent: int) -> None:
        """Write `element` and the used elements under it."""
        stack = [(element, parent)]
        while stack:
            element, parent = stack.pop()
            self.put(element.ref, self._element(element, parent))
            stack += [(kid, element.ref) for kid in reversed(element.kids)
                      if isinstance(kid, Element) and kid.used()]

    def _element(self, element: Element, parent: int) -> bytes:
        page = next((kid.page for kid in element.kids if isinstance(kid, Content)), None)
        parts = [b"<< /Type /StructElem /S /%s /P %d 0 R" % (element.role.encode(), parent)]
        if page is not None:  # the page of the marked content given by number alone
            parts.append(b"/Pg " + self.reference(f"Page{page}"))
        kids = []
        for kid in element.kids:
            if isinstance(kid, Element):
                if kid.used():
                    kids.append(b"%d 0 R" % kid.ref)
            elif isinstance(kid, Content):
                kids.append(b"%d" % kid.mcid if kid.page == page else
                            b"<< /Type /MCR /Pg %s /MCID %d >>" % (self.reference(f"Page{kid.page}"), kid.mcid))
            elif isinstance(kid, Annotation):
                kids.append(b"<< /Type /OBJR /Obj %s /Pg %s >>" % (self.reference(kid.ref.name),
                                                                  self.reference(f"Page{kid.page}")))
        parts.append(b"/K " + (kids[0] if len(kids) == 1 else b"[ " + b" ".join(kids) + b" ]"))
        if element.lang:
            parts.append(b"/Lang " + self.string(element.lang))
        if element.alt:
            parts.append(b"/Alt " + self.string(element.alt))
        owners = [b"<< /O /%s %s >>" % (owner.encode(), b" ".join(
            b"/%s %s" % (key.encode(), _value(value)) for key, value in values.items()))
            for owner, values in (element.attributes or {}).items()]
        if owners:
            parts.append(b"/A " + (owners[0] if len(owners) == 1 else b"[ " + b" ".join(owners) + b" ]"))
        return b" ".join(parts) + b" >>"

    def _parent_tree(self) -> bytes:
        """The number tree from each link annotation (keys from 0, in drawing order) and
        each page (keys after them) to the element of the annotation, or the element of
        each MCID on the page."""
        numbers = [b"%d %d 0 R" % (key, link.ref) for key, link in enumerate(self.tags.annotations)]
        first = len(self.tags.annotations)
        for page, elements in sorted(self.tags.marked.items()):
            refs = b" ".join(b"%d 0 R" % element.ref for element in elements)
            numbers.append(b"%d [ %s ]" % (first + page - 1, refs))
        return b"<< /Nums [ " + b"\n".join(numbers) + b" ] >>"

    def _cross_references(self, catalog: int) -> None:
        """The cross-reference section of the update's objects, and its trailer."""
        start = self.file.tell()
        self.file.write(b"xref\n")
        numbers = sorted(self.offsets)
        runs: list[list[int]] = []
        for number in numbers:
            if runs and number == runs[-1][-1] + 1:
                runs[-1].append(number)
            else:
                runs.append([number])
        for run in runs:
            self.file.write(b"%d %d\n" % (run[0], len(run)))
            self.file.write(b"".join(b"%010d 00000 n\r\n" % self.offsets[n] for n in run))
        self.file.write(b"trailer\n<< /Size %d /Root %d 0 R %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
            self.size, catalog, self.kept, self.previous, start))


def _value(value: object) -> bytes:
    """An attribute's value in the file: a name for a word, an array for a list."""
    if isinstance(value, str):
        return b"/" + value.encode()
    if isinstance(value, list):
        return b"[ " + b" ".join(b"%g" % v for v in value) + b" ]"
    return b"%g" % value


def _xmp(info: _Info, meta: Meta, tags: Tags) -> bytes:
    """The XMP metadata packet: the document information's entries and dates, the
    languages (the document's first), and the claims of PDF/A-2b and PDF/UA-1."""
    import pikepdf
    from pikepdf import Name, String

    with pikepdf.new() as pdf:
        for key, value in info.entries().items():
            pdf.docinfo[Name("/" + key)] = String(value)
        if meta.date is not None:
            pdf.docinfo[Name.CreationDate] = String(meta.date.strftime("D:%Y%m%d%H%M%S+00'00'"))
            pdf.docinfo[Name.ModDate] = pdf.docinfo[Name.CreationDate]
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            xmp.load_from_docinfo(pdf.docinfo)
            xmp["dc:language"] = [tags.language, *sorted(tags.languages - {tags.language})]
            xmp["pdfaid:part"] = PDFA_PART
            xmp["pdfaid:conformance"] = PDFA_CONFORMANCE
            xmp["pdfuaid:part"] = PDFUA_PART
        packet = pdf.Root.Metadata.read_bytes().decode()
    close = packet.rindex("</rdf:RDF>")
    return (packet[:close] + _PDFUA_SCHEMA + packet[close:]).encode()


def _srgb_profile() -> bytes:
    """The sRGB ICC profile, dated the same on every build."""
    from PIL import ImageCms

    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[_PROFILE_DATE] = _FIXED_PROFILE_DATE
    return bytes(profile)
