"""Tagged PDF (PDF/UA-1, ISO 14289-1): the structure of a document, and the marked
content that ties each structure element to what the pages draw.

The writer gives each flowable that draws real content a structure element (its `tag`:
a paragraph `P`, a heading `H1`-`H3`, a table cell `TH`/`TD`, a `Figure` …), made when the
flowable is made, as the child of its parent (a cell of its row, a row of its table), so
the tree is in reading order however far ahead the story is made. Drawing, the flowable
wraps what it draws in a marked-content sequence numbered on its page
(``/P <</MCID 3>> BDC … EMC``); a paragraph split over pages adds a sequence on each.
What only decorates the page is an artifact (``/Artifact <</Type /Layout>> BDC … EMC``):
running heads and footers, table grids and shading, paragraph boxes, a table's head
repeated on a later page. `archive` writes the tree into the file after the layout.
"""
from __future__ import annotations

import collections
import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas

from hrap_report.document.blocks import Inlines
from hrap_report.languages import region_tag

#: An annotation's "print" flag, which PDF/A asks every annotation to set.
PRINT = 4
#: Cells of a table keep their element even when empty: a table's rows stay whole.
_KEPT_EMPTY = frozenset({"TR", "TH", "TD"})


@dataclass(frozen=True, slots=True)
class Content:
    """A marked-content sequence: its page (from 1) and its number there (MCID)."""

    page: int
    mcid: int


@dataclass(slots=True)
class Annotation:
    """A link annotation: its page (from 1) and reportlab's reference to it."""

    page: int
    ref: object = None


@dataclass(eq=False, slots=True)
class Element:
    """A structure element: its standard type (`role`), its parent, and its kids in
    reading order (elements, marked content, annotations). `lang` where its language is
    not the document's; `alt` its alternative text; `attributes` those of its owner
    ("Table": Scope, ColSpan; "Layout": BBox); `text` what a link inside it leads to;
    `ref` its object in the file, once `archive` has made it."""

    role: str
    parent: Element | None = None
    kids: list[Element | Content | Annotation] = field(default_factory=list)
    lang: str | None = None
    alt: str | None = None
    attributes: dict[str, dict[str, object]] | None = None
    text: str | None = None
    ref: object = None

    def used(self) -> bool:
        """Whether the element stays in the tree: it holds something, or is a table's part."""
        return bool(self.kids) or self.role in _KEPT_EMPTY


class Tags:
    """The structure elements of one document and the marked content drawn for them."""

    def __init__(self, language: str, locales: dict[str, str]):
        self.locales = locales
        self.language = region_tag(language, locales)  # the document's, with its region
        self.root = Element("Document")
        self.marked: dict[int, list[Element]] = collections.defaultdict(list)  # page -> element by MCID
        self.annotations: list[Element] = []  # the Link elements, by their key in the parent tree
        self.languages: set[str] = set()  # those of elements not in the document's language
        self._open: list[Element | None] = []  # the sequences being drawn; None: an artifact
        self._after: list[Callable[[], None]] = []  # what the open sequence draws after its text

    def element(self, role: str, parent: Element | None = None, inlines: Inlines = (), **options) -> Element:
        """A new element, the last kid of `parent` (the document's by default), in the
        language of `inlines` where that is not the document's."""
        made = Element(role, parent or self.root, lang=self.language_of(inlines), **options)
        made.parent.kids.append(made)
        if made.lang:
            self.languages.add(made.lang)
        return made

    def language_of(self, inlines: Inlines) -> str | None:
        """The language most of the text of `inlines` is in (an inline without one is in
        the document's), as a tag with its region; None where that is the document's."""
        counts: collections.Counter[str] = collections.Counter()
        for inline in inlines:
            counts[region_tag(inline.lang, self.locales) if inline.lang else self.language] += len(inline.text)
        language = max(counts, key=counts.__getitem__, default=self.language)
        return None if language == self.language else language

    @contextlib.contextmanager
    def content(self, canvas: Canvas, element: Element | None) -> Iterator[None]:
        """Draw `element`'s content in a marked-content sequence of its own (an artifact
        for None). Inside another sequence, content belongs to that one: marked content
        does not nest."""
        if self._open:
            yield
            return
        if element is None:
            with self.artifact(canvas):
                yield
            return
        page = canvas.getPageNumber()
        mcid = len(self.marked[page])
        self.marked[page].append(element)
        element.kids.append(Content(page, mcid))
        canvas._code.append(f"/{element.role} <</MCID {mcid}>> BDC")
        self._open.append(element)
        try:
            yield
            for draw in self._after:
                draw()
        finally:
            self._after.clear()
            self._open.pop()
            canvas._code.append("EMC")

    def after_text(self, draw: Callable[[], None]) -> None:
        """Have `draw` draw at the end of the sequence being drawn, after the text: what a
        paragraph's callback draws (a contents entry's leader and page number) comes
        before its text in reportlab's content, and would be read first."""
        if self._open and self._open[-1] is not None:
            self._after.append(draw)
        else:
            draw()

    @contextlib.contextmanager
    def artifact(self, canvas: Canvas, kind: str = "Layout") -> Iterator[None]:
        """Draw what only decorates the page (`kind`: Layout, Pagination) as an artifact."""
        if self._open:
            yield
            return
        canvas._code.append(f"/Artifact <</Type /{kind}>> BDC")
        self._open.append(None)
        try:
            yield
        finally:
            self._open.pop()
            canvas._code.append("EMC")

    def link(self, page: int) -> Element | None:
        """A link annotation is being added to `page`: the `Link` element that holds it,
        in the element being drawn (its annotation's `ref` to be set); None on an
        artifact, which is left out of the tree."""
        owner = self._open[-1] if self._open else None
        if owner is None:
            return None
        link = Element("Link", owner, [Annotation(page)], alt=_description(owner) or "Link")
        owner.kids.append(link)
        self.annotations.append(link)
        return link


def _description(element: Element | None) -> str | None:
    """What a link in `element` leads to: the `text` of the element or its nearest ancestor."""
    while element is not None and element.text is None:
        element = element.parent
    return element.text if element is not None else None


def decoration(canvas: Canvas, kind: str = "Layout") -> contextlib.AbstractContextManager:
    """Draw on `canvas` what only decorates the page, as an artifact where it is tagged."""
    tags: Tags | None = getattr(canvas, "tags", None)
    return tags.artifact(canvas, kind) if tags is not None else contextlib.nullcontext()


class TaggedCanvas(Canvas):
    """A canvas whose link annotations are printable (as PDF/A asks) and, with `tags`,
    belong to a `Link` element of the structure: described, and keyed in the parent
    tree by their order."""

    tags: Tags | None = None

    def _addAnnotation(self, annotation, name=None, addtopage=1):
        link = self.tags.link(self.getPageNumber()) if self.tags is not None and addtopage else None
        annotation.otherkw["F"] = PRINT
        if link is not None:
            annotation.permitted = (*annotation.permitted, "StructParent")
            annotation.otherkw["StructParent"] = len(self.tags.annotations) - 1
            annotation.Contents = link.alt
        super()._addAnnotation(annotation, name, addtopage)
        if link is not None:
            link.kids[0].ref = self._annotationrefs[-1]


class Tagged:
    """A flowable mixin: what it draws is its `tag`'s content (an artifact without one),
    a figure's element learning where it is on the page (its bounding box)."""

    tag: Element | None = None

    def drawOn(self, canvas, x, y, _sW=0):
        tags: Tags | None = getattr(canvas, "tags", None)
        if tags is None:
            return super().drawOn(canvas, x, y, _sW)
        if self.tag is not None and self.tag.role == "Figure":
            left = self._hAlignAdjust(x, _sW)
            width, height = self.wrap(0, 0)  # what an image or drawing draws, whatever it is offered
            self.tag.attributes = {"Layout": {"BBox": _box(canvas, left, y, width, height)}}
        with tags.content(canvas, self.tag):
            return super().drawOn(canvas, x, y, _sW)


def _box(canvas: Canvas, x: float, y: float, width: float, height: float) -> list[float]:
    """The rectangle (x, y, width, height) in the page's default coordinates."""
    a, b, c, d, e, f = canvas._currentMatrix
    xs = [a * px + c * py + e for px, py in ((x, y), (x + width, y + height))]
    ys = [b * px + d * py + f for px, py in ((x, y), (x + width, y + height))]
    return [round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2)]
