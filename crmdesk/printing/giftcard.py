"""Small gift cards (メッセージカード) that go with a present: a greeting, the name, a short message, the store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from crmdesk.printing.document import Layout
from crmdesk.printing.drawing import GUIDE_GREY, MM, Align, Pen
from crmdesk.printing.pieces import LetterContent, Piece, StoreInfo

CARD_SIZES: dict[str, tuple[float, float]] = {
    "l": (127.0, 89.0),  # L判 landscape, the common card stock
    "meishi": (91.0, 55.0),  # 名刺
    "postcard": (148.0, 100.0),  # はがき landscape
}


@dataclass(frozen=True)
class GiftCardLayout(Layout):
    size: tuple[float, float] = CARD_SIZES["l"]
    body_size: float = 10.0

    kind: ClassVar[str] = "giftcard"
    label: ClassVar[str] = "ギフトカード"
    needs_content: ClassVar[bool] = True

    @property
    def page_mm(self) -> tuple[float, float]:
        return self.size

    def draw(self, pen: Pen, pieces: Sequence[Piece], store: StoreInfo) -> None:
        width, height = self.size
        margin = max(6.0, min(width, height) * 0.09)
        scale = min(1.0, height / 89.0)
        for piece in pieces:
            pen.who = piece.addressee.who
            pen.begin_page()
            if self.guides:
                pen.rect(0, 0, width, height)
                pen.rect(3, 3, width - 6, height - 6, GUIDE_GREY, 0.2, dash=True)
            content = piece.content or LetterContent()
            y = margin
            if content.title:
                size = 15.0 * scale
                while size > 8 and pen.text_width(content.title, size) > width - 2 * margin:
                    size -= 0.5
                y += size / MM
                pen.text(width / 2, y, content.title, size, align=Align.CENTER)
                y += size * 0.9 / MM
            names = piece.addressee.name_lines()
            if names:
                size = 12.0 * scale
                line = "　".join(f"{name} {honorific}".strip() for name, honorific in names)
                while size > 7 and pen.text_width(line, size) > width - 2 * margin:
                    size -= 0.5
                y += size * 1.3 / MM
                pen.text(margin, y, line, size)
                y += size * 0.5 / MM
            footer = "　".join(part for part in (store.name, content.staff) if part)
            footer_size = 9.0 * scale
            bottom = height - margin - (footer_size * 1.6 / MM if footer else 0.0)
            body = self.body_size * scale
            lines = pen.wrap(content.body, body, width - 2 * margin)
            while body > 6 and y + 2.0 + len(lines) * body * 1.6 / MM > bottom:
                body -= 0.5
                lines = pen.wrap(content.body, body, width - 2 * margin)
            pen.paragraph(margin, y + 2.0, width - 2 * margin, content.body, body, 1.6, max_bottom_mm=bottom)
            if footer:
                pen.text(width - margin, height - margin, footer, footer_size, align=Align.RIGHT)
