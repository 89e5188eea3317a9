"""The workspace around the main window, used like a user: the app opens on Today, a name there opens the card on
the customer screen, the keys switch screens, and every new menu item opens its dialog."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QTreeWidget, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from crmdesk import __version__
from crmdesk.domain.records import FollowUpDraft
from crmdesk.domain.values import FollowUpKind
from crmdesk.gui.about import AboutDialog
from crmdesk.gui.duplicate_finder import DuplicateFinderDialog
from crmdesk.gui.import_wizard import ImportWizard
from crmdesk.gui.main_window import MainWindow
from crmdesk.gui.print_dialog import PrintDialog
from crmdesk.gui.template_editor import TemplateEditor
from crmdesk.gui.today_view import TodayView
from crmdesk.gui.workspace import CALENDAR, CUSTOMERS, TODAY, Workspace, install_workspace
from crmdesk.services.bundle import Services
from crmdesk.services.demo import DemoGenerator
from crmdesk.services.printing_jobs import Selection
from tests.gui.conftest import type_japanese, wait_search


@pytest.fixture
def due_today(services: Services, people: dict[str, int]) -> dict[str, int]:
    """山田様 has a call due today (on the services' own clock)."""
    services.followups.add(
        people["山田 太郎"],
        FollowUpDraft(services.ctx.today(), FollowUpKind.CALL, "お礼状が届いた頃のお電話", staff="村上"),
    )
    return people


@pytest.fixture
def workspace(qtbot: QtBot, make_window: Callable[..., MainWindow], due_today: dict[str, int]) -> Workspace:
    window = make_window()
    workspace = install_workspace(window)
    qtbot.waitExposed(window)

    def today_read() -> bool:  # Today reads its list off the GUI thread once its screen is built
        view = workspace.today_page.findChild(TodayView)
        return view is not None and view.current is not None

    qtbot.waitUntil(today_read, timeout=30_000)
    return workspace


def task_row(tree: QTreeWidget, text: str) -> QTreeWidgetItem:
    for index in range(tree.topLevelItemCount()):
        head = tree.topLevelItem(index)
        assert head is not None
        for child in range(head.childCount()):
            item = head.child(child)
            if item is not None and text in item.text(1):
                return item
    raise AssertionError(f"no row for {text!r} on Today")


def press(qtbot: QtBot, workspace: Workspace, keys: str) -> None:
    """Press a shortcut in the window, as on the keyboard."""
    window = workspace.window
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is window.windowHandle(), timeout=2000)
    combination = QKeySequence(keys)[0]  # type: ignore[index]
    QTest.keyClick(QApplication.focusWidget() or window, combination.key(), combination.keyboardModifiers())


def test_the_app_opens_on_today_once_the_store_has_customers(qtbot: QtBot, workspace: Workspace) -> None:
    assert workspace.current_screen() == TODAY
    assert workspace.tabs.currentWidget() is workspace.today_page
    # Today is read right after the window is on screen, and shown in its tab
    qtbot.waitUntil(lambda: workspace.today_page.findChild(TodayView) is not None, timeout=3000)
    assert workspace.today_page.findChild(TodayView) is workspace.today
    assert workspace.today.isVisible()
    assert [workspace.tabs.tabText(i) for i in range(3)] == ["今日", "顧客", "カレンダー"]
    assert "お礼状が届いた頃のお電話" in [row[2] for row in workspace.today.follow_up_rows()]
    # the customer screen is the same splitter the window built, now in its tab
    assert workspace.tabs.widget(CUSTOMERS) is workspace.window.splitter


def test_search_first_on_today_typing_there_carries_on_in_the_customer_search(
    qtbot: QtBot, workspace: Workspace, due_today: dict[str, int]
) -> None:
    window = workspace.window
    quick = workspace.quick_search
    assert workspace.current_screen() == TODAY
    window.activateWindow()
    qtbot.waitUntil(quick.hasFocus, timeout=3000)  # the cursor is in a search field at start, on Today too
    assert quick.isVisible()
    type_japanese(quick, "佐藤", reading="さとう")  # through the IME, as at the counter
    assert workspace.current_screen() == CUSTOMERS
    qtbot.waitUntil(lambda: not quick.isVisible(), timeout=2000)  # the customer screen has its own field
    assert window.panel.field.text() == "佐藤" and window.panel.field.hasFocus()
    wait_search(qtbot, window)
    assert window.panel.model.ids() == [due_today["佐藤 花子"]]
    workspace.show_screen(TODAY)
    qtbot.waitUntil(quick.isVisible, timeout=2000)
    assert quick.text() == ""
    quick.setFocus()
    QTest.keyClick(quick, Qt.Key.Key_Return)  # Enter on Today: the top result of the search opens
    qtbot.waitUntil(lambda: window.card_view.customer_id == due_today["佐藤 花子"], timeout=3000)
    assert workspace.current_screen() == CUSTOMERS


def test_an_empty_store_opens_on_the_customer_screen(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window()
    workspace = install_workspace(window)
    assert workspace.current_screen() == CUSTOMERS
    assert window.panel.isVisible()


def test_clicking_a_name_on_today_opens_the_card_on_the_customer_screen(
    qtbot: QtBot, workspace: Workspace, due_today: dict[str, int]
) -> None:
    tree = workspace.today.tasks
    item = task_row(tree, "山田 太郎")
    rect = tree.visualRect(tree.indexFromItem(item, 1))
    QTest.mouseClick(
        tree.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(rect.left() + 8, rect.center().y()),
    )
    qtbot.waitUntil(lambda: workspace.current_screen() == CUSTOMERS, timeout=2000)
    window = workspace.window
    assert window.card_view.customer_id == due_today["山田 太郎"]
    assert window.card_view.isVisible()
    assert window.card_view.header.name.text().startswith("山田 太郎")


def test_the_keys_switch_screens_and_the_view_menu_shows_them(qtbot: QtBot, workspace: Workspace) -> None:
    press(qtbot, workspace, "Alt+2")
    assert workspace.current_screen() == CUSTOMERS
    press(qtbot, workspace, "Alt+3")
    assert workspace.current_screen() == CALENDAR
    assert workspace.calendar.isVisible()
    press(qtbot, workspace, "Alt+1")
    assert workspace.current_screen() == TODAY
    menu = workspace.window.view_menu.actions()[:3]
    assert [(a.text(), a.shortcut().toString()) for a in menu] == [
        ("今日の画面", "Alt+1"),
        ("顧客の画面", "Alt+2"),
        ("カレンダーの画面", "Alt+3"),
    ]
    assert menu[2].isChecked() is False and menu[0].isChecked()
    assert "Alt+3" in workspace.tabs.tabToolTip(CALENDAR)


def test_ctrl_f_and_ctrl_k_go_to_the_search_from_today(qtbot: QtBot, workspace: Workspace) -> None:
    window = workspace.window
    for keys in ("Ctrl+F", "Ctrl+K"):
        workspace.show_screen(TODAY)
        assert not window.panel.field.hasFocus()
        press(qtbot, workspace, keys)
        assert workspace.current_screen() == CUSTOMERS
        qtbot.waitUntil(window.panel.field.hasFocus, timeout=2000)


def test_each_new_action_is_in_its_menu_with_its_key_in_the_tooltip(workspace: Workspace) -> None:
    window = workspace.window
    expected = {
        window.file_menu: [("顧客リストを取り込む…", "Ctrl+I"), ("書き出し…", "Ctrl+E")],
        window.tools_menu: [
            ("重複の候補…", "Ctrl+Shift+D"),
            ("印刷…（開いているお客様）", "Ctrl+P"),
            ("検索結果のお客様を印刷…", "Ctrl+Shift+P"),
            ("テンプレートの編集…", "Ctrl+Shift+E"),
        ],
        window.help_menu: [("crmdesk について", "F1")],
    }
    for menu, items in expected.items():
        shown = {a.text(): a for a in menu.actions() if a.isVisible()}
        for text, keys in items:
            action = shown[text]
            assert action.shortcut().toString() == keys
            assert action.toolTip().endswith(f"（{keys}）")
    # only one import item (the window's own gives way), so Ctrl+I is not ambiguous
    imports = [
        a for a in window.findChildren(type(workspace.import_action)) if a.shortcut().toString() == "Ctrl+I"
    ]
    assert imports == [workspace.import_action]


def test_import_opens_the_wizard_on_the_store_s_import_service(qtbot: QtBot, workspace: Workspace) -> None:
    press(qtbot, workspace, "Ctrl+I")
    wizard = workspace.dialogs[-1]
    assert isinstance(wizard, ImportWizard)
    assert wizard.isVisible() and wizard.service is workspace.window.services.imports
    wizard.reject()
    qtbot.waitUntil(lambda: not workspace.dialogs, timeout=2000)


def test_duplicates_opens_the_finder_and_a_pair_opens_its_card(qtbot: QtBot, workspace: Workspace) -> None:
    workspace.duplicates_action.trigger()
    dialog = workspace.dialogs[-1]
    assert isinstance(dialog, DuplicateFinderDialog)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=5000)
    assert dialog.isVisible()
    dialog.open_card.emit(workspace.window.panel.model.ids()[0])
    assert workspace.current_screen() == CUSTOMERS
    assert workspace.window.card_view.customer_id == workspace.window.panel.model.ids()[0]
    dialog.reject()


def test_print_needs_an_open_card_then_prints_that_customer(
    qtbot: QtBot, workspace: Workspace, due_today: dict[str, int]
) -> None:
    window = workspace.window
    press(qtbot, workspace, "Ctrl+P")
    assert not workspace.dialogs
    assert "カードを開いて" in window.statusBar().currentMessage()
    workspace.show_customer(due_today["佐藤 花子"])
    press(qtbot, workspace, "Ctrl+P")
    dialog = workspace.dialogs[-1]
    assert isinstance(dialog, PrintDialog)
    assert dialog.selection == Selection(customer_ids=(due_today["佐藤 花子"],))
    assert dialog.template_name == "thanks"
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    dialog.reject()


def test_print_the_search_result_takes_every_customer_in_the_list(qtbot: QtBot, workspace: Workspace) -> None:
    workspace.print_list_action.trigger()
    dialog = workspace.dialogs[-1]
    assert isinstance(dialog, PrintDialog)
    assert set(dialog.selection.customer_ids) == set(workspace.window.panel.model.ids())
    assert len(dialog.selection.customer_ids) == 6
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    dialog.reject()


def test_the_template_editor_opens_on_the_thank_you_letter(qtbot: QtBot, workspace: Workspace) -> None:
    workspace.template_action.trigger()
    editor = workspace.dialogs[-1]
    assert isinstance(editor, TemplateEditor)
    assert editor.isVisible()
    current = editor.template_list.currentItem()
    assert current is not None and current.data(Qt.ItemDataRole.UserRole) == "thanks"
    assert editor.title_edit.text() or editor.body_edit.toPlainText()
    editor.reject()


def test_about_shows_the_version(qtbot: QtBot, workspace: Workspace) -> None:
    press(qtbot, workspace, "F1")
    dialog = workspace.dialogs[-1]
    assert isinstance(dialog, AboutDialog)
    assert __version__ in dialog.version_label.text()
    dialog.reject()
    qtbot.waitUntil(lambda: not workspace.dialogs, timeout=2000)


def test_export_asks_for_a_file_and_writes_the_chosen_format(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    for name, filter_index, written in (("顧客.csv", 0, "顧客.csv"), ("顧客リスト", 1, "顧客リスト.xlsx")):
        workspace.last_export = None
        press(qtbot, workspace, "Ctrl+E")
        dialog = workspace.dialogs[-1]
        assert isinstance(dialog, QFileDialog)
        dialog.setDirectory(str(tmp_path))
        dialog.selectNameFilter(dialog.nameFilters()[filter_index])
        dialog.filterSelected.emit(dialog.nameFilters()[filter_index])
        field = dialog.findChild(QLineEdit, "fileNameEdit")
        assert field is not None
        field.setText(name)
        dialog.accept()
        qtbot.waitUntil(lambda: workspace.last_export is not None, timeout=10_000)
        assert workspace.last_export is not None
        assert workspace.last_export.path == tmp_path / written
        assert workspace.last_export.count == 6
        assert written in workspace.window.statusBar().currentMessage()
    with (tmp_path / "顧客.csv").open(encoding="utf-8-sig", newline="") as file:
        names = {row["氏名"] for row in csv.DictReader(file)}
    assert {"山田 太郎", "佐藤 花子"} <= names


def test_at_start_the_reminder_reaches_the_status_bar_and_the_coming_birthdays_are_planned(
    qtbot: QtBot, workspace: Workspace
) -> None:
    window = workspace.window
    qtbot.waitUntil(lambda: workspace.tray is not None, timeout=2000)
    qtbot.waitUntil(lambda: "村上さんの本日のフォロー" in window.statusBar().currentMessage(), timeout=2000)
    qtbot.waitUntil(lambda: "作成しました" in workspace.today.status.text(), timeout=10_000)
    workspace.show_screen(CUSTOMERS)
    assert workspace.tray is not None
    workspace.tray.activated.emit()  # the user clicks the notification
    assert workspace.current_screen() == TODAY


def test_the_application_has_its_icon_and_desktop_name(workspace: Workspace) -> None:
    assert not QGuiApplication.windowIcon().isNull()
    assert QGuiApplication.desktopFileName() == "crmdesk"


def test_each_screen_with_a_demo_store_renders_at_1280_by_800(
    qtbot: QtBot, services: Services, make_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    DemoGenerator(services.ctx).generate(120, kind="dealer")
    window = make_window()
    workspace = install_workspace(window)
    window.resize(1280, 800)
    assert workspace.current_screen() == TODAY
    qtbot.waitUntil(lambda: workspace.tray is not None, timeout=2000)
    window.runner.wait_all(20_000)
    qtbot.wait(200)
    folder = Path(os.environ.get("CRMDESK_SCREENSHOTS", str(tmp_path)))
    folder.mkdir(parents=True, exist_ok=True)
    for index, name in ((TODAY, "today"), (CUSTOMERS, "customers"), (CALENDAR, "calendar")):
        workspace.show_screen(index)
        if index == CUSTOMERS:
            window.panel.open_top()
            qtbot.waitUntil(lambda: window.card_view.customer_id is not None, timeout=3000)
        qtbot.wait(100)
        image = window.grab().toImage()
        path = folder / f"workspace_{name}_1280x800.png"
        assert image.save(str(path))
        assert (image.width(), image.height()) == (1280, 800)
        colours = {QColor(image.pixel(x, y)).name() for x in range(0, 1280, 16) for y in range(0, 800, 16)}
        assert len(colours) > 12
    assert workspace.today.follow_up_rows()
