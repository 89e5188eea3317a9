"""The scenario editor driven like a user: change a shipped scenario's steps, and the next purchase gets the new plan;
mistakes name the step and the field; the store's follow-up settings are saved from the second tab."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from crmdesk.domain.records import CustomerDraft, EventDraft, FamilyMember, OwnedItem
from crmdesk.domain.scenario_rules import Trigger
from crmdesk.domain.values import EventKind, FollowUpKind, FollowUpStatus, ItemCategory
from crmdesk.gui.main_window import MainWindow
from crmdesk.gui.scenario_editor import ScenarioEditor, ask_about_removed_triggers
from crmdesk.gui.workspace import install_workspace
from crmdesk.services.bundle import Services
from tests.gui.conftest import when_dialog_opens


@pytest.fixture
def editor(qtbot: QtBot, services: Services) -> Iterator[ScenarioEditor]:
    dialog = ScenarioEditor(services)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield dialog
    dialog.dirty = False  # closing would ask the (absent) user about unsaved changes
    dialog.close()
    dialog.deleteLater()


def retype(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    """Select all and type, as a user does (Japanese arrives committed from the input method)."""
    field.setFocus()
    field.selectAll()
    QTest.keyClick(field, Qt.Key.Key_Delete)
    field.insert(text)
    field.textEdited.emit(field.text())


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled(), widget.objectName()
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def buy_car(services: Services, day: date) -> int:
    customer = services.customers.create(
        CustomerDraft(
            name="山田 太郎",
            name_kana="ヤマダ タロウ",
            items=[OwnedItem("プリウス", ItemCategory.CAR, purchase_date=day)],
        )
    ).id
    occurred = datetime(day.year, day.month, day.day, 11).astimezone().astimezone(UTC)
    event = services.history.add(
        customer, EventDraft(EventKind.PURCHASE, "新車ご購入", occurred_at=occurred, amount_yen=3_000_000)
    )
    services.scenarios.apply_for_event(event.id)
    return customer


def test_editing_the_car_scenario_changes_what_the_next_purchase_plans(
    qtbot: QtBot, editor: ScenarioEditor, services: Services
) -> None:
    assert editor.select_scenario("お車のご購入後")
    assert [row[0] for row in editor.step_rows()] == [
        "3日後",
        "7日後",
        "1か月後",
        "6か月後",
        "12か月後",
        "3年後、以後2年ごと（2か月前）",
    ]
    assert editor.step_rows()[0][3] == "郵送（DM）の同意"
    # the call: 10 days after instead of 7, with new words
    editor.table.setCurrentCell(1, 0)
    editor.amount_spin.setValue(10)
    retype(qtbot, editor.reason_edit, "納車から10日、{item}の調子をお伺いする")
    # the 1-month check is dropped
    editor.table.setCurrentCell(2, 0)
    click(qtbot, editor.remove_step_button)
    # a gift two weeks after, added after the letter and moved to the top
    editor.table.setCurrentCell(0, 0)
    click(qtbot, editor.add_step_button)
    assert editor.current_step() == 1
    editor.amount_spin.setValue(2)
    editor.unit_box.setCurrentIndex(editor.unit_box.findData("w"))
    editor.kind_box.setCurrentIndex(editor.kind_box.findData(FollowUpKind.GIFT.value))
    retype(qtbot, editor.reason_edit, "{item}ご納車のお祝いの品")
    click(qtbot, editor.up_button)
    assert editor.current_step() == 0
    # 車検 every 3 years from now on, a month ahead
    editor.table.setCurrentCell(5, 0)
    editor.every_spin.setValue(3)
    editor.lead_spin.setValue(1)
    assert editor.offset_edit.text() == "+3y every 3y, 1m before"
    click(qtbot, editor.save_button)
    assert not editor.error.isVisible(), editor.error.text()
    assert "保存しました" in editor.message.text()

    saved = services.scenarios.find("お車のご購入後")
    assert saved is not None
    assert [(s.offset, s.kind) for s in saved.steps] == [
        ("+2w", FollowUpKind.GIFT),
        ("+3d", FollowUpKind.LETTER),
        ("+10d", FollowUpKind.CALL),
        ("+6m", FollowUpKind.INSPECTION),
        ("+12m", FollowUpKind.INSPECTION),
        ("+3y every 3y, 1m before", FollowUpKind.INSPECTION),
    ]
    customer = buy_car(services, date(2026, 11, 19))
    planned = [
        (f.due_date, f.kind, f.reason)
        for f in services.customers.card(customer).follow_ups
        if f.status is FollowUpStatus.OPEN
    ]
    assert (date(2026, 12, 3), FollowUpKind.GIFT, "プリウスご納車のお祝いの品") in planned
    assert (date(2026, 11, 29), FollowUpKind.CALL, "納車から10日、プリウスの調子をお伺いする") in planned
    assert (date(2029, 10, 19), FollowUpKind.INSPECTION, "11月が車検の満了日です（プリウス）") in planned
    assert not any("1か月点検" in reason for _, _, reason in planned)


def test_a_mistake_names_the_step_and_the_field_and_nothing_is_saved(
    qtbot: QtBot, editor: ScenarioEditor, services: Services
) -> None:
    assert editor.select_scenario("お誕生日のプレゼント")
    click(qtbot, editor.add_step_button)
    retype(qtbot, editor.reason_edit, "{誰か}さんへ")
    click(qtbot, editor.save_button)
    assert editor.error.isVisible()
    assert editor.error.text().startswith("ステップ2の「理由」")
    assert QApplication.focusWidget() is editor.reason_edit
    retype(qtbot, editor.reason_edit, "お誕生日のお電話")
    editor.offset_edit.setFocus()
    editor.offset_edit.setText("そのうち")
    click(qtbot, editor.save_button)
    assert editor.error.text().startswith("ステップ2の「タイミング」")
    stored = services.scenarios.find("お誕生日のプレゼント")
    assert stored is not None and len(stored.steps) == 1


def test_a_new_scenario_for_first_visits_and_switching_one_off(
    qtbot: QtBot, editor: ScenarioEditor, services: Services
) -> None:
    click(qtbot, editor.new_button)
    retype(qtbot, editor.name_edit, "初回ご来店のお礼")
    editor.trigger_box.setCurrentIndex(editor.trigger_box.findData(Trigger.FIRST_VISIT.value))
    assert editor.menu_edit.isVisible() and not editor.field_box.isVisible()
    editor.table.setCurrentCell(0, 0)
    editor.amount_spin.setValue(1)
    editor.unit_box.setCurrentIndex(editor.unit_box.findData("d"))
    editor.kind_box.setCurrentIndex(editor.kind_box.findData(FollowUpKind.LETTER.value))
    retype(qtbot, editor.reason_edit, "{trigger_month}月{trigger_day}日の初めてのご来店のお礼状")
    click(qtbot, editor.save_button)
    made = services.scenarios.find("初回ご来店のお礼")
    assert made is not None and made.trigger is Trigger.FIRST_VISIT and made.active
    assert [(s.offset, s.kind) for s in made.steps] == [("+1d", FollowUpKind.LETTER)]
    assert "初回ご来店のお礼" in editor.scenario_names()
    # the same name twice is refused, naming the clash
    click(qtbot, editor.new_button)
    retype(qtbot, editor.name_edit, "初回ご来店のお礼")
    click(qtbot, editor.save_button)
    assert "すでにあります" in editor.error.text()
    assert QApplication.focusWidget() is editor.name_edit
    # switch a shipped scenario off: still listed, marked, and it plans nothing
    editor.dirty = False
    assert editor.select_scenario("お車のご購入後")
    assert not editor.delete_button.isEnabled()
    editor.active_check.setChecked(False)
    click(qtbot, editor.save_button)
    assert "お車のご購入後（使っていません）" in editor.scenario_names()
    customer = buy_car(services, date(2026, 11, 19))
    assert services.customers.card(customer).follow_ups == ()


def test_the_follow_up_settings_are_saved_from_their_tab(
    qtbot: QtBot, editor: ScenarioEditor, services: Services
) -> None:
    editor.tabs.setCurrentIndex(1)
    editor.dormant_months.setValue(9)
    editor.birthday_days.setValue(30)
    editor.closed_checks[2].setChecked(True)  # closed on Wednesdays
    editor.shift_box.setCurrentIndex(editor.shift_box.findData("after"))
    with qtbot.waitSignal(editor.settings_saved, timeout=1000):
        click(qtbot, editor.save_settings_button)
    settings = services.store.settings()
    assert (settings.dormant_months, settings.birthday_days) == (9, 30)
    assert settings.closed_weekdays == [2] and settings.holiday_shift == "after"
    assert services.today.today().dormant_months == 9


def test_closing_with_unsaved_changes_asks_and_discarding_keeps_the_stored_scenario(
    qtbot: QtBot, editor: ScenarioEditor, services: Services
) -> None:
    assert editor.select_scenario("保証終了のご案内")
    retype(qtbot, editor.reason_edit, "保証のご案内")
    asked: list[str] = []

    def discard(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        asked.append(dialog.text())
        dialog.button(QMessageBox.StandardButton.Discard).click()

    when_dialog_opens(discard)
    editor.close()
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=5000)
    assert asked and "保存されていません" in asked[0]
    stored = services.scenarios.find("保証終了のご案内")
    assert stored is not None and stored.steps[0].reason_template.startswith("{month}月に")


def test_the_tools_menu_opens_the_editor_and_saved_settings_reach_the_today_screen(
    qtbot: QtBot, make_window: Callable[..., MainWindow], people: dict[str, int]
) -> None:
    window = make_window()
    workspace = install_workspace(window)
    assert workspace.scenario_action in window.tools_menu.actions()
    qtbot.waitUntil(lambda: workspace.today.current is not None, timeout=30_000)
    workspace.scenario_action.trigger()
    editor = next(d for d in workspace.dialogs if isinstance(d, ScenarioEditor))
    assert editor.isVisible() and "お車のご購入後" in editor.scenario_names()
    editor.tabs.setCurrentIndex(1)
    editor.dormant_months.setValue(11)
    click(qtbot, editor.save_settings_button)
    qtbot.waitUntil(
        lambda: workspace.today.current is not None and workspace.today.current.dormant_months == 11,
        timeout=30_000,
    )
    editor.close()


def test_removing_an_item_asks_about_the_follow_ups_its_scenario_planned(
    qtbot: QtBot, services: Services
) -> None:
    card = services.customers.create(
        CustomerDraft(
            name="青木 健",
            family=[FamilyMember("長男", "青木 翔", birthday=date(1966, 12, 20))],
            items=[OwnedItem("ミラーレスカメラ", ItemCategory.CAMERA, warranty_end=date(2026, 12, 25))],
        )
    )
    services.scenarios.plan_upcoming()
    planned = {f.reason: f.id for f in services.customers.card(card.id).follow_ups}
    warranty = next(fid for reason, fid in planned.items() if "保証が終わります" in reason)
    kanreki = next(fid for reason, fid in planned.items() if "還暦" in reason)
    card = services.customers.card(card.id)
    parent = QWidget()
    draft = card.to_draft()
    draft.items = []  # the camera was sold
    answers: list[str] = []

    def answer(label: str) -> Callable[[QWidget], None]:
        def click_button(dialog: QWidget) -> None:
            assert isinstance(dialog, QMessageBox)
            answers.append(dialog.text())
            next(b for b in dialog.buttons() if b.text() == label).click()

        return click_button

    when_dialog_opens(answer("Cancel"))
    assert ask_about_removed_triggers(parent, services, card, draft) is None
    assert "ミラーレスカメラ から作られた未完了のフォローが 1件" in answers[0]
    when_dialog_opens(answer("フォローは残す"))
    assert ask_about_removed_triggers(parent, services, card, draft) == []
    when_dialog_opens(answer("フォローも削除する"))
    to_delete = ask_about_removed_triggers(parent, services, card, draft)
    assert to_delete == [warranty]
    services.customers.update(card.id, draft)
    assert services.scenarios.delete_open(to_delete) == 1
    left = {f.id for f in services.customers.card(card.id).follow_ups}
    assert warranty not in left and kanreki in left
    # nothing planned from what is removed: nothing is asked
    saved = services.customers.card(card.id)
    assert ask_about_removed_triggers(parent, services, saved, saved.to_draft()) == []
    parent.deleteLater()
