"""Dates as stores write them: western and 和暦, 元年, full-width digits, and dates that do not exist."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmdesk.domain.eras import DateStyle, era_of, format_date, format_wareki, parse_date
from crmdesk.domain.errors import ValidationError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023/4/1", date(2023, 4, 1)),
        ("2023-04-01", date(2023, 4, 1)),
        ("2023.4.1", date(2023, 4, 1)),
        ("2023年4月1日", date(2023, 4, 1)),
        ("2023年04月01日", date(2023, 4, 1)),
        ("20230401", date(2023, 4, 1)),
        ("２０２３／４／１", date(2023, 4, 1)),
        ("２０２３年４月１日", date(2023, 4, 1)),
        ("2023/4/1 0:00", date(2023, 4, 1)),
        ("2023-04-01T00:00:00", date(2023, 4, 1)),
        ("令和5年4月1日", date(2023, 4, 1)),
        ("令和５年４月１日", date(2023, 4, 1)),
        ("令和5年4月1日(土)", date(2023, 4, 1)),
        ("R5.4.1", date(2023, 4, 1)),
        ("R5/4/1", date(2023, 4, 1)),
        ("r05-04-01", date(2023, 4, 1)),
        ("Ｒ５．４．１", date(2023, 4, 1)),
        ("S60.4.3", date(1985, 4, 3)),
        ("S60/4/3", date(1985, 4, 3)),
        ("昭和60年4月3日", date(1985, 4, 3)),
        ("H14.8.18", date(2002, 8, 18)),
        ("平成4年6月10日", date(1992, 6, 10)),
        ("大正3年2月1日", date(1914, 2, 1)),
        ("T3.2.1", date(1914, 2, 1)),
        ("1964.2.29", date(1964, 2, 29)),
    ],
)
def test_every_usual_way_of_writing_a_date_is_read(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和元年5月1日", date(2019, 5, 1)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("H元.1.8", date(1989, 1, 8)),
        ("R元/5/1", date(2019, 5, 1)),
        ("昭和元年12月25日", date(1926, 12, 25)),
        ("大正元年7月30日", date(1912, 7, 30)),
        ("㍻元年2月1日", date(1989, 2, 1)),
    ],
)
def test_the_first_year_of_an_era_written_gannen_is_read(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2023/02/30", "2023年2月30日という日は存在しません"),
        ("2023/2/29", "存在しません"),
        ("令和5年2月30日", "存在しません"),
        ("2023/13/1", "13月という月はありません"),
        ("平成31年5月1日", "平成は平成31年4月30日までです"),
        ("平成32年1月1日", "平成は平成31年4月30日まで"),
        ("昭和元年1月1日", "昭和は昭和元年12月25日からです"),
        ("令和0年1月1日", "令和0年はありません"),
        ("不明", "日付として読めません"),
        ("23/4/1", "日付として読めません"),
        ("", "日付が空です"),
    ],
)
def test_a_date_that_does_not_exist_is_refused_with_a_clear_message_naming_the_value(
    text: str, words: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_date(text, field="生年月日")
    assert words in caught.value.reason
    assert caught.value.field == "生年月日"
    assert caught.value.value == text
    if text:
        assert text in caught.value.message


def test_wareki_is_written_with_gannen_for_the_first_year() -> None:
    assert format_wareki(date(2023, 4, 1)) == "令和5年4月1日"
    assert format_wareki(date(2019, 5, 1)) == "令和元年5月1日"
    assert format_wareki(date(2019, 4, 30)) == "平成31年4月30日"
    assert format_wareki(date(1989, 1, 7)) == "昭和64年1月7日"
    assert format_wareki(date(1989, 1, 8), gannen=False) == "平成1年1月8日"


def test_each_date_style_writes_the_same_day() -> None:
    day = date(1985, 4, 3)
    assert format_date(day, DateStyle.ISO) == "1985-04-03"
    assert format_date(day, DateStyle.SLASH) == "1985/04/03"
    assert format_date(day, DateStyle.KANJI) == "1985年4月3日"
    assert format_date(day, DateStyle.WAREKI) == "昭和60年4月3日"
    assert format_date(day, "wareki_short") == "S60.4.3"
    assert format_date(None) == ""


def test_the_era_of_a_day_changes_on_the_day_the_emperor_changed() -> None:
    assert era_of(date(2019, 4, 30)).name == "平成"
    assert era_of(date(2019, 5, 1)).name == "令和"
    assert era_of(date(1926, 12, 24)).name == "大正"
    assert era_of(date(1926, 12, 25)).name == "昭和"


@given(st.dates(min_value=date(1912, 7, 30), max_value=date(2100, 12, 31)), st.sampled_from(list(DateStyle)))
def test_any_date_written_in_any_style_reads_back_as_the_same_day(day: date, style: DateStyle) -> None:
    assert parse_date(format_date(day, style)) == day
