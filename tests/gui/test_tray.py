"""Desktop reminders: a notification at start, then only for what became due, on a timer."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from crmdesk.domain.records import CustomerDraft, FollowUpDraft
from crmdesk.domain.values import FollowUpKind
from crmdesk.gui.tray import TrayReminder
from crmdesk.services.bundle import Services
from crmdesk.services.reminders import ReminderService

TODAY = date(2026, 11, 22)


def follow(services: Services, name: str, kind: FollowUpKind) -> None:
    cid = services.customers.create(CustomerDraft(name=name)).id
    services.followups.add(cid, FollowUpDraft(TODAY, kind, "理由"))


def test_a_reminder_at_start_and_then_only_for_new_follow_ups(qtbot: QtBot, services: Services) -> None:
    follow(services, "山田 太郎", FollowUpKind.CALL)
    tray = TrayReminder(ReminderService(services.ctx), interval_ms=50)
    with qtbot.waitSignal(tray.reminded, timeout=1000) as first:
        tray.start()
    assert first.args == ["本日のフォロー 1件", "電話 1件\n山田 太郎様（電話）"]
    assert tray.check_now() is None
    follow(services, "佐藤 花子", FollowUpKind.GIFT)
    with qtbot.waitSignal(tray.reminded, timeout=2000) as later:  # the timer finds it by itself
        pass
    assert later.args[0] == "新しいフォロー 1件" and "佐藤 花子様（ギフト）" in later.args[1]
    tray.stop()
    assert not tray.timer.isActive()


def test_without_a_system_tray_the_reminder_still_reaches_the_window(
    qtbot: QtBot, services: Services
) -> None:
    follow(services, "山田 太郎", FollowUpKind.LETTER)
    tray = TrayReminder(ReminderService(services.ctx))
    assert not tray.available  # the offscreen test platform has no tray
    with qtbot.waitSignal(tray.reminded, timeout=1000):
        tray.check_now()
    assert tray.last is not None and tray.last.title == "本日のフォロー 1件"
