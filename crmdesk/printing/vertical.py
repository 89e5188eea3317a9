"""縦書き: what each character becomes in a vertical column.

ReportLab applies no OpenType `vert` substitution, so this module does it by hand:
- brackets, 、。 and dashes become their vertical presentation forms (︵ ﹁ ︑ ︱ …) when the font has them (IPAex
  does, BIZ UD does not); otherwise they are rotated a quarter turn, or for 、。 moved to the upper right;
- the long-vowel mark ー, 〜 and hyphens between numbers are rotated, so they run along the column;
- small kana (ゃ ッ …) move to the upper right of their cell, as in vertical type;
- digits become kanji numerals (一〇一号室, 三丁目) or stay upright; two digits side by side fit one cell (縦中横);
- Latin letters become full-width and stand upright.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

KANJI_DIGITS = "〇一二三四五六七八九"

# horizontal form → vertical presentation form (Unicode CJK Compatibility Forms / Vertical Forms)
VERTICAL_FORMS: dict[str, str] = {
    "、": "︑",
    "。": "︒",
    "，": "︐",
    "（": "︵",
    "）": "︶",
    "(": "︵",
    ")": "︶",
    "「": "﹁",
    "」": "﹂",
    "『": "﹃",
    "』": "﹄",
    "【": "︻",
    "】": "︼",
    "〔": "︹",
    "〕": "︺",
    "［": "﹇",
    "］": "﹈",
    "[": "﹇",
    "]": "﹈",
    "｛": "︷",
    "｝": "︸",
    "〈": "︿",
    "〉": "﹀",
    "《": "︽",
    "》": "︾",
    "〖": "︗",
    "〗": "︘",
    "…": "︙",
    "‥": "︰",
    "—": "︱",
    "―": "︱",
    "–": "︲",
    "：": "︓",
    "；": "︔",
}
# turned a quarter turn clockwise when no vertical form is available (or none exists)
ROTATED = frozenset("ー～〜－‐-−─━=＝→←⇒（）()「」『』【】〔〕［］[]｛｝〈〉《》〖〗…‥—―–：；~")
# drawn in the upper right of the cell (their horizontal forms sit low and left)
SMALL_KANA = frozenset("ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ")
UPPER_RIGHT = frozenset("、。，．")
_DASHES = frozenset("-－‐−―—ー─")
# counters after which a number is read as 十一, 二十二 rather than digit by digit
COUNTED = frozenset("年月日時分歳才回周代")


class Numerals(StrEnum):
    KANJI = "kanji"  # 一丁目二番三号, 一〇一号室
    UPRIGHT = "upright"  # full-width digits standing upright; two digits share a cell (縦中横)


class Placement(StrEnum):
    UPRIGHT = "upright"
    ROTATED = "rotated"
    UPPER_RIGHT = "upper_right"  # 、。 without a vertical form
    SMALL = "small"  # small kana
    PAIR = "pair"  # two half-width characters side by side in one cell (縦中横)


@dataclass(frozen=True)
class Cell:
    """One cell of a vertical column: the text drawn there and how."""

    text: str
    placement: Placement = Placement.UPRIGHT
    advance: float = 1.0  # in ems along the column


def to_fullwidth(char: str) -> str:
    code = ord(char)
    if 0x21 <= code <= 0x7E:
        return chr(code + 0xFEE0)
    if char == " ":
        return "\u3000"
    return char


def _is_digit(char: str) -> bool:
    return "0" <= char <= "9" or "０" <= char <= "９"


def _ascii_digit(char: str) -> str:
    return chr(ord(char) - 0xFEE0) if "０" <= char <= "９" else char


def vertical_cells(
    text: str, numerals: Numerals = Numerals.KANJI, has_glyph: Callable[[str], bool] | None = None
) -> list[Cell]:
    """The cells of one vertical column for `text`.

    `has_glyph` is a callable `str -> bool` saying whether the fonts can draw a vertical presentation form; when
    it is None, presentation forms are assumed available.
    """
    check: Callable[[str], bool] = has_glyph if has_glyph is not None else (lambda _char: True)
    cells: list[Cell] = []
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if _is_digit(char):
            end = index
            while end < length and _is_digit(text[end]):
                end += 1
            digits = "".join(_ascii_digit(c) for c in text[index:end])
            after = text[end] if end < length else ""
            before = text[index - 1] if index else ""
            if _is_latin(before) or _is_latin(after):  # a model code such as ZVW30 keeps its digits
                cells.extend(Cell(to_fullwidth(d)) for d in digits)
            elif numerals is Numerals.KANJI and after in COUNTED and len(digits) <= 2:
                cells.extend(Cell(c) for c in kanji_number(int(digits)))  # 十一月二十二日, 三十歳
            else:
                cells.extend(_number_cells(digits, numerals))
            index = end
            continue
        if char in _DASHES and _between_digits(text, index):
            cells.append(Cell("ー", Placement.ROTATED))  # 1-2-3 → 一ー二ー三, the bar along the column
            index += 1
            continue
        cells.append(_cell(char, check))
        index += 1
    return cells


def _is_latin(char: str) -> bool:
    return bool(char) and (
        ("A" <= char <= "Z") or ("a" <= char <= "z") or ("Ａ" <= char <= "Ｚ") or ("ａ" <= char <= "ｚ")
    )


def kanji_number(value: int) -> str:
    """0–99 in the counting style used for dates and ages: 10 → 十, 22 → 二十二."""
    if value < 10:
        return KANJI_DIGITS[value]
    tens, ones = divmod(value, 10)
    return ("" if tens == 1 else KANJI_DIGITS[tens]) + "十" + ("" if ones == 0 else KANJI_DIGITS[ones])


def _between_digits(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    return (
        bool(before)
        and bool(after)
        and (_is_digit(before) or before in KANJI_DIGITS)
        and (_is_digit(after) or after in KANJI_DIGITS)
    )


def _number_cells(digits: str, numerals: Numerals) -> list[Cell]:
    if numerals is Numerals.KANJI:
        return [Cell(KANJI_DIGITS[int(d)]) for d in digits]
    if len(digits) == 2:
        return [Cell(digits, Placement.PAIR)]
    return [Cell(to_fullwidth(d)) for d in digits]


def _cell(char: str, has_glyph: Callable[[str], bool]) -> Cell:
    if char == " ":
        return Cell("\u3000", advance=0.5)
    if char == "\u3000":
        return Cell(char)
    form = VERTICAL_FORMS.get(char)
    if form is not None and has_glyph(form):
        return Cell(form)
    if char in UPPER_RIGHT:
        return Cell(char, Placement.UPPER_RIGHT)
    if char in ROTATED:
        return Cell(char, Placement.ROTATED)
    if char in SMALL_KANA:
        return Cell(char, Placement.SMALL)
    if char.isascii() and char.isprintable():
        return Cell(to_fullwidth(char))
    return Cell(char)


def cells_text(cells: list[Cell]) -> str:
    return "".join(cell.text for cell in cells)


def column_length(cells: list[Cell]) -> float:
    """Length of a column in ems."""
    return sum(cell.advance for cell in cells)
