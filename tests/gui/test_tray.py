"""Desktop reminders: a notification at start, then only for what became due, on a timer; worded in the UI's
language, and checked off the GUI thread so the window never pauses for a reminder."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from crmdesk.domain.records import CustomerDraft, FollowUpDraft
from crmdesk.domain.values import FollowUpKind
from crmdesk.gui.main_window import MainWindow
from crmdesk.gui.translation import Translators
from crmdesk.gui.tray import TrayReminder
from crmdesk.gui.workspace import install_workspace
from crmdesk.services.bundle import Services
from crmdesk.services.reminders import Reminder, ReminderService

TODAY = date(2026, 11, 22)


def follow(services: Services, name: str, kind: FollowUpKind, due: date = TODAY, staff: str = "村上") -> None:
    cid = services.customers.create(CustomerDraft(name=name)).id
    services.followups.add(cid, FollowUpDraft(due, kind, "理由", staff=staff))


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    """The UI in English, as when the user picks English (the app's own translators and catalogue)."""
    translators = Translators(qapp)
    assert translators.switch("en") == "en"
    yield
    translators.clear()


class RecordingReminders(ReminderService):
    """The real service, noting the thread each check runs on; `hold` keeps a check busy until released."""

    def __init__(self, services: Services, hold: threading.Event | None = None) -> None:
        super().__init__(services.ctx)
        self.threads: list[QThread] = []
        self.hold = hold

    def check(self) -> Reminder | None:
        self.threads.append(QThread.currentThread())
        if self.hold is not None:
            assert self.hold.wait(20), "the GUI thread never released the check"
        return super().check()


def test_a_reminder_at_start_and_then_only_for_new_follow_ups(qtbot: QtBot, services: Services) -> None:
    follow(services, "山田 太郎", FollowUpKind.CALL)
    tray = TrayReminder(ReminderService(services.ctx), interval_ms=50)
    with qtbot.waitSignal(tray.reminded, timeout=1000) as first:
        tray.start()
    assert first.args == ["本日のフォロー 1件", "電話 1件\n山田 太郎様（電話）"]
    with qtbot.waitSignal(tray.checked, timeout=1000) as quiet:  # the timer's next check: nothing new
        pass
    assert quiet.args == [None]
    follow(services, "佐藤 花子", FollowUpKind.GIFT)
    with qtbot.waitSignal(tray.reminded, timeout=2000) as later:  # the timer finds it by itself
        pass
    assert later.args == ["新しいフォロー 1件", "ギフト 1件\n佐藤 花子様（ギフト）"]
    tray.stop()
    assert not tray.timer.isActive()


def test_a_japanese_reminder_counts_kinds_overdue_and_cuts_names_short(
    qtbot: QtBot, services: Services
) -> None:
    follow(services, "山田 太郎", FollowUpKind.CALL)
    follow(services, "佐藤 花子", FollowUpKind.LETTER, due=TODAY - timedelta(days=2))
    follow(services, "鈴木 一郎", FollowUpKind.CALL)
    follow(services, "田中 未来", FollowUpKind.CALL, due=TODAY - timedelta(days=1))
    follow(services, "高橋 健", FollowUpKind.GIFT)
    tray = TrayReminder(ReminderService(services.ctx))
    with qtbot.waitSignal(tray.reminded, timeout=2000) as said:
        tray.check_now()
    assert said.args == [
        "本日のフォロー 5件",
        "電話 3件・ギフト 1件・手紙 1件（うち期限切れ 2件）\n"  # ties: today's first
        "山田 太郎様（電話）、鈴木 一郎様（電話）、高橋 健様（ギフト） ほか2件",
    ]


def test_an_english_ui_gets_an_english_reminder(qtbot: QtBot, services: Services, english: None) -> None:
    follow(services, "山田 太郎", FollowUpKind.CALL)
    follow(services, "佐藤 花子", FollowUpKind.LETTER, due=TODAY - timedelta(days=2))
    for n in range(3):
        follow(services, f"顧客 {n}", FollowUpKind.GIFT)
    tray = TrayReminder(ReminderService(services.ctx), interval_ms=50)
    with qtbot.waitSignal(tray.reminded, timeout=2000) as first:
        tray.start()
    assert first.args == [
        "Today's follow-ups (5)",
        "Gift: 3, Call: 1, Letter: 1 (1 overdue)\n山田 太郎 (Call), 顧客 0 (Gift), 顧客 1 (Gift) and 2 more",
    ]
    follow(services, "鈴木 一郎", FollowUpKind.CALL)
    with qtbot.waitSignal(tray.reminded, timeout=2000) as later:
        pass
    assert later.args == ["New follow-ups (1)", "Call: 1\n鈴木 一郎 (Call)"]
    tray.stop()


def test_the_window_of_an_english_ui_shows_the_reminder_in_english(
    qtbot: QtBot, services: Services, make_window: Callable[..., MainWindow], english: None
) -> None:
    follow(services, "山田 太郎", FollowUpKind.CALL)
    window = make_window()
    assert window.file_menu.title() == "&File"
    workspace = install_workspace(window)
    qtbot.waitUntil(lambda: workspace.tray is not None and workspace.tray.last is not None, timeout=10_000)
    message = window.statusBar().currentMessage()
    assert message == "For 村上: Today's follow-ups (1) — Call: 1"
    window.runner.wait_all(20_000)


def test_the_check_runs_off_the_gui_thread_while_the_window_keeps_responding(
    qtbot: QtBot, services: Services
) -> None:
    follow(services, "山田 太郎", FollowUpKind.CALL)
    hold = threading.Event()
    reminders = RecordingReminders(services, hold)
    tray = TrayReminder(reminders)
    said: list[tuple[str, str]] = []
    tray.reminded.connect(lambda title, message: said.append((title, message)))
    tray.start()  # returns at once although the check is held
    assert tray.checking and said == []
    assert tray.check_now() is False  # one check at a time
    ticks: list[int] = []
    QTimer.singleShot(10, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: bool(ticks) and bool(reminders.threads), timeout=5000)  # the event loop runs
    assert tray.checking and said == []
    hold.set()
    qtbot.waitUntil(lambda: not tray.checking, timeout=5000)
    assert said == [("本日のフォロー 1件", "電話 1件\n山田 太郎様（電話）")]
    assert reminders.threads and all(t is not QThread.currentThread() for t in reminders.threads)
    assert QThread.currentThread() is QApplication.instance().thread()  # type: ignore[union-attr]
    tray.stop()


def test_a_failing_check_says_nothing_and_the_next_one_works(qtbot: QtBot, services: Services) -> None:
    follow(services, "山田 太郎", FollowUpKind.CALL)

    class Flaky(ReminderService):
        calls = 0

        def check(self) -> Reminder | None:
            self.calls += 1
            if self.calls == 1:
                raise RuntimeError("database is locked")
            return super().check()

    tray = TrayReminder(Flaky(services.ctx))
    with qtbot.waitSignal(tray.checked, timeout=2000) as failed:
        tray.check_now()
    assert failed.args == [None] and tray.last is None
    with qtbot.waitSignal(tray.reminded, timeout=2000):
        assert tray.check_now()
    assert tray.last is not None and tray.last.total == 1


def test_without_a_system_tray_the_reminder_still_reaches_the_window(
    qtbot: QtBot, services: Services
) -> None:
    follow(services, "山田 太郎", FollowUpKind.LETTER)
    tray = TrayReminder(ReminderService(services.ctx))
    assert not tray.available  # the offscreen test platform has no tray
    with qtbot.waitSignal(tray.reminded, timeout=1000):
        tray.check_now()
    assert tray.last is not None and tray.last.first_of_day and tray.last.total == 1
