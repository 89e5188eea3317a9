"""The database: engine with the right pragmas, sessions, and one transaction per user action."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from crmdesk.domain.errors import StorageError

log = logging.getLogger(__name__)

MIN_SQLITE = (3, 35, 0)
BUSY_TIMEOUT_MS = 5000
_CLOUD_FOLDER_WORDS = ("dropbox", "onedrive", "google drive", "googledrive", "icloud", "box sync", "mega")


@dataclass(frozen=True)
class DatabaseTarget:
    """Where the data lives: a SQLite file, or a server URL (PostgreSQL)."""

    url: URL
    path: Path | None  # the SQLite file, or None for a server

    @classmethod
    def parse(cls, value: str) -> DatabaseTarget:
        if "://" in value:
            url = make_url(value)
            if url.get_backend_name() == "sqlite":
                database = url.database
                if database and database != ":memory:":
                    return cls(url, Path(database))
                return cls(url, None)
            return cls(url, None)
        path = Path(value).expanduser()
        return cls(URL.create("sqlite+pysqlite", database=str(path)), path)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    def describe(self) -> str:
        return str(self.path) if self.path else self.url.render_as_string(hide_password=True)


def location_warning(path: Path) -> str | None:
    """A warning when a SQLite file sits on a network share or in a cloud-sync folder (WAL breaks there)."""
    raw = str(path)
    text = (
        raw if raw.startswith(("\\\\", "//")) else str(path.resolve() if path.exists() else path.absolute())
    )
    lowered = text.lower().replace("\\", "/")
    if text.startswith(("\\\\", "//")):
        return (
            f"データベース {text} はネットワーク共有上にあります。SQLite は複数のPCから同時に使えず、"
            "データが壊れるおそれがあります。複数のPCで使う場合は PostgreSQL を指定してください。"
        )
    if any(word in lowered for word in _CLOUD_FOLDER_WORDS):
        return (
            f"データベース {text} はクラウド同期フォルダー内にあります。同期中の書き込みでデータが壊れるおそれが"
            "あります。同期されないフォルダーに置くか、複数のPCでは PostgreSQL を使ってください。"
        )
    if os.name == "posix" and lowered.startswith(("/mnt/", "/media/", "/net/", "/smb/", "/run/user/")):
        try:
            fs = _filesystem_type(Path(text))
        except OSError:
            fs = ""
        if fs in {"cifs", "smb3", "smbfs", "nfs", "nfs4", "fuse.sshfs", "9p"}:
            return f"データベース {text} はネットワーク上のフォルダー（{fs}）にあります。PostgreSQL を使ってください。"
    return None


def _filesystem_type(path: Path) -> str:
    best, fs_type = "", ""
    with open("/proc/mounts", encoding="utf-8") as mounts:
        for line in mounts:
            parts = line.split()
            if len(parts) >= 3 and str(path).startswith(parts[1]) and len(parts[1]) > len(best):
                best, fs_type = parts[1], parts[2]
    return fs_type


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()
    if mode and str(mode[0]).lower() not in ("wal", "memory"):
        log.warning("SQLite journal_mode is %s, not WAL", mode[0])
    cursor.execute("PRAGMA synchronous = FULL")  # a committed card survives a power cut
    # 32 MB of pages (default 2 MB): a search page of 50 cards at 100,000 customers reads ~300 pages, which the
    # default cache has already evicted by the next keystroke (15-20 % of search time)
    cursor.execute("PRAGMA cache_size = -32768")
    cursor.close()


def check_sqlite_version() -> None:
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        raise StorageError(
            f"SQLite {sqlite3.sqlite_version} is too old; crmdesk needs {'.'.join(map(str, MIN_SQLITE))} or newer",
            code="sqlite_version",
        )


class Database:
    """An engine and a session factory. `transaction()` is the unit of one user action."""

    def __init__(self, target: DatabaseTarget, *, echo: bool = False) -> None:
        self.target = target
        if target.is_sqlite:
            check_sqlite_version()
            if target.path is not None:
                target.path.parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(target.url, echo=echo)
            event.listen(self.engine, "connect", _sqlite_pragmas)
            # Python's sqlite3 opens transactions lazily; begin explicitly so reads and writes share one. A write
            # transaction takes the write lock at once (BEGIN IMMEDIATE, waiting up to the busy timeout): a
            # deferred one that read first fails at once with "locked" when another connection (background
            # planning) wrote in between.
            event.listen(
                self.engine,
                "begin",
                lambda conn: conn.exec_driver_sql(
                    "BEGIN IMMEDIATE" if conn.get_execution_options().get("crmdesk_write") else "BEGIN"
                ),
            )

            @event.listens_for(self.engine, "connect")
            def _no_pysqlite_autobegin(dbapi_connection: Any, _record: Any) -> None:
                dbapi_connection.isolation_level = None

        else:
            self.engine = create_engine(target.url, echo=echo, pool_pre_ping=True)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=True)
        # the same engine and pool, its transactions begun for writing (see the "begin" listener)
        self._writer = self.engine.execution_options(crmdesk_write=True) if target.is_sqlite else None

    @classmethod
    def open(cls, value: str) -> Database:
        return cls(DatabaseTarget.parse(value))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def location_warning(self) -> str | None:
        return location_warning(self.target.path) if self.target.path else None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: commit on success, roll back everything on any failure."""
        session = self._sessions(bind=self._writer) if self._writer is not None else self._sessions()
        try:
            yield session
            session.commit()
        except OperationalError as exc:
            session.rollback()
            raise _storage_error(exc, self.target) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work (rolled back at the end)."""
        session = self._sessions()
        try:
            yield session
        except OperationalError as exc:
            raise _storage_error(exc, self.target) from exc
        finally:
            session.rollback()
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def _storage_error(exc: OperationalError, target: DatabaseTarget) -> StorageError:
    text = str(exc.orig) if exc.orig else str(exc)
    if "locked" in text or "busy" in text:
        return StorageError(
            f"データベース {target.describe()} は他のプログラムが使用中です（ロック）。少し待ってからやり直してください。"
            " 変更は保存されていません。",
            code="locked",
        )
    return StorageError(f"データベース {target.describe()} を使えません: {text}", code="database")
