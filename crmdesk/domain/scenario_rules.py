"""Scenario expansion (シナリオ): from a trigger and a list of steps to dated follow-ups with their reasons.

Pure: no I/O. The service reads the scenario, the customer and the trigger from the database, asks this module what
to plan, and writes the follow-ups. A step's timing is an `Offset` (see `calendar_rules.parse_offset`); its reason
is a template filled from the trigger's facts, so every follow-up answers the customer's "why me?":

    "{month}月が車検の満了日です（{item}）"   → "12月が車検の満了日です（プリウス）"
    "前回の{menu}から{interval}"             → "前回のカラーから2か月"

Template fields: {customer} {member} {name} {relation} {item} {menu} {interval} {milestone} {age} {n} {years}
{year} {month} {day} (the date the step is about: the 車検 expiry, the birthday) and {trigger_year}
{trigger_month} {trigger_day} (the purchase, the visit). An unknown field is left as written.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise
from string import Formatter
from typing import Any

from crmdesk.domain.calendar_rules import (
    MILESTONE_LABELS_JA,
    Milestone,
    Offset,
    Shift,
    age_on,
    move_to_open_day,
    parse_offset,
)
from crmdesk.domain.errors import ValidationError
from crmdesk.domain.values import FollowUpKind

# A step that fell due while the trigger was not yet entered (a purchase logged late) is still planned, for today,
# when it is at most this late; older ones are not planned at all.
GRACE_DAYS = 30


class Trigger(StrEnum):
    PURCHASE = "purchase"  # a purchase event (of a kind of item)
    FIRST_VISIT = "first_visit"  # the customer's first visit
    VISIT = "visit"  # every visit or treatment
    BIRTHDAY = "birthday"  # the customer's (or a family member's) birthday, every year
    ITEM_DATE = "item_date"  # an owned item's date: inspection_expiry, next_service_date, warranty_end
    MILESTONE = "milestone"  # turning 18, 成人式, 還暦 … of the customer or a family member


TRIGGER_LABELS_JA: dict[Trigger, str] = {
    Trigger.PURCHASE: "ご購入",
    Trigger.FIRST_VISIT: "初回ご来店",
    Trigger.VISIT: "ご来店・施術",
    Trigger.BIRTHDAY: "お誕生日",
    Trigger.ITEM_DATE: "保有商品の日付（車検・点検・保証）",
    Trigger.MILESTONE: "人生の節目（18歳・成人式・還暦など）",
}

ITEM_DATE_FIELDS: dict[str, str] = {
    "inspection_expiry": "車検満了",
    "next_service_date": "次回点検",
    "warranty_end": "保証終了",
}

# Treatments that decide when a salon customer comes back, most decisive first ("カット＋カラー" → "カラー").
_MENU_KEYS = (
    "縮毛矯正",
    "パーマ",
    "カラー",
    "ハイライト",
    "ブリーチ",
    "トリートメント",
    "ヘッドスパ",
    "カット",
)


@dataclass(frozen=True)
class StepRule:
    """One step of a scenario, its timing parsed."""

    offset: Offset
    kind: FollowUpKind
    reason_template: str
    step_id: int | None = None
    position: int = 0
    letter_template: str | None = None

    @classmethod
    def of(
        cls,
        offset: str,
        kind: FollowUpKind | str,
        reason_template: str,
        *,
        step_id: int | None = None,
        position: int = 0,
        letter_template: str | None = None,
    ) -> StepRule:
        return cls(
            parse_offset(offset), FollowUpKind(kind), reason_template, step_id, position, letter_template
        )


@dataclass(frozen=True)
class TriggerFacts:
    """What is known about one trigger of one customer: its date and what the reasons can mention."""

    day: date
    customer_name: str
    item_name: str = ""
    menu: str = ""
    member_name: str = ""  # a family member's name (empty: the customer)
    relation: str = ""  # 長男, 配偶者 …
    milestone: Milestone | None = None
    age: int | None = None
    usual_days: int | None = None  # the customer's usual interval between visits, when known

    @property
    def who(self) -> str:
        """Whom it is about: "長男の山田 翔様", or the customer "山田 太郎様"."""
        if self.member_name:
            return f"{self.relation}の{self.member_name}様" if self.relation else f"{self.member_name}様"
        return f"{self.customer_name}様"


@dataclass(frozen=True)
class CalendarPolicy:
    """The store's calendar: closed weekdays (0 = Monday) and where a follow-up on a closed day moves."""

    closed_weekdays: frozenset[int] = frozenset()
    shift: Shift = Shift.BEFORE
    holidays_closed: bool = True

    def place(self, day: date, not_before: date) -> date:
        return move_to_open_day(
            day, self.closed_weekdays, self.shift, not_before=not_before, holidays_closed=self.holidays_closed
        )


@dataclass(frozen=True)
class PlannedStep:
    step: StepRule
    occurrence: int  # 0 for the first; 車検 every 2 years counts up
    anchor: date  # the date the step is about (before lead time and closed days)
    due: date  # when to do it
    reason: str
    late: bool = False  # was due before today (trigger entered late): planned for today


@dataclass(frozen=True)
class Expansion:
    planned: tuple[PlannedStep, ...] = ()
    past: tuple[StepRule, ...] = field(default=())  # one-off steps long past: not planned


def short_menu(menu: str) -> str:
    """The treatment that matters for the next visit: "カット＋カラー" → "カラー", "カラー（リタッチ）" → "カラー"."""
    text = menu.strip()
    for key in _MENU_KEYS:
        if key in text:
            return "カラー" if key in ("ハイライト", "ブリーチ") and "カラー" not in text else key
    return text


def usual_interval_days(visit_days: Iterable[date], *, last: int = 6) -> int | None:
    """The customer's usual interval between visits: the median gap of the last visits, or None when unknown.

    Needs at least three visits (two gaps); visits within a week of each other count as one; the result is kept
    between two weeks and a year.
    """
    days = sorted(set(visit_days))
    merged: list[date] = []
    for day in days:
        if merged and (day - merged[-1]).days < 7:
            continue
        merged.append(day)
    merged = merged[-(last + 1) :]
    if len(merged) < 3:
        return None
    gaps = [(b - a).days for a, b in pairwise(merged)]
    return max(14, min(365, round(statistics.median(gaps))))


class _Fields(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def template_fields(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


KNOWN_FIELDS = frozenset(
    {
        "customer",
        "member",
        "name",
        "relation",
        "item",
        "menu",
        "interval",
        "milestone",
        "age",
        "n",
        "years",
        "year",
        "month",
        "day",
        "trigger_year",
        "trigger_month",
        "trigger_day",
    }
)


def check_template(template: str) -> str:
    """A reason template as stored; a ValidationError names an unknown field or a broken brace."""
    text = template.strip()
    if not text:
        raise ValidationError("理由", template, "理由の文面を入力してください", code="required")
    try:
        unknown = template_fields(text) - KNOWN_FIELDS
    except ValueError as exc:
        raise ValidationError(
            "理由", template, f"{{ }} の書き方が正しくありません（{exc}）", code="template"
        ) from exc
    if unknown:
        raise ValidationError(
            "理由", template, f"使えない差し込み項目です: {'、'.join(sorted(unknown))}", code="template"
        )
    return text


def render_reason(step: StepRule, facts: TriggerFacts, anchor: date, occurrence: int) -> str:
    values = _Fields(
        customer=facts.customer_name,
        member=facts.who,
        name=facts.member_name or facts.customer_name,
        relation=facts.relation,
        item=facts.item_name or "お品物",
        menu=short_menu(facts.menu) if facts.menu else "ご来店",
        interval=step.offset.interval_text(facts.usual_days),
        milestone=MILESTONE_LABELS_JA[facts.milestone] if facts.milestone else "",
        age=facts.age if facts.age is not None else "",
        n=occurrence + 1,
        years=max(0, age_on(facts.day, anchor)),
        year=anchor.year,
        month=anchor.month,
        day=anchor.day,
        trigger_year=facts.day.year,
        trigger_month=facts.day.month,
        trigger_day=facts.day.day,
    )
    try:
        text = step.reason_template.format_map(values)
    except (ValueError, IndexError, AttributeError):
        text = step.reason_template
    return text.replace("（）", "").strip()


def plan_occurrence(
    step: StepRule, facts: TriggerFacts, occurrence: int, policy: CalendarPolicy, today: date
) -> PlannedStep:
    """Plan one given occurrence of a step (used when re-planning after the trigger date changed)."""
    anchor = step.offset.anchor(facts.day, occurrence, facts.usual_days)
    nominal = step.offset.due(facts.day, occurrence, facts.usual_days)
    late = nominal < today
    due = policy.place(max(nominal, today), not_before=today)
    return PlannedStep(step, occurrence, anchor, due, render_reason(step, facts, anchor, occurrence), late)


def plan_step(
    step: StepRule,
    facts: TriggerFacts,
    policy: CalendarPolicy,
    today: date,
    *,
    start: int = 0,
    grace_days: int = GRACE_DAYS,
) -> PlannedStep | None:
    """The next occurrence of a step (number ≥ `start`) still worth planning, or None when it is long past."""
    found = step.offset.first_due_on_or_after(
        facts.day, today - timedelta(days=grace_days), start=start, usual_days=facts.usual_days
    )
    if found is None:
        return None
    return plan_occurrence(step, facts, found[0], policy, today)


def expand(
    steps: Sequence[StepRule],
    facts: TriggerFacts,
    policy: CalendarPolicy,
    today: date,
    *,
    grace_days: int = GRACE_DAYS,
) -> Expansion:
    """Every step of a scenario for one trigger: a repeating step gives its next occurrence only (the following
    one is planned when that one is done)."""
    planned = []
    past = []
    for step in sorted(steps, key=lambda s: s.position):
        one = plan_step(step, facts, policy, today, grace_days=grace_days)
        if one is None:
            past.append(step)
        else:
            planned.append(one)
    return Expansion(tuple(planned), tuple(past))


def next_after_done(
    step: StepRule, facts: TriggerFacts, done_dues: Iterable[date], policy: CalendarPolicy, today: date
) -> PlannedStep | None:
    """The occurrence of a repeating step that follows the ones already done or skipped (by their due dates,
    which staff may have moved a little), or None for a one-off step."""
    if not step.offset.repeats:
        return None
    done = [step.offset.nearest_occurrence(facts.day, day, facts.usual_days) for day in done_dues]
    start = max(done) + 1 if done else 0
    return plan_step(step, facts, policy, today, start=start)
