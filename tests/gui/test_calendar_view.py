"""The follow-up calendar driven like a user: choose a day, read the agenda, finish, move by dialog and by drag."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QTreeWidget, QTreeWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from crmdesk.domain.records import CustomerDraft, FollowUpDraft
from crmdesk.domain.values import EventKind, FollowUpKind, FollowUpStatus
from crmdesk.gui import calendar_view
from crmdesk.gui.calendar_view import CalendarView, follow_up_id_of
from crmdesk.gui.follow_up_actions import RescheduleDialog, ResultDialog
from crmdesk.services.bundle import Services

TODAY = date(2026, 11, 22)  # a Sunday; Monday the 23rd is 勤労感謝の日


@pytest.fixture
def store(services: Services) -> dict[str, int]:
    yamada = services.customers.create(CustomerDraft(name="山田 太郎", staff="村上")).id
    sato = services.customers.create(CustomerDraft(name="佐藤 花子", staff="田島")).id
    plans = {
        "call": (yamada, TODAY, FollowUpKind.CALL, "お礼状が届いた頃のお電話", "村上"),
        "letter": (sato, TODAY, FollowUpKind.LETTER, "前回のカラーから2か月", "田島"),
        "shaken": (yamada, date(2026, 11, 26), FollowUpKind.INSPECTION, "12月が車検の満了日です", "村上"),
        "gift": (sato, date(2026, 12, 3), FollowUpKind.GIFT, "お誕生日のプレゼント", "田島"),
    }
    ids = {"yamada": yamada, "sato": sato}
    for key, (cid, due, kind, reason, staff) in plans.items():
        ids[key] = services.followups.add(cid, FollowUpDraft(due, kind, reason, staff=staff)).id
    return ids


@pytest.fixture
def view(qtbot: QtBot, services: Services, store: dict[str, int]) -> CalendarView:
    widget = CalendarView(services)
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    widget.show()
    qtbot.waitExposed(widget)
    loaded(qtbot, widget)
    return widget


def loaded(qtbot: QtBot, view: CalendarView) -> None:
    """The calendar is read off the GUI thread: wait for what was asked for to be shown."""
    qtbot.waitUntil(lambda: not view.loading and view.shown_key == view.key(), timeout=30_000)


def click_day(qtbot: QtBot, view: CalendarView, day: date) -> None:
    rect = view.grid.cell_rect(day)
    assert rect is not None
    qtbot.mouseClick(view.grid, Qt.MouseButton.LeftButton, pos=rect.center())
    loaded(qtbot, view)


def drop(target: QWidget, pos: QPoint, follow_up_id: int, view: CalendarView) -> None:
    """What Qt delivers when a dragged agenda row comes over `target` and is let go there."""
    row = view.agenda.follow_up_item(follow_up_id) or view.week.follow_up_item(follow_up_id)
    assert row is not None
    mime = view.agenda.mimeData([row])
    assert follow_up_id_of(mime) == follow_up_id
    button, no_keys, move = (
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.DropAction.MoveAction,
    )
    enter = QDragEnterEvent(QPointF(pos), move, mime, button, no_keys)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    over = QDragMoveEvent(QPointF(pos), move, mime, button, no_keys)
    QApplication.sendEvent(target, over)
    assert over.isAccepted()
    QApplication.sendEvent(target, QDropEvent(QPointF(pos), move, mime, button, no_keys))


def click_row(qtbot: QtBot, tree: QTreeWidget, item: QTreeWidgetItem, column: int) -> None:
    rect = tree.visualRect(tree.indexFromItem(item, column))
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 8, rect.center().y())
    )


def test_the_month_shows_the_number_of_follow_ups_on_each_day(view: CalendarView) -> None:
    assert view.month_label.text() == "2026年11月"
    assert view.grid.counts == {TODAY: 2, date(2026, 11, 26): 1, date(2026, 12, 3): 1}
    assert view.day_label.text() == "11月22日（日）の予定 2件"
    assert view.agenda_rows() == [
        ("電話", "山田 太郎様", "お礼状が届いた頃のお電話", "未完了"),
        ("手紙", "佐藤 花子様", "前回のカラーから2か月", "未完了"),
    ]


def test_clicking_a_day_shows_its_agenda_and_says_when_it_is_a_holiday(
    qtbot: QtBot, view: CalendarView
) -> None:
    click_day(qtbot, view, date(2026, 11, 26))
    assert view.day_label.text() == "11月26日（木）の予定 1件"
    assert [row[2] for row in view.agenda_rows()] == ["12月が車検の満了日です"]
    click_day(qtbot, view, date(2026, 11, 23))
    assert view.day_note.text() == "祝日（勤労感謝の日）"
    assert view.agenda_rows() == []


def test_dragging_a_follow_up_onto_another_day_moves_it(
    qtbot: QtBot, view: CalendarView, services: Services, store: dict[str, int]
) -> None:
    target = view.grid.cell_rect(date(2026, 11, 27))
    assert target is not None
    drop(view.grid, target.center(), store["call"], view)
    qtbot.waitUntil(lambda: view.grid.counts.get(date(2026, 11, 27)) == 1)
    assert view.grid.counts[TODAY] == 1
    moved = next(f for f in services.customers.card(store["yamada"]).follow_ups if f.id == store["call"])
    assert moved.due_date == date(2026, 11, 27)


def test_finishing_from_the_agenda_puts_the_note_on_the_timeline(
    qtbot: QtBot, view: CalendarView, services: Services, store: dict[str, int]
) -> None:
    item = view.agenda.follow_up_item(store["letter"])
    assert item is not None
    click_row(qtbot, view.agenda, item, 2)
    assert view.done_button.isEnabled()
    qtbot.mouseClick(view.done_button, Qt.MouseButton.LeftButton)
    dialog = view.follow_up_actions.dialog
    assert isinstance(dialog, ResultDialog)
    dialog.note.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString("ハガキを投函しました")
    QApplication.sendEvent(dialog.note, event)
    dialog.accept()
    qtbot.waitUntil(lambda: len(view.agenda_rows()) == 1)
    assert view.grid.counts[TODAY] == 1
    card = services.customers.card(store["sato"])
    assert card.events[0].kind is EventKind.LETTER and card.events[0].body == "ハガキを投函しました"
    view.show_done.setChecked(True)
    loaded(qtbot, view)
    assert ("手紙", "佐藤 花子様", "前回のカラーから2か月", "完了") in view.agenda_rows()
    item = view.agenda.follow_up_item(store["letter"])
    assert item is not None
    click_row(qtbot, view.agenda, item, 2)
    assert not view.done_button.isEnabled() and view.open_button.isEnabled()


def test_choosing_a_new_date_in_the_dialog(
    qtbot: QtBot, view: CalendarView, services: Services, store: dict[str, int]
) -> None:
    item = view.agenda.follow_up_item(store["call"])
    assert item is not None
    click_row(qtbot, view.agenda, item, 0)
    qtbot.mouseClick(view.move_button, Qt.MouseButton.LeftButton)
    dialog = view.follow_up_actions.dialog
    assert isinstance(dialog, RescheduleDialog)
    dialog.set_chosen(date(2026, 12, 1))
    dialog.accept()
    qtbot.waitUntil(lambda: view.grid.counts.get(date(2026, 12, 1)) == 1)
    moved = next(f for f in services.customers.card(store["yamada"]).follow_ups if f.id == store["call"])
    assert moved.due_date == date(2026, 12, 1)


def test_the_week_list_and_dropping_onto_a_day_heading(
    qtbot: QtBot, view: CalendarView, services: Services, store: dict[str, int]
) -> None:
    view.show_week()
    assert view.month_label.text() == "11月22日（日）〜11月28日（土）"
    assert view.week_rows() == [
        ("11月22日（日）  2件", "山田 太郎様", "お礼状が届いた頃のお電話"),
        ("11月22日（日）  2件", "佐藤 花子様", "前回のカラーから2か月"),
        ("11月26日（木）  1件", "山田 太郎様", "12月が車検の満了日です"),
    ]
    heading = view.week.day_items()[date(2026, 11, 25)]
    assert heading.text(0) == "11月25日（水）  0件"
    rect = view.week.visualItemRect(heading)
    drop(view.week.viewport(), rect.center(), store["letter"], view)
    qtbot.waitUntil(
        lambda: ("11月25日（水）  1件", "佐藤 花子様", "前回のカラーから2か月") in view.week_rows()
    )
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert view.month_label.text() == "11月29日（日）〜12月5日（土）"
    loaded(qtbot, view)
    assert [row[2] for row in view.week_rows()] == ["お誕生日のプレゼント"]


def test_months_back_and_forth_and_back_to_today(qtbot: QtBot, view: CalendarView) -> None:
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert view.month_label.text() == "2026年12月"
    loaded(qtbot, view)
    assert view.grid.counts.get(date(2026, 12, 3)) == 1
    qtbot.mouseClick(view.prev_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.prev_button, Qt.MouseButton.LeftButton)
    assert view.month_label.text() == "2026年10月"
    qtbot.mouseClick(view.today_button, Qt.MouseButton.LeftButton)
    assert view.selected_date() == TODAY and view.month_label.text() == "2026年11月"


def test_arrow_keys_move_the_chosen_day(qtbot: QtBot, view: CalendarView) -> None:
    view.grid.setFocus()
    qtbot.keyClick(view.grid, Qt.Key.Key_Right)
    assert view.selected_date() == date(2026, 11, 23)
    qtbot.keyClick(view.grid, Qt.Key.Key_Down)
    assert view.selected_date() == date(2026, 11, 30)


def test_one_staff_members_calendar_and_one_click_to_the_card(
    qtbot: QtBot, view: CalendarView, store: dict[str, int]
) -> None:
    view.staff_box.setCurrentIndex(view.staff_box.findText("田島"))
    loaded(qtbot, view)
    assert view.grid.counts == {TODAY: 1, date(2026, 12, 3): 1}
    item = view.agenda.follow_up_item(store["letter"])
    assert item is not None
    with qtbot.waitSignal(view.open_customer, timeout=1000) as opened:
        click_row(qtbot, view.agenda, item, 1)
    assert opened.args == [store["sato"]]


def test_a_skipped_follow_up_leaves_the_agenda(
    qtbot: QtBot, view: CalendarView, services: Services, store: dict[str, int]
) -> None:
    item = view.agenda.follow_up_item(store["call"])
    assert item is not None
    click_row(qtbot, view.agenda, item, 2)
    qtbot.mouseClick(view.skip_button, Qt.MouseButton.LeftButton)
    dialog = view.follow_up_actions.dialog
    assert isinstance(dialog, ResultDialog) and dialog.skipped
    dialog.accept()
    qtbot.waitUntil(lambda: len(view.agenda_rows()) == 1)
    status = next(
        f for f in services.customers.card(store["yamada"]).follow_ups if f.id == store["call"]
    ).status
    assert status is FollowUpStatus.SKIPPED


def test_the_calendar_is_read_in_the_background_and_quick_steps_end_on_the_last_month(
    qtbot: QtBot, services: Services, store: dict[str, int]
) -> None:
    widget = CalendarView(services)
    qtbot.addWidget(widget)
    widget.show()
    # the constructor returned before the month was read: the agenda says it is loading
    assert widget.loading and widget.grid.counts == {}
    assert widget.day_label.text() == "11月22日（日）の予定を読み込んでいます…"
    loaded(qtbot, widget)
    assert widget.grid.counts[TODAY] == 2
    # three quick steps while reading: the screen ends on the last month asked for, with its own counts
    for _ in range(3):
        qtbot.mouseClick(widget.next_button, Qt.MouseButton.LeftButton)
    assert widget.month_label.text() == "2027年2月"
    loaded(qtbot, widget)
    assert widget.shown_key is not None and widget.shown_key.day == date(2027, 2, 22)
    assert date(2026, 12, 3) not in widget.grid.counts
    qtbot.mouseClick(widget.today_button, Qt.MouseButton.LeftButton)
    loaded(qtbot, widget)
    assert widget.grid.counts[date(2026, 12, 3)] == 1


def test_a_busy_day_lists_some_follow_ups_and_says_how_many_more(
    qtbot: QtBot, services: Services, store: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(calendar_view, "WEEK_ROWS_PER_DAY", 1)
    monkeypatch.setattr(calendar_view, "AGENDA_ROWS", 1)
    widget = CalendarView(services)
    qtbot.addWidget(widget)
    widget.show()
    loaded(qtbot, widget)
    assert widget.day_label.text() == "11月22日（日）の予定 2件"
    assert len(widget.agenda_rows()) == 1
    texts = [widget.agenda.topLevelItem(i).text(1) for i in range(widget.agenda.topLevelItemCount())]  # type: ignore[union-attr]
    assert texts[-1].startswith("ほか 1件")
    heading = widget.week.day_items()[TODAY]
    assert heading.text(0) == "11月22日（日）  2件"
    assert heading.child(1).text(1).startswith("ほか 1件")  # type: ignore[union-attr]


def test_the_chosen_staff_members_follow_ups_are_written_for_their_phone(
    qtbot: QtBot, view: CalendarView, tmp_path: Path
) -> None:
    view.staff_box.setCurrentIndex(view.staff_box.findText("田島"))
    loaded(qtbot, view)
    qtbot.mouseClick(view.ics_button, Qt.MouseButton.LeftButton)
    dialog = view.ics_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.selectedFiles()[0].endswith("フォロー予定_田島.ics")
    target = tmp_path / "tajima.ics"
    with qtbot.waitSignal(view.exported, timeout=30_000) as written:
        dialog.selectFile(str(target))
        dialog.accept()
    assert written.args == [str(target)]
    assert view.ics_message == "田島さんの未完了のフォロー 2件を tajima.ics に書き出しました"
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    assert all("佐藤 花子" in str(e.get("summary")) for e in calendar.walk("VEVENT"))
    assert {e.decoded("dtstart") for e in calendar.walk("VEVENT")} == {TODAY, date(2026, 12, 3)}
