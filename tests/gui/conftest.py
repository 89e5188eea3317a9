"""GUI fixtures: a main window on a real, migrated SQLite database, and a way to answer a modal dialog as a
user would (find it, type, click its button)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from crmdesk.domain.records import ContactPoint, CustomerDraft
from crmdesk.domain.values import ContactKind
from crmdesk.gui.main import APP_STYLE
from crmdesk.gui.main_window import MainWindow
from crmdesk.services.bundle import Services
from crmdesk.settings import AppSettings

PEOPLE = [
    ("山田 太郎", "ヤマダ タロウ", "090-1111-2222", date(1985, 4, 3)),
    ("佐藤 花子", "サトウ ハナコ", "080-3333-4444", date(1990, 7, 1)),
    ("鈴木 一郎", "スズキ イチロウ", "070-5555-6666", None),
    ("青木 健", "アオキ ケン", "090-7777-8888", date(1975, 1, 15)),
    ("渡辺 美咲", "ワタナベ ミサキ", "080-9999-0000", None),
    ("中村 大輔", "ナカムラ ダイスケ", "090-1234-5678", date(1968, 11, 30)),
]


def add_people(services: Services) -> dict[str, int]:
    """A few customers; name → id."""
    ids: dict[str, int] = {}
    for name, kana, phone, birthday in PEOPLE:
        card = services.customers.create(
            CustomerDraft(
                name=name,
                name_kana=kana,
                birthday=birthday,
                contacts=[ContactPoint(ContactKind.MOBILE, phone)],
                staff="村上",
            )
        )
        ids[name] = card.id
    return ids


@pytest.fixture
def people(services: Services) -> dict[str, int]:
    return add_people(services)


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.json"


@pytest.fixture
def make_window(
    qtbot: QtBot, services: Services, settings_file: Path, tmp_path: Path
) -> Iterator[Callable[..., MainWindow]]:
    windows: list[MainWindow] = []

    def make(settings: AppSettings | None = None, **kwargs: object) -> MainWindow:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.setStyleSheet(APP_STYLE)
        chosen = settings or AppSettings(staff_name="村上")
        window = MainWindow(
            services,
            chosen,
            settings_file=settings_file,
            rescue_dir=tmp_path / "rescued",
            log_file=tmp_path / "logs" / "crmdesk.log",
            **kwargs,  # type: ignore[arg-type]
        )
        window.show()  # 1280×800 unless the settings remember another size
        qtbot.waitUntil(lambda: not window.panel.busy, timeout=5000)
        windows.append(window)
        return window

    yield make
    for window in windows:
        if window.card_view.dirty:  # closing would ask the (absent) user about the unsaved card
            window.card_view.revert()
        window.close()
        window.runner.wait_all(5000)
        window.bridge.detach()
        window.deleteLater()


@pytest.fixture
def window(make_window: Callable[..., MainWindow], people: dict[str, int]) -> MainWindow:
    return make_window()


_POLLERS: list[list[bool]] = []  # one [cancelled] flag per dialog still awaited


@pytest.fixture(autouse=True)
def _keep_the_app_running(qapp: QApplication) -> None:
    """Closing a test's main window must not quit the (shared) application: the next test's dialogs need it."""
    qapp.setQuitOnLastWindowClosed(False)


@pytest.fixture(autouse=True)
def _stop_waiting_for_dialogs() -> Iterator[None]:
    """A dialog awaited by one test is never answered in the next one."""
    yield
    for flag in _POLLERS:
        flag[0] = True
    _POLLERS.clear()


def _modal_windows() -> list[QWidget]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and w.windowModality() != Qt.WindowModality.NonModal
    ]


def when_dialog_opens(handle: Callable[[QWidget], None], *, timeout_ms: int = 20_000) -> list[QWidget]:
    """Arrange for `handle(dialog)` to run on the next modal dialog that opens (as a user answering it).

    It waits up to `timeout_ms` (a file dialog on a busy machine can take seconds to appear), and never past the
    end of the test.
    """
    seen: list[QWidget] = []
    waited = [0]
    cancelled = [False]
    _POLLERS.append(cancelled)
    already_open = set(_modal_windows())  # e.g. the wizard the awaited dialog will open from

    def poll() -> None:
        if cancelled[0]:
            return
        fresh = [w for w in _modal_windows() if w not in already_open]
        if fresh:
            active = QApplication.activeModalWidget()
            dialog = active if active in fresh else fresh[-1]
            seen.append(dialog)
            cancelled[0] = True
            handle(dialog)
            return
        waited[0] += 20
        if waited[0] < timeout_ms:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)
    return seen


def wait_search(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.panel.busy, timeout=5000)


def type_japanese(widget: QWidget, text: str, *, reading: str | None = None) -> None:
    """Type as through the Japanese IME: the kana appear as pre-edit text, are converted, then committed.

    `reading` is what the user typed before converting (hiragana); without it the text is committed as typed.
    """
    from PySide6.QtGui import QInputMethodEvent

    widget.setFocus()
    if reading:
        for end in range(1, len(reading) + 1):  # the pre-edit grows one kana at a time
            QApplication.sendEvent(widget, QInputMethodEvent(reading[:end], []))
        QApplication.sendEvent(widget, QInputMethodEvent(text, []))  # 変換: the pre-edit shows the kanji
    commit = QInputMethodEvent("", [])
    commit.setCommitString(text)
    QApplication.sendEvent(widget, commit)
