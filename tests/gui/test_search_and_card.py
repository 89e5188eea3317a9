"""Search first: type, see the list follow, press Enter and the card is open."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from crmdesk.gui import search_panel
from crmdesk.gui.customer_model import Column
from crmdesk.gui.main_window import MainWindow
from tests.gui.conftest import type_japanese, wait_search


def test_the_search_field_has_focus_at_start(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.panel.field.hasFocus() or window.isActiveWindow() is False, timeout=2000)
    assert window.focusWidget() is window.panel.field


def test_typing_a_name_narrows_the_list_and_enter_opens_the_top_customer(
    qtbot: QtBot, window: MainWindow, people: dict[str, int]
) -> None:
    assert window.panel.model.rowCount() == len(people)
    type_japanese(window.panel.field, "山田", reading="やまだ")
    wait_search(qtbot, window)
    assert window.panel.model.rowCount() == 1
    assert window.panel.model.index(0, Column.NAME).data() == "山田 太郎 様"
    assert "1件" in window.panel.count.text()
    qtbot.keyClick(window.panel.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.card_view.customer_id == people["山田 太郎"], timeout=2000)
    assert window.card_view.header.name.text() == "山田 太郎 様"
    assert window.card_view.header.reading.text() == "ヤマダ タロウ"
    assert "山田 太郎" in window.windowTitle()


def test_enter_right_after_typing_opens_the_result_of_what_was_typed(
    qtbot: QtBot, window: MainWindow, people: dict[str, int]
) -> None:
    type_japanese(window.panel.field, "すずき")
    qtbot.keyClick(window.panel.field, Qt.Key.Key_Return)  # before the pause that starts the search
    qtbot.waitUntil(lambda: window.card_view.customer_id == people["鈴木 一郎"], timeout=3000)


def test_a_phone_number_fragment_finds_the_customer(
    qtbot: QtBot, window: MainWindow, people: dict[str, int]
) -> None:
    qtbot.keyClicks(window.panel.field, "5678")
    wait_search(qtbot, window)
    names = [window.panel.model.index(r, Column.NAME).data() for r in range(window.panel.model.rowCount())]
    assert names == ["中村 大輔 様"]


def test_a_long_result_shows_its_first_page_at_once_and_the_rest_when_typing_pauses(
    qtbot: QtBot, window: MainWindow, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_panel, "FIRST_PAGE", 2)  # six customers stand in for 100,000
    panel = window.panel
    panel._complete_timer.setInterval(1000)  # a pause long enough to look at the first page on a busy machine
    qtbot.keyClicks(panel.field, "0")  # every phone number has a 0
    wait_search(qtbot, window)
    first = panel.model.ids()
    assert panel.counting and len(first) == 2  # the first page, while the rest waits for the pause
    assert "2件以上" in panel.count.text()
    panel.view.selectRow(1)
    selected = panel.current_id()
    with qtbot.waitSignal(panel.resultCompleted, timeout=5000):
        pass
    assert panel.current_id() == selected  # the row the user was on stays selected
    assert not panel.counting
    assert panel.model.rowCount() == len(people)
    assert panel.model.ids()[:2] == first
    assert "6件見つかりました" in panel.count.text()


def test_typing_on_drops_the_rest_of_the_previous_result(
    qtbot: QtBot, window: MainWindow, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_panel, "FIRST_PAGE", 2)
    panel = window.panel
    qtbot.keyClicks(panel.field, "0")
    wait_search(qtbot, window)
    type_japanese(panel.field, "山田", reading="やまだ")  # "0山田": nobody
    panel.field.setText("山田")
    wait_search(qtbot, window)
    qtbot.wait(2 * search_panel.COMPLETE_AFTER_MS)
    assert [panel.model.index(r, Column.NAME).data() for r in range(panel.model.rowCount())] == [
        "山田 太郎 様"
    ]
    assert not panel.counting


def test_clearing_the_search_shows_everyone_again(
    qtbot: QtBot, window: MainWindow, people: dict[str, int]
) -> None:
    type_japanese(window.panel.field, "佐藤", reading="さとう")
    wait_search(qtbot, window)
    assert window.panel.model.rowCount() == 1
    qtbot.keyClick(window.panel.field, Qt.Key.Key_Escape)
    wait_search(qtbot, window)
    assert window.panel.model.rowCount() == len(people)
    assert "全6件" in window.panel.count.text()


def test_nothing_found_says_so_in_words(qtbot: QtBot, window: MainWindow) -> None:
    type_japanese(window.panel.field, "存在しない名前")
    wait_search(qtbot, window)
    assert window.panel.model.rowCount() == 0
    assert "見つかりません" in window.panel.count.text()


def test_ctrl_f_and_ctrl_k_bring_the_cursor_back_to_search(
    qtbot: QtBot, window: MainWindow, people: dict[str, int]
) -> None:
    window.open_customer(people["青木 健"])
    window.card_view.editor.memo.setFocus()
    assert not window.panel.field.hasFocus()
    qtbot.keyClick(window.card_view.editor.memo, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.panel.field.hasFocus()
    window.card_view.editor.memo.setFocus()
    qtbot.keyClick(window.card_view.editor.memo, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.panel.field.hasFocus()


def test_clicking_a_row_opens_that_card_with_its_details(
    qtbot: QtBot, window: MainWindow, people: dict[str, int]
) -> None:
    view = window.panel.view
    row = window.panel.model.row_of(people["佐藤 花子"])
    assert row is not None
    rect = view.visualRect(window.panel.model.index(row, Column.NAME))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.card_view.customer_id == people["佐藤 花子"]
    editor = window.card_view.editor
    assert editor.name.text() == "佐藤 花子"
    assert editor.birthday.text() == "平成2年7月1日"
    assert "36歳" in editor.age.text()
    assert [row.value.text() for row in editor.contacts.rows] == ["080-3333-4444"]


def test_every_frequent_action_shows_its_shortcut(window: MainWindow) -> None:
    for action in [
        window.new_action,
        window.find_action,
        window.counter_action,
        window.card_view.save_action,
        window.card_view.revert_action,
        *window.card_view.log_actions.values(),
        window.card_view.follow_up_action,
        window.delete_action,
        window.trash_action,
        window.staff_action,
        window.quit_action,
    ]:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert keys, action.text()
        assert keys in action.toolTip(), action.toolTip()
        assert "…（" not in action.toolTip()  # 「ごみ箱を開く（Ctrl+Shift+T）」, not 「…（」


def test_an_index_tab_on_a_long_result_jumps_past_its_first_page(
    qtbot: QtBot, window: MainWindow, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_panel, "FIRST_PAGE", 2)
    panel = window.panel
    panel.view.setFixedHeight(90)  # a couple of rows on screen
    qtbot.keyClicks(panel.field, "0")  # everyone, best match first
    wait_search(qtbot, window)
    tab = [panel.index_bar.tabText(i) for i in range(panel.index_bar.count())].index("わ")
    qtbot.mouseClick(panel.index_bar, Qt.MouseButton.LeftButton, pos=panel.index_bar.tabRect(tab).center())
    qtbot.waitUntil(lambda: not panel.busy and not panel.counting, timeout=5000)
    assert panel.model.rowCount() == len(people)
    kana = [panel.model.index(r, Column.KANA).data() for r in range(panel.model.rowCount())]
    assert kana == sorted(kana)  # in 五十音 order now
    row = kana.index("ワタナベ ミサキ")
    qtbot.waitUntil(
        lambda: panel.view.viewport().rect().intersects(panel.view.visualRect(panel.model.index(row, 0))),
        timeout=3000,
    )
    assert panel.index_bar.currentIndex() == tab
