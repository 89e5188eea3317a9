"""Calendar rules: holidays, closed days, month ends, leap days, repetition, ages and milestones."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmdesk.domain.calendar_rules import (
    Milestone,
    Shift,
    add_months,
    add_years,
    age_on,
    birth_date_ranges,
    birthday_in_year,
    closed_reason,
    coming_of_age_day,
    days_text,
    holiday_name,
    is_open_day,
    milestone_birth_range,
    milestones_between,
    month_day_windows,
    move_to_open_day,
    next_birthday,
    parse_offset,
    seijin_ceremony,
)
from crmdesk.domain.errors import ValidationError

WEDNESDAY = 2
SUNDAY = 6


def test_japanese_public_holidays_are_known_by_name() -> None:
    assert holiday_name(date(2026, 11, 23)) == "勤労感謝の日"
    assert holiday_name(date(2027, 1, 1)) == "元日"
    assert holiday_name(date(2026, 11, 24)) is None


def test_a_substitute_holiday_counts_as_closed() -> None:
    # 2026-05-03 (憲法記念日) is a Sunday: 2026-05-06 is a 振替休日
    assert "振替休日" in (holiday_name(date(2026, 5, 6)) or "")
    assert not is_open_day(date(2026, 5, 6))


def test_closed_reason_names_the_holiday_or_the_closed_weekday() -> None:
    assert closed_reason(date(2026, 11, 23)) == "祝日（勤労感謝の日）"
    assert closed_reason(date(2026, 11, 25), [WEDNESDAY]) == "定休日（水曜日）"
    assert closed_reason(date(2026, 11, 24), [WEDNESDAY]) is None


def test_a_follow_up_on_a_holiday_moves_to_the_day_before_by_default() -> None:
    # Monday 2026-11-23 is a holiday; Sunday 22nd is open
    assert move_to_open_day(date(2026, 11, 23)) == date(2026, 11, 22)


def test_moving_before_skips_closed_weekdays_too() -> None:
    # holiday Monday, closed on Sundays: Saturday the 21st
    assert move_to_open_day(date(2026, 11, 23), [SUNDAY], Shift.BEFORE) == date(2026, 11, 21)


def test_moving_after_skips_a_closed_wednesday_following_a_holiday() -> None:
    # 2026-09-21 敬老の日 (Mon), 22 国民の休日 (Tue), 23 秋分の日 (Wed): first open day after is Thursday 24th
    assert move_to_open_day(date(2026, 9, 21), [WEDNESDAY], "after") == date(2026, 9, 24)


def test_an_open_day_does_not_move() -> None:
    assert move_to_open_day(date(2026, 11, 24), [WEDNESDAY], "before") == date(2026, 11, 24)


def test_moving_before_never_goes_before_the_first_allowed_day() -> None:
    # Golden Week 2026: 4, 5, 6 May are holidays. Moving before would land on 2 May, before the purchase.
    moved = move_to_open_day(date(2026, 5, 4), [], "before", not_before=date(2026, 5, 3))
    assert moved == date(2026, 5, 7)


def test_a_store_closed_every_day_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        move_to_open_day(date(2026, 11, 23), range(7))
    assert caught.value.code == "all_closed"


def test_month_arithmetic_clamps_to_the_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 3, 31), 1) == date(2026, 4, 30)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


def test_a_leap_day_plus_one_year_is_february_28() -> None:
    assert add_years(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert add_years(date(2028, 2, 29), 4) == date(2032, 2, 29)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)), st.integers(-600, 600))
def test_adding_months_lands_in_the_right_month_and_never_after_the_same_day(day: date, months: int) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day <= day.day


def test_offsets_after_and_before_the_trigger() -> None:
    trigger = date(2026, 1, 31)
    assert parse_offset("+3d").due(trigger) == date(2026, 2, 3)
    assert parse_offset("-7d").due(trigger) == date(2026, 1, 24)
    assert parse_offset("+1w").due(trigger) == date(2026, 2, 7)
    assert parse_offset("+1m").due(trigger) == date(2026, 2, 28)
    assert parse_offset("+3y").due(date(2028, 2, 29)) == date(2031, 2, 28)
    assert parse_offset("0d").due(trigger) == trigger


def test_every_two_years_counts_from_the_first_occurrence_without_drifting_at_month_ends() -> None:
    shaken = parse_offset("+3y every 2y")
    trigger = date(2024, 2, 29)  # 車検 of a car bought on a leap day
    assert [shaken.due(trigger, n) for n in range(3)] == [
        date(2027, 2, 28),
        date(2029, 2, 28),
        date(2031, 2, 28),
    ]
    monthly = parse_offset("+1m every 1m")
    assert [monthly.due(date(2026, 1, 31), n) for n in range(3)] == [
        date(2026, 2, 28),
        date(2026, 3, 28),
        date(2026, 4, 28),
    ]


def test_a_lead_time_comes_before_each_occurrence_and_the_anchor_stays_the_real_date() -> None:
    offset = parse_offset("+3y every 2y, 2m before")
    assert offset.anchor(date(2023, 12, 10), 0) == date(2026, 12, 10)
    assert offset.due(date(2023, 12, 10), 0) == date(2026, 10, 10)
    assert offset.due(date(2023, 12, 10), 1) == date(2028, 10, 10)


def test_the_first_occurrence_still_ahead_of_a_day() -> None:
    offset = parse_offset("+3y every 2y, 2m before")
    assert offset.first_due_on_or_after(date(2020, 3, 15), date(2026, 11, 22)) == (2, date(2027, 1, 15))
    assert parse_offset("+3d").first_due_on_or_after(date(2020, 3, 15), date(2026, 11, 22)) is None


def test_the_occurrence_nearest_to_a_moved_date() -> None:
    offset = parse_offset("+3y every 2y")
    trigger = date(2020, 3, 15)
    assert offset.nearest_occurrence(trigger, date(2025, 2, 1)) == 1
    assert offset.nearest_occurrence(trigger, date(2023, 4, 30)) == 0
    assert offset.nearest_occurrence(trigger, date(2031, 1, 1)) == 4


def test_the_usual_interval_falls_back_when_unknown() -> None:
    offset = parse_offset("usual or +2m")
    assert offset.due(date(2026, 9, 1)) == date(2026, 11, 1)
    assert offset.due(date(2026, 9, 1), usual_days=45) == date(2026, 10, 16)
    assert offset.interval_text(45) == "1か月"
    assert offset.interval_text(None) == "2か月"


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("+3d", "3日後"),
        ("-7d", "7日前"),
        ("+3y every 2y", "3年後、以後2年ごと"),
        ("+3y every 2y, 2m before", "3年後、以後2年ごと（2か月前）"),
        ("usual or +2m", "いつもの来店間隔（不明なら2か月後）"),
        ("0d", "当日"),
    ],
)
def test_offsets_are_described_in_japanese_and_written_back_the_same(text: str, described: str) -> None:
    offset = parse_offset(text)
    assert offset.describe() == described
    assert parse_offset(offset.code()) == offset


@pytest.mark.parametrize("text", ["", "soon", "+3x", "every 0y", "usual", "3 days"])
def test_an_offset_that_is_not_understood_names_the_text(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_offset(text)
    assert caught.value.code == "offset"
    assert caught.value.value == text


def test_spans_of_days_in_words() -> None:
    assert days_text(61) == "2か月"
    assert days_text(365) == "1年"
    assert days_text(14) == "2週間"
    assert days_text(10) == "10日"


def test_a_leap_day_birthday_is_celebrated_on_february_28_in_common_years() -> None:
    born = date(2008, 2, 29)
    assert birthday_in_year(born, 2026) == date(2026, 2, 28)
    assert birthday_in_year(born, 2028) == date(2028, 2, 29)
    assert next_birthday(born, date(2026, 3, 1)) == date(2027, 2, 28)
    assert age_on(born, date(2026, 2, 27)) == 17
    assert age_on(born, date(2026, 2, 28)) == 18


def test_coming_of_age_day_is_the_second_monday_of_january() -> None:
    assert coming_of_age_day(2027) == date(2027, 1, 11)
    assert coming_of_age_day(2026) == date(2026, 1, 12)
    assert coming_of_age_day(2027).weekday() == 0


def test_the_seijin_ceremony_follows_the_school_year_of_turning_20() -> None:
    assert seijin_ceremony(date(2006, 4, 1)) == date(2026, 1, 12)  # turns 20 on 2026-04-01: school year 2025
    assert seijin_ceremony(date(2006, 4, 2)) == date(2027, 1, 11)
    assert seijin_ceremony(date(2007, 1, 15)) == date(2027, 1, 11)  # turns 20 a few days after the ceremony


def test_milestones_between_two_dates() -> None:
    found = milestones_between(date(1966, 12, 1), date(2026, 11, 22), date(2027, 3, 1))
    assert [(m.milestone, m.day, m.age, m.label) for m in found] == [
        (Milestone.KANREKI, date(2026, 12, 1), 60, "還暦")
    ]
    child = milestones_between(date(2009, 1, 20), date(2026, 11, 22), date(2027, 3, 1))
    assert [(m.milestone, m.day) for m in child] == [(Milestone.LICENCE, date(2027, 1, 20))]
    seijin = milestones_between(date(2006, 6, 1), date(2026, 11, 22), date(2027, 3, 1), [Milestone.SEIJIN])
    assert [m.day for m in seijin] == [date(2027, 1, 11)]


@given(
    st.dates(min_value=date(1920, 1, 1), max_value=date(2026, 11, 1)),
    st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(0, 120),
    st.sampled_from(list(Milestone)),
)
def test_the_birthday_range_of_a_milestone_holds_everyone_who_reaches_it(
    birthday: date, start: date, span: int, milestone: Milestone
) -> None:
    end = start + timedelta(days=span)
    if milestones_between(birthday, start, end, [milestone]):
        found = milestone_birth_range(milestone, start, end)
        assert found is not None
        assert found[0] <= birthday <= found[1]


@given(
    st.dates(min_value=date(1920, 1, 1), max_value=date(2026, 11, 1)),
    st.dates(min_value=date(2026, 1, 1), max_value=date(2029, 12, 31)),
    st.integers(0, 90),
)
def test_birth_date_ranges_hold_exactly_the_birthdays_celebrated_in_the_window(
    birthday: date, start: date, span: int
) -> None:
    end = start + timedelta(days=span)
    ranges = birth_date_ranges(month_day_windows(start, end), 1920, end.year)
    in_ranges = any(low <= birthday <= high for low, high in ranges)
    celebrated = start <= next_birthday(birthday, start) <= end
    assert in_ranges == celebrated


def test_a_window_across_the_new_year_is_two_month_day_ranges() -> None:
    assert month_day_windows(date(2026, 12, 25), date(2027, 1, 8)) == [((12, 25), (12, 31)), ((1, 1), (1, 8))]
    assert month_day_windows(date(2027, 2, 20), date(2027, 2, 28)) == [((2, 20), (2, 29))]
