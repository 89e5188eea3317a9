"""Japanese entry as Japanese business software does it: フリガナ from the IME, 和暦 dates, postal code → address."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from crmdesk.gui.date_edit import DateEdit
from crmdesk.gui.main import address_lookup
from crmdesk.gui.main_window import MainWindow
from crmdesk.gui.name_edit import NameEdit
from crmdesk.services.bundle import Services
from tests.gui.conftest import type_japanese


def test_the_reading_comes_from_the_kana_typed_before_conversion(qtbot: QtBot) -> None:
    edit = NameEdit()
    qtbot.addWidget(edit)
    heard: list[str] = []
    edit.readingTyped.connect(heard.append)
    type_japanese(edit, "髙橋", reading="たかはし")
    assert edit.text() == "髙橋"
    assert heard == ["タカハシ"]


def test_romaji_still_in_the_pre_edit_is_not_taken_as_the_reading(qtbot: QtBot) -> None:
    edit = NameEdit()
    qtbot.addWidget(edit)
    heard: list[str] = []
    edit.readingTyped.connect(heard.append)
    edit.setFocus()
    for preedit in ("s", "さ", "さt", "さと", "さとう", "佐藤"):
        QApplication.sendEvent(edit, QInputMethodEvent(preedit, []))
    commit = QInputMethodEvent("", [])
    commit.setCommitString("佐藤")
    QApplication.sendEvent(edit, commit)
    assert heard == ["サトウ"]


def test_a_cancelled_conversion_leaves_no_reading_behind(qtbot: QtBot) -> None:
    edit = NameEdit()
    qtbot.addWidget(edit)
    heard: list[str] = []
    edit.readingTyped.connect(heard.append)
    edit.setFocus()
    QApplication.sendEvent(edit, QInputMethodEvent("やまだ", []))
    QApplication.sendEvent(edit, QInputMethodEvent("", []))  # Esc: nothing committed
    commit = QInputMethodEvent("", [])
    commit.setCommitString("ABC")
    QApplication.sendEvent(edit, commit)
    assert heard == []


def test_the_card_fills_the_reading_while_the_name_is_typed_and_it_stays_editable(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.new_customer()
    editor = window.card_view.editor
    type_japanese(editor.name, "斎藤", reading="さいとう")
    qtbot.keyClick(editor.name, Qt.Key.Key_Space)
    type_japanese(editor.name, "一", reading="はじめ")
    assert editor.name_kana.text() == "サイトウ ハジメ"
    editor.name_kana.selectAll()
    type_japanese(editor.name_kana, "サイトウ イチ")  # the reading is the user's once they edit it
    type_japanese(editor.name, "郎", reading="ろう")
    assert editor.name_kana.text() == "サイトウ イチ"


def test_wareki_dates_are_understood_and_shown_either_way(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int]
) -> None:
    window.open_customer(people["鈴木 一郎"])
    birthday = window.card_view.editor.birthday
    for typed in ("S60.4.3", "昭和60年4月3日", "s60/4/3", "1985/4/3", "19850403"):
        birthday.clear()
        qtbot.keyClicks(birthday, typed) if typed.isascii() else type_japanese(birthday, typed)
        birthday.editingFinished.emit()
        assert birthday.value() == date(1985, 4, 3), typed
        assert birthday.text() == "昭和60年4月3日"
        assert birthday.toolTip() == "1985/04/03"
    assert "41歳" in window.card_view.editor.age.text()
    assert window.card_view.save() is True
    assert services.customers.card(people["鈴木 一郎"]).birthday == date(1985, 4, 3)
    window.set_date_style("western")
    assert birthday.text() == "1985/04/03"
    assert birthday.toolTip() == "昭和60年4月3日"


def test_an_impossible_wareki_date_is_named_in_the_field(
    qtbot: QtBot, window: MainWindow, people: dict[str, int]
) -> None:
    window.open_customer(people["鈴木 一郎"])
    editor = window.card_view.editor
    editor.birthday.clear()
    type_japanese(editor.birthday, "平成32年1月1日")
    editor.birthday.editingFinished.emit()
    assert editor.birthday.value() is None
    assert "平成は" in editor.birthday_error.text() and "令和2年" in editor.birthday_error.text()
    assert window.card_view.save() is False
    editor.birthday.clear()
    qtbot.keyClicks(editor.birthday, "R5/2/30")
    editor.birthday.editingFinished.emit()
    assert "存在しません" in editor.birthday_error.text()


def test_a_date_edit_accepts_reiwa_shorthand(qtbot: QtBot) -> None:
    edit = DateEdit(style="wareki")
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit, "R5/4/1")
    edit.editingFinished.emit()
    assert edit.value() == date(2023, 4, 1)
    assert edit.text() == "令和5年4月1日"


def test_typing_a_postal_code_fills_the_address(
    qtbot: QtBot, make_window: Callable[..., MainWindow], people: dict[str, int]
) -> None:
    lookup = address_lookup()
    assert lookup is not None
    window = make_window(address_lookup=lookup)
    window.open_customer(people["渡辺 美咲"])
    editor = window.card_view.editor
    qtbot.keyClicks(editor.postal, "154-0024")
    assert editor.address1.text() == "東京都世田谷区三軒茶屋"
    assert editor.postal_hint.text() == "東京都世田谷区三軒茶屋"
    assert editor.address1.hasFocus() or not window.isActiveWindow()
    type_japanese(editor.address1, "1-2-3")
    assert editor.address1.text() == "東京都世田谷区三軒茶屋1-2-3"
    editor.postal.clear()
    qtbot.keyClicks(editor.postal, "1000001")  # the user's own address text is never overwritten
    assert editor.address1.text() == "東京都世田谷区三軒茶屋1-2-3"
    assert editor.postal_hint.text() == "東京都千代田区千代田"
    assert window.card_view.save() is True


def test_full_width_postal_digits_work_too(
    qtbot: QtBot, make_window: Callable[..., MainWindow], people: dict[str, int]
) -> None:
    window = make_window(address_lookup=address_lookup())
    window.open_customer(people["渡辺 美咲"])
    editor = window.card_view.editor
    type_japanese(editor.postal, "〒１００－０００１")
    assert editor.address1.text() == "東京都千代田区千代田"
