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
from crmdesk.domain.records import ContactPoint, CustomerDraft, EventDraft, FollowUpDraft
from crmdesk.domain.values import ContactKind, EventKind, FollowUpKind
from crmdesk.services.bundle import Services
from crmdesk.services.demo import DemoGenerator
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


@pytest.mark.xfail(
    strict=True,
    reason="known gap: search SQL is written for SQLite (FTS5, group_concat); PostgreSQL search is not done yet",
)
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
