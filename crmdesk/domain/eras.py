"""Dates as Japanese stores write them: western (2023/4/1, 2023年4月1日) and 和暦 (令和5年4月1日, R5.4.1, 平成元年).

Pure functions, no I/O. `parse_date` accepts every usual form, full-width digits included, and raises a
`ValidationError` naming the value when the text is not a date that exists (2023/02/30, 平成32年, 昭和元年1月1日).
`format_wareki` and `format_date` write a date back for people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from crmdesk.domain.errors import ValidationError
from crmdesk.domain.textnorm import nfkc


@dataclass(frozen=True)
class Era:
    name: str  # 令和
    letter: str  # R
    start: date  # first day of the era (元年)
    end: date | None  # last day, None for the current era

    def year_of(self, western_year: int) -> int:
        return western_year - self.start.year + 1

    def western_year(self, era_year: int) -> int:
        return self.start.year + era_year - 1


# Newest first: the first era whose start is on or before a date is the era of that date.
ERAS: tuple[Era, ...] = (
    Era("令和", "R", date(2019, 5, 1), None),
    Era("平成", "H", date(1989, 1, 8), date(2019, 4, 30)),
    Era("昭和", "S", date(1926, 12, 25), date(1989, 1, 7)),
    Era("大正", "T", date(1912, 7, 30), date(1926, 12, 24)),
    Era("明治", "M", date(1868, 1, 25), date(1912, 7, 29)),
)
_BY_NAME = {era.name: era for era in ERAS}
_BY_LETTER = {era.letter: era for era in ERAS}
# Old single-character forms and the one-character ligatures (㋿ ㍻ ㍼ ㍽ ㍾ are folded by NFKC to 令和 平成 …).
_BY_NAME.update(
    {
        "令": _BY_NAME["令和"],
        "平": _BY_NAME["平成"],
        "昭": _BY_NAME["昭和"],
        "大": _BY_NAME["大正"],
        "明": _BY_NAME["明治"],
    }
)

_FIELD = "日付"
_SEPARATORS = "/-.．・ "

# Japanese era: 令和5年4月1日, 令和元年5月1日, R5.4.1, R05/04/01, S60-4-3, H元.1.8, 令和5年4月1日(土)
_ERA_KANJI = re.compile(
    r"^(?P<era>令和|平成|昭和|大正|明治|令|平|昭|大|明)\s*(?P<year>元|\d{1,2})\s*"
    r"(?:年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日?|[/\-.\s]\s*(?P<m2>\d{1,2})\s*[/\-.\s]\s*(?P<d2>\d{1,2}))$"
)
_ERA_LETTER = re.compile(
    r"^(?P<era>[RHSTMrhstm])\s*(?P<year>元|\d{1,2})\s*"
    r"(?:年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日?|[/\-.\s]\s*(?P<m2>\d{1,2})\s*[/\-.\s]\s*(?P<d2>\d{1,2}))$"
)
# Western: 2023/4/1, 2023-04-01, 2023.4.1, 2023年4月1日, 2023 4 1, 20230401, 2023-04-01T00:00:00
_WESTERN = re.compile(
    r"^(?P<year>\d{4})\s*(?:年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日?"
    r"|[/\-.\s]\s*(?P<m2>\d{1,2})\s*[/\-.\s]\s*(?P<d2>\d{1,2}))"
    r"(?:[T\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_COMPACT = re.compile(r"^(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})$")
_WEEKDAY = re.compile(r"\s*[(（][月火水木金土日祝・]+[)）]\s*$")


class DateStyle(StrEnum):
    ISO = "iso"  # 2023-04-01
    SLASH = "slash"  # 2023/04/01
    KANJI = "kanji"  # 2023年4月1日
    WAREKI = "wareki"  # 令和5年4月1日
    WAREKI_SHORT = "wareki_short"  # R5.4.1


def era_of(day: date) -> Era:
    """The era a date falls in (明治 for anything before 大正)."""
    for era in ERAS:
        if day >= era.start:
            return era
    return ERAS[-1]


def parse_date(text: str, *, field: str = _FIELD) -> date:
    """Any usual way of writing a date, as a date. Raises ValidationError (code 'date') naming the value."""
    raw = text
    cleaned = nfkc(text or "").strip()
    cleaned = _WEEKDAY.sub("", cleaned)
    cleaned = cleaned.replace("〜", "").replace("　", " ").strip()
    if not cleaned:
        raise ValidationError(field, raw, "日付が空です", code="required")
    match = _ERA_KANJI.match(cleaned)
    if match is not None:
        return _from_era(_BY_NAME[match["era"]], match, raw, field)
    match = _ERA_LETTER.match(cleaned)
    if match is not None:
        return _from_era(_BY_LETTER[match["era"].upper()], match, raw, field)
    match = _WESTERN.match(cleaned)
    if match is not None:
        month = match["m1"] or match["m2"]
        day = match["d1"] or match["d2"]
        return _make(int(match["year"]), int(month), int(day), raw, field)
    match = _COMPACT.match(cleaned)
    if match is not None:
        return _make(int(match["year"]), int(match["month"]), int(match["day"]), raw, field)
    raise ValidationError(
        field,
        raw,
        "日付として読めません（例: 2023/4/1、2023年4月1日、令和5年4月1日、R5.4.1）",
        code="date",
    )


def _from_era(era: Era, match: re.Match[str], raw: str, field: str) -> date:
    era_year = 1 if match["year"] == "元" else int(match["year"])
    if era_year < 1:
        raise ValidationError(field, raw, f"{era.name}0年はありません", code="date")
    month = int(match["m1"] or match["m2"])
    day = int(match["d1"] or match["d2"])
    result = _make(era.western_year(era_year), month, day, raw, field)
    if result < era.start:
        raise ValidationError(
            field,
            raw,
            f"{era.name}は{format_wareki(era.start)}からです（それより前は前の元号です）",
            code="date_era",
        )
    if era.end is not None and result > era.end:
        following = era_of(result)
        raise ValidationError(
            field,
            raw,
            f"{era.name}は{format_wareki(era.end)}までです（{format_wareki(result)}、{result.year}年のことでしょうか）"
            if following is not era
            else f"{era.name}の範囲外です",
            code="date_era",
        )
    return result


def _make(year: int, month: int, day: int, raw: str, field: str) -> date:
    if not 1 <= month <= 12:
        raise ValidationError(field, raw, f"{month}月という月はありません", code="date")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(
            field, raw, f"{year}年{month}月{day}日という日は存在しません", code="date"
        ) from None


def format_wareki(day: date, *, gannen: bool = True) -> str:
    """令和5年4月1日; the first year of an era as 元年 (令和元年5月1日) unless gannen=False."""
    era = era_of(day)
    year = era.year_of(day.year)
    shown = "元" if year == 1 and gannen else str(year)
    return f"{era.name}{shown}年{day.month}月{day.day}日"


def format_date(day: date | None, style: DateStyle | str = DateStyle.SLASH) -> str:
    """A date for people in the chosen style; an empty string for None."""
    if day is None:
        return ""
    chosen = DateStyle(style)
    if chosen is DateStyle.ISO:
        return day.isoformat()
    if chosen is DateStyle.SLASH:
        return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"
    if chosen is DateStyle.KANJI:
        return f"{day.year}年{day.month}月{day.day}日"
    if chosen is DateStyle.WAREKI:
        return format_wareki(day)
    era = era_of(day)
    return f"{era.letter}{era.year_of(day.year)}.{day.month}.{day.day}"


__all__ = ["ERAS", "DateStyle", "Era", "era_of", "format_date", "format_wareki", "parse_date"]
