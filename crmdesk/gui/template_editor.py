"""Editing a letter template with its printed preview beside it.

Standalone: `TemplateEditor(printing_service, parent=window).exec()`. The preview merges the text with a sample
customer (山﨑 美咲 and her car) and renders the real PDF through the same layouts that print. A merge field the
engine does not know is named in red under the text, and saving is refused until it is fixed.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from crmdesk.domain.errors import CrmError
from crmdesk.gui.print_dialog import PREVIEW_DPI, PdfPages
from crmdesk.printing.document import render_pdf
from crmdesk.printing.layouts import LAYOUT_LABELS, LayoutKind, make_layout, needs_content
from crmdesk.printing.pieces import Addressee, JointName, LetterContent, Piece
from crmdesk.printing.template_merge import FIELDS, era_year, format_date, merge, validate_template
from crmdesk.printing.templates import LetterTemplate
from crmdesk.services.printing_jobs import PrintingService

SAMPLE_TODAY = date(2026, 11, 22)
PREVIEW_WIDTH_PX = 490  # the page fits the preview pane beside the text
SAMPLE_ADDRESSEE = Addressee(
    name="山﨑 美咲",
    postal_code="1500001",
    address1="東京都渋谷区神宮前3-2-1",
    address2="コーポ神宮前 201号室",
    joint=(JointName("健太"),),
)


def sample_values(printing: PrintingService) -> dict[str, str | date | None]:
    """Every merge field filled with a believable sample (the store's own profile where there is one)."""
    store = printing.store_info()
    return {
        "宛名": "山﨑 美咲 様",
        "お名前": "山﨑 美咲",
        "姓": "山﨑",
        "名": "美咲",
        "敬称": "様",
        "会社名": "株式会社山﨑商事",
        "ご担当者": "山﨑 美咲",
        "お誕生日": date(1985, 4, 3),
        "最終来店日": date(2026, 5, 10),
        "ご家族名": "山﨑 健太",
        "ご家族続柄": "長男",
        "ご家族誕生日": date(2010, 12, 1),
        "商品名": "プリウス",
        "登録番号": "品川 300 あ 12-34",
        "購入日": date(2023, 12, 20),
        "保証期限": date(2026, 12, 19),
        "次回点検日": date(2026, 12, 20),
        "車検満了日": date(2026, 12, 20),
        "理由": "12月20日が車検の満了日です",
        "予定日": date(2026, 12, 1),
        "担当者": "鈴木",
        "店名": store.name or "カーショップ山﨑",
        "店舗郵便番号": store.postal_code or "150-0001",
        "店舗住所": store.address or "東京都渋谷区神宮前1-2-3",
        "店舗電話": store.phone or "03-1234-5678",
        "署名": store.signature or "店長 鈴木 一郎",
        "店のひとこと": "親友",
        "今日": SAMPLE_TODAY,
        "年": era_year(SAMPLE_TODAY),
        "新年": era_year(date(SAMPLE_TODAY.year + 1, 1, 1)),
    }


class TemplateEditor(QDialog):
    saved = Signal(str)  # the template's name

    def __init__(
        self, printing: PrintingService, parent: QWidget | None = None, *, template: str | None = None
    ) -> None:
        super().__init__(parent)
        self.printing = printing
        self.setWindowTitle(self.tr("テンプレートの編集"))
        self.resize(1150, 760)
        self._current: LetterTemplate | None = None

        self.template_list = QListWidget()
        self.title_edit = QLineEdit()
        self.body_edit = QPlainTextEdit()
        self.layout_box = QComboBox()
        for kind, label in LAYOUT_LABELS.items():
            if needs_content(kind):
                self.layout_box.addItem(label, kind.value)
        self.field_list = QListWidget()
        self.field_list.setToolTip(self.tr("ダブルクリックでカーソルの位置に差し込みます"))
        for spec in FIELDS:
            item = QListWidgetItem(f"{{{{{spec.key}}}}}　{spec.description}")
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.field_list.addItem(item)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.save_button = QPushButton(self.tr("保存"))
        self.reset_button = QPushButton(self.tr("最初の文面に戻す"))
        self.close_button = QPushButton(self.tr("閉じる"))

        form = QFormLayout()
        form.addRow(self.tr("表題"), self.title_edit)
        form.addRow(self.tr("レイアウト"), self.layout_box)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.addLayout(form)
        editor_layout.addWidget(QLabel(self.tr("本文")))
        editor_layout.addWidget(self.body_edit, 3)
        editor_layout.addWidget(self.error_label)
        editor_layout.addWidget(QLabel(self.tr("差し込み項目")))
        editor_layout.addWidget(self.field_list, 2)

        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)

        splitter = QSplitter()
        splitter.addWidget(self.template_list)
        splitter.addWidget(editor)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(1, 2)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([170, 460, 520])

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        main = QVBoxLayout(self)
        main.addWidget(splitter, 1)
        main.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.update_preview)

        self.template_list.currentRowChanged.connect(self._choose)
        self.title_edit.textChanged.connect(self._timer.start)
        self.body_edit.textChanged.connect(self._timer.start)
        self.layout_box.currentIndexChanged.connect(self._timer.start)
        self.field_list.itemDoubleClicked.connect(self._insert_field)
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.reset)
        self.close_button.clicked.connect(self.reject)

        self._fill_list(template)

    # ------------------------------------------------------------------ list
    def _fill_list(self, select: str | None = None) -> None:
        self.template_list.blockSignals(True)
        self.template_list.clear()
        chosen = 0
        for row, item in enumerate(self.printing.templates()):
            mark = self.tr("（店舗で編集）") if item.edited else ""
            entry = QListWidgetItem(f"{item.label}{mark}")
            entry.setData(Qt.ItemDataRole.UserRole, item.name)
            self.template_list.addItem(entry)
            if item.name == select or item.label == select:
                chosen = row
        self.template_list.blockSignals(False)
        self.template_list.setCurrentRow(chosen)
        self._choose(chosen)

    def _choose(self, row: int) -> None:
        item = self.template_list.item(row)
        if item is None:
            return
        self._current = self.printing.template(str(item.data(Qt.ItemDataRole.UserRole)))
        for widget in (self.title_edit, self.body_edit, self.layout_box):
            widget.blockSignals(True)
        self.title_edit.setText(self._current.title)
        self.body_edit.setPlainText(self._current.body)
        found = self.layout_box.findData(self._current.layout)
        self.layout_box.setCurrentIndex(max(0, found))
        for widget in (self.title_edit, self.body_edit, self.layout_box):
            widget.blockSignals(False)
        self.reset_button.setEnabled(self._current.edited)
        self.update_preview()

    def _insert_field(self, item: QListWidgetItem) -> None:
        self.body_edit.insertPlainText(f"{{{{{item.data(Qt.ItemDataRole.UserRole)}}}}}")
        self.body_edit.setFocus()

    # ------------------------------------------------------------------ preview
    def update_preview(self) -> None:
        self._timer.stop()
        name = self._current.label if self._current else ""
        title, body = self.title_edit.text(), self.body_edit.toPlainText()
        try:
            validate_template(name, title, body)
            values = sample_values(self.printing)
            content = LetterContent(
                title=merge(title, values, "見本", name),
                body=merge(body, values, "見本", name),
                date_text="" if ("{{新年" in body or "{{今日" in body) else format_date(SAMPLE_TODAY),
                staff="鈴木",
            )
            kind = LayoutKind(self.layout_box.currentData())
            pdf = render_pdf(
                [Piece(SAMPLE_ADDRESSEE, content)],
                make_layout(kind, guides=True),
                self.printing.store_info(),
                fonts=self.printing.fonts,
            ).pdf
        except CrmError as exc:
            self.error_label.setText(exc.message)
            self.save_button.setEnabled(False)
            return
        self.error_label.setText("")
        self.save_button.setEnabled(True)
        pages = PdfPages(pdf)
        try:
            width_mm, _height = pages.size_mm(0)
            image = pages.image(0, min(PREVIEW_DPI, PREVIEW_WIDTH_PX / (width_mm / 25.4)))
        finally:
            pages.close()
        self.preview.setPixmap(QPixmap.fromImage(image))

    # ------------------------------------------------------------------ saving
    def save(self) -> None:
        if self._current is None:
            return
        try:
            saved = self.printing.save_template(
                self._current.name,
                self.title_edit.text(),
                self.body_edit.toPlainText(),
                str(self.layout_box.currentData()),
            )
        except CrmError as exc:
            self.error_label.setText(exc.message)
            return
        self.saved.emit(saved.name)
        self._fill_list(saved.name)

    def reset(self) -> None:
        if self._current is None or not self._current.edited:
            return
        answer = QMessageBox.question(
            self,
            self.tr("最初の文面に戻す"),
            self.tr("「{0}」を店舗で編集する前の文面に戻します。よろしいですか？").format(
                self._current.label
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        name = self._current.name
        self.printing.reset_template(name)
        self._fill_list(name)


__all__ = ["TemplateEditor", "sample_values"]
