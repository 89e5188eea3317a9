"""The pen every layout draws with: millimetres from the page's top-left corner, fonts with fallback, 縦書き.

It wraps a ReportLab canvas. Each page starts shifted by the layout's printer offset (every office printer feeds
a little off), so the layouts themselves never think about it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from crmdesk.printing.fonts import FontChain, FontLibrary, FontRole
from crmdesk.printing.linebreak import break_lines
from crmdesk.printing.vertical import Cell, Numerals, Placement, vertical_cells

MM = 72.0 / 25.4  # points per millimetre
GUIDE_RED = (0.93, 0.35, 0.35)
GUIDE_GREY = (0.75, 0.75, 0.75)


@dataclass(frozen=True)
class Offset:
    """Printer offset in millimetres: positive x moves the print right, positive y moves it down."""

    x_mm: float = 0.0
    y_mm: float = 0.0


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


class Pen:
    def __init__(
        self,
        canvas: Canvas,
        page_mm: tuple[float, float],
        fonts: FontLibrary,
        offset: Offset = Offset(),
    ) -> None:
        self.canvas = canvas
        self.width_mm, self.height_mm = page_mm
        self.fonts = fonts
        self.offset = offset
        self.who = ""  # whose piece is being drawn, for error messages
        self.pages = 0
        self._page_open = False

    # ------------------------------------------------------------------ pages
    def begin_page(self) -> None:
        if self._page_open:
            self.end_page()
        self.canvas.setPageSize((self.width_mm * MM, self.height_mm * MM))
        if self.offset.x_mm or self.offset.y_mm:
            self.canvas.translate(self.offset.x_mm * MM, -self.offset.y_mm * MM)
        self._page_open = True
        self.pages += 1

    def end_page(self) -> None:
        if self._page_open:
            self.canvas.showPage()
            self._page_open = False

    def y(self, y_mm: float) -> float:
        """PDF y (points from the bottom) of a distance in mm from the top."""
        return (self.height_mm - y_mm) * MM

    # ------------------------------------------------------------------ fonts
    def chain(self, role: FontRole) -> FontChain:
        return self.fonts.chain(role)

    def text_width(self, text: str, size: float, role: FontRole = FontRole.MINCHO) -> float:
        """Width in mm."""
        return self.chain(role).width(text, size) / MM

    def wrap(self, text: str, size: float, width_mm: float, role: FontRole = FontRole.MINCHO) -> list[str]:
        chain = self.chain(role)
        return break_lines(text, lambda t: chain.width(t, size), width_mm * MM)

    # ------------------------------------------------------------------ horizontal text
    def text(
        self,
        x_mm: float,
        baseline_mm: float,
        text: str,
        size: float,
        role: FontRole = FontRole.MINCHO,
        align: Align = Align.LEFT,
    ) -> None:
        if not text:
            return
        chain = self.chain(role)
        runs = chain.runs(text, self.who)
        x = x_mm * MM
        if align is not Align.LEFT:
            width = chain.width(text, size)
            x -= width if align is Align.RIGHT else width / 2
        obj = self.canvas.beginText()
        obj.setTextOrigin(x, self.y(baseline_mm))
        for face, run in runs:
            obj.setFont(face.name, size)
            obj.textOut(run)
        self.canvas.drawText(obj)

    def paragraph(
        self,
        x_mm: float,
        top_mm: float,
        width_mm: float,
        text: str,
        size: float,
        leading: float = 1.7,
        role: FontRole = FontRole.MINCHO,
        max_bottom_mm: float | None = None,
        right_aligned: frozenset[str] = frozenset(),
    ) -> tuple[float, list[str]]:
        """Wrapped horizontal text from `top_mm` down. Returns the y below the last line and the lines that did
        not fit above `max_bottom_mm` (for the next page)."""
        lines = self.wrap(text, size, width_mm, role)
        step = size * leading / MM
        ascent = self.chain(role).primary.ascent / 1000 * size / MM
        y = top_mm
        for index, line in enumerate(lines):
            if max_bottom_mm is not None and y + step > max_bottom_mm:
                return y, lines[index:]
            if line.strip() in right_aligned:  # 敬具, 以上 … stand at the end of the line
                self.text(x_mm + width_mm, y + ascent, line.strip(), size, role, Align.RIGHT)
            else:
                self.text(x_mm, y + ascent, line, size, role)
            y += step
        return y, []

    # ------------------------------------------------------------------ vertical text
    def cells(
        self, text: str, numerals: Numerals = Numerals.KANJI, role: FontRole = FontRole.VERTICAL
    ) -> list[Cell]:
        chain = self.chain(role)
        return vertical_cells(text, numerals, lambda form: chain.face_for(form) is not None)

    def cell_advance(self, cell: Cell, role: FontRole = FontRole.VERTICAL) -> float:
        """Length of a cell along the column, in ems."""
        if cell.placement is Placement.ROTATED:
            return self.chain(role).advance(cell.text)
        return cell.advance

    def column_height(
        self, cells: Sequence[Cell], size: float, spacing: float = 1.0, role: FontRole = FontRole.VERTICAL
    ) -> float:
        """Height in mm of a vertical column."""
        return sum(self.cell_advance(c, role) for c in cells) * size * spacing / MM

    def vertical(
        self,
        x_center_mm: float,
        top_mm: float,
        cells: Sequence[Cell],
        size: float,
        spacing: float = 1.0,
        role: FontRole = FontRole.VERTICAL,
    ) -> float:
        """Draw one vertical column centred on `x_center_mm` from `top_mm` down; returns the y below it (mm)."""
        chain = self.chain(role)
        obj = self.canvas.beginText()
        current_font: tuple[str, float] | None = None
        cx = x_center_mm * MM
        top = self.y(top_mm)  # PDF y of the top of the next cell
        for cell in cells:
            advance = self.cell_advance(cell, role) * size * spacing
            if cell.text.strip("\u3000 "):
                for face, run in chain.runs(cell.text, self.who):
                    draw_size = size
                    width = sum(face.advance(ch) for ch in run) * size
                    if cell.placement is Placement.PAIR and width > 0.96 * size:
                        draw_size = size * 0.96 * size / width
                        width = 0.96 * size
                    if current_font != (face.name, draw_size):
                        obj.setFont(face.name, draw_size)
                        current_font = (face.name, draw_size)
                    middle = (face.ascent + face.descent) / 2000 * size  # em-box centre above the baseline
                    cell_mid = top - advance / 2  # centre of the cell along the column
                    if cell.placement is Placement.ROTATED:
                        # a quarter turn clockwise about the cell centre
                        _set_matrix(obj, "0 -1 1 0", cx - middle, cell_mid + width / 2)
                    else:
                        x = cx - width / 2
                        baseline = cell_mid - middle
                        if cell.placement is Placement.UPPER_RIGHT:
                            x += 0.55 * size
                            baseline += 0.62 * size
                        elif cell.placement is Placement.SMALL:
                            x += 0.1 * size
                            baseline += 0.1 * size
                        _set_matrix(obj, "1 0 0 1", x, baseline)
                    obj.textOut(run)
            top -= advance
        self.canvas.drawText(obj)
        return self.height_mm - top / MM

    def vertical_text(
        self,
        x_center_mm: float,
        top_mm: float,
        text: str,
        size: float,
        numerals: Numerals = Numerals.KANJI,
        spacing: float = 1.0,
        role: FontRole = FontRole.VERTICAL,
    ) -> float:
        return self.vertical(x_center_mm, top_mm, self.cells(text, numerals, role), size, spacing, role)

    def vertical_columns(
        self,
        text: str,
        size: float,
        length_mm: float,
        numerals: Numerals = Numerals.KANJI,
        spacing: float = 1.0,
        role: FontRole = FontRole.VERTICAL,
    ) -> list[list[Cell]]:
        """Break text into vertical columns of at most `length_mm` (禁則 as for horizontal lines)."""
        chain = self.chain(role)
        columns: list[list[Cell]] = []
        unit = size * spacing / MM

        def measure(token: str) -> float:
            return (
                sum(self.cell_advance(c, role) for c in vertical_cells(token, numerals, _has(chain))) * unit
            )

        for line in break_lines(text, measure, length_mm):
            columns.append(self.cells(line, numerals, role))
        return columns

    # ------------------------------------------------------------------ shapes
    def rect(
        self,
        x_mm: float,
        y_mm: float,
        w_mm: float,
        h_mm: float,
        color: tuple[float, float, float] = GUIDE_GREY,
        line_mm: float = 0.25,
        dash: bool = False,
    ) -> None:
        c = self.canvas
        c.saveState()
        c.setStrokeColorRGB(*color)
        c.setLineWidth(line_mm * MM)
        if dash:
            c.setDash(2, 2)
        c.rect(x_mm * MM, self.y(y_mm + h_mm), w_mm * MM, h_mm * MM, stroke=1, fill=0)
        c.restoreState()

    def line(
        self,
        x1_mm: float,
        y1_mm: float,
        x2_mm: float,
        y2_mm: float,
        color: tuple[float, float, float] = GUIDE_GREY,
        line_mm: float = 0.25,
    ) -> None:
        c = self.canvas
        c.saveState()
        c.setStrokeColorRGB(*color)
        c.setLineWidth(line_mm * MM)
        c.line(x1_mm * MM, self.y(y1_mm), x2_mm * MM, self.y(y2_mm))
        c.restoreState()


def _has(chain: FontChain) -> Callable[[str], bool]:
    return lambda form: chain.face_for(form) is not None


def _set_matrix(obj: Any, rotation: str, x: float, y: float) -> None:
    """`PDFTextObject.setTextTransform` for a bottom-up canvas, without its slow pure-Python number formatting
    (ReportLab's C accelerator is not installed): one `Tm` per vertical glyph adds up over a thousand cards."""
    obj._code.append(f"{rotation} {x:.3f} {y:.3f} Tm")
    obj._x0 = obj._x = x
    obj._y0 = obj._y = y
