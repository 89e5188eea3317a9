"""The Today screen driven like a user: read the groups, click a name to open the card, finish, skip and move."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QPushButton, QTreeWidget, QTreeWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from crmdesk.domain.records import (
    Consent,
    ContactPoint,
    CustomerDraft,
    EventDraft,
    FamilyMember,
    FollowUpDraft,
)
from crmdesk.domain.values import ContactKind, EventKind, FollowUpKind, FollowUpStatus
from crmdesk.gui.follow_up_actions import RescheduleDialog, ResultDialog
from crmdesk.gui.today_view import TodayView
from crmdesk.services.bundle import Services

TODAY = date(2026, 11, 22)


@pytest.fixture
def store(services: Services) -> dict[str, int]:
    ids = {}
    ids["yamada"] = services.customers.create(
        CustomerDraft(
            name="山田 太郎",
            birthday=date(1966, 11, 25),
            contacts=[ContactPoint(ContactKind.MOBILE, "090-1111-2222")],
            family=[FamilyMember("長男", "山田 翔", birthday=date(2008, 12, 2))],
            staff="村上",
        )
    ).id
    ids["sato"] = services.customers.create(CustomerDraft(name="佐藤 花子", staff="田島")).id
    ids["call"] = services.followups.add(
        ids["yamada"], FollowUpDraft(TODAY, FollowUpKind.CALL, "お礼状が届いた頃のお電話", staff="村上")
    ).id
    ids["letter"] = services.followups.add(
        ids["sato"],
        FollowUpDraft(date(2026, 11, 19), FollowUpKind.LETTER, "12月が車検の満了日です", staff="田島"),
    ).id
    return ids


@pytest.fixture
def view(qtbot: QtBot, services: Services, store: dict[str, int]) -> TodayView:
    widget = TodayView(services)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    qtbot.waitExposed(widget)
    loaded(qtbot, widget)
    return widget


def loaded(qtbot: QtBot, view: TodayView) -> None:
    """The list is read off the GUI thread: wait for it to be shown."""
    qtbot.waitUntil(lambda: not view.loading and view.current is not None, timeout=30_000)


def find_row(tree: QTreeWidget, column: int, text: str) -> QTreeWidgetItem:
    for index in range(tree.topLevelItemCount()):
        head = tree.topLevelItem(index)
        assert head is not None
        for child in range(head.childCount()):
            item = head.child(child)
            if item is not None and text in item.text(column):
                return item
    raise AssertionError(f"no row with {text!r} in column {column}")


def click(qtbot: QtBot, tree: QTreeWidget, item: QTreeWidgetItem, column: int) -> None:
    rect = tree.visualRect(tree.indexFromItem(item, column))
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 8, rect.center().y())
    )


def type_japanese(widget: QWidget, text: str) -> None:
    """Type as a Japanese input method does: the converted text arrives committed (QTest types ASCII only)."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def press(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_today_screen_shows_what_to_do_grouped_with_reasons(view: TodayView) -> None:
    assert view.summary.text() == "やること 2件（うち期限切れ 1件）"
    assert "令和8年11月22日（日）" in view.date_label.text()
    assert view.follow_up_rows() == [
        ("お電話 1件", "山田 太郎様", "お礼状が届いた頃のお電話"),
        ("印刷するお手紙 1件（期限切れ 1件）", "佐藤 花子様", "12月が車検の満了日です"),
    ]
    call = find_row(view.tasks, 1, "山田 太郎様")
    assert (call.text(0), call.text(3), call.text(4)) == ("本日", "090-1111-2222", "村上")
    assert find_row(view.tasks, 1, "佐藤 花子様").text(0) == "3日遅れ（11/19）"


def test_one_click_on_the_name_opens_the_card(qtbot: QtBot, view: TodayView, store: dict[str, int]) -> None:
    row = find_row(view.tasks, 1, "佐藤 花子様")
    with qtbot.waitSignal(view.open_customer, timeout=1000) as opened:
        click(qtbot, view.tasks, row, 1)
    assert opened.args == [store["sato"]]


def test_clicking_the_reason_selects_the_follow_up_without_leaving(qtbot: QtBot, view: TodayView) -> None:
    assert not view.done_button.isEnabled()
    with qtbot.assertNotEmitted(view.open_customer):
        click(qtbot, view.tasks, find_row(view.tasks, 1, "山田 太郎様"), 2)
    assert view.done_button.isEnabled() and view.skip_button.isEnabled()


def test_finishing_a_call_with_a_note_puts_it_on_the_timeline(
    qtbot: QtBot, view: TodayView, services: Services, store: dict[str, int]
) -> None:
    click(qtbot, view.tasks, find_row(view.tasks, 1, "山田 太郎様"), 2)
    press(qtbot, view.done_button)
    dialog = view.follow_up_actions.dialog
    assert isinstance(dialog, ResultDialog) and not dialog.skipped
    type_japanese(dialog.note, "12月の車検をご予約いただいた")
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(view.follow_up_rows()) == 1)
    card = services.customers.card(store["yamada"])
    done = next(f for f in card.follow_ups if f.id == store["call"])
    assert done.status is FollowUpStatus.DONE and done.result == "12月の車検をご予約いただいた"
    assert card.events[0].kind is EventKind.CALL
    assert card.events[0].body == "12月の車検をご予約いただいた"
    assert view.summary.text() == "やること 1件（うち期限切れ 1件）"


def test_skipping_a_letter_says_why_and_cancel_changes_nothing(
    qtbot: QtBot, view: TodayView, services: Services, store: dict[str, int]
) -> None:
    click(qtbot, view.tasks, find_row(view.tasks, 1, "佐藤 花子様"), 0)
    press(qtbot, view.skip_button)
    dialog = view.follow_up_actions.dialog
    assert isinstance(dialog, ResultDialog) and dialog.skipped
    dialog.reject()
    assert len(view.follow_up_rows()) == 2
    press(qtbot, view.skip_button)
    dialog = view.follow_up_actions.dialog
    assert isinstance(dialog, ResultDialog)
    type_japanese(dialog.note, "転居されたため")
    dialog.accept()
    qtbot.waitUntil(lambda: len(view.follow_up_rows()) == 1)
    skipped = next(f for f in services.customers.card(store["sato"]).follow_ups if f.id == store["letter"])
    assert skipped.status is FollowUpStatus.SKIPPED and skipped.result == "転居されたため"


def test_moving_a_follow_up_to_another_day(
    qtbot: QtBot, view: TodayView, services: Services, store: dict[str, int]
) -> None:
    click(qtbot, view.tasks, find_row(view.tasks, 1, "山田 太郎様"), 2)
    press(qtbot, view.move_button)
    dialog = view.follow_up_actions.dialog
    assert isinstance(dialog, RescheduleDialog)
    dialog.set_chosen(date(2026, 11, 23))
    assert "勤労感謝の日" in dialog.note.text()  # a holiday is pointed out
    dialog.set_chosen(date(2026, 11, 24))
    assert dialog.note.text() == "令和8年11月24日 に変更します。"
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(view.follow_up_rows()) == 1)
    moved = next(f for f in services.customers.card(store["yamada"]).follow_ups if f.id == store["call"])
    assert moved.due_date == date(2026, 11, 24) and moved.status is FollowUpStatus.OPEN


def test_birthdays_of_customers_and_family_and_one_click_to_the_card(
    qtbot: QtBot, view: TodayView, store: dict[str, int]
) -> None:
    rows = view.upcoming_rows()
    assert (
        "お誕生日（14日以内）2件",
        "11月25日（水） あと3日",
        "山田 太郎様",
        "60歳のお誕生日（還暦）",
    ) in rows
    assert (
        "お誕生日（14日以内）2件",
        "12月2日（水） あと10日",
        "山田 太郎様",
        "長男の山田 翔様 — 18歳のお誕生日（運転免許が取れる年齢）",
    ) in rows
    with qtbot.waitSignal(view.open_customer, timeout=1000) as opened:
        click(qtbot, view.upcoming, find_row(view.upcoming, 2, "長男の山田 翔様"), 2)
    assert opened.args == [store["yamada"]]


def test_choosing_a_staff_member_shows_only_their_follow_ups(qtbot: QtBot, view: TodayView) -> None:
    view.staff_box.setCurrentIndex(view.staff_box.findText("田島"))
    loaded(qtbot, view)
    assert [row[1] for row in view.follow_up_rows()] == ["佐藤 花子様"]
    view.staff_box.setCurrentIndex(0)
    loaded(qtbot, view)
    assert len(view.follow_up_rows()) == 2


def test_a_follow_up_added_elsewhere_appears_by_itself(
    qtbot: QtBot, view: TodayView, services: Services, store: dict[str, int]
) -> None:
    services.followups.add(store["sato"], FollowUpDraft(TODAY, FollowUpKind.GIFT, "ご成約のお礼の品"))
    qtbot.waitUntil(lambda: any("ご成約のお礼の品" in row[2] for row in view.follow_up_rows()))


def test_planning_birthdays_and_milestones_from_the_screen(
    qtbot: QtBot, view: TodayView, services: Services, store: dict[str, int]
) -> None:
    press(qtbot, view.plan_button)
    assert not view.plan_button.isEnabled()  # working off the GUI thread
    qtbot.waitUntil(view.plan_button.isEnabled, timeout=10_000)
    assert view.status.text().startswith("誕生日・節目などのフォローを 3件作成しました")
    reasons = {f.reason for f in services.customers.card(store["yamada"]).follow_ups}
    assert "11月25日がお誕生日です（60歳）。割引券ではなく、ささやかなプレゼントをお贈りする" in reasons
    press(qtbot, view.plan_button)
    qtbot.waitUntil(view.plan_button.isEnabled, timeout=10_000)
    assert view.status.text() == "誕生日・節目などのフォローを 0件作成しました。3件は作成済みです"


def test_a_letter_not_planned_for_lack_of_consent_is_explained(
    qtbot: QtBot, view: TodayView, services: Services
) -> None:
    cid = services.customers.create(CustomerDraft(name="鈴木 一郎", consent=Consent(letter=False))).id
    bought = datetime(2026, 11, 19, 2, tzinfo=UTC)
    event = services.history.add(cid, EventDraft(EventKind.PURCHASE, "新車ご購入", occurred_at=bought))
    services.scenarios.apply_for_event(event.id)
    view.refresh()
    loaded(qtbot, view)
    section, _, _, what = next(row for row in view.upcoming_rows() if row[2] == "鈴木 一郎様")
    assert section == "同意がないため見送ったフォロー 1件"
    assert what.startswith("手紙「11月19日にお車をご購入いただいたお礼状」")
    assert what.endswith("郵送物を希望されていません（DM不可）")


def test_the_list_is_read_in_the_background_and_says_so_until_it_arrives(
    qtbot: QtBot, services: Services, store: dict[str, int]
) -> None:
    widget = TodayView(services)
    qtbot.addWidget(widget)
    widget.show()
    # the constructor returned before the list was read: the screen says it is loading
    assert widget.loading and widget.current is None
    assert widget.summary.text() == "本日のフォローを読み込んでいます…"
    assert not widget.refresh_button.isEnabled()
    with qtbot.waitSignal(widget.loaded, timeout=30_000):
        pass
    assert widget.summary.text() == "やること 2件（うち期限切れ 1件）"
    assert widget.refresh_button.isEnabled()
    # refreshing keeps the rows on screen while the new ones are read; two refreshes read twice, not in parallel
    widget.refresh()
    widget.refresh()
    assert widget.loading and len(widget.follow_up_rows()) == 2
    services.followups.add(store["sato"], FollowUpDraft(TODAY, FollowUpKind.VISIT, "ご来店のご予約"))
    qtbot.waitUntil(lambda: not widget.loading and len(widget.follow_up_rows()) == 3, timeout=30_000)
