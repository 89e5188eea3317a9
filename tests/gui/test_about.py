"""The About dialog: the version from the package, the bundled fonts and the libraries with their licences."""

from __future__ import annotations

from importlib import metadata

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTreeWidgetItem
from pytestqt.qtbot import QtBot

import crmdesk
from crmdesk.gui.about import AboutDialog
from crmdesk.paths import resource_path


def open_about(qtbot: QtBot) -> AboutDialog:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def click_tab(qtbot: QtBot, dialog: AboutDialog, title: str) -> None:
    bar = dialog.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert dialog.tabs.currentIndex() == index


def library_rows(dialog: AboutDialog) -> dict[str, QTreeWidgetItem]:
    tree = dialog.library_tree
    rows: dict[str, QTreeWidgetItem] = {}
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        assert item is not None
        rows[item.text(0)] = item
    return rows


def click_library(qtbot: QtBot, dialog: AboutDialog, name: str) -> str:
    item = library_rows(dialog)[name]
    tree = dialog.library_tree
    tree.scrollToItem(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())
    return dialog.library_licence.toPlainText()


def test_about_shows_the_version_written_in_the_package(qtbot: QtBot) -> None:
    dialog = open_about(qtbot)

    assert dialog.windowTitle() == "crmdesk について"
    assert dialog.version_label.text() == f"バージョン {crmdesk.__version__}"


def test_the_font_tab_lists_every_bundled_font_with_its_full_licence(qtbot: QtBot) -> None:
    dialog = open_about(qtbot)
    click_tab(qtbot, dialog, "同梱フォント")
    shown = [dialog.font_list.item(i).text() for i in range(dialog.font_list.count())]

    assert "BIZ UDGothic — SIL Open Font License 1.1" in shown
    assert "BIZ UDMincho — SIL Open Font License 1.1" in shown
    assert "IPAex Mincho / Gothic — IPA Font License v1.0" in shown

    ipa_row = shown.index("IPAex Mincho / Gothic — IPA Font License v1.0")
    item = dialog.font_list.item(ipa_row)
    qtbot.mouseClick(
        dialog.font_list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=dialog.font_list.visualItemRect(item).center(),
    )
    licence = dialog.font_licence.toPlainText()
    assert "ipaexm.ttf" in licence
    assert resource_path("fonts", "IPA_Font_License.txt").read_text(encoding="utf-8").strip() in licence


def test_the_library_tab_names_each_licence_and_shows_its_text(qtbot: QtBot) -> None:
    dialog = open_about(qtbot)
    click_tab(qtbot, dialog, "ライブラリ")
    rows = library_rows(dialog)

    licences = {name: item.text(2) for name, item in rows.items()}
    assert licences["Qt"] == "LGPL-3.0"
    assert licences["PySide6 (Qt for Python)"] == "LGPL-3.0"
    assert licences["SQLAlchemy"] == "MIT"
    assert licences["Alembic"] == "MIT"
    assert licences["ReportLab"] == "BSD"
    assert rows["SQLAlchemy"].text(1) == metadata.version("SQLAlchemy")

    assert "Permission is hereby granted" in click_library(qtbot, dialog, "SQLAlchemy")
    qt_text = click_library(qtbot, dialog, "PySide6 (Qt for Python)")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in qt_text
    assert "GNU GENERAL PUBLIC LICENSE" in qt_text


def test_close_button_closes_the_dialog(qtbot: QtBot) -> None:
    dialog = open_about(qtbot)
    close = dialog.buttons.button(QDialogButtonBox.StandardButton.Close)
    assert close is not None

    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected
