"""The import wizard, used as a store would: pick the file, fix a column, look at the preview, import, undo."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QFileDialog, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from crmdesk.gui.import_wizard import ImportWizard
from crmdesk.services.bundle import Services
from crmdesk.services.importing import ImportService

from .conftest import type_japanese, when_dialog_opens

LIST = (
    "顧客一覧（2024年3月）,,,,,,\r\n"
    "会員No,お名前,ふりがな,生年月日,携帯,DM不要,区分X\r\n"
    "C1,山田 太郎,やまだ たろう,S60.4.3,090-1234-5678,,常連\r\n"
    "C2,鈴木 花子,すずき はなこ,2023/02/30,080-1111-2222,○,紹介\r\n"
    "C3,佐藤 健,さとう けん,令和元年5月1日,070-3333-4444,,\r\n"
)


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    path = tmp_path / "顧客一覧.csv"
    path.write_bytes(LIST.encode("cp932"))
    return path


@pytest.fixture
def wizard(qtbot: QtBot, services: Services, tmp_path: Path) -> Iterator[ImportWizard]:
    dialog = ImportWizard(ImportService(services.ctx), start_folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield dialog
    dialog.runner.wait_all(5000)


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled(), widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Pick an entry with the keyboard, as a user does on a closed drop-down (Home, then ↓ to the entry)."""
    target = next(i for i in range(combo.count()) if combo.itemText(i) == text)
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(target):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def open_file(qtbot: QtBot, wizard: ImportWizard, path: Path) -> None:
    type_japanese(wizard.path_edit, str(path))  # the folder names may be Japanese
    click(qtbot, wizard.open_button)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.PAGE_MAPPING, timeout=5000)


def cell(wizard: ImportWizard, table: str, row: int, column: int) -> str:
    item = getattr(wizard, table).item(row, column)
    assert item is not None
    return str(item.text())


def mapping_row(wizard: ImportWizard, header: str) -> int:
    return next(
        r for r in range(wizard.mapping_table.rowCount()) if cell(wizard, "mapping_table", r, 0) == header
    )


def count(wizard: ImportWizard, key: str) -> str:
    return wizard.count_labels[key].text()


def test_the_store_picks_a_file_corrects_a_column_checks_the_preview_and_imports(
    qtbot: QtBot, wizard: ImportWizard, store_file: Path, services: Services
) -> None:
    open_file(qtbot, wizard, store_file)
    assert "顧客一覧.csv: 3行（文字コード Shift_JIS（cp932））" in wizard.file_label.text()
    assert wizard.field_combos[mapping_row(wizard, "お名前")].currentText() == "氏名"
    assert wizard.field_combos[mapping_row(wizard, "会員No")].currentText() == "顧客コード"
    dm = mapping_row(wizard, "DM不要")
    assert wizard.field_combos[dm].currentText() == "DM可否" and wizard.negate_boxes[dm].isChecked()
    extra = mapping_row(wizard, "区分X")
    assert wizard.field_combos[extra].currentText() == "（メモに残す）"
    assert "常連" in cell(wizard, "mapping_table", extra, 1)
    choose(qtbot, wizard.field_combos[extra], "タグ")

    click(qtbot, wizard.preview_button)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.PAGE_PREVIEW, timeout=5000)
    assert (count(wizard, "rows"), count(wizard, "imported"), count(wizard, "reported")) == ("3", "2", "1")
    assert services.customers.count() == 0  # the preview wrote nothing
    problem = [cell(wizard, "problem_table", 0, c) for c in range(5)]
    assert problem[:4] == ["4", "鈴木 花子", "生年月日", "2023/02/30"]
    assert "存在しません" in problem[4]

    click(qtbot, wizard.run_button)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.PAGE_DONE, timeout=10000)
    assert "取り込み: 3行 — 新規2件・更新0件・スキップ0件・要確認1件" in wizard.done_label.text()
    assert services.customers.count() == 3
    suzuki = services.customers.card(services.customers.find_by_code("C2"))  # type: ignore[arg-type]
    assert suzuki.tags == ("紹介",)
    assert suzuki.consent.letter is False
    assert "2023/02/30" in suzuki.memo


def test_the_report_is_saved_and_the_whole_import_can_be_undone(
    qtbot: QtBot, wizard: ImportWizard, store_file: Path, services: Services, tmp_path: Path
) -> None:
    open_file(qtbot, wizard, store_file)
    click(qtbot, wizard.preview_button)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.PAGE_PREVIEW, timeout=5000)
    click(qtbot, wizard.run_button)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.PAGE_DONE, timeout=10000)

    report = tmp_path / "報告.csv"

    def save_as(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None
        name.clear()
        type_japanese(name, str(report))  # the user types the name (報告.csv) into the file dialog
        buttons = dialog.findChild(QDialogButtonBox, "buttonBox")
        assert buttons is not None
        save = buttons.button(QDialogButtonBox.StandardButton.Save) or buttons.buttons()[0]
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # and clicks 保存 (Return may go to the completer)

    when_dialog_opens(save_as)
    click(qtbot, wizard.report_button)
    qtbot.waitUntil(report.exists, timeout=5000)
    with report.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][:5] == ["4", "要確認（新規登録）", "鈴木 花子", "生年月日", "2023/02/30"]
    assert "報告を保存しました（1行）" in wizard.status.text()

    def yes(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        click(qtbot, dialog.button(QMessageBox.StandardButton.Yes))

    with qtbot.waitSignal(wizard.undone, timeout=5000):
        when_dialog_opens(yes)
        click(qtbot, wizard.undo_button)
    assert services.customers.count() == 0
    assert "削除3件" in wizard.status.text()
    assert not wizard.undo_button.isEnabled()


def test_without_a_name_column_the_preview_cannot_start_and_says_why(
    qtbot: QtBot, wizard: ImportWizard, store_file: Path
) -> None:
    open_file(qtbot, wizard, store_file)
    choose(qtbot, wizard.field_combos[mapping_row(wizard, "お名前")], "（メモに残す）")
    choose(qtbot, wizard.field_combos[mapping_row(wizard, "ふりがな")], "（取り込まない）")
    assert not wizard.preview_button.isEnabled()
    assert wizard.mapping_problem.text() == "氏名（またはフリガナ）の列を選んでください"
    choose(qtbot, wizard.field_combos[mapping_row(wizard, "ふりがな")], "フリガナ")
    assert wizard.preview_button.isEnabled()


def test_a_file_that_cannot_be_read_is_explained_and_the_store_stays_on_the_first_step(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    type_japanese(wizard.path_edit, str(old))
    click(qtbot, wizard.open_button)
    qtbot.waitUntil(lambda: ".xlsx" in wizard.status.text(), timeout=5000)
    assert wizard.pages.currentIndex() == wizard.PAGE_FILE


def test_the_import_can_be_stopped_and_what_was_written_undone(
    qtbot: QtBot, wizard: ImportWizard, services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "big.csv"
    lines = ["氏名,携帯"] + [f"客 {i:05d},090-{i // 10000:04d}-{i % 10000:04d}" for i in range(9000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    open_file(qtbot, wizard, path)
    click(qtbot, wizard.preview_button)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.PAGE_PREVIEW, timeout=20000)
    click(qtbot, wizard.run_button)
    assert wizard.pages.currentIndex() == wizard.PAGE_RUN
    click(qtbot, wizard.cancel_button)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.PAGE_DONE, timeout=30000)
    result = wizard.import_result
    assert result is not None and result.cancelled
    assert result.processed < 9000
    assert services.customers.count() == result.processed
    assert "途中で中止しました" in wizard.done_label.text()
    assert wizard.progress.value() < 100 or result.processed == 0


def test_the_wizard_also_opens_from_the_whole_services_bundle(
    qtbot: QtBot, services: Services, store_file: Path
) -> None:
    dialog = ImportWizard(services)
    qtbot.addWidget(dialog)
    dialog.show()
    open_file(qtbot, dialog, store_file)
    assert dialog.file is not None and dialog.file.row_count == 3
    dialog.runner.wait_all(5000)


def test_a_workbook_with_several_sheets_shows_a_sheet_chooser_and_imports_the_chosen_sheet(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path, services: Services
) -> None:
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "本店"
    first.append(["顧客コード", "お名前"])
    first.append(["H1", "本田 一"])
    second = workbook.create_sheet("支店")
    second.append(["会員No", "氏名", "携帯"])
    second.append(["B1", "別府 二郎", "090-2222-3333"])
    second.append(["B2", "別所 三郎", "080-4444-5555"])
    path = tmp_path / "二店舗.xlsx"
    workbook.save(path)
    open_file(qtbot, wizard, path)
    assert wizard.sheet_combo.isVisible()
    assert [wizard.sheet_combo.itemText(i) for i in range(wizard.sheet_combo.count())] == ["本店", "支店"]
    assert wizard.sheet_combo.currentText() == "本店" and wizard.mapping_table.rowCount() == 2
    choose(qtbot, wizard.sheet_combo, "支店")
    qtbot.waitUntil(lambda: wizard.file is not None and wizard.file.sheet == "支店", timeout=5000)
    assert wizard.mapping_table.rowCount() == 3
    assert wizard.field_combos[mapping_row(wizard, "携帯")].currentText() == "携帯電話"
    assert "2行" in wizard.file_label.text()
    click(qtbot, wizard.preview_button)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.PAGE_PREVIEW, timeout=5000)
    click(qtbot, wizard.run_button)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.PAGE_DONE, timeout=10000)
    assert services.customers.count() == 2
    assert services.customers.find_by_code("B2") is not None


def test_a_csv_or_a_workbook_with_one_sheet_shows_no_sheet_chooser(
    qtbot: QtBot, wizard: ImportWizard, store_file: Path
) -> None:
    open_file(qtbot, wizard, store_file)
    assert not wizard.sheet_combo.isVisible()
