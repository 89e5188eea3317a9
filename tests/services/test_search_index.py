"""The search index's own rules: row ids in ranking order, and folding as quick as it is right."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from crmdesk.domain.records import CustomerDraft
from crmdesk.domain.textnorm import fold
from crmdesk.services.bundle import Services
from crmdesk.services.demo import DemoGenerator
from crmdesk.services.search_index import (
    Doc,
    Source,
    _fold_value,
    _read_portable,
    _Sql,
    begin_bulk,
    build_doc,
    read_sources,
)
from crmdesk.storage import fts
from crmdesk.storage.migrate import upgrade

READINGS = st.text(
    alphabet=st.sampled_from(
        "アイウエオカキクケコサシスセソタチツテトナハマヤラワンガパーァッ ヴabcXYZ0129山田髙﨑あいう"
    ),
    max_size=8,
)


@given(READINGS, READINGS)
def test_rows_of_an_earlier_reading_never_come_after_a_later_one(a: str, b: str) -> None:
    first, second = sorted((a, b))
    assert fts.kana_bucket(first) <= fts.kana_bucket(second)
    assert fts.row_id(fts.row_base(1, first), 10) <= fts.row_id(fts.row_base(1, second), 10)


@given(READINGS, st.integers(1, fts.MAX_CUSTOMER_ID), st.integers(0, len(fts.FIELDS) - 1))
def test_a_row_id_says_which_customer_field_and_rank(kana: str, customer_id: int, field: int) -> None:
    row = fts.row_id(fts.row_base(customer_id, kana), field)
    assert (row >> fts.FIELD_BITS) & fts.CUSTOMER_MASK == customer_id
    assert row & fts.FIELD_MASK == field
    assert (row >> fts.BAND_SHIFT) + 2 == (2 if field <= 4 else 3 if field <= 9 else 4)
    assert any(low <= row <= high for low, high in fts.row_ranges(fts.row_base(customer_id, kana)))


def test_every_name_field_ranks_before_every_address_field_before_every_note() -> None:
    late_name = fts.row_id(fts.row_base(fts.MAX_CUSTOMER_ID, "ン" * 3), fts.FIELD_NUMBER["email"])
    early_address = fts.row_id(fts.row_base(1, ""), fts.FIELD_NUMBER["postal"])
    late_address = fts.row_id(fts.row_base(fts.MAX_CUSTOMER_ID, "ン" * 3), fts.FIELD_NUMBER["item"])
    early_note = fts.row_id(fts.row_base(1, ""), fts.FIELD_NUMBER["notes"])
    assert late_name < early_address and late_address < early_note


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_quick_folding_of_plain_ascii_is_the_same_fold(value: str) -> None:
    assert _fold_value(value) == fold(value)


@given(st.text(max_size=20))
def test_quick_folding_of_any_text_is_the_same_fold(value: str) -> None:
    assert _fold_value(value) == fold(value)


def test_a_card_becomes_folded_rows_and_keys() -> None:
    doc = build_doc(
        Source(
            customer_id=7,
            live=True,
            kana="サトウ ユウコ",
            names=("佐藤 優子",),
            code="C-007",
            phones=("09012345678",),
            emails=("yuko@example.jp",),
            address="東京都世田谷区",
            family_names=("佐藤 花子",),
            family_readings=("さとう はなこ",),
            notes=("ゴルフ", "", "ゴルフ"),
            history=("オイル交換", "", "オイル交換", "12か月点検"),
        )
    )
    rows = {fts.FIELDS[field]: (body, grams) for field, body, grams in doc.rows}
    assert rows["name"] == ("佐藤優子", "佐藤 藤優 優子 子")
    assert rows["kana"][0] == "サトウユウコ サトユコ"
    assert rows["family"][0] == "佐藤花子 サトウハナコ サトハナコ"
    assert rows["notes"] == ("ゴルフ", "ゴル ルフ フ")
    assert rows["history"] == ("オイル交換 12カ月点検", "")  # no bigram words: history needs 3 characters
    assert set(rows) == {"name", "kana", "code", "phone", "email", "address", "family", "notes", "history"}
    assert sorted(doc.keys) == sorted(
        [
            ("佐藤優子", 0),
            ("サトウユウコ", 1),
            ("サトユコ", 1),
            ("c007", 2),
            ("09012345678", 3),
            ("yukoexamplejp", 4),
        ]
    )


def test_the_portable_reads_see_the_same_cards_as_the_one_statement_on_sqlite(services: Services) -> None:
    DemoGenerator(services.ctx).generate(40, kind="dealer", seed=4)
    DemoGenerator(services.ctx).generate(20, kind="salon", seed=5)
    with services.ctx.db.read() as session:
        ids = services.customers.browse_ids()
        quick = {source.customer_id: build_doc(source) for source, _norms in read_sources(session, ids)}
        portable = {
            source.customer_id: build_doc(source) for source, _norms in _read_portable(_Sql(session), ids)
        }

    def pieces(doc: Doc) -> tuple[object, ...]:
        fields = {field: (set(body.split(" ")), set(grams.split(" "))) for field, body, grams in doc.rows}
        return doc.kana, doc.live, fields, set(doc.keys)

    assert len(quick) == len(ids) == 60
    assert {cid: pieces(doc) for cid, doc in portable.items()} == {
        cid: pieces(doc) for cid, doc in quick.items()
    }


def _index_contents(services: Services) -> dict[str, list[tuple[object, ...]]]:
    with services.ctx.db.engine.connect() as connection:
        return {
            table: [tuple(row) for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2"))]
            for table in ("search_text", "search_key", "search_sort")
        }


def test_the_demo_writes_the_same_index_a_rebuild_would_and_the_fts_indexes_agree(services: Services) -> None:
    DemoGenerator(services.ctx).generate(50, kind="dealer", seed=6)
    DemoGenerator(services.ctx).generate(30, kind="salon", seed=7)
    written = _index_contents(services)
    assert len(written["search_sort"]) == 80
    with services.ctx.db.engine.begin() as connection:
        for index in ("search_fts", "search_gram"):
            connection.execute(text(f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)"))
    assert services.search.rebuild_index() == 80
    assert _index_contents(services) == written


def _check_fts(services: Services) -> None:
    with services.ctx.db.engine.begin() as connection:
        for index in ("search_fts", "search_gram"):
            connection.execute(text(f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)"))


def test_a_rebuild_in_several_batches_leaves_the_same_index_and_keeps_it_current(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild reads, builds and writes a batch of cards at a time, then fills the FTS indexes in one go."""
    DemoGenerator(services.ctx).generate(40, kind="salon", seed=9)
    written = _index_contents(services)
    before = [services.search.search_ids(query) for query in ("林", "カット", "090", "yamada")]
    monkeypatch.setattr("crmdesk.services.search_index.REBUILD_BATCH", 7)
    assert services.search.rebuild_index() == 40
    assert _index_contents(services) == written
    _check_fts(services)
    assert [services.search.search_ids(query) for query in ("林", "カット", "090", "yamada")] == before
    services.customers.add_note(3, "一眼レフカメラ仲間")  # the triggers are back: a save is found at once
    assert [hit.customer_id for hit in services.search.search_ids("レフカメラ")] == [3]
    _check_fts(services)


def test_a_bulk_write_that_never_finished_is_indexed_on_the_next_start(services: Services) -> None:
    DemoGenerator(services.ctx).generate(5, seed=8)
    with services.ctx.db.transaction() as session:
        begin_bulk(session)  # as if a bulk writer had died after its first batch: rows without FTS
    goto = services.customers.create(
        CustomerDraft(name="後藤 一", name_kana="ゴトウ", memo="一眼レフカメラ")
    ).id
    assert services.search.search_ids("レフカメラ") == []
    upgrade(services.ctx.db)  # the next start: the missing triggers are put back and the indexes refilled
    assert [hit.customer_id for hit in services.search.search_ids("レフカメラ")] == [goto]
    services.customers.add_note(2, "レフカメラ仲間")
    assert {hit.customer_id for hit in services.search.search_ids("レフカメラ")} == {goto, 2}
