"""Calendar rules of a Japanese store: public holidays, closed weekdays, date arithmetic and life milestones.

Pure functions, no I/O. Holidays come from `jpholiday` (振替休日 and 国民の休日 included).

- `is_open_day` / `move_to_open_day`: a follow-up falling on a holiday or a closed weekday moves to the nearest
  open day before or after (a store setting), never before a given first allowed day.
- `add_months` / `add_years`: calendar arithmetic that clamps to the month's end (Jan 31 + 1 month = Feb 28, or
  Feb 29 in a leap year; Feb 29 + 1 year = Feb 28).
- `Offset`: a scenario step's timing, written as text: ``+3d``, ``+1w``, ``+1m``, ``-7d``, ``+3y every 2y``,
  ``+3y every 2y, 2m before``, ``usual or +2m`` (see `parse_offset`).
- Ages and milestones: turning 18 (licence), 成人式 (the Coming-of-Age Day of the school year in which one turns
  20), 還暦 60, 古希 70, 傘寿 80, 喜寿 77, 米寿 88, 卒寿 90, 白寿 99.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import jpholiday

from crmdesk.domain.errors import ValidationError

WEEKDAY_JA = ("月", "火", "水", "木", "金", "土", "日")


# ---------------------------------------------------------------------------------------------- holidays


@functools.lru_cache(maxsize=4096)
def holiday_name(day: date) -> str | None:
    """The name of the Japanese public holiday on this day (元日, 成人の日, 振替休日 …), or None."""
    name = jpholiday.is_holiday_name(day)
    return str(name) if name else None


def is_holiday(day: date) -> bool:
    return holiday_name(day) is not None


def is_open_day(day: date, closed_weekdays: Collection[int] = (), *, holidays_closed: bool = True) -> bool:
    """Whether the store works on this day (weekday 0 = Monday … 6 = Sunday)."""
    if day.weekday() in closed_weekdays:
        return False
    return not (holidays_closed and is_holiday(day))


def closed_reason(
    day: date, closed_weekdays: Collection[int] = (), *, holidays_closed: bool = True
) -> str | None:
    """Why the store is closed on this day, in words ("祝日（勤労感謝の日）", "定休日（水曜日）"), or None."""
    if holidays_closed:
        name = holiday_name(day)
        if name:
            return f"祝日（{name}）"
    if day.weekday() in closed_weekdays:
        return f"定休日（{WEEKDAY_JA[day.weekday()]}曜日）"
    return None


class Shift(StrEnum):
    BEFORE = "before"
    AFTER = "after"


def move_to_open_day(
    day: date,
    closed_weekdays: Collection[int] = (),
    shift: Shift | str = Shift.BEFORE,
    *,
    not_before: date | None = None,
    holidays_closed: bool = True,
) -> date:
    """The day itself when the store is open, else the nearest open day in the direction of `shift`.

    Moving earlier never goes before `not_before` (a thank-you letter is not planned before the purchase): then it
    moves later instead. Raises a ValidationError when every weekday is closed.
    """
    closed = frozenset(closed_weekdays)
    if closed >= frozenset(range(7)):
        raise ValidationError(
            "定休日", sorted(closed), "すべての曜日が定休日になっています", code="all_closed"
        )
    if is_open_day(day, closed, holidays_closed=holidays_closed):
        return day
    direction = Shift(shift)
    if direction is Shift.BEFORE:
        candidate = _search(day, -1, closed, holidays_closed)
        if not_before is None or candidate >= not_before:
            return candidate
    return _search(day, 1, closed, holidays_closed)


def _search(day: date, step: int, closed: frozenset[int], holidays_closed: bool) -> date:
    candidate = day
    # Golden Week plus a closed weekday is the longest run of closed days: two weeks is far more than enough.
    for _ in range(31):
        candidate += timedelta(days=step)
        if is_open_day(candidate, closed, holidays_closed=holidays_closed):
            return candidate
    raise ValidationError("定休日", sorted(closed), "営業日が見つかりません", code="no_open_day")


# ---------------------------------------------------------------------------------------------- arithmetic


def add_months(day: date, months: int) -> date:
    """Calendar months, clamped to the month's last day: Jan 31 + 1 month = Feb 28 (Feb 29 in a leap year)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """Calendar years; Feb 29 becomes Feb 28 in a year that has no Feb 29."""
    return add_months(day, 12 * years)


class Unit(StrEnum):
    DAY = "d"
    WEEK = "w"
    MONTH = "m"
    YEAR = "y"


_UNIT_JA = {Unit.DAY: "日", Unit.WEEK: "週間", Unit.MONTH: "か月", Unit.YEAR: "年"}


@dataclass(frozen=True)
class Amount:
    """A signed number of days, weeks, months or years."""

    value: int
    unit: Unit

    def apply(self, day: date) -> date:
        if self.unit is Unit.DAY:
            return day + timedelta(days=self.value)
        if self.unit is Unit.WEEK:
            return day + timedelta(weeks=self.value)
        if self.unit is Unit.MONTH:
            return add_months(day, self.value)
        return add_years(day, self.value)

    def negated(self) -> Amount:
        return Amount(-self.value, self.unit)

    def text(self) -> str:
        """In words, without sign: 3日, 1週間, 2か月, 3年."""
        return f"{abs(self.value)}{_UNIT_JA[self.unit]}"

    def code(self) -> str:
        return f"{self.value:+d}{self.unit.value}"


_AMOUNT = re.compile(r"([+-]?)\s*(\d{1,4})\s*([dwmy])")
_OFFSET = re.compile(
    r"^(?P<usual>usual(?:\s+or)?\s*)?"
    r"(?P<terms>(?:[+-]?\s*\d{1,4}\s*[dwmy]\s*)*)"
    r"(?:every\s+(?P<every>\d{1,3}\s*[dwmy])\s*)?"
    r"(?:,?\s*(?P<lead>\d{1,4}\s*[dwmy])\s+before\s*)?$"
)


@dataclass(frozen=True)
class Offset:
    """When a scenario step falls, relative to its trigger.

    - `terms`: added in order to the trigger date (``+3y`` then ``-2m``); none = the trigger day itself;
    - `every`: repeat after the first occurrence (車検: ``+3y every 2y``);
    - `lead`: so much before each occurrence (``+3y every 2y, 2m before``: call two months ahead of the 車検);
    - `usual`: the customer's usual interval between visits; `terms` are the fall-back when it is not known yet.
    """

    terms: tuple[Amount, ...] = ()
    every: Amount | None = None
    lead: Amount | None = None
    usual: bool = False

    @property
    def repeats(self) -> bool:
        return self.every is not None

    def anchor(self, trigger: date, occurrence: int = 0, usual_days: int | None = None) -> date:
        """The date the step is about, before lead time and holidays: the 車検 expiry for "+3y every 2y, 2m
        before", the birthday itself for "-7d" (a term going back in time is a lead time, like "before")."""
        if occurrence < 0:
            raise ValueError("occurrence must be >= 0")
        if self.usual and usual_days is not None:
            day = trigger + timedelta(days=usual_days)
        else:
            day = trigger
            for term in self.terms:
                if term.value >= 0:
                    day = term.apply(day)
        if occurrence and self.every is not None:
            # Count from the first occurrence each time (not step by step) so month ends do not drift.
            day = Amount(self.every.value * occurrence, self.every.unit).apply(day)
        return day

    def due(self, trigger: date, occurrence: int = 0, usual_days: int | None = None) -> date:
        """The day the follow-up is due (the anchor, less any lead time), before moving off closed days."""
        day = self.anchor(trigger, occurrence, usual_days)
        if not (self.usual and usual_days is not None):
            for term in self.terms:
                if term.value < 0:
                    day = term.apply(day)
        return self.lead.negated().apply(day) if self.lead is not None else day

    def first_due_on_or_after(
        self, trigger: date, day: date, *, start: int = 0, usual_days: int | None = None
    ) -> tuple[int, date] | None:
        """The first occurrence (number ≥ `start`) due on or after `day`, or None (a one-off step now past)."""
        if not self.repeats:
            if start > 0:
                return None
            due = self.due(trigger, 0, usual_days)
            return (0, due) if due >= day else None
        index = start
        while index < 10_000:
            due = self.due(trigger, index, usual_days)
            if due >= day:
                return index, due
            index += 1
        return None

    def nearest_occurrence(self, trigger: date, day: date, usual_days: int | None = None) -> int:
        """The occurrence whose due date is nearest to `day` (which one a rescheduled follow-up was)."""
        if not self.repeats:
            return 0
        best, best_gap, index = 0, abs((self.due(trigger, 0, usual_days) - day).days), 1
        while index < 10_000:
            due = self.due(trigger, index, usual_days)
            gap = abs((due - day).days)
            if gap >= best_gap and due > day:
                break
            if gap < best_gap:
                best, best_gap = index, gap
            index += 1
        return best

    def interval_text(self, usual_days: int | None = None) -> str:
        """How long after the trigger, in words: "2か月", "1週間", "3年"."""
        if self.usual and usual_days is not None:
            return days_text(usual_days)
        if len(self.terms) == 1:
            return self.terms[0].text()
        return "・".join(term.text() for term in self.terms)

    def code(self) -> str:
        parts = []
        if self.usual:
            parts.append("usual or" if self.terms else "usual")
        parts.extend(term.code() for term in self.terms)
        if self.every is not None:
            parts.append(f"every {self.every.value}{self.every.unit.value}")
        text = " ".join(parts)
        if self.lead is not None:
            text += f", {self.lead.value}{self.lead.unit.value} before"
        return text.strip()

    def describe(self) -> str:
        """For people: "3日後", "7日前", "3年後、以後2年ごと（2か月前）", "いつもの来店間隔（不明なら2か月後）"."""
        moves = [t for t in self.terms if t.value]
        base = "・".join(f"{t.text()}{'後' if t.value > 0 else '前'}" for t in moves) or "当日"
        if self.usual:
            base = f"いつもの来店間隔（不明なら{base}）"
        if self.every is not None:
            base += f"、以後{self.every.text()}ごと"
        if self.lead is not None:
            base += f"（{self.lead.text()}前）"
        return base


def parse_offset(text: str) -> Offset:
    """Read a step's timing. Raises a ValidationError naming the text when it is not understood.

    ``+3d`` 3 days after; ``-7d`` 7 days before; ``+1w``; ``+1m``; ``+3y``; ``0d`` the day itself;
    ``+3y every 2y`` then every 2 years; ``+3y every 2y, 2m before`` two months ahead of each;
    ``usual or +2m`` the customer's usual interval, else 2 months.
    """
    cleaned = " ".join(text.strip().lower().split())
    match = _OFFSET.match(cleaned)
    if not cleaned or match is None:
        raise ValidationError(
            "タイミング", text, "「+3d」「-7d」「+1m」「+3y every 2y」のように入力してください", code="offset"
        )
    terms = tuple(_amount(m) for m in _AMOUNT.finditer(match.group("terms") or ""))
    every = _amount(_AMOUNT.match(match.group("every").replace(" ", ""))) if match.group("every") else None
    lead = _amount(_AMOUNT.match(match.group("lead").replace(" ", ""))) if match.group("lead") else None
    usual = bool(match.group("usual"))
    if every is not None and every.value <= 0:
        raise ValidationError("タイミング", text, "繰り返しの間隔は1以上にしてください", code="offset")
    if not terms and not usual and every is None and lead is None:
        raise ValidationError("タイミング", text, "日数などを入力してください", code="offset")
    if usual and not terms:
        raise ValidationError(
            "タイミング",
            text,
            "来店間隔が分からない場合の日数も入力してください（usual or +2m）",
            code="offset",
        )
    return Offset(terms, every, lead, usual)


def _amount(match: re.Match[str] | None) -> Amount:
    assert match is not None
    sign = -1 if match.group(1) == "-" else 1
    return Amount(sign * int(match.group(2)), Unit(match.group(3)))


def days_text(days: int) -> str:
    """A span of days as staff say it: 61 → "2か月", 365 → "1年", 14 → "2週間", 10 → "10日"."""
    if days >= 28:
        months = round(days / 30.44)
        if months >= 12 and months % 12 == 0:
            return f"{months // 12}年"
        return f"{max(1, months)}か月"
    if days >= 7 and days % 7 == 0:
        return f"{days // 7}週間"
    return f"{days}日"


# ---------------------------------------------------------------------------------------------- birthdays, ages


def birthday_in_year(birthday: date, year: int) -> date:
    """The birthday in a given year; Feb 29 is celebrated on Feb 28 in a year without one."""
    if birthday.month == 2 and birthday.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return birthday.replace(year=year)


def next_birthday(birthday: date, on_or_after: date) -> date:
    this_year = birthday_in_year(birthday, on_or_after.year)
    return this_year if this_year >= on_or_after else birthday_in_year(birthday, on_or_after.year + 1)


def age_on(birthday: date, day: date) -> int:
    """Completed years on a day (満年齢); a Feb 29 child turns a year older on Feb 28 in common years."""
    years = day.year - birthday.year
    return years if day >= birthday_in_year(birthday, day.year) else years - 1


class Milestone(StrEnum):
    LICENCE = "licence"  # 18: driving licence, first car
    SEIJIN = "seijin"  # 成人式
    KANREKI = "kanreki"  # 還暦 60
    KOKI = "koki"  # 古希 70
    KIJU = "kiju"  # 喜寿 77
    SANJU = "sanju"  # 傘寿 80
    BEIJU = "beiju"  # 米寿 88
    SOTSUJU = "sotsuju"  # 卒寿 90
    HAKUJU = "hakuju"  # 白寿 99


MILESTONE_AGES: dict[Milestone, int] = {
    Milestone.LICENCE: 18,
    Milestone.SEIJIN: 20,
    Milestone.KANREKI: 60,
    Milestone.KOKI: 70,
    Milestone.KIJU: 77,
    Milestone.SANJU: 80,
    Milestone.BEIJU: 88,
    Milestone.SOTSUJU: 90,
    Milestone.HAKUJU: 99,
}
MILESTONE_LABELS_JA: dict[Milestone, str] = {
    Milestone.LICENCE: "18歳（運転免許）",
    Milestone.SEIJIN: "成人式",
    Milestone.KANREKI: "還暦",
    Milestone.KOKI: "古希",
    Milestone.KIJU: "喜寿",
    Milestone.SANJU: "傘寿",
    Milestone.BEIJU: "米寿",
    Milestone.SOTSUJU: "卒寿",
    Milestone.HAKUJU: "白寿",
}
BIRTHDAY_MILESTONES = tuple(m for m in Milestone if m is not Milestone.SEIJIN)


@dataclass(frozen=True)
class MilestoneDate:
    milestone: Milestone
    day: date  # the birthday it falls on, or the 成人式 day
    age: int

    @property
    def label(self) -> str:
        return MILESTONE_LABELS_JA[self.milestone]


@functools.lru_cache(maxsize=256)
def coming_of_age_day(year: int) -> date:
    """成人の日 of a year: the second Monday of January (from jpholiday, computed when it does not know)."""
    for day, name in jpholiday.month_holidays(year, 1):
        if name == "成人の日":
            return day  # type: ignore[no-any-return]
    first = date(year, 1, 1)
    first_monday = first + timedelta(days=(7 - first.weekday()) % 7)
    return first_monday + timedelta(weeks=1)


def seijin_ceremony(birthday: date) -> date:
    """The 成人式 (二十歳のつどい) a person attends: held on 成人の日 in the January of the school year (April 2 to
    April 1) in which they turn 20. Born 2006-04-01 → January 2026; born 2006-04-02 → January 2027."""
    year = birthday.year + 20 if (birthday.month, birthday.day) <= (4, 1) else birthday.year + 21
    return coming_of_age_day(year)


def milestones_between(
    birthday: date, start: date, end: date, kinds: Collection[Milestone] | None = None
) -> list[MilestoneDate]:
    """The milestones of a person born on `birthday` that fall between two dates (inclusive), by date."""
    wanted = set(kinds) if kinds is not None else set(Milestone)
    found = []
    for milestone in wanted:
        age = MILESTONE_AGES[milestone]
        if milestone is Milestone.SEIJIN:
            day = seijin_ceremony(birthday)
        else:
            day = birthday_in_year(birthday, birthday.year + age)
        if start <= day <= end:
            found.append(MilestoneDate(milestone, day, age))
    return sorted(found, key=lambda m: (m.day, MILESTONE_AGES[m.milestone]))


def milestone_birth_range(milestone: Milestone, start: date, end: date) -> tuple[date, date] | None:
    """The birthdays whose milestone falls between two dates: lets a database use its birthday index.

    A superset by at most a day at leap-day edges; check each with `milestones_between`.
    """
    if end < start:
        return None
    if milestone is Milestone.SEIJIN:
        years = [y for y in range(start.year, end.year + 1) if start <= coming_of_age_day(y) <= end]
        if not years:
            return None
        return date(years[0] - 21, 4, 2), date(years[-1] - 20, 4, 1)
    age = MILESTONE_AGES[milestone]
    low = add_years(start, -age) - timedelta(days=1)
    high = add_years(end, -age) + timedelta(days=1)
    return low, high


def month_day_windows(start: date, end: date) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The (month, day) ranges a birthday must fall in to be celebrated between two dates (at most a year).

    Across the new year it is two ranges. In a common year Feb 28 also stands for Feb 29 birthdays.
    """
    if end < start:
        return []
    if (end - start).days >= 365:
        return [((1, 1), (12, 31))]
    first = (start.month, start.day)
    last = (end.month, end.day)
    if last == (2, 28) and not calendar.isleap(end.year):
        last = (2, 29)
    if start.year == end.year:
        return [(first, last)]
    return [(first, (12, 31)), ((1, 1), last)]


def birth_date_ranges(
    windows: list[tuple[tuple[int, int], tuple[int, int]]], first_year: int, last_year: int
) -> list[tuple[date, date]]:
    """Turn month/day windows into one date range per birth year, for an indexed BETWEEN on a birthday column."""
    ranges = []
    for year in range(first_year, last_year + 1):
        for (m1, d1), (m2, d2) in windows:
            low = _valid(year, m1, d1, up=True)
            high = _valid(year, m2, d2, up=False)
            if low <= high:
                ranges.append((low, high))
    return ranges


def _valid(year: int, month: int, day: int, *, up: bool) -> date:
    last = calendar.monthrange(year, month)[1]
    if day <= last:
        return date(year, month, day)
    # Feb 29 in a common year: the window starts on Mar 1 or ends on Feb 28.
    return date(year, month + 1, 1) if up else date(year, month, last)
