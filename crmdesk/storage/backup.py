"""Backups with SQLite's online backup API, restore, and integrity checks."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from crmdesk.domain.errors import StorageError
from crmdesk.storage.database import Database


def backup_sqlite(db: Database, destination: Path) -> Path:
    """Copy a live SQLite database consistently (readers and writers may keep working)."""
    if db.target.path is None:
        raise StorageError(
            "バックアップはSQLiteのデータベースだけが対象です。PostgreSQL は pg_dump を使ってください。",
            code="backup_unsupported",
        )
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    source = sqlite3.connect(str(db.target.path))
    try:
        target = sqlite3.connect(str(partial))
        try:
            source.backup(target)
            result = target.execute("PRAGMA integrity_check").fetchone()
            if not result or result[0] != "ok":
                raise StorageError(
                    f"バックアップ {destination} の検査に失敗しました: {result}", code="backup"
                )
        finally:
            target.close()
    finally:
        source.close()
    partial.replace(destination)
    return destination


def default_backup_name(db: Database) -> str:
    stem = db.target.path.stem if db.target.path else "crmdesk"
    return f"{stem}-{datetime.now(UTC).astimezone().strftime('%Y%m%d-%H%M%S')}.sqlite3"


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    problems: tuple[str, ...]


def check_sqlite_file(path: Path) -> CheckResult:
    """`PRAGMA integrity_check` and `foreign_key_check` on a file, read-only."""
    if not path.exists():
        return CheckResult(False, (f"{path}: ファイルがありません",))
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return CheckResult(False, (f"{path}: 開けません ({exc})",))
    try:
        problems: list[str] = []
        rows = connection.execute("PRAGMA integrity_check").fetchall()
        problems += [str(row[0]) for row in rows if row[0] != "ok"]
        for table, rowid, parent, _fk in connection.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"{table} の行 {rowid} が存在しない {parent} を参照しています")
    except sqlite3.DatabaseError as exc:
        problems = [f"{path}: SQLite のデータベースとして読めません ({exc})"]
    finally:
        connection.close()
    return CheckResult(not problems, tuple(problems))


def restore_sqlite(source: Path, destination: Path, *, safety_dir: Path) -> Path | None:
    """Replace `destination` with a checked copy of `source`; the current file is kept in `safety_dir` first."""
    checked = check_sqlite_file(source)
    if not checked.ok:
        raise StorageError(
            f"{source} は壊れているため復元できません: {'; '.join(checked.problems[:3])}", code="restore"
        )
    kept: Path | None = None
    if destination.exists():
        safety_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        kept = safety_dir / f"{destination.stem}-before-restore-{stamp}{destination.suffix}"
        src = sqlite3.connect(str(destination))
        try:
            dst = sqlite3.connect(str(kept))
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    partial = destination.with_name(destination.name + ".restoring")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(str(partial))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    for suffix in ("-wal", "-shm"):
        side = destination.with_name(destination.name + suffix)
        if side.exists():
            side.unlink()
    shutil.move(str(partial), str(destination))
    return kept
