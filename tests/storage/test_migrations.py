"""Migrations: an empty database reaches head, older ones upgrade, newer ones are refused, models match."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from crmdesk.domain.errors import StorageError
from crmdesk.storage import migrate
from crmdesk.storage.database import Database
from crmdesk.storage.migrate import alembic_config, current_revision, head_revision, upgrade
from crmdesk.storage.models import Base
from crmdesk.storage.schema_filter import include_object


def _revisions_oldest_first() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def test_an_empty_database_is_upgraded_to_the_newest_schema(tmp_path: Path) -> None:
    db = Database.open(str(tmp_path / "new.sqlite3"))
    result = upgrade(db)
    assert result.from_revision is None
    assert current_revision(db) == head_revision()
    tables = set(inspect(db.engine).get_table_names())
    assert {
        "customer",
        "contact_point",
        "family_member",
        "owned_item",
        "history_event",
        "follow_up",
    } <= tables
    assert result.backup is None  # nothing to back up in a brand-new file
    db.dispose()


def test_the_models_and_the_migrations_describe_the_same_schema(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_object": include_object, "render_as_batch": True},
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == [], f"a model changed without a migration: {differences}"


@pytest.mark.parametrize("start", _revisions_oldest_first())
def test_a_database_from_each_earlier_revision_upgrades_with_its_data(tmp_path: Path, start: str) -> None:
    path = tmp_path / f"from-{start}.sqlite3"
    db = Database.open(str(path))
    upgrade(db, target=start)
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO customer (id, code, kind, name, name_kana, honorific, company_contact, "
                "company_department, address1, address2, phase, interests, memo, name_norm, kana_norm, created_at, "
                "updated_at, version) VALUES (1, 'C1', 'individual', '山田 太郎', 'ヤマダ タロウ', '様', '', '', '', '',"
                " 'existing', '', '', '', '', '2020-01-01 00:00:00.000000', '2020-01-01 00:00:00.000000', 1)"
            )
        )
    result = upgrade(db, backup_dir=tmp_path / "backups")
    assert current_revision(db) == head_revision()
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM customer WHERE id = 1")).scalar() == "山田 太郎"
    if start != head_revision():
        assert result.backup is not None and result.backup.exists()
    db.dispose()


def test_a_database_from_a_newer_crmdesk_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    db = Database.open(str(path))
    upgrade(db)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    db.dispose()
    before = path.read_bytes()
    db = Database.open(str(path))
    with pytest.raises(StorageError) as raised:
        upgrade(db)
    assert raised.value.code == "newer_database"
    assert "新しいバージョン" in raised.value.message
    db.dispose()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "9999_future"
    assert path.read_bytes()[:100] == before[:100]


def test_post_migrate_hooks_run_after_every_upgrade(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(
        migrate, "post_migrate_hooks", [*migrate.post_migrate_hooks, lambda c: calls.append("x")]
    )
    db = Database.open(str(tmp_path / "hooks.sqlite3"))
    upgrade(db)
    upgrade(db)  # already at head: hooks still re-create what batch migrations may have dropped
    assert calls == ["x", "x"]
    db.dispose()


def test_the_build_knows_its_newest_migration_so_a_current_database_opens_without_alembic(
    tmp_path: Path,
) -> None:
    from crmdesk.storage.migrate import HEAD_REVISION

    assert head_revision() == HEAD_REVISION  # a new migration must move HEAD_REVISION too
    db = Database.open(str(tmp_path / "store.sqlite3"))
    upgrade(db)
    script = (
        "import sys\n"
        "from crmdesk.storage.database import Database\n"
        "import crmdesk.storage.fts\n"
        "from crmdesk.storage.migrate import upgrade\n"
        f"result = upgrade(Database.open({str(tmp_path / 'store.sqlite3')!r}))\n"
        "print(result.from_revision, result.backup, 'alembic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == [HEAD_REVISION, "None", "False"]
