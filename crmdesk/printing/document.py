"""One PDF for many pieces: check every character first, then let the layout draw, then save.

`render_pdf` is the only way a PDF is made, for the CLI, the GUI preview and the printer alike.
"""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, ClassVar

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from crmdesk.printing.drawing import MM, Offset, Pen
from crmdesk.printing.fonts import FontLibrary, FontRole, GlyphMissingError
from crmdesk.printing.pieces import Addressee, Piece, StoreInfo

# Page streams stay binary (deflated only): ReportLab's pure-Python ASCII85 step would cost ~1 ms a page.
rl_config.useA85 = 0


@dataclass(frozen=True)
class Layout(ABC):
    """A kind of printed piece. Subclasses are frozen dataclasses of their options."""

    offset: Offset = field(default_factory=Offset)
    guides: bool = False  # draw the pre-printed boxes and the card's edge (previews, plain paper tests)

    kind: ClassVar[str] = ""
    label: ClassVar[str] = ""  # Japanese name shown to people
    needs_content: ClassVar[bool] = False  # False: an address-only layout (envelope, labels, address side)
    roles: ClassVar[tuple[FontRole, ...]] = (FontRole.MINCHO,)

    @property
    @abstractmethod
    def page_mm(self) -> tuple[float, float]:
        """Width and height of one page in mm."""

    @abstractmethod
    def draw(self, pen: Pen, pieces: Sequence[Piece], store: StoreInfo) -> None:
        """Draw every piece, starting pages with `pen.begin_page()`."""

    def piece_text(self, piece: Piece, store: StoreInfo) -> str:
        """All the text this layout prints for a piece (for the character check)."""
        text = piece.addressee.all_text() + store.all_text()
        if self.needs_content and piece.content is not None:
            text += piece.content.all_text()
        return text


@dataclass(frozen=True)
class RenderResult:
    pdf: bytes
    pages: int
    pieces: int

    def write(self, path: Path) -> Path:
        path.write_bytes(self.pdf)
        return path


def missing_glyphs(
    pieces: Sequence[Piece], layout: Layout, store: StoreInfo, fonts: FontLibrary
) -> list[tuple[Piece, str]]:
    """Every (piece, character) that no font can draw, in order."""
    found: list[tuple[Piece, str]] = []
    store_gaps = fonts.missing(store.all_text(), layout.roles)
    for char in store_gaps:
        found.append((Piece(addressee=_store_addressee(store)), char))
    for piece in pieces:
        text = layout.piece_text(piece, StoreInfo())
        for char in fonts.missing(text, layout.roles):
            found.append((piece, char))
    return found


def _store_addressee(store: StoreInfo) -> Addressee:
    return Addressee(name=store.name or "店舗情報", honorific="", label=f"店舗情報（{store.name}）")


def render_pdf(
    pieces: Sequence[Piece],
    layout: Layout,
    store: StoreInfo,
    *,
    fonts: FontLibrary | None = None,
    out: Path | BinaryIO | None = None,
    title: str = "",
    author: str = "",
) -> RenderResult:
    """Render all pieces into one PDF. Nothing is drawn when a character cannot be printed."""
    library = fonts or FontLibrary()
    gaps = missing_glyphs(pieces, layout, store, library)
    if gaps:
        piece, char = gaps[0]
        error = GlyphMissingError(char, piece.all_text(), piece.addressee.who)
        error.others = [(p.addressee.who, c) for p, c in gaps]
        raise error
    primary = library.chain(layout.roles[0]).primary.name
    buffer = io.BytesIO()
    width, height = layout.page_mm
    canvas = Canvas(
        buffer,
        pagesize=(width * MM, height * MM),
        initialFontName=primary,
        initialFontSize=10,
        pageCompression=1,
        invariant=1,
    )
    canvas.setTitle(title or layout.label)
    canvas.setAuthor(author)
    canvas.setCreator("crmdesk")
    pen = Pen(canvas, (width, height), library, layout.offset)
    layout.draw(pen, pieces, store)
    pen.end_page()
    if pen.pages == 0:  # an empty batch still makes a valid (blank) one-page PDF
        pen.begin_page()
        pen.end_page()
    canvas.save()
    pdf = buffer.getvalue()
    if isinstance(out, Path):
        out.write_bytes(pdf)
    elif out is not None:
        out.write(pdf)
    return RenderResult(pdf=pdf, pages=pen.pages, pieces=len(pieces))
