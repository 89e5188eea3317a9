"""Who is working (picked at start, remembered, switched in one click) and the trash with restore."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from crmdesk.domain.records import EventDraft
from crmdesk.domain.values import EventKind
from crmdesk.gui.main_window import MainWindow
from crmdesk.gui.staff_picker import StaffPicker
from crmdesk.gui.trash_dialog import TrashDialog
from crmdesk.services.bundle import Services
from tests.gui.conftest import type_japanese, wait_search, when_dialog_opens


def test_switching_staff_in_one_click_records_later_work_under_that_name(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int], settings_file: Path
) -> None:
    services.store.add_staff("大野")
    assert window.staff_button.text() == "担当: 村上"
    window._fill_staff_menu()
    ono = next(a for a in window.staff_menu.actions() if a.text() == "大野")
    ono.trigger()
    assert window.staff_button.text() == "担当: 大野"
    assert services.ctx.staff_name == "大野"
    assert json.loads(settings_file.read_text(encoding="utf-8"))["staff_name"] == "大野"
    event = services.history.add(people["青木 健"], EventDraft(EventKind.NOTE, "担当交代"))
    assert event.staff == "大野"


def test_a_new_staff_member_can_be_typed_in_the_picker(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, StaffPicker)
        type_japanese(dialog.new_name, "新人 佐々木")
        dialog.accept()

    when_dialog_opens(answer)
    assert window.pick_staff() is True
    assert services.ctx.staff_name == "新人 佐々木"
    assert "新人 佐々木" in services.store.staff_names()


def test_the_picker_refuses_to_close_without_a_name(qtbot: QtBot) -> None:
    picker = StaffPicker([], None)
    qtbot.addWidget(picker)
    picker.accept()
    assert picker.error.text() == "お名前を選ぶか入力してください"
    assert picker.result() == 0


def yes(dialog: QWidget) -> None:
    assert isinstance(dialog, QMessageBox)
    dialog.button(QMessageBox.StandardButton.Yes).click()


def test_a_deleted_customer_goes_to_the_trash_and_comes_back(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int]
) -> None:
    window.open_customer(people["佐藤 花子"])
    when_dialog_opens(yes)
    qtbot.keyClick(window.panel.field, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    wait_search(qtbot, window)
    assert window.card_view.customer_id is None
    assert window.panel.model.row_of(people["佐藤 花子"]) is None
    assert window.panel.model.rowCount() == len(people) - 1
    assert "ごみ箱に移しました" in window.statusBar().currentMessage()

    trash = window.open_trash()
    qtbot.waitUntil(trash.isVisible, timeout=2000)
    assert trash.table.rowCount() == 1
    assert trash.table.item(0, 0).text() == "佐藤 花子 様"  # type: ignore[union-attr]
    qtbot.mouseClick(trash.restore_button, Qt.MouseButton.LeftButton)
    assert trash.table.rowCount() == 0 and trash.empty.isVisible()
    trash.accept()
    wait_search(qtbot, window)
    qtbot.waitUntil(lambda: window.card_view.customer_id == people["佐藤 花子"], timeout=3000)
    assert window.panel.model.row_of(people["佐藤 花子"]) is not None
    assert window.panel.current_id() == people["佐藤 花子"]
    assert services.customers.card(people["佐藤 花子"]).deleted_at is None


def test_saying_no_keeps_the_customer(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int]
) -> None:
    window.open_customer(people["山田 太郎"])

    def no(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        dialog.button(QMessageBox.StandardButton.No).click()

    when_dialog_opens(no)
    assert window.delete_customer() is False
    assert services.customers.trash() == []


def test_purging_from_the_trash_asks_and_removes_for_good(
    qtbot: QtBot, services: Services, people: dict[str, int]
) -> None:
    services.customers.delete(people["中村 大輔"])
    dialog = TrashDialog(services)
    qtbot.addWidget(dialog)
    when_dialog_opens(yes)
    dialog.purge_selected()
    assert dialog.table.rowCount() == 0
    assert services.customers.trash() == []
    assert people["中村 大輔"] not in services.customers.browse_ids(include_deleted=True)
