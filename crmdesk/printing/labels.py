"""A4 address label sheets: 12-, 18- and 24-up, with margins and pitch configurable for the product in use."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from crmdesk.domain.errors import ValidationError
from crmdesk.printing.document import Layout
from crmdesk.printing.drawing import GUIDE_GREY, Pen
from crmdesk.printing.horizontal_address import BlockSizes, block_height, draw_block
from crmdesk.printing.pieces import Piece, StoreInfo

A4 = (210.0, 297.0)


@dataclass(frozen=True)
class LabelSheet:
    """Where the labels are on the sheet, in mm: the first label's top-left corner, size, and pitch."""

    columns: int
    rows: int
    label_w: float
    label_h: float
    margin_left: float
    margin_top: float
    pitch_x: float  # from one label's left edge to the next one's
    pitch_y: float
    padding: float = 4.0  # blank inside each label edge
    name: str = ""

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    def position(self, index: int) -> tuple[float, float]:
        """Top-left corner of label `index` (0-based, left to right then down) on its sheet."""
        slot = index % self.per_sheet
        row, column = divmod(slot, self.columns)
        return self.margin_left + column * self.pitch_x, self.margin_top + row * self.pitch_y

    def validate(self) -> LabelSheet:
        if self.columns < 1 or self.rows < 1:
            raise ValidationError(
                "ラベル", f"{self.columns}×{self.rows}", "列と行は1以上にしてください", code="label"
            )
        right = self.margin_left + (self.columns - 1) * self.pitch_x + self.label_w
        bottom = self.margin_top + (self.rows - 1) * self.pitch_y + self.label_h
        if right > A4[0] + 0.01 or bottom > A4[1] + 0.01 or self.margin_left < 0 or self.margin_top < 0:
            raise ValidationError(
                "ラベル",
                self.name or f"{self.per_sheet}面",
                f"ラベルがA4用紙からはみ出します（右端 {right:.1f} mm、下端 {bottom:.1f} mm）。余白とピッチを確認してください",
                code="label",
            )
        if self.pitch_x < self.label_w - 0.01 or self.pitch_y < self.label_h - 0.01:
            raise ValidationError(
                "ラベル", self.name, "ピッチがラベルの大きさより小さくなっています", code="label"
            )
        return self


# Common A4 products (sizes as printed on their packets); stores with another product adjust margins and pitch.
SHEETS: dict[int, LabelSheet] = {
    12: LabelSheet(2, 6, 86.4, 42.3, 18.6, 21.5, 86.4, 42.3, name="A4 12面（86.4×42.3 mm）"),
    18: LabelSheet(2, 9, 86.4, 31.0, 18.6, 8.8, 86.4, 31.0, name="A4 18面（86.4×31.0 mm）"),
    24: LabelSheet(3, 8, 64.0, 33.9, 7.0, 12.9, 66.0, 33.9, name="A4 24面（64.0×33.9 mm）"),
}


def sheet(count: int) -> LabelSheet:
    try:
        return SHEETS[count]
    except KeyError:
        raise ValidationError("ラベル", count, "12面・18面・24面から選んでください", code="label") from None


@dataclass(frozen=True)
class LabelLayout(Layout):
    spec: LabelSheet = field(default_factory=lambda: SHEETS[12])
    start_at: int = 0  # skip labels already used on the first sheet

    kind: ClassVar[str] = "labels"
    label: ClassVar[str] = "宛名ラベル（A4）"

    @property
    def page_mm(self) -> tuple[float, float]:
        return A4

    def draw(self, pen: Pen, pieces: Sequence[Piece], store: StoreInfo) -> None:
        spec = self.spec.validate()
        for number, piece in enumerate(pieces):
            slot = number + self.start_at
            if slot % spec.per_sheet == 0 or number == 0:
                pen.begin_page()
                if self.guides:
                    for index in range(spec.per_sheet):
                        x, y = spec.position(index)
                        pen.rect(x, y, spec.label_w, spec.label_h, GUIDE_GREY, 0.2, dash=True)
            pen.who = piece.addressee.who
            x, y = spec.position(slot)
            self._draw_label(pen, piece, x, y)

    def _draw_label(self, pen: Pen, piece: Piece, x: float, y: float) -> None:
        spec = self.spec
        inner_w = spec.label_w - 2 * spec.padding
        inner_h = spec.label_h - 2 * spec.padding
        scale = min(1.0, spec.label_h / 42.3 * 1.15)
        sizes = _scaled(
            BlockSizes(postal=9.0, address=10.0, organization=10.0, name=13.0, leading=1.35), scale
        )
        while block_height(pen, piece.addressee, inner_w, sizes) > inner_h and sizes.address > 5.5:
            sizes = _scaled(sizes, 0.93)
        height = block_height(pen, piece.addressee, inner_w, sizes)
        top = y + spec.padding + max(0.0, (inner_h - height) / 2)
        draw_block(pen, piece.addressee, x + spec.padding, top, inner_w, sizes)


def _scaled(sizes: BlockSizes, factor: float) -> BlockSizes:
    return BlockSizes(
        postal=sizes.postal * factor,
        address=sizes.address * factor,
        organization=sizes.organization * factor,
        name=sizes.name * factor,
        leading=sizes.leading,
    )
