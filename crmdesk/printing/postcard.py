"""官製はがき (100×148 mm): the address side in 縦書き and the message side; and 長形3号 envelopes.

The address side puts the postal code digits inside the pre-printed red boxes at Japan Post's positions (boxes
5.7×8.0 mm, top edge 12.0 mm from the top, left edges 44.3, 51.3, 58.3 | 65.9, 72.7, 79.5, 86.3 mm). The boxes
themselves are printed only as guides (previews, plain paper).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from crmdesk.printing.address_side import (
    AddressFrame,
    PostalBoxes,
    draw_address_columns,
    draw_names,
    draw_postal_digits,
    draw_sender,
)
from crmdesk.printing.document import Layout
from crmdesk.printing.drawing import GUIDE_GREY, MM, Align, Pen
from crmdesk.printing.fonts import FontRole
from crmdesk.printing.pieces import LetterContent, Piece, StoreInfo, format_postal_code
from crmdesk.printing.vertical import Cell, Numerals

POSTCARD = (100.0, 148.0)
CHOKEI3 = (120.0, 235.0)  # 長形3号


@dataclass(frozen=True)
class PostcardAddressLayout(Layout):
    """宛名面 of a postcard, 縦書き."""

    numerals: Numerals = Numerals.KANJI
    print_sender: bool = True
    frame: AddressFrame = field(default_factory=AddressFrame)

    kind: ClassVar[str] = "postcard"
    label: ClassVar[str] = "はがき 宛名面（縦書き）"
    roles: ClassVar[tuple[FontRole, ...]] = (FontRole.VERTICAL, FontRole.GOTHIC)

    @property
    def page_mm(self) -> tuple[float, float]:
        return POSTCARD

    def draw(self, pen: Pen, pieces: Sequence[Piece], store: StoreInfo) -> None:
        for piece in pieces:
            pen.who = piece.addressee.who
            pen.begin_page()
            if self.guides:
                _stamp_guide(pen, 8.0, 8.0, 22.0, 27.0)
                pen.rect(0, 0, *self.page_mm)
            draw_address_side(pen, piece, store, self.frame, self.numerals, self.guides, self.print_sender)


def draw_address_side(
    pen: Pen,
    piece: Piece,
    store: StoreInfo,
    frame: AddressFrame,
    numerals: Numerals,
    guides: bool,
    print_sender: bool,
) -> None:
    addressee = piece.addressee
    draw_postal_digits(pen, addressee.postal_code, frame.boxes, guides)
    left_of_address = draw_address_columns(pen, addressee, frame, numerals)
    left_limit = frame.sender_right + 2.0 if print_sender else 4.0
    draw_names(pen, addressee, frame, numerals, right_limit=left_of_address - 1.0, left_limit=left_limit)
    if print_sender:
        draw_sender(pen, store, frame, numerals)


def _stamp_guide(pen: Pen, x: float, y: float, w: float, h: float) -> None:
    """Where the printed stamp (料額印面) sits: nothing may be printed there."""
    pen.rect(x, y, w, h, GUIDE_GREY, 0.25, dash=True)


@dataclass(frozen=True)
class PostcardMessageLayout(Layout):
    """通信面 of a postcard: a large greeting, the message, the date, and the store at the foot."""

    vertical: bool = True
    numerals: Numerals = Numerals.KANJI
    body_size: float = 10.5
    title_size: float = 26.0
    print_sender: bool = True

    kind: ClassVar[str] = "postcard-message"
    label: ClassVar[str] = "はがき 通信面"
    needs_content: ClassVar[bool] = True
    roles: ClassVar[tuple[FontRole, ...]] = (FontRole.VERTICAL, FontRole.MINCHO, FontRole.GOTHIC)

    @property
    def page_mm(self) -> tuple[float, float]:
        return POSTCARD

    def draw(self, pen: Pen, pieces: Sequence[Piece], store: StoreInfo) -> None:
        for piece in pieces:
            pen.who = piece.addressee.who
            pen.begin_page()
            if self.guides:
                pen.rect(0, 0, *self.page_mm)
            content = piece.content or LetterContent()
            if self.vertical:
                self._vertical(pen, content, store)
            else:
                self._horizontal(pen, content, store)

    def _vertical(self, pen: Pen, content: LetterContent, store: StoreInfo) -> None:
        width, height = POSTCARD
        margin = 9.0
        top, bottom = margin + 2.0, height - margin
        length = bottom - top
        x = width - margin
        if content.title:
            cells = pen.cells(content.title, self.numerals)
            size = min(self.title_size, length * MM / max(1.0, pen.column_height(cells, 1.0) * MM))
            size = min(size, self.title_size)
            title_height = pen.column_height(cells, size)
            x -= size / MM / 2
            pen.vertical(x, top + (length - title_height) / 3, cells, size)
            x -= size / MM * 1.0
        body = self.body_size
        em = body / MM
        x -= em * 0.6
        columns = pen.vertical_columns(content.body, body, length, self.numerals)
        footer: list[tuple[list[Cell], bool, float]] = []  # cells, at the foot, size
        if content.date_text:
            footer.append((pen.cells(content.date_text, self.numerals), False, body))
        if self.print_sender:
            if store.postal_code:
                code = f"〒{format_postal_code(store.postal_code)}"
                footer.append((pen.cells(code, Numerals.UPRIGHT), True, body * 0.8))
            if store.address:
                for column in pen.vertical_columns(store.address, body * 0.8, length * 0.6, self.numerals):
                    footer.append((column, True, body * 0.8))
            if store.phone:
                footer.append((pen.cells("電話 " + store.phone, Numerals.UPRIGHT), True, body * 0.8))
            names = "　".join(part for part in (store.name, content.staff) if part)
            if names:
                footer.append((pen.cells(names, self.numerals), True, body))
        needed = (len(columns) * 1.8 + 1.0) * em + sum(s * 1.6 / MM for _c, _f, s in footer)
        pitch = em * 1.8
        if x - margin < needed:
            pitch = max(
                em * 1.15,
                (x - margin - sum(s * 1.6 / MM for _c, _f, s in footer) - em) / max(1, len(columns)),
            )
        for column in columns:
            if column:
                pen.vertical(x, top, column, body)
            x -= pitch
        x -= em * 0.8
        for cells, at_foot, size in footer:
            y = bottom - pen.column_height(cells, size) if at_foot else top + em * 2
            pen.vertical(x, y, cells, size)
            x -= size * 1.6 / MM

    def _horizontal(self, pen: Pen, content: LetterContent, store: StoreInfo) -> None:
        width, height = POSTCARD
        margin = 9.0
        y = margin + 6.0
        if content.title:
            size = self.title_size * 0.8
            while size > 10 and pen.text_width(content.title, size) > width - 2 * margin:
                size -= 1
            pen.text(width / 2, y + size / MM, content.title, size, align=Align.CENTER)
            y += size * 1.6 / MM
        y, _rest = pen.paragraph(
            margin,
            y + 2.0,
            width - 2 * margin,
            content.body,
            self.body_size,
            1.65,
            max_bottom_mm=height - 32.0,
        )
        footer_y = height - margin
        lines: list[tuple[str, float]] = []
        if content.date_text:
            lines.append((content.date_text, 9.0))
        if self.print_sender:
            if store.postal_code or store.address:
                lines.append((f"〒{format_postal_code(store.postal_code)} {store.address}".strip(), 8.0))
            if store.phone:
                lines.append((f"TEL {store.phone}", 8.0))
            names = "　".join(part for part in (store.name, content.staff) if part)
            if names:
                lines.append((names, 10.0))
        for text, size in reversed(lines):
            pen.text(width - margin, footer_y, text, size, align=Align.RIGHT)
            footer_y -= size * 1.5 / MM


def chokei3_boxes() -> PostalBoxes:
    """長形3号: the same seven boxes, their right edge 10.5 mm from the envelope's right edge (most makers)."""
    base = PostalBoxes()
    right = base.lefts[-1] + base.width
    return base.shifted(CHOKEI3[0] - 10.5 - right)


def chokei3_frame() -> AddressFrame:
    return AddressFrame(
        boxes=chokei3_boxes(),
        address_right=106.0,
        address_top=34.0,
        address_bottom=150.0,
        address_size=15.0,
        name_centre=60.0,
        name_top=48.0,
        name_bottom=205.0,
        name_size=32.0,
        sender_left=8.0,
        sender_right=36.0,
        sender_top=150.0,
        sender_bottom=222.0,
        sender_size=9.5,
        sender_postal_y=228.0,
    )


@dataclass(frozen=True)
class EnvelopeLayout(Layout):
    """長形3号 envelope (120×235 mm), 縦書き; the store is usually pre-printed on the back."""

    numerals: Numerals = Numerals.KANJI
    print_sender: bool = False
    frame: AddressFrame = field(default_factory=chokei3_frame)

    kind: ClassVar[str] = "envelope"
    label: ClassVar[str] = "長形3号 封筒"
    roles: ClassVar[tuple[FontRole, ...]] = (FontRole.VERTICAL, FontRole.GOTHIC)

    @property
    def page_mm(self) -> tuple[float, float]:
        return CHOKEI3

    def draw(self, pen: Pen, pieces: Sequence[Piece], store: StoreInfo) -> None:
        for piece in pieces:
            pen.who = piece.addressee.who
            pen.begin_page()
            if self.guides:
                pen.rect(0, 0, *self.page_mm)
                _stamp_guide(pen, 8.0, 8.0, 30.0, 30.0)
            draw_address_side(pen, piece, store, self.frame, self.numerals, self.guides, self.print_sender)
