"""Backups are consistent copies; restore keeps the current file; check finds damage."""

from __future__ import annotations

from pathlib import Path

import pytest

from crmdesk.domain.errors import StorageError
from crmdesk.domain.records import CustomerDraft
from crmdesk.services.bundle import Services
from crmdesk.storage.backup import backup_sqlite, check_sqlite_file, restore_sqlite
from crmdesk.storage.database import Database


def test_a_backup_holds_every_committed_customer(services: Services, db: Database, tmp_path: Path) -> None:
    services.customers.create(CustomerDraft(name="髙橋 一郎", name_kana="タカハシ イチロウ"))
    copy = backup_sqlite(db, tmp_path / "backups" / "copy.sqlite3")
    assert check_sqlite_file(copy).ok
    restored = Database.open(str(copy))
    names = [row.name for row in Services.build(restored).customers.rows([1])]
    restored.dispose()
    assert names == ["髙橋 一郎"]


def test_restore_brings_back_the_backup_and_keeps_the_replaced_database(
    services: Services, db: Database, db_path: Path, tmp_path: Path
) -> None:
    services.customers.create(CustomerDraft(name="山﨑 花子"))
    copy = backup_sqlite(db, tmp_path / "copy.sqlite3")
    services.customers.create(CustomerDraft(name="後から追加"))
    db.dispose()
    kept = restore_sqlite(copy, db_path, safety_dir=tmp_path / "safety")
    assert kept is not None and check_sqlite_file(kept).ok
    reopened = Database.open(str(db_path))
    assert Services.build(reopened).customers.count() == 1
    reopened.dispose()
    kept_db = Database.open(str(kept))
    assert Services.build(kept_db).customers.count() == 2
    kept_db.dispose()


def test_a_damaged_file_is_reported_and_never_restored(tmp_path: Path, db_path: Path, db: Database) -> None:
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    result = check_sqlite_file(broken)
    assert not result.ok and result.problems
    before = db_path.read_bytes()
    with pytest.raises(StorageError):
        restore_sqlite(broken, db_path, safety_dir=tmp_path / "safety")
    assert db_path.read_bytes() == before
