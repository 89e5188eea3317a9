"""Search: the receptionist types what the caller says, and the right card comes first."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from crmdesk.domain.errors import ValidationError
from crmdesk.domain.records import (
    ContactPoint,
    CustomerDraft,
    EventDraft,
    FamilyMember,
    FollowUpDraft,
    OwnedItem,
)
from crmdesk.domain.values import ContactKind, EventKind, FollowUpKind, ItemCategory, Phase
from crmdesk.services.bundle import Services
from crmdesk.services.search import SearchFilters, SearchService, like_scan_ids, query_forms
from crmdesk.storage.database import Database
from crmdesk.storage.migrate import upgrade


@pytest.fixture
def search(services: Services) -> SearchService:
    return SearchService(services.ctx)


def _card(services: Services, name: str, kana: str = "", **fields: object) -> int:
    draft = CustomerDraft(name=name, name_kana=kana)
    for key, value in fields.items():
        setattr(draft, key, value)
    return services.customers.create(draft).id


@pytest.fixture
def store(services: Services) -> dict[str, int]:
    """A small store with the names that trip search up."""
    return {
        "takahashi": _card(
            services,
            "髙橋 一郎",
            "たかはし いちろう",
            code="A-001",
            postal_code="154-0024",
            address1="東京都世田谷区三軒茶屋1-2-3",
            contacts=[
                ContactPoint(ContactKind.MOBILE, "090-1234-5678"),
                ContactPoint(ContactKind.EMAIL, "ichiro.t@example.jp"),
            ],
            family=[FamilyMember("長女", "髙橋 花子", "タカハシ ハナコ")],
            items=[OwnedItem("プリウス", ItemCategory.CAR, "品川 300 あ 12-34")],
            tags=["VIP"],
        ),
        "watanabe": _card(
            services,
            "渡邉 さくら",
            "ワタナベ サクラ",
            contacts=[ContactPoint(ContactKind.PHONE, "03-3333-4444")],
        ),
        "kobayashi": _card(services, "小林 健", "コバヤシ ケン", address1="埼玉県川越市"),
        "hayashi": _card(services, "林 美咲", "ハヤシ ミサキ"),
        "mori": _card(services, "森 大輔", "モリ ダイスケ"),
        "saito": _card(services, "齋藤 雅人", "サイトウ マサト"),
        "sato": _card(services, "佐藤 優子", "サトウ ユウコ"),
        "yamazaki": _card(services, "山﨑 修", "ヤマザキ オサム"),
        "hamada": _card(services, "濵田 剛", "ハマダ ツヨシ"),
        "tokunaga": _card(services, "德永 純", "トクナガ ジュン"),
    }


def _ids(search: SearchService, query: str, **kwargs: object) -> list[int]:
    return [hit.customer_id for hit in search.search_ids(query, **kwargs)]  # type: ignore[arg-type]


def test_sqlite_version_is_known_at_start(search: SearchService) -> None:
    assert search.sqlite_version == sqlite3.sqlite_version_info


@pytest.mark.parametrize("typed", ["髙橋一郎", "高橋一郎", "高橋 一郎", "高橋　一郎", "髙橋"])
def test_a_name_is_found_in_any_written_form(
    search: SearchService, store: dict[str, int], typed: str
) -> None:
    assert _ids(search, typed)[0] == store["takahashi"]


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        ("渡辺", "watanabe"),
        ("渡邊", "watanabe"),
        ("渡邉", "watanabe"),
        ("斎藤", "saito"),
        ("斉藤", "saito"),
        ("齊藤", "saito"),
        ("山崎", "yamazaki"),
        ("浜田", "hamada"),
        ("濱田", "hamada"),
        ("徳永", "tokunaga"),
    ],
)
def test_variant_kanji_find_each_other(
    search: SearchService, store: dict[str, int], typed: str, who: str
) -> None:
    assert _ids(search, typed)[0] == store[who]


@pytest.mark.parametrize(
    "typed",
    ["たかはし", "タカハシ", "ﾀｶﾊｼ", "takahashi", "TAKAHASHI", "タカハシイチロウ", "takahashi ichiro"],
)
def test_the_reading_is_found_in_any_kana_form_and_in_romaji(
    search: SearchService, store: dict[str, int], typed: str
) -> None:
    assert _ids(search, typed)[0] == store["takahashi"]


def test_passport_romaji_without_long_vowels_finds_the_reading(
    search: SearchService, store: dict[str, int]
) -> None:
    assert store["sato"] in _ids(search, "sato yuko")
    assert store["sato"] in _ids(search, "yuko")
    assert store["saito"] in _ids(search, "saito")


@pytest.mark.parametrize(
    "typed", ["090-1234-5678", "09012345678", "０９０（１２３４）５６７８", "12345678", "5678", "090-1234"]
)
def test_a_phone_number_or_a_fragment_finds_the_customer(
    search: SearchService, store: dict[str, int], typed: str
) -> None:
    hits = search.search_ids(typed)
    assert hits[0].customer_id == store["takahashi"]
    assert "phone" in hits[0].matched


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ("A-001", "code"),
        ("a001", "code"),
        ("ichiro.t@example", "email"),
        ("154-0024", "postal"),
        ("三軒茶屋", "address"),
        ("品川300", "item"),
        ("12-34", "item"),
        ("プリウス", "item"),
        ("花子", "family"),
        ("はなこ", "family"),
        ("VIP", "tag"),
    ],
)
def test_every_field_of_the_card_is_searchable_and_says_where_it_matched(
    search: SearchService, store: dict[str, int], typed: str, field: str
) -> None:
    hits = search.search_ids(typed)
    assert hits[0].customer_id == store["takahashi"]
    assert field in hits[0].matched


@pytest.mark.parametrize(
    ("typed", "who"), [("林", "hayashi"), ("森", "mori"), ("佐藤", "sato"), ("ハヤ", "hayashi")]
)
def test_one_and_two_character_queries_work(
    search: SearchService, store: dict[str, int], typed: str, who: str
) -> None:
    assert _ids(search, typed)[0] == store[who]


def test_a_one_character_query_also_finds_it_inside_names(
    search: SearchService, store: dict[str, int]
) -> None:
    ids = _ids(search, "林")
    assert ids[:2] == [store["hayashi"], store["kobayashi"]]  # 林 starts the name first, then 小林


def test_exact_matches_come_before_prefixes_before_notes(
    services: Services, search: SearchService, store: dict[str, int]
) -> None:
    only_in_notes = _card(services, "青木 翔", "アオキ ショウ")
    services.customers.add_note(only_in_notes, "林さんの紹介で来店")
    in_history = _card(services, "石井 玲", "イシイ レイ")
    services.history.add(in_history, EventDraft(EventKind.CALL, "林様の件で折り返し"))
    hits = search.search_ids("林")
    assert [h.customer_id for h in hits[:3]] == [store["hayashi"], store["kobayashi"], only_in_notes]
    assert hits[0].rank < hits[1].rank < hits[2].rank
    assert hits[2].matched == ("notes",)
    # history needs three characters or more
    assert in_history not in [h.customer_id for h in hits]
    history_hits = search.search_ids("林様の件")
    assert [(h.customer_id, h.matched) for h in history_hits] == [(in_history, ("history",))]


def test_an_exact_name_ranks_above_a_longer_name(services: Services, search: SearchService) -> None:
    longer = _card(services, "森本 直樹", "モリモト ナオキ")
    exact = _card(services, "森", "モリ")
    hits = search.search_ids("森")
    assert [h.customer_id for h in hits] == [exact, longer]
    assert hits[0].rank == 0


def test_an_edit_is_found_at_once_and_the_old_text_is_gone(
    services: Services, search: SearchService, store: dict[str, int]
) -> None:
    card = services.customers.card(store["mori"])
    draft = card.to_draft()
    draft.name = "森川 大輔"
    draft.contacts = [ContactPoint(ContactKind.MOBILE, "080-9999-0000")]
    services.customers.update(card.id, draft)
    assert _ids(search, "森川") == [store["mori"]]
    assert _ids(search, "99990000") == [store["mori"]]
    assert store["mori"] not in _ids(search, "森大輔")


def test_a_trashed_customer_never_appears_and_comes_back_when_restored(
    services: Services, search: SearchService, store: dict[str, int]
) -> None:
    services.customers.delete(store["hayashi"])
    assert store["hayashi"] not in _ids(search, "林")
    assert store["hayashi"] not in _ids(search, "")
    other = _card(services, "林 次郎", "ハヤシ ジロウ")
    assert [row.id for row, _hit in search.search("林", limit=1)] == [other]  # the first page too
    services.customers.restore(store["hayashi"])
    assert _ids(search, "林")[:2] == [other, store["hayashi"]]  # ハヤシ ジロウ before ハヤシ ミサキ
    assert [row.id for row, _hit in search.search("林", limit=2)] == [other, store["hayashi"]]


def test_a_purged_customer_leaves_nothing_in_the_index(
    services: Services, search: SearchService, db: Database, store: dict[str, int]
) -> None:
    services.customers.delete(store["mori"])
    services.customers.purge(store["mori"])
    with db.engine.connect() as connection:
        left = connection.execute(
            text("SELECT count(*) FROM search_text WHERE id / 16 = :c"), {"c": store["mori"]}
        ).scalar()
        in_fts = connection.execute(
            text("SELECT count(*) FROM search_fts WHERE search_fts MATCH '\"森大輔\"'")
        ).scalar()
    assert left == 0
    assert in_fts == 0
    assert _ids(search, "森") == []


def test_notes_and_history_added_later_are_searchable(
    services: Services, search: SearchService, store: dict[str, int]
) -> None:
    services.customers.add_note(store["sato"], "トイプードルを飼っている")
    services.history.add(store["sato"], EventDraft(EventKind.VISIT, "カットとカラー", menu="ヘッドスパ"))
    assert _ids(search, "プードル") == [store["sato"]]
    assert _ids(search, "ヘッドスパ") == [store["sato"]]
    assert search.search_ids("ヘッドスパ")[0].matched == ("history",)


def test_filters_combine_with_the_text(services: Services, search: SearchService) -> None:
    a = _card(
        services,
        "林 一",
        "ハヤシ ハジメ",
        phase=Phase.EXISTING,
        staff="大野",
        tags=["VIP"],
        birthday=date(1980, 4, 1),
    )
    b = _card(
        services, "林 二郎", "ハヤシ ジロウ", phase=Phase.PROSPECT, staff="村上", birthday=date(1990, 5, 2)
    )
    services.followups.add(b, FollowUpDraft(date(2026, 12, 1), FollowUpKind.CALL, "点検のご案内"))
    services.history.add(
        a, EventDraft(EventKind.CALL, "ご挨拶", occurred_at=datetime(2026, 11, 1, 3, 0, tzinfo=UTC))
    )
    assert _ids(search, "林", filters=SearchFilters(phase=Phase.EXISTING)) == [a]
    assert _ids(search, "林", filters=SearchFilters(tag="VIP")) == [a]
    assert _ids(search, "林", filters=SearchFilters(staff="村上")) == [b]
    assert _ids(search, "林", filters=SearchFilters(has_open_follow_ups=True)) == [b]
    assert _ids(search, "林", filters=SearchFilters(has_open_follow_ups=False)) == [a]
    assert _ids(search, "林", filters=SearchFilters(birthday_month=5)) == [b]
    assert _ids(search, "林", filters=SearchFilters(last_contact_before=date(2026, 11, 1))) == [
        b
    ]  # never contacted
    assert _ids(search, "林", filters=SearchFilters(last_contact_before=date(2026, 11, 2))) == [b, a]
    assert _ids(search, "林", filters=SearchFilters(phase=Phase.EXISTING, birthday_month=5)) == []


def test_an_empty_query_with_filters_lists_everyone_matching_in_gojuon_order(
    services: Services, search: SearchService
) -> None:
    late = _card(services, "和田 誠", "ワダ マコト", phase=Phase.DORMANT)
    early = _card(services, "青木 誠", "アオキ マコト", phase=Phase.DORMANT)
    _card(services, "井上 誠", "イノウエ マコト", phase=Phase.EXISTING)
    assert _ids(search, "", filters=SearchFilters(phase=Phase.DORMANT)) == [early, late]
    assert _ids(search, "  ", filters=SearchFilters(phase=Phase.DORMANT)) == [early, late]


def test_sorting_by_a_column_reruns_the_query_in_that_order(
    services: Services, search: SearchService
) -> None:
    b = _card(services, "林 B", "ハヤシ ビー", code="002")
    a = _card(services, "林 A", "ハヤシ エー", code="001")
    services.followups.add(b, FollowUpDraft(date(2026, 12, 1), FollowUpKind.CALL, "ご案内"))
    services.followups.add(a, FollowUpDraft(date(2026, 12, 9), FollowUpKind.CALL, "ご案内"))
    assert _ids(search, "林", order_by="code") == [a, b]
    assert _ids(search, "林", order_by="-code") == [b, a]
    assert _ids(search, "林", order_by="kana") == [a, b]
    assert _ids(search, "林", order_by="next_follow_up") == [b, a]
    with pytest.raises(ValidationError) as raised:
        search.search_ids("林", order_by="shoe_size")
    assert raised.value.code == "order_by"


def test_sorting_by_birthday_either_way_puts_month_and_day_in_order(
    services: Services, search: SearchService
) -> None:
    june = _card(services, "林 六月", "ハヤシ ロクガツ", birthday=date(1990, 6, 1))
    january = _card(services, "林 一月", "ハヤシ イチガツ", birthday=date(1999, 1, 20))
    unknown = _card(services, "林 不明", "ハヤシ フメイ")
    assert _ids(search, "林", order_by="birthday") == [january, june, unknown]
    assert _ids(search, "林", order_by="-birthday") == [unknown, june, january]


def test_search_loads_the_first_rows_with_their_hits(search: SearchService, store: dict[str, int]) -> None:
    results = search.search("高橋", limit=1)
    assert len(results) == 1
    row, hit = results[0]
    assert row.id == hit.customer_id == store["takahashi"]
    assert row.name == "髙橋 一郎"
    assert "name" in hit.matched


def test_several_words_find_a_customer_with_each_word_somewhere(
    services: Services, search: SearchService, store: dict[str, int]
) -> None:
    services.customers.add_note(store["sato"], "ゴルフが趣味")
    hits = search.search_ids("佐藤 ゴルフ")
    assert [h.customer_id for h in hits] == [store["sato"]]
    assert set(hits[0].matched) == {"name", "notes"}


def test_nothing_to_look_for_finds_nothing(search: SearchService, store: dict[str, int]) -> None:
    assert search.search_ids("・、。") == []
    assert search.search_ids("存在しない名前") == []


def test_a_very_long_query_is_refused_with_a_reason(search: SearchService) -> None:
    with pytest.raises(ValidationError) as raised:
        search.search_ids("あ" * 500)
    assert raised.value.code == "too_long"


def test_rebuilding_the_index_gives_the_same_answers(search: SearchService, store: dict[str, int]) -> None:
    before = {q: search.search_ids(q) for q in ("高橋", "林", "5678", "takahashi", "プリウス")}
    assert search.rebuild_index() == len(store)
    assert {q: search.search_ids(q) for q in before} == before


def test_an_index_created_after_the_data_is_filled_from_it(
    db: Database, search: SearchService, store: dict[str, int]
) -> None:
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE search_fts"))
        connection.execute(text("DROP TABLE search_gram"))
    upgrade(db)  # the post-migrate hook re-creates and refills them
    assert _ids(search, "高橋")[0] == store["takahashi"]
    assert _ids(search, "林")[0] == store["hayashi"]


def test_the_plain_like_scan_agrees_with_the_index(
    search: SearchService, db: Database, store: dict[str, int]
) -> None:
    with db.read() as session:
        assert set(like_scan_ids(session, "三軒茶屋")) == set(_ids(search, "三軒茶屋"))


def test_query_forms_cover_romaji_and_loose_readings() -> None:
    forms = query_forms("satou")
    assert forms.text == ("satou",)
    assert forms.reading == ("サトウ", "サト")
    assert query_forms("ﾔﾏﾀﾞ").text == ("ヤマダ",)


def test_the_first_page_is_the_same_as_the_head_of_the_full_ranking(
    services: Services, search: SearchService
) -> None:
    for given in ("一", "二", "三", "四"):
        _card(services, f"林 {given}郎", "ハヤシ")
    small = _card(services, "小林 五郎", "コバヤシ ゴロウ")
    services.customers.add_note(small, "林業")
    full = search.search_ids("林")
    for limit in (1, 3, 4, 5):
        assert [hit for _row, hit in search.search("林", limit=limit)] == full[:limit]


@pytest.mark.parametrize("probes", [2, 1000])
def test_a_page_of_a_very_common_number_start_is_the_head_of_the_full_ranking(
    services: Services, search: SearchService, monkeypatch: pytest.MonkeyPatch, probes: int
) -> None:
    """Very common starts (090) walk the customers in reading order instead of sorting every match; when the
    matches bunch up (the walk gives up after `probes` customers) the page comes from sorting. Same page both
    ways, filters included."""
    readings = ["ワダ", "アベ", "サトウ", "イトウ", "カトウ", "ヤマダ", "アオキ", "ナカノ", "モリ", "ウエノ"]
    for number, reading in enumerate(readings):
        phones = [ContactPoint(ContactKind.MOBILE, f"090-0000-{number:04d}")]
        if number % 3 == 0:
            phones.append(ContactPoint(ContactKind.PHONE, f"0900-11-{number:04d}"))  # two keys with 090
        _card(
            services,
            f"客 {number}",
            reading,
            contacts=phones,
            phase=Phase.EXISTING if number % 2 else Phase.NEW,
        )
    _card(services, "番号 なし", "アアア")
    _card(services, "九〇", "ンン", code="090")  # the exact code ranks first
    monkeypatch.setattr("crmdesk.services.search.BROAD_KEYS", 3)
    monkeypatch.setattr("crmdesk.services.search.WALK_PROBES", probes)
    full = search.search_ids("090")
    assert len(full) == 11 and full[0].rank == 0
    for limit in (1, 2, 5, 11, 20):
        assert [hit for _row, hit in search.search("090", limit=limit)] == full[:limit]
    existing = SearchFilters(phase=Phase.EXISTING)
    assert search.search_ids("090", existing, limit=3) == search.search_ids("090", existing)[:3]


def test_a_new_reading_moves_the_card_to_its_place_in_the_order(
    services: Services, search: SearchService, store: dict[str, int]
) -> None:
    notes = {}
    for name, kana in (
        ("青木 翔", "アオキ ショウ"),
        ("和田 誠", "ワダ マコト"),
        ("井上 誠", "イノウエ マコト"),
    ):
        notes[kana] = _card(services, name, kana)
        services.customers.add_note(notes[kana], "ゴルフ仲間")
    assert _ids(search, "ゴルフ仲間") == [
        notes["アオキ ショウ"],
        notes["イノウエ マコト"],
        notes["ワダ マコト"],
    ]
    card = services.customers.card(notes["アオキ ショウ"])
    draft = card.to_draft()
    draft.name_kana = "ヨシダ ショウ"
    services.customers.update(card.id, draft)
    moved = [notes["イノウエ マコト"], card.id, notes["ワダ マコト"]]
    assert _ids(search, "ゴルフ仲間") == moved
    assert [row.id for row, _hit in search.search("ゴルフ仲間", limit=2)] == moved[:2]
    assert _ids(search, "ヨシダ") == [card.id]
    assert card.id not in _ids(search, "アオキ")


def _index_contents(db: Database) -> dict[str, list[tuple[object, ...]]]:
    with db.engine.connect() as connection:
        return {
            table: [tuple(row) for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2"))]
            for table in ("search_text", "search_key", "search_sort")
        }


def _fts_is_consistent(db: Database) -> None:
    with db.engine.begin() as connection:  # raises when an index disagrees with search_text
        for index in ("search_fts", "search_gram"):
            connection.execute(text(f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)"))


def test_saving_cards_keeps_the_index_exactly_as_a_rebuild_would_make_it(
    services: Services, search: SearchService, db: Database, store: dict[str, int]
) -> None:
    card = services.customers.card(store["takahashi"])
    draft = card.to_draft()
    draft.memo = "ゴルフ好き"
    draft.name_kana = "タカバシ イチロウ"
    draft.contacts = [ContactPoint(ContactKind.MOBILE, "080-1111-2222")]
    draft.family = []
    services.customers.update(card.id, draft)
    note = services.customers.add_note(store["sato"], "トイプードルを飼っている")
    services.customers.add_note(store["sato"], "甘いものが好き")
    services.customers.delete_note(note.id)
    services.history.add(store["mori"], EventDraft(EventKind.VISIT, "オイル交換", menu="ヘッドスパ"))
    services.customers.delete(store["hayashi"])
    services.customers.delete(store["kobayashi"])
    services.customers.restore(store["kobayashi"])
    services.customers.delete(store["hamada"])
    services.customers.purge(store["hamada"])
    _card(services, "新井 花", "アライ ハナ", memo="オイル交換の相談")
    _fts_is_consistent(db)
    kept = _index_contents(db)
    assert search.rebuild_index() == len(store)
    _fts_is_consistent(db)
    assert _index_contents(db) == kept


def test_a_page_with_filters_is_the_head_of_the_whole_filtered_list(
    services: Services, search: SearchService
) -> None:
    made = [
        _card(services, f"林 {given}", kana, phase=phase)
        for given, kana, phase in (
            ("一", "ハヤシ ハジメ", Phase.EXISTING),
            ("二", "ハヤシ ジロウ", Phase.PROSPECT),
            ("三", "ハヤシ サブロウ", Phase.EXISTING),
            ("四", "ハヤシ シロウ", Phase.EXISTING),
        )
    ]
    existing = SearchFilters(phase=Phase.EXISTING)
    full = search.search_ids("林", existing)
    assert [hit.customer_id for hit in full] == [made[2], made[3], made[0]]  # サブロウ, シロウ, ハジメ
    for limit in (1, 2, 3):
        assert [hit for _row, hit in search.search("林", existing, limit=limit)] == full[:limit]
