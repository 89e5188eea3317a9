"""Scenario expansion: dated follow-ups with reasons, holidays and closed days, month ends, leap days."""

from __future__ import annotations

from datetime import date

import pytest

from crmdesk.domain.calendar_rules import Milestone, Shift
from crmdesk.domain.errors import ValidationError
from crmdesk.domain.scenario_rules import (
    CalendarPolicy,
    StepRule,
    TriggerFacts,
    check_template,
    expand,
    next_after_done,
    plan_occurrence,
    short_menu,
    usual_interval_days,
)
from crmdesk.domain.values import FollowUpKind

TODAY = date(2026, 11, 22)
OPEN_EVERY_DAY = CalendarPolicy(holidays_closed=False)
CAR_STEPS = [
    StepRule.of(
        "+3d", "letter", "{trigger_month}月{trigger_day}日に{item}をご購入いただいたお礼状", position=0
    ),
    StepRule.of("+7d", "call", "お礼状が届いた頃です。{item}の乗り心地をお伺いする", position=1),
    StepRule.of("+1m", "inspection", "ご納車から1か月、1か月点検の時期です（{item}）", position=2),
    StepRule.of("+3y every 2y, 2m before", "inspection", "{month}月が車検の満了日です（{item}）", position=3),
]


def test_a_car_purchase_plans_letter_call_check_and_shaken_with_reasons() -> None:
    facts = TriggerFacts(date(2026, 11, 20), "山田 太郎", item_name="プリウス")
    plan = expand(CAR_STEPS, facts, OPEN_EVERY_DAY, TODAY)
    assert [(p.step.kind, p.due, p.reason) for p in plan.planned] == [
        (FollowUpKind.LETTER, date(2026, 11, 23), "11月20日にプリウスをご購入いただいたお礼状"),
        (FollowUpKind.CALL, date(2026, 11, 27), "お礼状が届いた頃です。プリウスの乗り心地をお伺いする"),
        (FollowUpKind.INSPECTION, date(2026, 12, 20), "ご納車から1か月、1か月点検の時期です（プリウス）"),
        (FollowUpKind.INSPECTION, date(2029, 9, 20), "11月が車検の満了日です（プリウス）"),
    ]


def test_the_thank_you_letter_on_a_holiday_moves_to_the_open_day_before() -> None:
    facts = TriggerFacts(date(2026, 11, 20), "山田 太郎", item_name="プリウス")
    store = CalendarPolicy(frozenset({6}), Shift.BEFORE)  # closed on Sundays
    letter = expand(CAR_STEPS[:1], facts, store, TODAY).planned[0]
    # +3d is Monday 23 (勤労感謝の日); Sunday 22 is closed: Saturday 21 would be before today, so Tuesday 24
    assert letter.due == date(2026, 11, 24)
    store_after = CalendarPolicy(frozenset({1}), Shift.AFTER)  # closed on Tuesdays, move after
    assert expand(CAR_STEPS[:1], facts, store_after, TODAY).planned[0].due == date(2026, 11, 25)


def test_a_closed_weekday_moves_the_step_to_the_day_before() -> None:
    facts = TriggerFacts(date(2026, 11, 18), "山田 太郎", item_name="プリウス")
    store = CalendarPolicy(frozenset({2}), Shift.BEFORE)  # closed on Wednesdays
    call = expand(CAR_STEPS[1:2], facts, store, TODAY).planned[0]
    assert call.due == date(2026, 11, 24)  # +7d is Wednesday 25
    assert call.anchor == date(2026, 11, 25)


def test_a_purchase_on_january_31_gets_its_one_month_check_on_the_last_day_of_february() -> None:
    facts = TriggerFacts(date(2027, 1, 31), "山田 太郎", item_name="ヤリス")
    check = expand(CAR_STEPS[2:3], facts, OPEN_EVERY_DAY, date(2027, 1, 31)).planned[0]
    assert check.due == date(2027, 2, 28)


def test_a_leap_day_purchase_gets_its_shaken_on_february_28() -> None:
    facts = TriggerFacts(date(2028, 2, 29), "山田 太郎", item_name="ノア")
    step = StepRule.of("+3y every 2y", "inspection", "{month}月{day}日が車検の満了日です")
    first = expand([step], facts, OPEN_EVERY_DAY, date(2028, 2, 29)).planned[0]
    assert (first.due, first.reason) == (date(2031, 2, 28), "2月28日が車検の満了日です")


def test_an_old_purchase_plans_only_the_next_shaken_and_counts_the_past_steps() -> None:
    facts = TriggerFacts(date(2020, 3, 15), "山田 太郎", item_name="アクア")
    plan = expand(CAR_STEPS, facts, OPEN_EVERY_DAY, TODAY)
    assert [(p.occurrence, p.due) for p in plan.planned] == [(2, date(2027, 1, 15))]
    assert plan.planned[0].reason == "3月が車検の満了日です（アクア）"
    assert len(plan.past) == 3


def test_a_purchase_entered_a_few_days_late_still_gets_its_letter_today() -> None:
    facts = TriggerFacts(date(2026, 11, 12), "山田 太郎", item_name="プリウス")
    letter = expand(CAR_STEPS[:1], facts, OPEN_EVERY_DAY, TODAY).planned[0]
    assert letter.due == TODAY
    assert letter.late


def test_the_next_shaken_follows_the_one_done_even_when_it_was_moved_by_hand() -> None:
    step = CAR_STEPS[3]
    facts = TriggerFacts(date(2023, 12, 10), "山田 太郎", item_name="プリウス")
    # the first 車検 follow-up was due 2026-10-10 and done a little early
    following = next_after_done(step, facts, [date(2026, 10, 2)], OPEN_EVERY_DAY, date(2026, 10, 2))
    assert following is not None
    assert (following.occurrence, following.due) == (1, date(2028, 10, 10))
    assert following.reason == "12月が車検の満了日です（プリウス）"
    assert next_after_done(CAR_STEPS[0], facts, [date(2026, 10, 2)], OPEN_EVERY_DAY, TODAY) is None


def test_replanning_an_occurrence_after_the_trigger_moved() -> None:
    facts = TriggerFacts(date(2026, 10, 1), "山田 太郎", item_name="プリウス")
    planned = plan_occurrence(CAR_STEPS[3], facts, 0, OPEN_EVERY_DAY, TODAY)
    assert (planned.due, planned.reason) == (date(2029, 8, 1), "10月が車検の満了日です（プリウス）")


def test_a_salon_call_when_the_usual_interval_has_passed() -> None:
    step = StepRule.of("usual or +2m", "call", "前回の{menu}から{interval}")
    known = TriggerFacts(date(2026, 11, 20), "佐藤 花子", menu="カット＋カラー", usual_days=62)
    planned = expand([step], known, OPEN_EVERY_DAY, TODAY).planned[0]
    assert (planned.due, planned.reason) == (date(2027, 1, 21), "前回のカラーから2か月")
    unknown = TriggerFacts(date(2026, 11, 20), "佐藤 花子", menu="縮毛矯正")
    planned = expand([step], unknown, OPEN_EVERY_DAY, TODAY).planned[0]
    assert (planned.due, planned.reason) == (date(2027, 1, 20), "前回の縮毛矯正から2か月")


def test_a_birthday_gift_a_week_before_names_the_person() -> None:
    step = StepRule.of("-7d", "gift", "{month}月{day}日が{member}のお誕生日です（{age}歳）")
    facts = TriggerFacts(date(2026, 12, 5), "山田 太郎", member_name="山田 翔", relation="長男", age=18)
    planned = expand([step], facts, OPEN_EVERY_DAY, TODAY).planned[0]
    assert (planned.due, planned.reason) == (
        date(2026, 11, 28),
        "12月5日が長男の山田 翔様のお誕生日です（18歳）",
    )
    own = TriggerFacts(date(2026, 12, 5), "山田 太郎", age=60, milestone=Milestone.KANREKI)
    reason = expand(
        [StepRule.of("-14d", "gift", "{member}が{milestone}（{age}歳）")], own, OPEN_EVERY_DAY, TODAY
    ).planned[0]
    assert reason.reason == "山田 太郎様が還暦（60歳）"


def test_an_unknown_field_in_a_template_is_refused_when_saving() -> None:
    with pytest.raises(ValidationError) as caught:
        check_template("{month}月が{nonsense}です")
    assert caught.value.code == "template"
    with pytest.raises(ValidationError):
        check_template("{month月です")
    with pytest.raises(ValidationError):
        check_template("   ")
    assert check_template(" {month}月が車検の満了日です ") == "{month}月が車検の満了日です"


@pytest.mark.parametrize(
    ("menu", "short"),
    [
        ("カット＋カラー", "カラー"),
        ("カラー（リタッチ）", "カラー"),
        ("カット＋ハイライト", "カラー"),
        ("縮毛矯正", "縮毛矯正"),
        ("パーマ", "パーマ"),
        ("カット", "カット"),
        ("着付け", "着付け"),
    ],
)
def test_the_treatment_that_decides_the_next_visit(menu: str, short: str) -> None:
    assert short_menu(menu) == short


def test_the_usual_interval_is_the_median_gap_between_visits() -> None:
    visits = [date(2026, 1, 10), date(2026, 3, 12), date(2026, 5, 10), date(2026, 7, 15), date(2026, 7, 17)]
    assert usual_interval_days(visits) == 61
    assert usual_interval_days(visits[:2]) is None  # two visits are not a habit yet
    assert usual_interval_days([date(2026, 1, 1), date(2026, 1, 8), date(2026, 1, 15)]) == 14
