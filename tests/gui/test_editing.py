"""Editing a card: checked as you type, saved with Ctrl+S, and never lost without asking."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from crmdesk.domain.records import CustomerDraft, OwnedItem
from crmdesk.domain.values import ItemCategory
from crmdesk.gui.main_window import MainWindow
from crmdesk.services.bundle import Services
from tests.gui.conftest import type_japanese, wait_search, when_dialog_opens


def click_button(text: str) -> Callable[[QWidget], None]:
    def click(dialog: QWidget) -> None:
        for button in dialog.findChildren(QPushButton):
            if button.text() == text:
                button.click()
                return
        raise AssertionError(f"no button {text!r} in {dialog.windowTitle()}")

    return click


def test_an_edited_field_is_saved_with_ctrl_s(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int]
) -> None:
    window.open_customer(people["佐藤 花子"])
    editor = window.card_view.editor
    assert not window.card_view.save_action.isEnabled()
    editor.address1.clear()
    type_japanese(editor.address1, "東京都世田谷区三軒茶屋1-2-3", reading="とうきょうと")
    assert window.card_view.dirty
    assert window.card_view.save_action.isEnabled()
    assert "未保存" in window.card_view.saved_label.text()
    assert window.windowTitle().startswith("佐藤 花子 様 *")
    qtbot.keyClick(editor.address1, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.card_view.dirty
    assert window.card_view.saved_label.text() == "保存済み"
    assert services.customers.card(people["佐藤 花子"]).address1 == "東京都世田谷区三軒茶屋1-2-3"
    assert "保存しました" in window.statusBar().currentMessage()


def test_a_reading_that_is_not_kana_is_named_in_its_field_and_nothing_is_saved(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int]
) -> None:
    window.open_customer(people["佐藤 花子"])
    editor = window.card_view.editor
    editor.name_kana.clear()
    qtbot.keyClicks(editor.name_kana, "sato")
    assert editor.kana_error.isVisible()
    assert "カナで入力" in editor.kana_error.text()
    assert editor.name_kana.property("invalid") is True
    assert window.card_view.save() is False
    assert services.customers.card(people["佐藤 花子"]).name_kana == "サトウ ハナコ"
    editor.name_kana.clear()
    type_japanese(editor.name_kana, "さとう はなこ")
    assert not editor.kana_error.isVisible()
    assert window.card_view.save() is True
    assert services.customers.card(people["佐藤 花子"]).name_kana == "サトウ ハナコ"


def test_an_empty_name_is_refused_where_the_name_is(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int]
) -> None:
    window.open_customer(people["鈴木 一郎"])
    editor = window.card_view.editor
    editor.name.selectAll()
    qtbot.keyClick(editor.name, Qt.Key.Key_Delete)
    assert editor.name_error.text() == "お名前を入力してください"
    assert window.card_view.save() is False
    assert editor.name.hasFocus() or not window.isActiveWindow()
    assert services.customers.card(people["鈴木 一郎"]).name == "鈴木 一郎"


def test_a_bad_postal_code_and_a_bad_email_are_named_in_their_fields(
    qtbot: QtBot, window: MainWindow, people: dict[str, int]
) -> None:
    window.open_customer(people["鈴木 一郎"])
    editor = window.card_view.editor
    qtbot.keyClicks(editor.postal, "12-34")
    editor.postal.editingFinished.emit()
    assert "7桁" in editor.postal_error.text()
    row = editor.contacts.add_row(None)
    row.kind.setCurrentIndex(row.kind.findData("email"))
    qtbot.keyClicks(row.value, "not-an-address")
    assert "メールアドレス" in row.error.text()
    assert window.card_view.save() is False


def test_switching_customers_with_unsaved_changes_asks_and_keep_editing_keeps_them(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int]
) -> None:
    window.open_customer(people["山田 太郎"])
    editor = window.card_view.editor
    qtbot.keyClicks(editor.code, "A-100")
    asked = when_dialog_opens(click_button("編集を続ける"))
    assert window.open_customer(people["青木 健"]) is False
    assert asked and isinstance(asked[0], QMessageBox)
    assert window.card_view.customer_id == people["山田 太郎"]
    assert editor.code.text() == "A-100"
    assert window.panel.current_id() == people["山田 太郎"]


def test_switching_customers_and_choosing_save_keeps_the_edit(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int]
) -> None:
    window.open_customer(people["山田 太郎"])
    qtbot.keyClicks(window.card_view.editor.code, "A-100")
    when_dialog_opens(click_button("保存する"))
    assert window.open_customer(people["青木 健"]) is True
    assert window.card_view.customer_id == people["青木 健"]
    assert services.customers.card(people["山田 太郎"]).code == "A-100"


def test_switching_customers_and_choosing_not_to_save_drops_the_edit(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int]
) -> None:
    window.open_customer(people["山田 太郎"])
    qtbot.keyClicks(window.card_view.editor.code, "A-100")
    when_dialog_opens(click_button("保存しないで移る"))
    assert window.open_customer(people["青木 健"]) is True
    assert services.customers.card(people["山田 太郎"]).code is None


def test_closing_the_window_with_unsaved_changes_asks_first(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int]
) -> None:
    window.open_customer(people["山田 太郎"])
    qtbot.keyClicks(window.card_view.editor.code, "B-7")
    when_dialog_opens(click_button("編集を続ける"))
    assert window.close() is False
    assert window.isVisible()
    assert window.card_view.editor.code.text() == "B-7"
    when_dialog_opens(click_button("保存する"))
    assert window.close() is True
    assert services.customers.card(people["山田 太郎"]).code == "B-7"


def test_a_new_customer_typed_through_the_ime_gets_a_reading_and_joins_the_list(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    qtbot.keyClick(window.panel.field, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.card_view.is_new
    editor = window.card_view.editor
    assert editor.name.hasFocus()
    type_japanese(editor.name, "木村", reading="きむら")
    qtbot.keyClick(editor.name, Qt.Key.Key_Space)
    type_japanese(editor.name, "拓哉", reading="たくや")
    assert editor.name.text() == "木村 拓哉"
    assert editor.name_kana.text() == "キムラ タクヤ"
    assert window.card_view.save() is True
    wait_search(qtbot, window)
    new_id = window.card_view.customer_id
    assert new_id is not None
    assert services.customers.card(new_id).name_kana == "キムラ タクヤ"
    qtbot.waitUntil(lambda: window.panel.model.row_of(new_id) is not None, timeout=3000)
    assert window.panel.current_id() == new_id


def test_saving_over_a_change_made_elsewhere_says_so_and_keeps_the_edit(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int]
) -> None:
    window.open_customer(people["中村 大輔"])
    qtbot.keyClicks(window.card_view.editor.code, "X-1")
    other = services.customers.card(people["中村 大輔"]).to_draft()
    other.memo = "別のPCで変更"
    services.customers.update(people["中村 大輔"], other)  # another PC saves first
    texts: list[str] = []

    def read_and_close(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        texts.append(dialog.text())
        dialog.accept()

    when_dialog_opens(read_and_close)
    assert window.card_view.save() is False
    assert texts and "先に変更されました" in texts[0]
    assert window.card_view.editor.code.text() == "X-1"
    assert window.card_view.dirty
    assert services.customers.card(people["中村 大輔"]).code is None


def test_tab_goes_from_the_list_through_the_card_in_the_order_it_is_read(
    qtbot: QtBot, window: MainWindow, people: dict[str, int]
) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    panel, editor = window.panel, window.card_view.editor
    window.open_customer(people["佐藤 花子"])
    panel.view.setFocus()

    def tab() -> QWidget | None:
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        return QApplication.focusWidget()

    assert tab() is editor.name  # from the list straight to the name, then its reading
    assert tab() is editor.name_kana
    editor.address2.setFocus()
    row = editor.contacts.rows[0]
    assert [tab(), tab(), tab(), tab()] == [row.kind, row.value, row.remove, editor.contacts.add_button]
    # a phone added later still comes before 連絡先を追加, not at the end of the window
    qtbot.mouseClick(editor.contacts.add_button, Qt.MouseButton.LeftButton)
    added = editor.contacts.rows[-1]
    qtbot.waitUntil(added.remove.isVisible, timeout=2000)
    assert QApplication.focusWidget() is added.value
    assert [tab(), tab()] == [added.remove, editor.contacts.add_button]
    window.card_view.revert()


def test_removing_an_item_asks_whether_its_planned_follow_ups_go_too(
    qtbot: QtBot, make_window: Callable[..., MainWindow], services: Services
) -> None:
    card = services.customers.create(
        CustomerDraft(
            name="青木 健",
            name_kana="アオキ ケン",
            items=[OwnedItem("ミラーレスカメラ", ItemCategory.CAMERA, warranty_end=date(2026, 12, 25))],
        )
    )
    services.scenarios.plan_upcoming()
    planned = [f for f in services.customers.card(card.id).follow_ups if "保証が終わります" in f.reason]
    assert len(planned) == 1
    window = make_window()
    assert window.open_customer(card.id)
    editor = window.card_view.editor
    editor.item_list.setCurrentRow(0)
    qtbot.mouseClick(editor.item_remove, Qt.MouseButton.LeftButton)  # the camera was sold
    asked: list[str] = []

    def drop_them(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        asked.append(dialog.text())
        next(b for b in dialog.buttons() if b.text() == "フォローも削除する").click()

    when_dialog_opens(drop_them)
    qtbot.keyClick(editor.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert asked and "ミラーレスカメラ" in asked[0]
    saved = services.customers.card(card.id)
    assert saved.items == ()
    assert planned[0].id not in {f.id for f in saved.follow_ups}
    assert not window.card_view.dirty
