"""The same services on PostgreSQL, for stores with several PCs.

Runs when CRMDESK_TEST_POSTGRES_URL points at an empty database (CI starts a local server and sets it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from crmdesk.domain.errors import ConflictError
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
from crmdesk.services.demo import DemoGenerator
from crmdesk.services.search import SearchFilters
from crmdesk.storage.database import Database
from crmdesk.storage.migrate import current_revision, head_revision, upgrade

URL = os.environ.get("CRMDESK_TEST_POSTGRES_URL")

pytestmark = pytest.mark.skipif(not URL, reason="set CRMDESK_TEST_POSTGRES_URL to run against PostgreSQL")


@pytest.fixture
def pg_services() -> Iterator[Services]:
    assert URL
    db = Database.open(URL)
    with db.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    upgrade(db)
    yield Services.build(db, staff_name="村上", clock=lambda: datetime(2026, 11, 22, 1, tzinfo=UTC))
    db.dispose()


def test_postgresql_is_migrated_to_the_newest_schema(pg_services: Services) -> None:
    assert current_revision(pg_services.ctx.db) == head_revision()


def test_cards_history_and_follow_ups_work_on_postgresql(pg_services: Services) -> None:
    card = pg_services.customers.create(
        CustomerDraft(
            name="髙橋 一郎",
            name_kana="たかはし いちろう",
            code="P1",
            contacts=[ContactPoint(ContactKind.MOBILE, "090-1234-5678")],
        )
    )
    pg_services.history.add(card.id, EventDraft(EventKind.CALL, "点検のご案内", outcome="reached"))
    pg_services.followups.add(
        card.id, FollowUpDraft(date(2026, 12, 1), FollowUpKind.CALL, "12月が車検の満了日です")
    )
    loaded = pg_services.customers.card(card.id)
    assert loaded.name_kana == "タカハシ イチロウ"
    assert loaded.events[0].occurred_at.tzinfo is not None
    assert loaded.follow_ups[0].reason == "12月が車検の満了日です"
    with pytest.raises(ConflictError):
        pg_services.customers.create(CustomerDraft(name="別人", code="P1"))


def test_a_demo_store_on_postgresql_leaves_room_for_new_customers(pg_services: Services) -> None:
    DemoGenerator(pg_services.ctx).generate(30, kind="salon")
    created = pg_services.customers.create(CustomerDraft(name="新しい お客様"))
    assert created.id > 30
    assert pg_services.customers.count() == 31


def test_search_finds_customers_on_postgresql(pg_services: Services) -> None:
    card = pg_services.customers.create(
        CustomerDraft(
            name="山﨑 健一",
            name_kana="やまざき けんいち",
            contacts=[ContactPoint(ContactKind.MOBILE, "090-1234-5678")],
        )
    )
    pg_services.customers.create(CustomerDraft(name="佐藤 花子", name_kana="サトウ ハナコ"))
    for query in ("山崎", "ヤマザキ", "yamazaki", "12345678", "健一"):
        found = [row.id for row, _hit in pg_services.search.search(query, limit=10)]
        assert found == [card.id], query
    hit = pg_services.search.search_ids("090")[0]
    assert (hit.customer_id, hit.rank, hit.matched) == (card.id, 1, ("phone",))


def _same_store(services: Services) -> None:
    """The demo store plus cards that trip search up, written the same way on both databases."""
    DemoGenerator(services.ctx).generate(120, kind="dealer", seed=5, events_per_customer=3)
    takahashi = services.customers.create(
        CustomerDraft(
            name="髙橋 一郎",
            name_kana="たかはし いちろう",
            code="A-001",
            address1="東京都世田谷区三軒茶屋1-2-3",
            contacts=[ContactPoint(ContactKind.MOBILE, "090-1234-5678")],
            family=[FamilyMember("長女", "髙橋 花子", "タカハシ ハナコ")],
            items=[OwnedItem("プリウス", ItemCategory.CAR, "品川 300 あ 12-34")],
        )
    ).id
    services.customers.add_note(takahashi, "林さんの紹介で来店")
    services.history.add(takahashi, EventDraft(EventKind.CALL, "林様の件で折り返し"))
    services.customers.create(CustomerDraft(name="林", name_kana="ハヤシ", code="B-7"))
    services.customers.create(CustomerDraft(name="小林 健", name_kana="コバヤシ ケン"))


SAME_ANSWER_QUERIES = [
    "林",
    "田",
    "小林",
    "渡辺",
    "髙橋",
    "高橋一郎",
    "たかはし",
    "ﾀｶﾊｼ",
    "takahashi",
    "hayashi",
    "sato",
    "090",
    "5678",
    "090-1234-5678",
    "a-0",
    "世田谷",
    "プリウス",
    "林様の件",
    "はなこ",
    "高橋 プリウス",
    "オイル",
    "",
]


def test_search_on_postgresql_ranks_like_sqlite(pg_services: Services, services: Services) -> None:
    """The same store answers every query with the same customers, ranks, places matched and order."""
    for store in (services, pg_services):
        _same_store(store)
    checks: list[tuple[str, dict[str, object]]] = [(query, {}) for query in SAME_ANSWER_QUERIES]
    checks += [(query, {"limit": 5}) for query in SAME_ANSWER_QUERIES]
    for order in ("kana", "-kana", "name", "code", "-code", "birthday", "-birthday", "last_contact", "phase"):
        checks += [("田", {"order_by": order}), ("", {"order_by": order, "limit": 20})]
    for filters in (
        SearchFilters(phase=Phase.EXISTING),
        SearchFilters(has_open_follow_ups=True),
        SearchFilters(birthday_month=3),
        SearchFilters(last_contact_before=date(2026, 6, 1)),
    ):
        checks += [("田", {"filters": filters}), ("", {"filters": filters, "limit": 10})]
    for query, options in checks:
        on_sqlite = services.search.search_ids(query, **options)  # type: ignore[arg-type]
        on_postgresql = pg_services.search.search_ids(query, **options)  # type: ignore[arg-type]
        assert on_postgresql == on_sqlite, (query, options)
    assert pg_services.search.search_ids("田"), "the store has matches to compare"
