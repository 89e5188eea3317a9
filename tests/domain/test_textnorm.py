"""Search folding: whatever form the receptionist types meets whatever form was stored."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from crmdesk.domain.textnorm import (
    digits_only,
    fold,
    fold_words,
    is_katakana,
    loose_kana,
    nfkc,
    normalize_text,
    romaji_to_katakana,
    to_katakana,
)


def test_existing_helpers_keep_their_meaning() -> None:
    assert nfkc("ＡＢＣ１２３") == "ABC123"
    assert to_katakana("ﾔﾏﾀﾞ　たろう") == "ヤマダ タロウ"
    assert normalize_text("Ｙａｍａｄａ　やまだ") == "yamadaヤマダ"
    assert digits_only("０９０（１２３４）５６７８") == "09012345678"


@pytest.mark.parametrize("written", ["山田太郎", "山田 太郎", "山田　太郎", " 山田  太郎 ", "山田・太郎"])
def test_a_name_folds_the_same_with_or_without_spaces(written: str) -> None:
    assert fold(written) == "山田太郎"


@pytest.mark.parametrize("written", ["やまだ", "ヤマダ", "ﾔﾏﾀﾞ", "ヤ マ ダ"])
def test_a_reading_folds_the_same_in_every_kana_form(written: str) -> None:
    assert fold(written) == "ヤマダ"


@pytest.mark.parametrize(
    "written", ["090-1234-5678", "09012345678", "０９０（１２３４）５６７８", "090 1234 5678"]
)
def test_a_phone_number_folds_to_its_digits(written: str) -> None:
    assert fold(written) == "09012345678"


def test_variant_kanji_fold_inside_search_text() -> None:
    assert fold("髙橋") == fold("高橋")
    assert fold("渡邉 様") == fold("渡辺様")
    assert fold("齋藤") == fold("斉藤")


def test_ideographic_variation_selectors_are_dropped() -> None:
    assert fold("葛\U000e0100飾区") == "葛飾区"


def test_small_ke_in_place_names_folds() -> None:
    assert fold("霞ヶ関") == fold("霞ケ関") == fold("霞が関".replace("が", "ケ"))


def test_latin_folds_to_lower_case_without_punctuation() -> None:
    assert fold("Taro.Yamada@Example.COM") == "taroyamadaexamplecom"
    assert fold("品川 300 あ 12-34") == "品川300ア1234"


def test_fold_words_splits_on_any_space() -> None:
    assert fold_words("山田\u3000ゴルフ  090") == ["山田", "ゴルフ", "090"]
    assert fold_words("  、 ") == []


@pytest.mark.parametrize(
    ("typed", "kana"),
    [
        ("yamada", "ヤマダ"),
        ("YAMADA", "ヤマダ"),
        ("satou", "サトウ"),
        ("kanno", "カンノ"),
        ("kan'ichi", "カンイチ"),
        ("homma", "ホンマ"),
        ("namba", "ナンバ"),
        ("Satō", "サトウ"),
        ("yamada taro", "ヤマダタロ"),
        ("ｙａｍａｄａ", "ヤマダ"),
    ],
)
def test_romaji_becomes_katakana(typed: str, kana: str) -> None:
    assert romaji_to_katakana(typed) == kana


@pytest.mark.parametrize("typed", ["", "山田", "090", "xyz", "qq", "a1", "taro@example"])
def test_text_that_is_not_romaji_is_left_alone(typed: str) -> None:
    assert romaji_to_katakana(typed) is None


@pytest.mark.parametrize(
    ("reading", "loose"),
    [
        ("サトウ", "サト"),
        ("サトー", "サト"),
        ("ユウコ", "ユコ"),
        ("オオノ", "オノ"),
        ("トオル", "トル"),
        ("ヤマダ", "ヤマダ"),
    ],
)
def test_loose_readings_drop_long_vowels(reading: str, loose: str) -> None:
    assert loose_kana(reading) == loose


def test_passport_romaji_meets_the_stored_reading_loosely() -> None:
    for typed, stored in (("sato", "サトウ"), ("yuko", "ユウコ"), ("ono", "オオノ"), ("ohno", "オオノ")):
        kana = romaji_to_katakana(typed)
        assert kana is not None
        assert loose_kana(kana) == loose_kana(stored)


def test_loose_kana_leaves_other_text_unchanged() -> None:
    assert loose_kana("山田ユウコ") == "山田ユウコ"
    assert not is_katakana("abc")


@given(st.text())
@example("ᄀ_ᅡ")  # removing the separator lets the jamo compose
@example("İ")
@example("ﾊﾟｰﾄ　ﾀｲﾑ")
def test_folding_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@given(st.text())
def test_folded_text_is_nfkc_letters_and_digits_only(text: str) -> None:
    folded = fold(text)
    assert unicodedata.is_normalized("NFKC", folded)
    assert all(ch.isalnum() for ch in folded)
    assert not any("ぁ" <= ch <= "ゖ" for ch in folded)


@given(st.text(alphabet=st.characters(min_codepoint=0x30A1, max_codepoint=0x30FC)))
def test_loose_kana_is_idempotent(text: str) -> None:
    once = loose_kana(fold(text))
    assert loose_kana(once) == once


_JAPANESE = st.text(
    alphabet=st.characters(min_codepoint=0x3000, max_codepoint=0x9FFF) | st.sampled_from("ｱｶﾞﾊﾟ -09AZaz")
)


@given(_JAPANESE, _JAPANESE)
def test_folding_a_concatenation_contains_both_parts(a: str, b: str) -> None:
    # what the index stores for "a b" always contains the query forms of a and of b
    joined = fold(a + " " + b)
    assert fold(a) in joined
    assert fold(b) in joined
