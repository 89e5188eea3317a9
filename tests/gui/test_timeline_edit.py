"""Correcting the timeline as a user does: a right click (or F2 / Delete) on a purchase entered by mistake changes its
date — the follow-ups its scenario planned move with it — or deletes it, asking what becomes of those follow-ups."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from crmdesk.domain.records import EventDraft
from crmdesk.domain.values import EventKind, FollowUpKind, FollowUpStatus
from crmdesk.gui.event_dialogs import EventDateDialog
from crmdesk.gui.main_window import MainWindow
from crmdesk.services.bundle import Services
from tests.gui.conftest import when_dialog_opens


def at(day: date, hour: int = 11) -> datetime:
    return datetime(day.year, day.month, day.day, hour).astimezone().astimezone(UTC)


@pytest.fixture
def purchase(window: MainWindow, services: Services, people: dict[str, int]) -> int:
    """山田様 bought a car on 2026-11-19 (as entered); the car scenario planned six follow-ups. The card is open."""
    services.scenarios.enable_auto()
    cid = people["山田 太郎"]
    services.history.add(
        cid, EventDraft(EventKind.CALL, "お見積りのご連絡", occurred_at=at(date(2026, 11, 1)))
    )
    event = services.history.add(
        cid,
        EventDraft(
            EventKind.PURCHASE, "新車ご購入", occurred_at=at(date(2026, 11, 19)), amount_yen=3_000_000
        ),
    )
    assert len(services.scenarios.planned_from(event_id=event.id)) == 6
    window.open_customer(cid)
    return event.id


def open_dues(services: Services, customer_id: int) -> dict[int, date]:
    card = services.customers.card(customer_id)
    return {f.id: f.due_date for f in card.follow_ups if f.status is FollowUpStatus.OPEN}


def shown_summaries(window: MainWindow) -> list[str]:
    return [e.summary for e in window.card_view.timeline.model.shown()]


def pick(window: MainWindow, event_id: int) -> None:
    timeline = window.card_view.timeline
    assert timeline.select_event(event_id)
    timeline.list.setFocus()


def type_date(qtbot: QtBot, text: str) -> Callable[[QWidget], None]:
    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, EventDateDialog)
        dialog.date.selectAll()
        qtbot.keyClicks(dialog.date, text)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    return answer


def click(label: str, seen: list[str]) -> Callable[[QWidget], None]:
    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        seen.append(dialog.text())
        next(b for b in dialog.buttons() if b.text() == label).click()

    return answer


def right_click_and_choose(qtbot: QtBot, window: MainWindow, event_id: int, label: str) -> list[str]:
    """Right-click the event's row and click a menu entry; returns the entries' texts with their keys."""
    timeline = window.card_view.timeline
    row = next(r for r, e in enumerate(timeline.model.shown()) if e.id == event_id)
    viewport = timeline.list.viewport()
    where = timeline.list.visualRect(timeline.model.index(row, 0)).center()
    entries: list[str] = []

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(20, choose)
            return
        actions = [a for a in menu.actions() if not a.isSeparator()]
        entries.extend(f"{a.text()} {a.shortcut().toString()}".strip() for a in actions if a.isEnabled())
        wanted = next(a for a in actions if a.text() == label)
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(wanted).center())

    QTimer.singleShot(20, choose)
    QApplication.sendEvent(
        viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, viewport.mapToGlobal(where))
    )
    return entries


def test_changing_the_purchase_date_from_the_context_menu_moves_its_follow_ups(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int], purchase: int
) -> None:
    cid = people["山田 太郎"]
    before = open_dues(services, cid)
    when_dialog_opens(type_date(qtbot, "R8.11.21"))  # typed in 和暦: 令和8年 = 2026
    entries = right_click_and_choose(qtbot, window, purchase, "日付を変更…")
    qtbot.waitUntil(
        lambda: services.history.events(cid)[0].occurred_at == at(date(2026, 11, 21)), timeout=10_000
    )
    assert entries == ["詳しく見る", "日付を変更… F2", "削除… Del"]
    after = open_dues(services, cid)
    assert set(after) == set(before) and all(after[f] > before[f] for f in before)
    letter = next(f for f in services.customers.card(cid).follow_ups if f.kind is FollowUpKind.LETTER)
    assert letter.due_date == date(2026, 11, 24)  # the thank-you letter: three days after the corrected day
    assert "フォロー 6件の予定日を組み直しました" in window.statusBar().currentMessage()
    timeline = window.card_view.timeline
    shown = timeline.current_event()
    assert shown is not None and shown.id == purchase and shown.occurred_at == at(date(2026, 11, 21))
    card_letter = next(f for f in window.card_view.card.follow_ups if f.kind is FollowUpKind.LETTER)  # type: ignore[union-attr]
    assert card_letter.due_date == date(2026, 11, 24)  # the card's follow-up list shows the new dates


def test_f2_opens_the_date_and_a_wrong_date_is_refused_until_corrected(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int], purchase: int
) -> None:
    cid = people["山田 太郎"]
    before = open_dues(services, cid)
    errors: list[str] = []

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, EventDateDialog)
        assert dialog.date.value() == date(2026, 11, 19)  # prefilled with the day as entered
        assert "未完了のフォロー 6件" in dialog.findChild(QWidget, "replanNote").text()  # type: ignore[union-attr]
        dialog.date.selectAll()
        qtbot.keyClicks(dialog.date, "2026/13/40")
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()
        errors.append(dialog.error.text())
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton
        )

    pick(window, purchase)
    seen = when_dialog_opens(answer)
    qtbot.keyClick(window.card_view.timeline.list, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert seen and errors[0]
    assert open_dues(services, cid) == before
    assert services.history.events(cid)[0].occurred_at == at(date(2026, 11, 19))


def test_deleting_the_purchase_and_its_follow_ups(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int], purchase: int
) -> None:
    cid = people["山田 太郎"]
    asked: list[str] = []
    pick(window, purchase)
    when_dialog_opens(click("フォローも削除する", asked))
    qtbot.keyClick(window.card_view.timeline.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "新車ご購入" not in shown_summaries(window), timeout=10_000)
    assert "未完了のフォローが 6件" in asked[0] and "新車ご購入" in asked[0]
    assert open_dues(services, cid) == {}
    assert shown_summaries(window) == ["お見積りのご連絡"]
    assert "フォロー 6件も削除しました" in window.statusBar().currentMessage()


def test_deleting_the_purchase_but_keeping_its_follow_ups(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int], purchase: int
) -> None:
    cid = people["山田 太郎"]
    before = open_dues(services, cid)
    asked: list[str] = []
    when_dialog_opens(click("フォローは残す", asked))
    right_click_and_choose(qtbot, window, purchase, "削除…")
    qtbot.waitUntil(lambda: "新車ご購入" not in shown_summaries(window), timeout=10_000)
    assert open_dues(services, cid) == before
    assert window.card_view.follow_ups.count() == 6


def test_cancelling_the_delete_changes_nothing(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int], purchase: int
) -> None:
    cid = people["山田 太郎"]
    before = open_dues(services, cid)
    asked: list[str] = []
    pick(window, purchase)
    seen = when_dialog_opens(click("Cancel", asked))
    qtbot.keyClick(window.card_view.timeline.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    assert seen
    assert open_dues(services, cid) == before
    assert shown_summaries(window) == ["新車ご購入", "お見積りのご連絡"]


def test_an_event_without_follow_ups_is_deleted_after_a_plain_confirmation(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int], purchase: int
) -> None:
    cid = people["山田 太郎"]
    call = services.history.events(cid, kinds=[EventKind.CALL])[0]
    asked: list[str] = []
    pick(window, call.id)
    when_dialog_opens(click("削除する", asked))
    qtbot.keyClick(window.card_view.timeline.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "お見積りのご連絡" not in shown_summaries(window), timeout=10_000)
    assert "お見積りのご連絡を履歴から削除しますか" in asked[0].replace("「", "").replace("」", "")
    assert len(open_dues(services, cid)) == 6


def test_a_card_in_the_trash_offers_no_corrections(
    window: MainWindow, services: Services, people: dict[str, int], purchase: int
) -> None:
    services.customers.delete(people["山田 太郎"])
    window.card_view.reload()
    timeline = window.card_view.timeline
    pick(window, purchase)
    menu = timeline.context_menu_for(timeline.current_event())
    enabled = [a.text() for a in menu.actions() if a.isEnabled() and not a.isSeparator()]
    assert enabled == ["詳しく見る"]
    menu.deleteLater()
