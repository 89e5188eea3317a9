"""Values as stores write them: ○/×, 男/女, phones with full-width digits, 〒, names with 様."""

from __future__ import annotations

import pytest

from crmdesk.domain.cell_values import (
    clean_cell,
    is_blank_marker,
    parse_bool,
    parse_kind,
    parse_phase,
    parse_postal,
    parse_sex,
    split_name,
    split_tags,
    split_values,
    tidy_phone,
)
from crmdesk.domain.errors import ValidationError
from crmdesk.domain.values import CustomerKind, Honorific, Phase, Sex


@pytest.mark.parametrize(
    "text", ["○", "◯", "〇", "可", "要", "はい", "Yes", "1", "希望", "ＯＫ", "TRUE", "送付"]
)
def test_yes_marks_read_as_yes(text: str) -> None:
    assert parse_bool(text) is True


@pytest.mark.parametrize(
    "text", ["×", "✕", "不可", "不要", "いいえ", "no", "0", "拒否", "希望しない", "DM不要"]
)
def test_no_marks_read_as_no(text: str) -> None:
    assert parse_bool(text) is False


@pytest.mark.parametrize("text", ["", "-", "ー", "不明", "未確認"])
def test_an_unknown_answer_reads_as_not_asked(text: str) -> None:
    assert parse_bool(text) is None


def test_a_yes_no_value_that_means_neither_is_refused_naming_the_value() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_bool("たぶん", field="DM可否")
    assert caught.value.field == "DM可否"
    assert caught.value.value == "たぶん"


@pytest.mark.parametrize(
    ("text", "sex"),
    [
        ("男", Sex.MALE),
        ("男性", Sex.MALE),
        ("M", Sex.MALE),
        ("女", Sex.FEMALE),
        ("女性", Sex.FEMALE),
        ("ｆ", Sex.FEMALE),
    ],
)
def test_sex_is_read_from_the_usual_words(text: str, sex: Sex) -> None:
    assert parse_sex(text) is sex
    assert parse_sex("") is None


def test_phase_and_kind_are_read_from_their_japanese_words() -> None:
    assert parse_phase("休眠") is Phase.DORMANT
    assert parse_phase("既存客") is Phase.EXISTING
    assert parse_kind("法人") is CustomerKind.COMPANY
    with pytest.raises(ValidationError):
        parse_phase("VIP")


@pytest.mark.parametrize(
    "text", ["〒１２３－４５６７", "123-4567", "1234567", "〒123-4567", "123 4567", "１２３ー４５６７"]
)
def test_postal_codes_are_read_with_or_without_mark_and_hyphen(text: str) -> None:
    assert parse_postal(text) == "1234567"


def test_a_postal_code_whose_leading_zero_excel_dropped_gets_it_back() -> None:
    assert parse_postal("600042") == "0600042"
    with pytest.raises(ValidationError):
        parse_postal("12-34")


def test_phones_are_written_half_width_and_excel_dropped_zeros_come_back() -> None:
    assert tidy_phone("０３－７８７５－３６６７") == "03-7875-3667"
    assert tidy_phone("9012345678") == "09012345678"
    assert tidy_phone("312345678") == "0312345678"
    assert tidy_phone("090(5570)1490") == "090(5570)1490"


def test_several_values_in_one_cell_are_split_but_spaces_inside_a_number_are_not() -> None:
    assert split_values("090-1111-2222 / 03-3333-4444") == ["090-1111-2222", "03-3333-4444"]
    assert split_values("080 5668 0480") == ["080 5668 0480"]
    assert split_tags("VIP、紹介, 車検") == ["VIP", "紹介", "車検"]


def test_a_name_keeps_its_characters_and_loses_a_trailing_honorific() -> None:
    parts = split_name("小林\u3000翔太 様")
    assert parts.name == "小林 翔太"
    assert parts.honorific is Honorific.SAMA
    company = split_name("株式会社山田商事 御中")
    assert company.looks_like_company and company.honorific is Honorific.ONCHU
    assert split_name("髙橋 一郎", strip_honorific=False).name == "髙橋 一郎"


def test_excel_text_wrappers_and_our_formula_guard_are_taken_off() -> None:
    assert clean_cell('="00123"') == "00123"
    assert clean_cell("'=SUM(A1)") == "=SUM(A1)"
    assert clean_cell("''=x") == "'=x"
    assert clean_cell("  line1\r\nline2 ") == "line1\nline2"
    assert is_blank_marker("不明") and is_blank_marker("ー") and not is_blank_marker("山田")
