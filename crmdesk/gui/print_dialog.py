"""The print dialog: template, layout, 宛名チェック, a live preview of the real PDF pages, then a printer or a file.

Standalone: it takes the printing service and a selection, and knows nothing of the main window. Open it with

    dialog = PrintDialog(services_printing, Selection(customer_ids=(12, 15)), parent=window)
    dialog.open_customer_requested.connect(window.open_customer)   # double-click on a flagged customer
    dialog.exec()

The preview renders the very PDF that will print. QtPdf is not part of PySide6-Essentials, so pages are rasterised
with pypdfium2 (PDFium), both for the preview and for printing through Qt's print dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF, QObject, QRunnable, QSizeF, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from crmdesk.domain.errors import CrmError
from crmdesk.printing.drawing import Offset
from crmdesk.printing.layouts import LAYOUT_LABELS, LayoutKind, needs_content
from crmdesk.printing.vertical import Numerals
from crmdesk.services.printing_jobs import PrintingService, PrintPlan, PrintRequest, PrintResult, Selection

PREVIEW_DPI = 110
PRINT_DPI_LIMIT = 600
NO_TEMPLATE = ""


class PdfPages:
    """The pages of a PDF as images (PDFium through pypdfium2)."""

    def __init__(self, pdf: bytes) -> None:
        import pypdfium2  # type: ignore[import-untyped]

        self._document = pypdfium2.PdfDocument(pdf)

    def __len__(self) -> int:
        return len(self._document)

    def size_mm(self, index: int) -> tuple[float, float]:
        width, height = self._document[index].get_size()
        return width * 25.4 / 72, height * 25.4 / 72

    def image(self, index: int, dpi: float) -> QImage:
        page = self._document[index]
        bitmap = page.render(scale=dpi / 72, rev_byteorder=True)  # RGB byte order
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888)
        return image.copy()  # own the pixels before the bitmap is freed

    def close(self) -> None:
        self._document.close()


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Send every page to a Qt printer at the printer's resolution, edge to edge (the layout's printer offset
    already moved the content). Returns the number of pages."""
    pages = PdfPages(pdf)
    try:
        if not len(pages):
            return 0
        width, height = pages.size_mm(0)
        printer.setFullPage(True)
        printer.setPageLayout(
            QPageLayout(
                QPageSize(QSizeF(width, height), QPageSize.Unit.Millimeter, "crmdesk"),
                QPageLayout.Orientation.Portrait,
                QMarginsF(0, 0, 0, 0),
            )
        )
        dpi = min(printer.resolution(), PRINT_DPI_LIMIT)
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("プリンターを開けません")
        try:
            for index in range(len(pages)):
                if index:
                    printer.newPage()
                target = printer.pageLayout().fullRectPixels(printer.resolution())
                painter.drawImage(target, pages.image(index, dpi))
        finally:
            painter.end()
        return len(pages)
    finally:
        pages.close()


class _PrintSignals(QObject):
    done = Signal(object)
    failed = Signal(str)


class _PrintJob(QRunnable):
    """Batch printing off the GUI thread: a thousand letters take a second or two."""

    def __init__(self, work: Callable[[], PrintResult]) -> None:
        super().__init__()
        self.work = work
        self.signals = _PrintSignals()

    def run(self) -> None:
        try:
            result = self.work()
        except CrmError as exc:
            self.signals.failed.emit(exc.message)
        except OSError as exc:
            self.signals.failed.emit(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        else:
            self.signals.done.emit(result)


class PrintDialog(QDialog):
    open_customer_requested = Signal(int)
    printed = Signal(object)  # PrintResult

    def __init__(
        self,
        printing: PrintingService,
        selection: Selection,
        parent: QWidget | None = None,
        *,
        layout: LayoutKind = LayoutKind.LETTER,
        template: str | None = None,
        thread_pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self.printing = printing
        self.selection = selection
        self.thread_pool = thread_pool or QThreadPool.globalInstance()
        self.plan: PrintPlan | None = None
        self.last_result: PrintResult | None = None
        self._pending_printer: QPrinter | None = None
        self._pdf: bytes = b""
        self._piece = 0
        self.setWindowTitle(self.tr("印刷"))
        self.resize(1100, 760)

        self.template_box = QComboBox()
        self.template_box.addItem(self.tr("（宛名のみ）"), NO_TEMPLATE)
        for item in printing.templates():
            self.template_box.addItem(f"{item.label}（{item.name}）", item.name)
        self.layout_box = QComboBox()
        for kind, label in LAYOUT_LABELS.items():
            self.layout_box.addItem(label, kind.value)
        self.labels_box = QComboBox()
        for count in (12, 18, 24):
            self.labels_box.addItem(self.tr("{0}面").format(count), count)
        self.numerals_box = QComboBox()
        self.numerals_box.addItem(self.tr("漢数字（一二三）"), Numerals.KANJI.value)
        self.numerals_box.addItem(self.tr("算用数字（123）"), Numerals.UPRIGHT.value)
        self.household_box = QCheckBox(self.tr("ご家族を連名で印刷"))
        self.household_box.setChecked(True)
        self.guides_box = QCheckBox(self.tr("プレビューに郵便番号枠と用紙の端を表示"))
        self.guides_box.setChecked(True)
        self.offset_x = _offset_spin()
        self.offset_y = _offset_spin()
        self.save_offset_button = QPushButton(self.tr("この位置を保存"))

        form = QFormLayout()
        form.addRow(self.tr("テンプレート"), self.template_box)
        form.addRow(self.tr("レイアウト"), self.layout_box)
        form.addRow(self.tr("ラベル"), self.labels_box)
        form.addRow(self.tr("住所の数字"), self.numerals_box)
        form.addRow("", self.household_box)
        form.addRow("", self.guides_box)
        offsets = QHBoxLayout()
        offsets.addWidget(QLabel(self.tr("右へ")))
        offsets.addWidget(self.offset_x)
        offsets.addWidget(QLabel(self.tr("下へ")))
        offsets.addWidget(self.offset_y)
        offsets.addWidget(self.save_offset_button)
        form.addRow(self.tr("印刷位置の調整 (mm)"), offsets)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problem_list = QListWidget()
        self.problem_list.setToolTip(
            self.tr("チェックを外した方は印刷しません。ダブルクリックでカードを開きます")
        )
        self.left_out_list = QListWidget()
        self.left_out_list.setMaximumHeight(110)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addLayout(form)
        side_layout.addWidget(self.summary)
        side_layout.addWidget(QLabel(self.tr("宛名チェック")))
        side_layout.addWidget(self.problem_list, 1)
        side_layout.addWidget(QLabel(self.tr("印刷しない方")))
        side_layout.addWidget(self.left_out_list)

        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setObjectName("printPreview")
        scroll = QScrollArea()
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        self.previous_button = QPushButton(self.tr("◀ 前の宛先"))
        self.next_button = QPushButton(self.tr("次の宛先 ▶"))
        self.position_label = QLabel()
        navigation = QHBoxLayout()
        navigation.addWidget(self.previous_button)
        navigation.addWidget(self.position_label, 1, Qt.AlignmentFlag.AlignCenter)
        navigation.addWidget(self.next_button)
        preview_side = QWidget()
        preview_layout = QVBoxLayout(preview_side)
        preview_layout.addWidget(scroll, 1)
        preview_layout.addLayout(navigation)

        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(preview_side)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([460, 640])

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.save_button = QPushButton(self.tr("PDFを保存…"))
        self.print_button = QPushButton(self.tr("印刷…"))
        self.close_button = QPushButton(self.tr("閉じる"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.error_label, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)

        main = QVBoxLayout(self)
        main.addWidget(splitter, 1)
        main.addLayout(buttons)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(150)
        self._refresh_timer.timeout.connect(self.refresh)

        if template:
            found = self.template_box.findData(template)
            if found >= 0:
                self.template_box.setCurrentIndex(found)
        self.layout_box.setCurrentIndex(self.layout_box.findData(layout.value))
        self._load_offset()

        for box in (self.template_box, self.labels_box, self.numerals_box):
            box.currentIndexChanged.connect(self._schedule)
        self.layout_box.currentIndexChanged.connect(self._layout_changed)
        self.template_box.currentIndexChanged.connect(self._template_changed)
        for check in (self.household_box, self.guides_box):
            check.toggled.connect(self._schedule)
        for spin in (self.offset_x, self.offset_y):
            spin.valueChanged.connect(self._schedule)
        self.problem_list.itemChanged.connect(self._skip_changed)
        self.problem_list.itemDoubleClicked.connect(self._open_customer)
        self.previous_button.clicked.connect(lambda: self._move(-1))
        self.next_button.clicked.connect(lambda: self._move(1))
        self.save_offset_button.clicked.connect(self._save_offset)
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_to_printer)
        self.close_button.clicked.connect(self.reject)
        self._update_option_visibility()
        self.refresh()

    # ------------------------------------------------------------------ state
    @property
    def layout_kind(self) -> LayoutKind:
        return LayoutKind(self.layout_box.currentData())

    @property
    def template_name(self) -> str | None:
        value = self.template_box.currentData()
        return str(value) if value else None

    def skipped(self) -> set[int]:
        skipped: set[int] = set()
        for row in range(self.problem_list.count()):
            item = self.problem_list.item(row)
            customer_id = item.data(Qt.ItemDataRole.UserRole)
            if customer_id is not None and item.checkState() is not Qt.CheckState.Checked:
                skipped.add(int(customer_id))
        return skipped

    def request(self, *, guides: bool) -> PrintRequest:
        return PrintRequest(
            layout=self.layout_kind,
            selection=self.selection,
            template=self.template_name,
            household=self.household_box.isChecked(),
            labels_per_sheet=int(self.labels_box.currentData()),
            numerals=Numerals(self.numerals_box.currentData()),
            guides=guides,
            offset=Offset(self.offset_x.value(), self.offset_y.value()),
        )

    # ------------------------------------------------------------------ refreshing
    def _schedule(self) -> None:
        self._refresh_timer.start()

    def _layout_changed(self) -> None:
        self._update_option_visibility()
        self._load_offset()
        self._schedule()

    def _template_changed(self) -> None:
        name = self.template_name
        if name is None:
            return
        wanted = next((t.layout for t in self.printing.templates() if t.name == name), None)
        if wanted and not needs_content(self.layout_kind):
            return  # an address side for this template's occasion: keep the chosen layout
        if wanted and wanted != self.layout_kind.value:
            found = self.layout_box.findData(wanted)
            if found >= 0:
                self.layout_box.setCurrentIndex(found)

    def _update_option_visibility(self) -> None:
        kind = self.layout_kind
        self.labels_box.setEnabled(kind is LayoutKind.LABELS)
        vertical = kind in (
            LayoutKind.POSTCARD,
            LayoutKind.ENVELOPE,
            LayoutKind.LETTER_TATE,
            LayoutKind.POSTCARD_MESSAGE,
        )
        self.numerals_box.setEnabled(vertical)

    def _load_offset(self) -> None:
        offset = self.printing.offset(self.layout_kind)
        for spin, value in ((self.offset_x, offset.x_mm), (self.offset_y, offset.y_mm)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)

    def _save_offset(self) -> None:
        try:
            self.printing.save_offset(self.layout_kind, Offset(self.offset_x.value(), self.offset_y.value()))
        except CrmError as exc:
            self._show_error(exc.message)
            return
        self._show_error("")

    def refresh(self) -> None:
        """Plan again (gather, merge, check) and redraw the preview."""
        self._refresh_timer.stop()
        keep_skipped = self.skipped()
        try:
            self.plan = self.printing.plan(self.request(guides=self.guides_box.isChecked()))
        except CrmError as exc:
            self.plan = None
            self._show_error(exc.message)
            self._set_lists(None, keep_skipped)
            self._show_preview()
            return
        self._show_error("")
        self._set_lists(self.plan, keep_skipped)
        self._piece = min(self._piece, max(0, len(self._preview_units()) - 1))
        self._show_preview()

    def _set_lists(self, plan: PrintPlan | None, keep_skipped: set[int]) -> None:
        self.problem_list.blockSignals(True)
        self.problem_list.clear()
        self.left_out_list.clear()
        if plan is None:
            self.summary.setText("")
            self.problem_list.blockSignals(False)
            return
        flagged: dict[int, list[str]] = {}
        blocking: set[int] = set()
        for problem in plan.problems:
            flagged.setdefault(problem.customer_id, []).append(problem.message)
            if problem.blocking:
                blocking.add(problem.customer_id)
        names = {p.customer_id: p.customer_name for p in plan.pieces}
        names.update({p.customer_id: p.customer_name for p in plan.problems})
        for customer_id, messages in flagged.items():
            mark = "×" if customer_id in blocking else "△"
            item = QListWidgetItem(
                f"{mark} {names.get(customer_id, customer_id)}様\n  " + "\n  ".join(messages)
            )
            item.setData(Qt.ItemDataRole.UserRole, customer_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            skip = customer_id in blocking or customer_id in keep_skipped
            item.setCheckState(Qt.CheckState.Unchecked if skip else Qt.CheckState.Checked)
            self.problem_list.addItem(item)
        if not flagged:
            self.problem_list.addItem(QListWidgetItem(self.tr("問題は見つかりませんでした")))
        for left in plan.left_out:
            self.left_out_list.addItem(f"{left.customer_name}様 — {left.reason}")
        self.problem_list.blockSignals(False)
        self._update_summary()

    def _update_summary(self) -> None:
        if self.plan is None:
            return
        flagged = len({p.customer_id for p in self.plan.problems})
        printable = len(self.plan.printable(self.skipped()))
        self.summary.setText(
            self.tr("{0}件を印刷します（対象外 {1}件・宛名チェック {2}件）").format(
                printable, len(self.plan.left_out), flagged
            )
        )

    def _skip_changed(self, _item: QListWidgetItem) -> None:
        if self.plan is not None:
            self._update_summary()
            self._piece = min(self._piece, max(0, len(self._preview_units()) - 1))
            self._show_preview()

    def _preview_units(self) -> list[int]:
        """Indexes of printable pieces to page through (labels: one unit, the whole sheet set)."""
        if self.plan is None:
            return []
        count = len(self.plan.printable(self.skipped()))
        if self.layout_kind is LayoutKind.LABELS:
            return [0] if count else []
        return list(range(count))

    def _move(self, step: int) -> None:
        units = self._preview_units()
        if units:
            self._piece = max(0, min(len(units) - 1, self._piece + step))
            self._show_preview()

    def _show_preview(self) -> None:
        units = self._preview_units()
        self.previous_button.setEnabled(self._piece > 0)
        self.next_button.setEnabled(self._piece < len(units) - 1)
        printable = self.plan is not None and bool(units)
        self.save_button.setEnabled(printable)
        self.print_button.setEnabled(printable)
        if self.plan is None or not units:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("印刷するものがありません"))
            self.position_label.setText("")
            return
        only = None if self.layout_kind is LayoutKind.LABELS else self._piece
        try:
            self._pdf = self.printing.render(self.plan, skip=self.skipped(), only=only).pdf
        except CrmError as exc:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(exc.message)
            return
        pages = PdfPages(self._pdf)
        try:
            images = [pages.image(i, PREVIEW_DPI) for i in range(min(len(pages), 4))]
        finally:
            pages.close()
        self.preview.setPixmap(QPixmap.fromImage(_stack(images)))
        planned = self.plan.printable(self.skipped())
        if only is None:
            self.position_label.setText(self.tr("{0}件").format(len(planned)))
        else:
            name = planned[self._piece].customer_name
            self.position_label.setText(f"{self._piece + 1} / {len(units)}　{name}様")

    def preview_image(self) -> QImage:
        return self.preview.pixmap().toImage()

    # ------------------------------------------------------------------ output
    def save_pdf(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("PDFを保存"), "", self.tr("PDF (*.pdf)"))
        if path:
            self._run(Path(path if path.lower().endswith(".pdf") else f"{path}.pdf"), None)

    def print_to_printer(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        import tempfile

        target = Path(tempfile.mkdtemp(prefix="crmdesk-print-")) / "print.pdf"
        self._run(target, printer)

    def _run(self, path: Path, printer: QPrinter | None) -> None:
        plan = self.printing.plan(self.request(guides=False))  # the real print: no guides
        skip = self.skipped()
        self.save_button.setEnabled(False)
        self.print_button.setEnabled(False)
        self._pending_printer = printer
        job = _PrintJob(lambda: self.printing.print_to(plan, path, skip=skip))
        # bound methods of this dialog: the results arrive queued on the GUI thread
        job.signals.done.connect(self._printed)
        job.signals.failed.connect(self._failed)
        self.thread_pool.start(job)

    def _failed(self, message: str) -> None:
        self._show_error(message)
        self._show_preview()

    def _printed(self, result: PrintResult) -> None:
        printer, self._pending_printer = self._pending_printer, None
        self.last_result = result
        if printer is not None and result.path is not None:
            print_pdf(result.path.read_bytes(), printer)
        self._show_preview()
        self.printed.emit(result)
        if result.follow_up_ids:
            answer = QMessageBox.question(
                self,
                self.tr("発送の確認"),
                self.tr(
                    "{0}件のフォローを印刷しました。発送しましたか？\n「はい」でフォローを完了にします。"
                ).format(len(result.follow_up_ids)),
            )
            if answer == QMessageBox.StandardButton.Yes:
                try:
                    self.printing.confirm_sent(result.follow_up_ids)
                except CrmError as exc:
                    self._show_error(exc.message)
                    return
                self.refresh()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)

    def _open_customer(self, item: QListWidgetItem) -> None:
        customer_id = item.data(Qt.ItemDataRole.UserRole)
        if customer_id is not None:
            self.open_customer_requested.emit(int(customer_id))


def _offset_spin() -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(-20.0, 20.0)
    spin.setSingleStep(0.5)
    spin.setDecimals(1)
    spin.setSuffix(" mm")
    return spin


def _stack(images: Sequence[QImage]) -> QImage:
    """Pages one below the other with a grey gap, for the preview."""
    if not images:
        return QImage()
    gap = 12
    width = max(i.width() for i in images)
    height = sum(i.height() for i in images) + gap * (len(images) - 1)
    sheet = QImage(width, height, QImage.Format.Format_RGB888)
    sheet.fill(Qt.GlobalColor.lightGray)
    painter = QPainter(sheet)
    y = 0
    for image in images:
        painter.drawImage((width - image.width()) // 2, y, image)
        y += image.height() + gap
    painter.end()
    return sheet


__all__ = ["PdfPages", "PrintDialog", "print_pdf"]
