"""Run the migrations on start: back up first, refuse a database from a newer build, never half-migrate."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

from crmdesk.domain.errors import StorageError
from crmdesk.storage.backup import backup_sqlite
from crmdesk.storage.database import Database

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

# The newest migration of this build. A database already there opens without loading Alembic (~0.13 s of every
# start); tests/storage check that this is Alembic's own head, so a new migration cannot forget it.
HEAD_REVISION = "0003"

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Called after every upgrade, inside the same connection: re-creates what batch migrations on SQLite drop
# (triggers of rebuilt tables) and objects the ORM does not model (the full-text index). Idempotent.
PostMigrateHook = Callable[[Connection], None]
post_migrate_hooks: list[PostMigrateHook] = []


@dataclass(frozen=True)
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _stamped_revision(db: Database) -> str | None:
    """The revision recorded in the database, read with plain SQL; None when there is none (or no table)."""
    with db.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return rows[0] if len(rows) == 1 else None


def upgrade(db: Database, *, backup_dir: Path | None = None, target: str = "head") -> MigrationResult:
    """Bring the database to `target`. A SQLite file with data is backed up before anything changes."""
    if target == "head" and _stamped_revision(db) == HEAD_REVISION:
        with db.engine.begin() as connection:  # already current: only the idempotent hooks, no Alembic
            for hook in post_migrate_hooks:
                hook(connection)
        return MigrationResult(HEAD_REVISION, HEAD_REVISION, None)
    from alembic import command

    current = current_revision(db)
    head = head_revision() if target == "head" else target
    if current is not None and current not in known_revisions():
        raise StorageError(
            f"データベース {db.target.describe()} は新しいバージョンの crmdesk で作られています（リビジョン {current}）。"
            "このバージョンでは開けません。crmdesk を更新してください。データは変更していません。",
            code="newer_database",
        )
    backup: Path | None = None
    path = db.target.path
    if current != head and path is not None and path.exists() and (current is not None or _has_tables(db)):
        folder = backup_dir or path.parent / "backups"
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        backup = backup_sqlite(db, folder / f"{path.stem}-before-{head}-{stamp}{path.suffix}")
        log.info("backed up %s to %s before migrating", db.target.describe(), backup)
    with db.engine.begin() as connection:  # one transaction: a failed migration leaves the file as it was
        if current != head:
            command.upgrade(alembic_config(connection), target)
        for hook in post_migrate_hooks:
            hook(connection)
    return MigrationResult(current, head, backup)


def _has_tables(db: Database) -> bool:
    with db.engine.connect() as connection:
        return bool(inspect(connection).get_table_names())
