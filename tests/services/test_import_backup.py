"""crmdesk's JSON export imported back: cards with their family, items, notes, history and follow-ups."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from crmdesk.app import main
from crmdesk.domain.records import (
    ContactPoint,
    CustomerCard,
    CustomerDraft,
    EventDraft,
    FamilyMember,
    FollowUpDraft,
    OwnedItem,
)
from crmdesk.domain.values import ContactKind, EventKind, FollowUpKind, ItemCategory
from crmdesk.services.bundle import Services
from crmdesk.services.exporting import export_file
from crmdesk.services.importing import ImportOptions, ImportService
from crmdesk.storage.database import Database
from crmdesk.storage.migrate import upgrade

NOW = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)
PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


@contextmanager
def store(folder: Path, name: str) -> Iterator[Services]:
    database = Database.open(str(folder / f"{name}.sqlite3"))
    upgrade(database)
    try:
        yield Services.build(database, staff_name="村上", clock=lambda: NOW)
    finally:
        database.dispose()


def fill(services: Services) -> dict[str, int]:
    """A dealer's customer with everything a card can have, a salon customer, and one in the trash."""
    yamada = services.customers.create(
        CustomerDraft(
            name="山田 太郎",
            name_kana="ヤマダ タロウ",
            code="K1",
            birthday=date(1970, 4, 3),
            postal_code="1500002",
            address1="東京都渋谷区渋谷1-1",
            tags=["VIP"],
            memo="辛口、赤が好き",
            contacts=[ContactPoint(ContactKind.MOBILE, "090-1234-5678")],
            family=[FamilyMember("妻", "山田 花子", "ヤマダ ハナコ", date(1972, 8, 9), joint_addressee=True)],
            items=[
                OwnedItem(
                    "プリウス",
                    ItemCategory.CAR,
                    "品川 300 あ 12-34",
                    purchase_date=date(2022, 3, 1),
                    inspection_expiry=date(2027, 3, 1),
                )
            ],
        )
    )
    item_id = yamada.items[0].id
    services.customers.add_note(yamada.id, "お孫さんが生まれた（女の子）", date(2025, 6, 1))
    bought = services.history.add(
        yamada.id,
        EventDraft(
            EventKind.PURCHASE,
            "プリウス納車",
            occurred_at=datetime(2022, 3, 1, 3, 0, tzinfo=UTC),
            amount_yen=3_200_000,
            details={"item_id": item_id},
        ),
    )
    services.history.attach_photo(bought.id, "納車.png", "image/png", PHOTO)
    services.history.add(
        yamada.id,
        EventDraft(EventKind.CALL, "点検のご案内", occurred_at=datetime(2025, 9, 1, 1, 0, tzinfo=UTC)),
    )
    due = services.followups.add(
        yamada.id,
        FollowUpDraft(date(2027, 1, 15), FollowUpKind.INSPECTION, "車検のご案内", item_id=item_id),
    )
    services.followups.add(
        yamada.id,
        FollowUpDraft(date(2022, 3, 8), FollowUpKind.CALL, "納車後のお礼", source_event_id=bought.id),
    )
    suzuki = services.customers.create(CustomerDraft(name="鈴木 花子", name_kana="スズキ ハナコ", code="S1"))
    services.history.add(
        suzuki.id,
        EventDraft(
            EventKind.VISIT,
            "カット・カラー",
            occurred_at=datetime(2025, 10, 2, 5, 0, tzinfo=UTC),
            menu="カット、カラー",
            stylist="大野",
            treatment_notes="7トーン",
        ),
    )
    gone = services.customers.create(CustomerDraft(name="削除 済子", code="D1"))
    services.customers.delete(gone.id)
    return {"yamada": yamada.id, "suzuki": suzuki.id, "due": due.id}


def signature(
    card: CustomerCard, item_names: dict[int, str], event_summaries: dict[int, str]
) -> tuple[object, ...]:
    """Everything of a card, with ids replaced by what they point at."""
    return (
        card.code,
        card.name,
        card.name_kana,
        card.birthday,
        card.postal_code,
        card.address1,
        card.tags,
        card.memo,
        tuple((c.kind, c.value) for c in card.contacts),
        tuple(
            (f.relation, f.name, f.name_kana, f.birthday, f.joint_addressee, f.honorific) for f in card.family
        ),
        tuple(
            (i.name, i.category, i.identifier, i.purchase_date, i.inspection_expiry, i.notes)
            for i in card.items
        ),
        tuple((n.noted_on, n.text, n.staff) for n in card.notes),
        tuple(
            (
                e.kind,
                e.occurred_at,
                e.staff,
                e.summary,
                e.amount_yen,
                e.menu,
                e.stylist,
                e.treatment_notes,
                e.photo_count,
                {k: (item_names.get(v) if k == "item_id" else v) for k, v in e.details.items()},
            )
            for e in card.events
        ),
        tuple(
            (
                f.due_date,
                f.kind,
                f.reason,
                f.status,
                f.staff,
                item_names.get(f.item_id or 0),
                event_summaries.get(f.source_event_id or 0),
            )
            for f in card.follow_ups
        ),
        card.deleted_at,
    )


def cards(services: Services) -> dict[str, tuple[object, ...]]:
    found = [services.customers.card(i) for i in services.customers.browse_ids()]
    items = {i.id: i.name for c in found for i in c.items if i.id is not None}
    events = {e.id: e.summary for c in found for e in c.events}
    return {c.code or "": signature(c, items, events) for c in found}


def search_tables(services: Services) -> dict[str, list[tuple[object, ...]]]:
    with services.ctx.db.engine.connect() as connection:
        return {
            table: [tuple(row) for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2"))]
            for table in ("search_text", "search_key", "search_sort")
        }


@pytest.fixture
def backup(tmp_path: Path) -> tuple[Path, dict[str, tuple[object, ...]]]:
    with store(tmp_path, "original") as original:
        fill(original)
        expected = cards(original)
        export_file(original.ctx, tmp_path / "backup.json")
    return tmp_path / "backup.json", expected


def test_a_json_backup_imported_into_an_empty_store_gives_back_every_card_with_everything_on_it(
    tmp_path: Path, backup: tuple[Path, dict[str, tuple[object, ...]]]
) -> None:
    path, expected = backup
    with store(tmp_path, "copy") as copy:
        service = ImportService(copy.ctx)
        opened = service.open(path)
        assert opened.row_count == 3
        result = service.run(opened)
        assert (result.rows, result.imported, result.updated, result.skipped, result.reported) == (
            3,
            2,
            0,
            0,
            1,
        )
        assert [p.code for p in result.problems] == ["trashed"]  # the card in the trash is reported
        assert cards(copy) == expected
        yamada = copy.customers.card(copy.customers.find_by_code("K1"))  # type: ignore[arg-type]
        assert yamada.events[0].summary == "点検のご案内"  # the newest contact
        inspection = next(f for f in yamada.follow_ups if f.reason == "車検のご案内")
        assert inspection.item_id == yamada.items[0].id
        thanks = next(f for f in yamada.follow_ups if f.reason == "納車後のお礼")
        assert thanks.source_event_id == next(e.id for e in yamada.events if e.summary == "プリウス納車")
        # the restored family, items, notes and history are searchable at once
        for query in ("山田花子", "品川300", "お孫さん", "プリウス納車"):
            assert [hit.customer_id for hit in copy.search.search_ids(query)] == [yamada.id], query
        assert [h.customer_id for h in copy.search.search_ids("7トーン")] == [
            copy.customers.find_by_code("S1")
        ]
        written = search_tables(copy)
        copy.search.rebuild_index()
        assert search_tables(copy) == written  # the rows a reindex would write


def test_importing_the_same_backup_again_changes_nothing(
    tmp_path: Path, backup: tuple[Path, dict[str, tuple[object, ...]]]
) -> None:
    path, expected = backup
    with store(tmp_path, "copy") as copy:
        service = ImportService(copy.ctx)
        service.run(service.open(path))
        again = service.run(service.open(path))
        assert (again.imported, again.updated, again.skipped, again.reported) == (0, 0, 2, 1)
        assert cards(copy) == expected


def test_a_backup_into_a_store_that_has_some_of_it_adds_only_what_is_missing_and_undo_takes_it_back(
    tmp_path: Path, backup: tuple[Path, dict[str, tuple[object, ...]]]
) -> None:
    path, expected = backup
    with store(tmp_path, "other") as other:
        mine = other.customers.create(CustomerDraft(name="山田 太郎", code="K1", memo="辛口、赤が好き"))
        other.history.add(
            mine.id,
            EventDraft(EventKind.CALL, "点検のご案内", occurred_at=datetime(2025, 9, 1, 1, 0, tzinfo=UTC)),
        )
        other.history.add(mine.id, EventDraft(EventKind.NOTE, "店で書いたメモ"))
        before = cards(other)
        service = ImportService(other.ctx)
        result = service.run(service.open(path))
        assert (result.imported, result.updated) == (1, 1)
        yamada = other.customers.card(mine.id)
        assert [e.summary for e in yamada.events].count("点検のご案内") == 1
        assert {e.summary for e in yamada.events} == {"点検のご案内", "店で書いたメモ", "プリウス納車"}
        assert [f.name for f in yamada.family] == ["山田 花子"] and [i.name for i in yamada.items] == [
            "プリウス"
        ]
        assert cards(other)["S1"] == expected["S1"]
        undone = service.undo(result.import_id)
        assert (undone.deleted, undone.restored, undone.trashed) == (1, 1, 0)
        assert cards(other) == before


def test_undo_of_a_backup_import_deletes_its_cards_with_their_history(
    tmp_path: Path, backup: tuple[Path, dict[str, tuple[object, ...]]]
) -> None:
    path, _ = backup
    with store(tmp_path, "copy") as copy:
        service = ImportService(copy.ctx)
        result = service.run(service.open(path))
        undone = service.undo(result.import_id)
        assert (undone.deleted, undone.trashed) == (2, 0)  # history that came with the cards is not new work
        assert copy.customers.browse_ids(include_deleted=True) == []
        assert copy.search.search_ids("プリウス") == []


def test_a_json_file_that_is_not_a_crmdesk_backup_is_refused(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"customers": [{"name": "x"}]}), encoding="utf-8")
    with pytest.raises(Exception, match="crmdesk が書き出した JSON ではありません"):
        ImportService(services.ctx).open(path)


def test_crmdesk_import_restores_a_backup_from_the_command_line(
    tmp_path: Path, backup: tuple[Path, dict[str, tuple[object, ...]]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = backup
    target = tmp_path / "restored.sqlite3"
    assert main(["import", str(path), "--json", "--db", str(target)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["rows"], data["imported"], data["reported"]) == (3, 2, 1)
    assert main(["show", "K1", "--json", "--db", str(target)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["name"] == "山田 太郎"


def test_a_customer_listed_twice_in_a_backup_is_one_card_and_undo_still_deletes_it(
    tmp_path: Path, backup: tuple[Path, dict[str, tuple[object, ...]]]
) -> None:
    path, expected = backup
    data = json.loads(path.read_text(encoding="utf-8"))
    yamada = next(c for c in data["customers"] if c["code"] == "K1")
    bare = dict(yamada, family=[], items=[], notes=[], events=[], follow_ups=[])
    data["customers"] = [bare, *data["customers"]]  # the card first without anything, then with everything
    twice = tmp_path / "twice.json"
    twice.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with store(tmp_path, "copy") as copy:
        service = ImportService(copy.ctx)
        result = service.run(service.open(twice), options=ImportOptions(batch_size=1))
        assert (result.rows, result.imported) == (4, 2)
        assert cards(copy) == expected
        undone = service.undo(result.import_id)
        assert (undone.deleted, undone.trashed) == (2, 0)
