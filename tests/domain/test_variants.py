"""Variant kanji (異体字) folding from the bundled, published table."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmdesk.domain.variants import VariantTable, default_table, fold_variants


@pytest.mark.parametrize(
    ("written", "plain"),
    [
        ("髙橋", "高橋"),
        ("山﨑", "山崎"),
        ("渡邉", "渡辺"),
        ("渡邊", "渡辺"),
        ("濵田", "浜田"),
        ("濱田", "浜田"),
        ("德永", "徳永"),
        ("吉田", "𠮷田"),
        ("舘野", "館野"),
        ("冨田", "富田"),
        ("小嶋", "小島"),
        ("澤口", "沢口"),
        ("櫻井", "桜井"),
        ("國分", "国分"),
        ("淸水", "清水"),
        ("廣瀬", "広瀬"),
        ("眞鍋", "真鍋"),
        ("瀨戸", "瀬戸"),
        ("惠子", "恵子"),
        ("龍之介", "竜之介"),
        ("桒原", "桑原"),
    ],
)
def test_common_name_variants_fold_to_the_same_characters(written: str, plain: str) -> None:
    assert fold_variants(written) == fold_variants(plain)


def test_the_four_saito_spellings_meet() -> None:
    assert len({fold_variants(name) for name in ("齋藤", "齊藤", "斎藤", "斉藤")}) == 1


@pytest.mark.parametrize(
    ("a", "b"), [("埼", "崎"), ("己", "已"), ("暦", "歴"), ("文", "穏"), ("田", "由"), ("土", "士")]
)
def test_different_everyday_kanji_stay_different(a: str, b: str) -> None:
    assert fold_variants(a) != fold_variants(b)


def test_the_table_is_large_and_comes_from_the_published_sources() -> None:
    table = default_table()
    assert len(table) > 3000  # not a hand-picked list
    assert table.representative("髙") == "高"
    assert table.representative("高") == "高"


def test_a_representative_is_never_itself_a_variant() -> None:
    table = default_table()
    assert not set(table.mapping.values()) & set(table.mapping)


def test_a_table_whose_representative_is_a_variant_is_refused() -> None:
    with pytest.raises(ValueError, match="itself a variant"):
        VariantTable([("a", "b"), ("b", "c")])


def test_a_malformed_table_line_is_reported_with_its_number() -> None:
    with pytest.raises(ValueError, match="line 2"):
        VariantTable.parse("# comment\n髙 高\n")


@given(st.text())
def test_folding_variants_twice_changes_nothing(text: str) -> None:
    once = fold_variants(text)
    assert fold_variants(once) == once


@given(st.text(alphabet=st.sampled_from(sorted(default_table().mapping)), min_size=1, max_size=8))
def test_every_variant_folds_to_a_string_without_variants(text: str) -> None:
    folded = fold_variants(text)
    assert not set(folded) & set(default_table().mapping)
