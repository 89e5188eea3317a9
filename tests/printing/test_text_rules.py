"""The pure text rules: merge fields, Japanese line breaking, and what 縦書き turns each character into."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmdesk.printing.linebreak import NO_LINE_END, NO_LINE_START, break_lines
from crmdesk.printing.pieces import Addressee, JointName, split_name
from crmdesk.printing.template_merge import (
    MissingMergeValueError,
    TemplateFieldError,
    field_uses,
    format_date,
    merge,
)
from crmdesk.printing.templates import shipped_templates
from crmdesk.printing.vertical import Numerals, Placement, cells_text, kanji_number, vertical_cells


def test_merge_fills_names_dates_and_optional_fields() -> None:
    values: dict[str, str | date | None] = {"宛名": "山﨑 美咲 様", "購入日": date(2026, 4, 1), "理由": None}
    text = "{{宛名}}\n{{購入日}}／{{購入日|西暦}}／{{購入日|月日}}{{理由?}}"
    assert merge(text, values) == "山﨑 美咲 様\n令和8年4月1日／2026年4月1日／4月1日"


def test_an_unknown_field_is_refused_with_its_name() -> None:
    with pytest.raises(TemplateFieldError) as caught:
        field_uses("{{お名前}}様 {{ペット名}}", "お礼状")
    assert "ペット名" in caught.value.message and "お礼状" in caught.value.message


@pytest.mark.parametrize("text", ["{{お名前", "お名前}}", "{{お名前|西暦}}", "{{ }}"])
def test_broken_or_misused_fields_are_refused(text: str) -> None:
    with pytest.raises(TemplateFieldError):
        field_uses(text)


def test_an_empty_required_field_names_the_field_and_the_customer() -> None:
    with pytest.raises(MissingMergeValueError) as caught:
        merge("{{商品名}}の点検", {"商品名": ""}, who="髙橋 太郎様")
    assert "髙橋 太郎様" in caught.value.message and "商品名" in caught.value.message


def test_the_first_year_of_an_era_is_gannen() -> None:
    assert format_date(date(2019, 5, 1)) == "令和元年5月1日"


def test_every_shipped_template_uses_only_known_fields() -> None:
    templates = shipped_templates()
    assert {"thanks", "inspection", "birthday", "long_time", "summer", "new_year"} <= set(templates)
    for template in templates.values():
        field_uses(template.body, template.name)
        assert template.title and template.body and template.label


def _width(text: str) -> float:
    return float(len(text))


def test_closing_brackets_and_small_kana_never_start_a_line() -> None:
    lines = break_lines("あいうえおかきくけ」こ", _width, 9)
    assert not any(line[:1] in NO_LINE_START for line in lines)
    assert "".join(lines) == "あいうえおかきくけ」こ"


def test_a_full_stop_hangs_at_the_end_of_the_line() -> None:
    assert break_lines("あいうえお。かき", _width, 5) == ["あいうえお。", "かき"]


def test_opening_brackets_never_end_a_line() -> None:
    lines = break_lines("あいうえ「かきくけ」", _width, 5)
    assert not any(line[-1:] in NO_LINE_END for line in lines)


def test_latin_words_are_not_split() -> None:
    assert break_lines("あいうZVW30です", _width, 6) == ["あいう", "ZVW30で", "す"]


@given(
    st.text(alphabet="あいう「」、。ーっABC 12", min_size=0, max_size=80),
    st.integers(min_value=3, max_value=20),
)
def test_line_breaking_never_loses_or_adds_characters(text: str, width: int) -> None:
    assert "".join(break_lines(text, _width, width)) == text


def test_vertical_text_rotates_dashes_and_uses_vertical_forms() -> None:
    cells = vertical_cells("コーヒー（ホット）、1-2-3", Numerals.KANJI)
    assert cells_text(cells) == "コーヒー︵ホット︶︑一ー二ー三"
    placements = {c.text: c.placement for c in cells}
    assert placements["ー"] is Placement.ROTATED


def test_without_vertical_forms_brackets_are_rotated_and_commas_moved() -> None:
    cells = vertical_cells("（あ）、", Numerals.KANJI, has_glyph=lambda _c: False)
    assert [c.placement for c in cells] == [
        Placement.ROTATED,
        Placement.UPRIGHT,
        Placement.ROTATED,
        Placement.UPPER_RIGHT,
    ]


def test_numbers_in_vertical_text() -> None:
    assert cells_text(vertical_cells("令和8年12月25日", Numerals.KANJI)) == "令和八年十二月二十五日"
    assert cells_text(vertical_cells("101号室", Numerals.KANJI)) == "一〇一号室"
    assert cells_text(vertical_cells("ZVW30", Numerals.KANJI)) == "ＺＶＷ３０"
    pair = vertical_cells("12月", Numerals.UPRIGHT)
    assert pair[0].placement is Placement.PAIR and pair[0].text == "12"
    assert [kanji_number(n) for n in (10, 11, 20, 99)] == ["十", "十一", "二十", "九十九"]


def test_joint_names_drop_the_shared_family_name() -> None:
    addressee = Addressee(
        name="髙橋 太郎", joint=(JointName("髙橋 花子"), JointName("一郎"), JointName("佐藤 梅"))
    )
    assert addressee.name_lines() == [("髙橋 太郎", "様"), ("花子", "様"), ("一郎", "様"), ("佐藤 梅", "様")]
    assert split_name("山﨑　美咲") == ("山﨑", "美咲")
    assert split_name("山﨑美咲") == ("山﨑美咲", "")
