"""A4 letters: 横書き (the default) and 縦書き.

横書き: date at the top right, the addressee at the top left (it shows through a window envelope), the store
below on the right, a title, then the body, continued on further pages when long.
縦書き: columns from the right — the body, then the date, the store and staff at the foot, and the addressee's
name at the head of the last column, as a letter is written by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from crmdesk.printing.document import Layout
from crmdesk.printing.drawing import MM, Align, Pen
from crmdesk.printing.fonts import FontRole
from crmdesk.printing.horizontal_address import BlockSizes, draw_block
from crmdesk.printing.pieces import Addressee, LetterContent, Piece, StoreInfo, format_postal_code, split_name
from crmdesk.printing.vertical import Cell, Numerals

A4 = (210.0, 297.0)
CLOSING_WORDS = frozenset({"敬具", "敬白", "草々", "かしこ", "以上", "謹言", "拝具"})


@dataclass(frozen=True)
class LetterLayout(Layout):
    """A4 portrait, 横書き."""

    margin_mm: float = 22.0
    body_size: float = 11.0
    leading: float = 1.85
    show_address: bool = True  # the addressee's postal code and address above the name (window envelopes)

    kind: ClassVar[str] = "letter"
    label: ClassVar[str] = "A4 手紙（横書き）"
    needs_content: ClassVar[bool] = True

    @property
    def page_mm(self) -> tuple[float, float]:
        return A4

    def draw(self, pen: Pen, pieces: Sequence[Piece], store: StoreInfo) -> None:
        for piece in pieces:
            pen.who = piece.addressee.who
            self._draw_piece(pen, piece, store)

    def _draw_piece(self, pen: Pen, piece: Piece, store: StoreInfo) -> None:
        content = piece.content or LetterContent()
        left = self.margin_mm
        right = A4[0] - self.margin_mm
        width = right - left
        pen.begin_page()
        if self.guides:
            pen.rect(0, 0, *A4)
        if content.date_text:
            pen.text(right, 24.0, content.date_text, 10.5, align=Align.RIGHT)
        addressee = piece.addressee
        if not self.show_address:
            addressee = Addressee(
                name=addressee.name,
                honorific=addressee.honorific,
                organization=addressee.organization,
                department=addressee.department,
                joint=addressee.joint,
            )
        y = draw_block(pen, addressee, left, 30.0, width * 0.62, BlockSizes())
        y = max(y, 52.0) + 4.0
        y = self._draw_sender(pen, store, content.staff, right, y)
        if content.title:
            y += 8.0
            pen.text(A4[0] / 2, y + 5.5, content.title, 15.0, align=Align.CENTER)
            y += 12.0
        y += 4.0
        bottom = A4[1] - self.margin_mm
        _y, rest = pen.paragraph(
            left,
            y,
            width,
            content.body,
            self.body_size,
            self.leading,
            max_bottom_mm=bottom,
            right_aligned=CLOSING_WORDS,
        )
        page = 1
        while rest:
            page += 1
            pen.begin_page()
            pen.text(right, 15.0, f"（{page}）", 9.0, align=Align.RIGHT)
            _y, rest = pen.paragraph(
                left,
                self.margin_mm,
                width,
                "\n".join(rest),
                self.body_size,
                self.leading,
                max_bottom_mm=bottom,
                right_aligned=CLOSING_WORDS,
            )

    def _draw_sender(self, pen: Pen, store: StoreInfo, staff: str, right: float, top: float) -> float:
        lines: list[tuple[str, float]] = []
        if store.name:
            lines.append((store.name, 12.0))
        if store.postal_code or store.address:
            code = f"〒{format_postal_code(store.postal_code)}　" if store.postal_code else ""
            lines.append((code + store.address, 9.0))
        if store.phone:
            lines.append((f"TEL {store.phone}", 9.0))
        if staff:
            lines.append((f"担当　{staff}", 10.0))
        y = top
        for text, size in lines:
            y += size * 1.5 / MM
            pen.text(right, y, text, size, align=Align.RIGHT)
        return y


@dataclass(frozen=True)
class VerticalLetterLayout(Layout):
    """A4 portrait, 縦書き: columns from right to left."""

    margin_mm: float = 24.0
    body_size: float = 12.0
    column_pitch: float = 1.95  # column distance in ems
    numerals: Numerals = Numerals.KANJI

    kind: ClassVar[str] = "letter-tate"
    label: ClassVar[str] = "A4 手紙（縦書き）"
    needs_content: ClassVar[bool] = True
    roles: ClassVar[tuple[FontRole, ...]] = (FontRole.VERTICAL,)

    @property
    def page_mm(self) -> tuple[float, float]:
        return A4

    def draw(self, pen: Pen, pieces: Sequence[Piece], store: StoreInfo) -> None:
        for piece in pieces:
            pen.who = piece.addressee.who
            self._draw_piece(pen, piece, store)

    def _draw_piece(self, pen: Pen, piece: Piece, store: StoreInfo) -> None:
        content = piece.content or LetterContent()
        size = self.body_size
        em = size / MM
        pitch = em * self.column_pitch
        top = self.margin_mm
        bottom = A4[1] - self.margin_mm
        length = bottom - top
        # (cells, top offset in mm, size, bottom-aligned)
        columns: list[tuple[list[Cell], float, float, bool]] = []
        if content.title:
            title_cells = pen.cells(content.title, self.numerals)
            columns.append((title_cells, em * 3, size * 1.15, False))
            columns.append(([], 0.0, size, False))
        for column in pen.vertical_columns(content.body, size, length, self.numerals):
            closing = "".join(cell.text for cell in column).strip("\u3000 ") in CLOSING_WORDS
            columns.append((column, 0.0, size, closing))  # 敬具 stands at the foot of its column
        columns.append(([], 0.0, size, False))
        if content.date_text:
            columns.append((pen.cells(content.date_text, self.numerals), em * 2, size, False))
        sender = " ".join(part for part in (store.name, content.staff) if part)
        if sender:
            columns.append((pen.cells(sender, self.numerals), 0.0, size, True))
        columns.append(([], 0.0, size, False))
        name_columns = _name_columns(pen, piece.addressee, self.numerals, size * 1.2)
        first_x = A4[0] - self.margin_mm - em / 2
        left_limit = self.margin_mm + em / 2
        pen.begin_page()
        x = first_x
        for cells, offset, column_size, at_foot in columns:
            if x < left_limit:
                pen.begin_page()
                x = first_x
            if cells:
                height = pen.column_height(cells, column_size)
                y = bottom - height if at_foot else top + offset
                pen.vertical(x, y, cells, column_size)
            x -= pitch * max(1.0, column_size / size)
        name_size = size * 1.2
        for segments in name_columns:
            if x < left_limit:
                pen.begin_page()
                x = first_x
            for cells, offset in segments:
                pen.vertical(x, top + em + offset, cells, name_size)
            x -= pitch * 1.2


def _name_columns(
    pen: Pen, addressee: Addressee, numerals: Numerals, size: float
) -> list[list[tuple[list[Cell], float]]]:
    """One column per name (連名): family names at the head, given names level, honorifics level."""
    em = size / MM
    rows: list[tuple[str, str, str]] = []
    for index, (name, honorific) in enumerate(addressee.name_lines()):
        family, given = split_name(name) if addressee.name else (name, "")
        if index and not given:
            family, given = "", family
        rows.append((family, given, honorific))
    if not rows:
        return []
    family_h = max(pen.column_height(pen.cells(f, numerals), size) for f, _g, _h in rows)
    given_h = max(pen.column_height(pen.cells(g, numerals), size) for _f, g, _h in rows)
    given_top = family_h + (em if given_h else 0.0)
    honorific_top = given_top + given_h + em
    result: list[list[tuple[list[Cell], float]]] = []
    for family, given, honorific in rows:
        segments: list[tuple[list[Cell], float]] = []
        if family:
            segments.append((pen.cells(family, numerals), 0.0))
        if given:
            segments.append((pen.cells(given, numerals), given_top))
        segments.append((pen.cells(honorific, numerals), honorific_top))
        result.append(segments)
    return result
