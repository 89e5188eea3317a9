"""The database connection keeps data safe: WAL, full sync, foreign keys, clear messages when locked."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from crmdesk.domain.errors import StorageError
from crmdesk.domain.records import CustomerDraft
from crmdesk.services.bundle import Services
from crmdesk.storage import database as database_module
from crmdesk.storage.database import Database, DatabaseTarget, location_warning


def test_sqlite_runs_with_wal_full_sync_foreign_keys_and_a_busy_timeout(db: Database) -> None:
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == database_module.BUSY_TIMEOUT_MS


def test_a_plain_path_and_a_sqlalchemy_url_are_both_accepted(tmp_path: Path) -> None:
    plain = DatabaseTarget.parse(str(tmp_path / "a.sqlite3"))
    assert plain.is_sqlite and plain.path == tmp_path / "a.sqlite3"
    url = DatabaseTarget.parse(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    assert url.is_sqlite and url.path == tmp_path / "b.sqlite3"
    server = DatabaseTarget.parse("postgresql+psycopg://staff:secret@server/crmdesk")
    assert not server.is_sqlite and server.path is None
    assert "secret" not in server.describe()


@pytest.mark.parametrize(
    "path",
    [
        "//fileserver/share/crmdesk.sqlite3",
        "\\\\fileserver\\share\\crmdesk.sqlite3",
        "/home/store/Dropbox/crmdesk.sqlite3",
        "C:/Users/store/OneDrive/crmdesk.sqlite3",
    ],
)
def test_a_database_on_a_network_share_or_in_a_cloud_folder_gets_a_warning(path: str) -> None:
    warning = location_warning(Path(path))
    assert warning is not None
    assert "PostgreSQL" in warning


def test_a_database_in_a_local_folder_gets_no_warning(tmp_path: Path) -> None:
    assert location_warning(tmp_path / "crmdesk.sqlite3") is None


def test_a_locked_database_gives_a_clear_message_and_keeps_what_was_stored(
    services: Services, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = services.customers.create(CustomerDraft(name="山田 太郎", name_kana="ヤマダ タロウ"))
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 50)
    locked_db = Database.open(str(db_path))
    other = Services.build(locked_db, staff_name="大野")
    blocker = sqlite3.connect(db_path)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StorageError) as raised:
            other.customers.create(CustomerDraft(name="佐藤 花子"))
        assert raised.value.code == "locked"
        assert "使用中" in raised.value.message
    finally:
        blocker.rollback()
        blocker.close()
        locked_db.dispose()
    assert services.customers.count() == 1
    assert services.customers.card(first.id).name == "山田 太郎"
