"""Shared fixtures. Qt runs offscreen; every test gets its own real, migrated SQLite database."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crmdesk.paths import AppPaths
from crmdesk.services.bundle import Services
from crmdesk.storage.database import Database
from crmdesk.storage.migrate import upgrade

FIXED_NOW = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)  # 10:00 in Japan


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever touches the real user folders or database."""
    monkeypatch.setenv("CRMDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CRMDESK_DB", raising=False)
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    import time

    time.tzset()


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    return AppPaths.under(tmp_path / "home").ensure()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = Database.open(str(db_path))
    upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def services(db: Database) -> Services:
    """All services on a fresh database, working as staff member 村上, at a fixed time."""
    return Services.build(db, staff_name="村上", clock=lambda: FIXED_NOW)


@pytest.fixture(autouse=True)
def _close_log_files() -> Iterator[None]:
    """The CLI's composition root adds a rotating log file; close it after each test."""
    yield
    import logging
    import logging.handlers

    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]:
        root.removeHandler(handler)
        handler.close()


@pytest.fixture(autouse=True)
def _background_work_finishes_with_its_test() -> Iterator[None]:
    """Work a test started on Qt's thread pool ends with that test, so it never holds the pool's threads (two on
    a 2-core machine) while the next test waits for its own background work."""
    import sys

    qt_core = sys.modules.get("PySide6.QtCore")
    if qt_core is not None:
        qt_core.QThreadPool.globalInstance().setMaxThreadCount(max(4, qt_core.QThread.idealThreadCount()))
    yield
    qt_core = sys.modules.get("PySide6.QtCore")
    if qt_core is not None:
        qt_core.QThreadPool.globalInstance().waitForDone(10_000)


@pytest.fixture(autouse=True)
def _patient_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """A loaded 2-core CI machine can take longer than a test's 5 s wait for background work: waits for a
    condition or a signal allow at least 30 s (they still return as soon as the condition holds)."""
    try:
        from pytestqt.qtbot import QtBot
    except ImportError:
        return
    floor_ms = 30_000
    original_until = QtBot.waitUntil

    def wait_until(self: QtBot, callback: object, *, timeout: int = 5000) -> None:
        original_until(self, callback, timeout=max(timeout, floor_ms))  # type: ignore[arg-type]

    monkeypatch.setattr(QtBot, "waitUntil", wait_until)
