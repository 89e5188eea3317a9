"""The print dialog and the template editor, used as a store clerk would: choose, look, skip, save, confirm."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from crmdesk.domain.records import CustomerDraft, FamilyMember, FollowUpDraft, OwnedItem, StoreProfile
from crmdesk.domain.values import EventKind, FollowUpKind, FollowUpStatus, ItemCategory
from crmdesk.gui.print_dialog import PdfPages, PrintDialog
from crmdesk.gui.template_editor import TemplateEditor
from crmdesk.printing.layouts import LayoutKind
from crmdesk.services.bundle import Services
from crmdesk.services.printing_jobs import PrintingService, Selection
from tests.printing.pdf_tools import pdf_text, squeeze


@pytest.fixture
def printing(services: Services) -> PrintingService:
    services.store.save_profile(
        StoreProfile(name="カーショップ山﨑", postal_code="1500001", address="東京都渋谷区神宮前1-2-3")
    )
    return PrintingService(services.ctx)


@pytest.fixture
def customers(services: Services) -> dict[str, int]:
    takahashi = services.customers.create(
        CustomerDraft(
            name="髙橋 太郎",
            name_kana="タカハシ タロウ",
            postal_code="1000001",
            address1="東京都千代田区千代田1-1",
            family=[FamilyMember("妻", "花子", joint_addressee=True)],
            items=[OwnedItem("プリウス", ItemCategory.CAR)],
        )
    ).id
    no_reading = services.customers.create(
        CustomerDraft(name="田中 四郎", postal_code="1500001", address1="東京都渋谷区神宮前4-4-4")
    ).id
    follow_up = services.followups.add(
        takahashi, FollowUpDraft(date(2026, 12, 1), FollowUpKind.LETTER, "12月が車検の満了日です")
    ).id
    return {"takahashi": takahashi, "no_reading": no_reading, "follow_up": follow_up}


def _non_white(dialog: PrintDialog) -> int:
    image = dialog.preview_image()
    step = 7
    return sum(
        1
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
        if image.pixelColor(x, y).lightness() < 128
    )


def test_the_preview_shows_the_real_page_and_follows_the_chosen_layout(
    qtbot: QtBot, printing: PrintingService, customers: dict[str, int]
) -> None:
    dialog = PrintDialog(
        printing, Selection(customer_ids=(customers["takahashi"],)), layout=LayoutKind.POSTCARD
    )
    qtbot.addWidget(dialog)

    postcard = dialog.preview_image()
    assert postcard.height() / postcard.width() == pytest.approx(148 / 100, rel=0.02)
    assert _non_white(dialog) > 50
    assert "1 / 1" in dialog.position_label.text() and "髙橋 太郎" in dialog.position_label.text()

    dialog.layout_box.setCurrentIndex(dialog.layout_box.findData(LayoutKind.LABELS.value))
    dialog.refresh()
    sheet = dialog.preview_image()
    assert sheet.height() / sheet.width() == pytest.approx(297 / 210, rel=0.02)


def test_choosing_a_template_switches_to_its_layout(
    qtbot: QtBot, printing: PrintingService, customers: dict[str, int]
) -> None:
    dialog = PrintDialog(printing, Selection(customer_ids=(customers["takahashi"],)))
    qtbot.addWidget(dialog)

    dialog.template_box.setCurrentIndex(dialog.template_box.findData("new_year"))
    dialog.refresh()

    assert dialog.layout_kind is LayoutKind.POSTCARD_MESSAGE
    assert dialog.plan is not None and "new_year" in dialog.plan.templates


def test_flagged_customers_are_listed_and_can_be_left_out(
    qtbot: QtBot, printing: PrintingService, customers: dict[str, int]
) -> None:
    dialog = PrintDialog(
        printing,
        Selection(customer_ids=(customers["takahashi"], customers["no_reading"])),
        layout=LayoutKind.POSTCARD,
    )
    qtbot.addWidget(dialog)
    assert dialog.problem_list.count() == 1
    item = dialog.problem_list.item(0)
    assert "田中 四郎" in item.text() and "フリガナが空です" in item.text()
    assert item.checkState() is Qt.CheckState.Checked  # a warning: printed unless the clerk leaves it out
    assert "2件を印刷します" in dialog.summary.text()

    item.setCheckState(Qt.CheckState.Unchecked)

    assert dialog.skipped() == {customers["no_reading"]}
    assert "1件を印刷します" in dialog.summary.text()
    with qtbot.waitSignal(dialog.open_customer_requested) as opened:
        dialog.problem_list.itemDoubleClicked.emit(item)
    assert opened.args == [customers["no_reading"]]


def test_saving_the_pdf_logs_the_letters_and_asks_before_closing_follow_ups(
    qtbot: QtBot,
    printing: PrintingService,
    services: Services,
    customers: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "letters.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "PDF (*.pdf)"))
    asked: list[str] = []

    def answer_yes(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer_yes)
    selection = Selection(due=(date(2026, 11, 22), date(2026, 12, 31)))
    dialog = PrintDialog(printing, selection, template="inspection", thread_pool=QThreadPool())
    qtbot.addWidget(dialog)
    dialog.layout_box.setCurrentIndex(dialog.layout_box.findData(LayoutKind.LETTER.value))
    dialog.refresh()
    assert dialog.save_button.isEnabled()

    with qtbot.waitSignal(dialog.printed, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert "12月が車検の満了日です" in squeeze(pdf_text(target))
    assert asked and "発送しましたか" in asked[0]
    card = services.customers.card(customers["takahashi"])
    assert [f.status for f in card.follow_ups] == [FollowUpStatus.DONE]
    assert [e.kind for e in card.events if e.kind is EventKind.LETTER] == [EventKind.LETTER]


def test_a_saved_printer_offset_comes_back_for_its_layout(
    qtbot: QtBot, printing: PrintingService, customers: dict[str, int]
) -> None:
    dialog = PrintDialog(
        printing, Selection(customer_ids=(customers["takahashi"],)), layout=LayoutKind.POSTCARD
    )
    qtbot.addWidget(dialog)
    dialog.offset_x.setValue(1.5)
    dialog.offset_y.setValue(-0.5)
    qtbot.mouseClick(dialog.save_offset_button, Qt.MouseButton.LeftButton)

    again = PrintDialog(
        printing, Selection(customer_ids=(customers["takahashi"],)), layout=LayoutKind.POSTCARD
    )
    qtbot.addWidget(again)
    assert (again.offset_x.value(), again.offset_y.value()) == (1.5, -0.5)


def test_the_pdf_pages_render_to_images_at_the_asked_resolution(
    printing: PrintingService, customers: dict[str, int]
) -> None:
    from crmdesk.services.printing_jobs import PrintRequest

    plan = printing.plan(PrintRequest(LayoutKind.POSTCARD, Selection(customer_ids=(customers["takahashi"],))))
    pages = PdfPages(printing.render(plan).pdf)
    try:
        image = pages.image(0, 144)
    finally:
        pages.close()
    assert image.width() == pytest.approx(100 / 25.4 * 144, abs=1)
    assert image.height() == pytest.approx(148 / 25.4 * 144, abs=1)


def test_the_template_editor_names_an_unknown_field_and_will_not_save_it(
    qtbot: QtBot, printing: PrintingService
) -> None:
    editor = TemplateEditor(printing, template="thanks")
    qtbot.addWidget(editor)
    assert not editor.preview.pixmap().isNull()
    assert editor.save_button.isEnabled()

    editor.body_edit.moveCursor(editor.body_edit.textCursor().MoveOperation.End)
    editor.body_edit.insertPlainText("{{ペットの名前}}")  # QTest cannot type kana; the IME would
    editor.update_preview()

    assert "ペットの名前" in editor.error_label.text()
    assert not editor.save_button.isEnabled()


def test_the_template_editor_saves_the_stores_text_and_can_go_back(
    qtbot: QtBot, printing: PrintingService, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = TemplateEditor(printing, template="お礼状")
    qtbot.addWidget(editor)
    editor.body_edit.setPlainText("{{宛名}}\nいつも本当にありがとうございます。")
    editor.field_list.itemDoubleClicked.emit(editor.field_list.item(0))  # inserts {{宛名}} at the cursor
    editor.update_preview()

    with qtbot.waitSignal(editor.saved):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    saved = printing.template("thanks")
    assert saved.edited and "いつも本当にありがとうございます。" in saved.body
    assert saved.body.count("{{宛名}}") == 2
    assert "（店舗で編集）" in editor.template_list.currentItem().text()

    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(editor.reset_button, Qt.MouseButton.LeftButton)
    assert not printing.template("thanks").edited
    assert "いつも本当に" not in editor.body_edit.toPlainText()
