"""The import wizard: file → columns (the user can correct them) → dry run → import with progress and cancel → report.

    wizard = ImportWizard(ImportService(services.ctx), parent=main_window)
    wizard.exec()

Reading, the dry run and the import run on the thread pool (`TaskRunner`); the window stays responsive and the
import can be stopped between batches. After the import the report can be saved and the whole import undone.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.domain.errors import CrmError
from crmdesk.domain.tabular import FIELD_LABELS, ColumnMapping, ImportField, mapping_problems
from crmdesk.gui.tasks import Report, Task, TaskRunner
from crmdesk.services.importing import (
    ACTION_LABELS_JA,
    Bucket,
    DuplicateAction,
    ImportFile,
    ImportOptions,
    ImportResult,
    ImportService,
    write_report,
)

if TYPE_CHECKING:
    from crmdesk.services.bundle import Services

FILE_FILTER = "表のファイル (*.csv *.tsv *.txt *.xlsx *.xlsm *.vcf *.json);;すべてのファイル (*)"
ENCODINGS = (("自動で判別", None), ("UTF-8", "utf-8"), ("Shift_JIS（Excel）", "cp932"), ("EUC-JP", "euc_jp"))
# the order of the fields in the column menus: what a store's list usually has first
FIELD_ORDER = (
    ImportField.NAME,
    ImportField.KANA,
    ImportField.LAST_NAME,
    ImportField.FIRST_NAME,
    ImportField.KANA_LAST,
    ImportField.KANA_FIRST,
    ImportField.CODE,
    ImportField.PHONE,
    ImportField.MOBILE,
    ImportField.PHONE_HOME,
    ImportField.WORK_PHONE,
    ImportField.FAX,
    ImportField.EMAIL,
    ImportField.LINE,
    ImportField.SNS,
    ImportField.POSTAL_CODE,
    ImportField.PREFECTURE,
    ImportField.CITY,
    ImportField.ADDRESS1,
    ImportField.ADDRESS2,
    ImportField.BIRTHDAY,
    ImportField.SEX,
    ImportField.MEMO,
    ImportField.INTERESTS,
    ImportField.CONSENT_LETTER,
    ImportField.CONSENT_PHONE,
    ImportField.CONSENT_EMAIL,
    ImportField.STAFF,
    ImportField.TAGS,
    ImportField.PHASE,
    ImportField.FIRST_VISIT,
    ImportField.LAST_VISIT,
    ImportField.HONORIFIC,
    ImportField.KIND,
    ImportField.COMPANY_CONTACT,
    ImportField.COMPANY_DEPARTMENT,
    ImportField.NONE,
    ImportField.IGNORE,
)
_CONSENT = (ImportField.CONSENT_LETTER, ImportField.CONSENT_PHONE, ImportField.CONSENT_EMAIL)
PROBLEM_ROWS_SHOWN = 1000


class ImportWizard(QDialog):
    """Five steps on one dialog. `imported` is emitted with the result after a real import."""

    imported = Signal(object)  # ImportResult
    undone = Signal(int)  # import id
    duplicates_requested = Signal()  # the user wants to look at possible duplicates

    PAGE_FILE, PAGE_MAPPING, PAGE_PREVIEW, PAGE_RUN, PAGE_DONE = range(5)

    def __init__(
        self,
        service: ImportService | Services,
        parent: QWidget | None = None,
        *,
        runner: TaskRunner | None = None,
        start_folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        # the import service; a whole services bundle is accepted too (its `.imports`)
        self.service: ImportService = service if isinstance(service, ImportService) else service.imports
        self.runner = runner or TaskRunner(self)
        self.start_folder = start_folder or Path.home()
        self.file: ImportFile | None = None
        self.preview: ImportResult | None = None
        self.import_result: ImportResult | None = None
        self._tasks: list[Task] = []  # ours only: the runner may be shared with the main window
        self.task: Task | None = None  # the import itself, while it runs
        self.setWindowTitle(self.tr("顧客リストの取り込み"))
        self.resize(900, 620)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._file_page())
        self.pages.addWidget(self._mapping_page())
        self.pages.addWidget(self._preview_page())
        self.pages.addWidget(self._run_page())
        self.pages.addWidget(self._done_page())
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("wizardStatus")
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.status)

    # ------------------------------------------------------------------------------------------- 1. file
    def _file_page(self) -> QWidget:
        page = QWidget()
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("取り込むファイル（CSV・Excel・vCard）"))
        self.browse_button = QPushButton(self.tr("参照…"))
        self.encoding_combo = QComboBox()
        for label, _ in ENCODINGS:
            self.encoding_combo.addItem(self.tr(label))
        self.open_button = QPushButton(self.tr("次へ"))
        self.open_button.setDefault(True)
        self.file_cancel = QPushButton(self.tr("閉じる"))
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(self.tr("ファイル"), row)
        form.addRow(self.tr("文字コード"), self.encoding_combo)
        intro = QLabel(
            self.tr(
                "Excel の表、CSV（Shift_JIS・UTF-8・EUC-JP）、スマートフォンの連絡先（vCard）からお客様を取り込みます。"
                "次の画面で列の割り当てを確かめ、取り込む前に結果を確認できます。取り込んだ後でもまとめて取り消せます。"
            )
        )
        intro.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.file_cancel)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.browse_button.clicked.connect(self._browse)
        self.open_button.clicked.connect(lambda: self.open_file())
        self.path_edit.returnPressed.connect(lambda: self.open_file())
        self.file_cancel.clicked.connect(self.reject)
        return page

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("取り込むファイル"), str(self.start_folder), FILE_FILTER
        )
        if path:
            self.path_edit.setText(path)

    def open_file(self, sheet: str | None = None) -> None:
        text = self.path_edit.text().strip().strip('"')
        if not text:
            self._say(self.tr("ファイルを選んでください"), error=True)
            return
        path = Path(text)
        encoding = ENCODINGS[self.encoding_combo.currentIndex()][1]
        self._busy(True, self.tr("ファイルを読んでいます…"))

        def work(report: Report) -> ImportFile:
            return self.service.open(path, encoding=encoding, sheet=sheet)

        self._tasks.append(self.runner.start(work, on_done=self._opened, on_error=self._failed))

    def _opened(self, opened: object) -> None:
        assert isinstance(opened, ImportFile)
        self.file = opened
        self._busy(False)
        self._fill_mapping(opened)
        self.pages.setCurrentIndex(self.PAGE_MAPPING)

    # ------------------------------------------------------------------------------------------- 2. mapping
    def _mapping_page(self) -> QWidget:
        page = QWidget()
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        self.remembered_label = QLabel()
        self.remembered_label.setWordWrap(True)
        # a workbook with several sheets: which one to import (the file is read again when it changes)
        self.sheet_label = QLabel(self.tr("シート"))
        self.sheet_combo = QComboBox()
        self.sheet_combo.setAccessibleName(self.tr("取り込むシート"))
        self.sheet_combo.currentTextChanged.connect(self._sheet_chosen)
        sheets = QHBoxLayout()
        sheets.addWidget(self.sheet_label)
        sheets.addWidget(self.sheet_combo)
        sheets.addStretch(1)
        self.mapping_table = QTableWidget(0, 4)
        self.mapping_table.setHorizontalHeaderLabels(
            [self.tr("ファイルの列"), self.tr("最初の行の値"), self.tr("取り込み先"), self.tr("意味が逆")]
        )
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.mapping_table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.mapping_table.setColumnWidth(0, 170)
        self.mapping_table.setColumnWidth(2, 190)
        self.mapping_table.setColumnWidth(3, 80)
        self.mapping_problem = QLabel()
        self.mapping_problem.setObjectName("mappingProblem")
        self.mapping_problem.setStyleSheet("color: #b00020;")
        self.update_radio = QRadioButton(self.tr("ファイルの内容で更新する"))
        self.skip_radio = QRadioButton(self.tr("そのままにする（スキップ）"))
        self.update_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.update_radio)
        group.addButton(self.skip_radio)
        duplicates = QHBoxLayout()
        duplicates.addWidget(QLabel(self.tr("登録済みのお客様と一致した行は:")))
        duplicates.addWidget(self.update_radio)
        duplicates.addWidget(self.skip_radio)
        duplicates.addStretch(1)
        self.mapping_back = QPushButton(self.tr("戻る"))
        self.preview_button = QPushButton(self.tr("確認へ（まだ取り込みません）"))
        self.preview_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mapping_back)
        buttons.addStretch(1)
        buttons.addWidget(self.preview_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.file_label)
        layout.addLayout(sheets)
        layout.addWidget(self.remembered_label)
        layout.addWidget(
            QLabel(
                self.tr(
                    "各列をどこに取り込むか確かめてください。「（メモに残す）」の列は、お客様のメモに残します。"
                )
            )
        )
        layout.addWidget(self.mapping_table, 1)
        layout.addWidget(self.mapping_problem)
        layout.addLayout(duplicates)
        layout.addLayout(buttons)
        self.mapping_back.clicked.connect(lambda: self.pages.setCurrentIndex(self.PAGE_FILE))
        self.preview_button.clicked.connect(self.start_preview)
        return page

    def _fill_mapping(self, opened: ImportFile) -> None:
        source = opened.source
        encoding = {"cp932": "Shift_JIS（cp932）", "utf-8-sig": "UTF-8（BOM付き）"}.get(
            source.encoding or "", source.encoding or "Excel"
        )
        self.file_label.setText(
            self.tr("{name}: {rows}行（文字コード {encoding}）").format(
                name=opened.filename, rows=f"{opened.row_count:,}", encoding=encoding
            )
        )
        self.remembered_label.setText(
            self.tr("前回と同じ形のファイルです。前回の割り当てを使っています。") if opened.remembered else ""
        )
        several = len(opened.sheets) > 1
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(opened.sheets) if several else [])
        self.sheet_combo.setCurrentText(opened.sheet or "")
        self.sheet_combo.blockSignals(False)
        self.sheet_label.setVisible(several)
        self.sheet_combo.setVisible(several)
        sample = opened.sample(3)
        self.mapping_table.setRowCount(len(opened.headers))
        self.field_combos: list[QComboBox] = []
        self.negate_boxes: list[QCheckBox] = []
        for row, (header, mapping) in enumerate(zip(opened.headers, opened.mapping, strict=False)):
            self.mapping_table.setItem(row, 0, QTableWidgetItem(header))
            examples = " / ".join(
                r.cells[row].replace("\n", " ")[:30]
                for r in sample
                if row < len(r.cells) and r.cells[row].strip()
            )
            self.mapping_table.setItem(row, 1, QTableWidgetItem(examples))
            combo = QComboBox()
            for field in FIELD_ORDER:
                combo.addItem(self.tr(FIELD_LABELS[field]), field.value)
            combo.setCurrentIndex(FIELD_ORDER.index(mapping.field))
            combo.setAccessibleName(self.tr("{header}の取り込み先").format(header=header))
            negate = QCheckBox()
            negate.setChecked(mapping.negate)
            negate.setToolTip(self.tr("「DM不要」のように、○が「送らない」を意味する列ならチェックします"))
            negate.setEnabled(mapping.field in _CONSENT)
            combo.currentIndexChanged.connect(self._mapping_changed)
            negate.toggled.connect(self._mapping_changed)
            self.mapping_table.setCellWidget(row, 2, combo)
            self.mapping_table.setCellWidget(row, 3, negate)
            self.field_combos.append(combo)
            self.negate_boxes.append(negate)
        self._mapping_changed()

    def _sheet_chosen(self, sheet: str) -> None:
        if sheet and self.file is not None and sheet != self.file.sheet:
            self.open_file(sheet)

    def mapping(self) -> list[ColumnMapping]:
        """The mapping as the user has it now."""
        result: list[ColumnMapping] = []
        for combo, negate in zip(self.field_combos, self.negate_boxes, strict=True):
            field = ImportField(combo.currentData())
            result.append(ColumnMapping(field, negate.isChecked() and field in _CONSENT))
        return result

    def _mapping_changed(self) -> None:
        mapping = self.mapping()
        for box, column in zip(self.negate_boxes, mapping, strict=True):
            box.setEnabled(column.field in _CONSENT)
        problems = mapping_problems(mapping)
        self.mapping_problem.setText("\n".join(self.tr(p) for p in problems))
        self.preview_button.setEnabled(not problems)

    def options(self) -> ImportOptions:
        action = DuplicateAction.SKIP if self.skip_radio.isChecked() else DuplicateAction.UPDATE
        return ImportOptions(on_duplicate=action)

    # ------------------------------------------------------------------------------------------- 3. preview
    def _preview_page(self) -> QWidget:
        page = QWidget()
        self.preview_summary = QLabel()
        self.preview_summary.setWordWrap(True)
        self.count_labels: dict[str, QLabel] = {}
        counts = QGridLayout()
        for column, (key, label) in enumerate(
            (
                ("rows", "行数"),
                ("imported", "新規登録"),
                ("updated", "更新"),
                ("skipped", "スキップ"),
                ("reported", "要確認"),
            )
        ):
            title = QLabel(self.tr(label))
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value = QLabel("0")
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value.setStyleSheet("font-size: 20px; font-weight: bold;")
            value.setObjectName(f"count_{key}")
            counts.addWidget(title, 0, column)
            counts.addWidget(value, 1, column)
            self.count_labels[key] = value
        self.problem_table = QTableWidget(0, 5)
        self.problem_table.setHorizontalHeaderLabels(
            [self.tr("行"), self.tr("お名前"), self.tr("列"), self.tr("値"), self.tr("理由")]
        )
        self.problem_table.verticalHeader().setVisible(False)
        self.problem_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problem_table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.problem_table.setColumnWidth(0, 50)
        self.problem_table.setColumnWidth(1, 120)
        self.problem_table.setColumnWidth(2, 110)
        self.problem_table.setColumnWidth(3, 150)
        self.preview_back = QPushButton(self.tr("戻って割り当てを直す"))
        self.run_button = QPushButton(self.tr("取り込む"))
        self.run_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_back)
        buttons.addStretch(1)
        buttons.addWidget(self.run_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.preview_summary)
        layout.addLayout(counts)
        layout.addWidget(
            QLabel(self.tr("そのままでは取り込めない行（読めない値は空欄にして、元の文字はメモに残します）:"))
        )
        layout.addWidget(self.problem_table, 1)
        layout.addLayout(buttons)
        self.preview_back.clicked.connect(lambda: self.pages.setCurrentIndex(self.PAGE_MAPPING))
        self.run_button.clicked.connect(self.start_import)
        return page

    def start_preview(self) -> None:
        assert self.file is not None
        file, mapping, options = self.file, self.mapping(), self.options()
        self._busy(True, self.tr("取り込んだ場合の結果を確かめています…"))

        def work(report: Report) -> ImportResult:
            return self.service.dry_run(file, mapping, options, progress=lambda d, t: None)

        self._tasks.append(self.runner.start(work, on_done=self._previewed, on_error=self._failed))

    def _previewed(self, result: object) -> None:
        assert isinstance(result, ImportResult)
        self.preview = result
        self._busy(False)
        self._show_counts(result)
        self.preview_summary.setText(
            self.tr("まだ何も取り込んでいません。「取り込む」を押すと、次のとおりに取り込みます。")
        )
        self._fill_problems(result)
        self.pages.setCurrentIndex(self.PAGE_PREVIEW)

    def _show_counts(self, result: ImportResult) -> None:
        for key, value in result.counts().items():
            if key in self.count_labels:
                self.count_labels[key].setText(f"{value:,}")

    def _fill_problems(self, result: ImportResult) -> None:
        rows: list[tuple[str, str, str, str, str]] = []
        for outcome in result.outcomes:
            if outcome.bucket is not Bucket.REPORTED:
                continue
            for problem in outcome.problems:
                rows.append((str(outcome.line), outcome.name, problem.column, problem.value, problem.reason))
                if len(rows) >= PROBLEM_ROWS_SHOWN:
                    break
        self.problem_table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, text in enumerate(values):
                self.problem_table.setItem(r, c, QTableWidgetItem(text.replace("\n", " ")))

    # ------------------------------------------------------------------------------------------- 4. run
    def _run_page(self) -> QWidget:
        page = QWidget()
        self.run_label = QLabel(self.tr("取り込んでいます…"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.cancel_button = QPushButton(self.tr("中止"))
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.run_label)
        layout.addWidget(self.progress)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        layout.addStretch(1)
        self.cancel_button.clicked.connect(self.cancel_import)
        return page

    def start_import(self) -> None:
        assert self.file is not None
        file, mapping, options = self.file, self.mapping(), self.options()
        self.pages.setCurrentIndex(self.PAGE_RUN)
        self.progress.setValue(0)
        self.cancel_button.setEnabled(True)
        self.run_label.setText(self.tr("取り込んでいます…"))

        def work(report: Report) -> ImportResult:
            keep_going = [report(0, file.row_count)]

            def progress(done: int, total: int) -> None:
                keep_going[0] = report(done, total)

            return self.service.run(
                file, mapping, options, progress=progress, cancel=lambda: not keep_going[0]
            )

        self.task = self.runner.start(
            work, on_done=self._imported, on_error=self._failed, on_progress=self._progressed
        )
        self._tasks.append(self.task)

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setValue(int(done * 100 / total) if total else 100)
        self.run_label.setText(
            self.tr("取り込んでいます… {done} / {total} 行").format(done=f"{done:,}", total=f"{total:,}")
        )

    def cancel_import(self) -> None:
        self.cancel_button.setEnabled(False)
        self.run_label.setText(self.tr("中止しています…（今のまとまりを書き終えたら止まります）"))
        if self.task is not None:
            self.task.cancel()

    def _imported(self, result: object) -> None:
        assert isinstance(result, ImportResult)
        self.import_result = result
        self._show_result(result)
        self.pages.setCurrentIndex(self.PAGE_DONE)
        self.imported.emit(result)

    # ------------------------------------------------------------------------------------------- 5. done
    def _done_page(self) -> QWidget:
        page = QWidget()
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.done_label.setObjectName("doneSummary")
        self.duplicates_label = QLabel()
        self.duplicates_label.setWordWrap(True)
        self.duplicates_button = QPushButton(self.tr("重複の確認を開く"))
        self.report_button = QPushButton(self.tr("報告をCSVで保存…"))
        self.undo_button = QPushButton(self.tr("この取り込みを取り消す"))
        self.close_button = QPushButton(self.tr("閉じる"))
        self.close_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.report_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        duplicate_row = QHBoxLayout()
        duplicate_row.addWidget(self.duplicates_label, 1)
        duplicate_row.addWidget(self.duplicates_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.done_label)
        layout.addLayout(duplicate_row)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.report_button.clicked.connect(self.save_report)
        self.undo_button.clicked.connect(self.undo_import)
        self.close_button.clicked.connect(self.accept)
        self.duplicates_button.clicked.connect(self.duplicates_requested.emit)
        return page

    def _show_result(self, result: ImportResult) -> None:
        lines = [result.summary_ja()]
        if result.reported:
            lines.append(
                self.tr(
                    "要確認の{count}行は、読めない値を空欄にして元の文字をメモに残しました。報告を保存して確かめてください。"
                ).format(count=f"{result.reported:,}")
            )
        if result.cancelled:
            lines.append(self.tr("途中で中止しました。ここまでの分を取り消すこともできます。"))
        self.done_label.setText("\n".join(lines))
        count = len(result.possible_duplicates)
        self.duplicates_label.setText(
            self.tr("電話番号が同じで氏名の異なるお客様が{count}件あります。").format(count=count)
            if count
            else ""
        )
        self.duplicates_button.setVisible(bool(count))
        self.undo_button.setEnabled(
            result.import_id is not None and bool(result.created_ids or result.updated_ids)
        )

    def save_report(self) -> None:
        if self.import_result is None:
            return
        suggested = str(self.start_folder / f"取り込み報告_{Path(self.import_result.filename).stem}.csv")
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("報告の保存先"),
            suggested,
            "CSV (*.csv)",
            options=QFileDialog.Option.DontUseNativeDialog,
        )
        if not path:
            return
        try:
            count = write_report(self.import_result, Path(path))
        except OSError as exc:
            self._say(self.tr("保存できませんでした: {error}").format(error=exc.strerror or exc), error=True)
            return
        self._say(self.tr("報告を保存しました（{count}行）: {path}").format(count=count, path=path))

    def undo_import(self) -> None:
        if self.import_result is None or self.import_result.import_id is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("取り込みの取り消し"),
            self.tr("この取り込みで登録・更新したお客様を、取り込む前の状態に戻します。よろしいですか？"),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        import_id = self.import_result.import_id
        try:
            undone = self.service.undo(import_id)
        except CrmError as exc:
            self._say(exc.message, error=True)
            return
        self.undo_button.setEnabled(False)
        self._say(undone.summary_ja())
        self.undone.emit(import_id)

    # ------------------------------------------------------------------------------------------- common
    def _busy(self, busy: bool, message: str = "") -> None:
        for button in (self.open_button, self.preview_button, self.run_button):
            button.setEnabled(not busy)
        if not busy and hasattr(self, "field_combos"):
            self._mapping_changed()
        self._say(message)

    def _say(self, message: str, *, error: bool = False) -> None:
        self.status.setStyleSheet("color: #b00020;" if error else "")
        self.status.setText(message)

    def _failed(self, exc: Exception) -> None:
        self._busy(False)
        message = exc.message if isinstance(exc, CrmError) else f"{type(exc).__name__}: {exc}"
        if isinstance(exc, OSError):
            message = self.tr("ファイルを読めません: {error}").format(error=exc.strerror or exc)
        self._say(message, error=True)
        if self.pages.currentIndex() == self.PAGE_RUN:
            self.pages.setCurrentIndex(self.PAGE_PREVIEW)

    def action_label(self, line: int) -> str:
        """What the preview says will happen to one line of the file (for tooltips and tests)."""
        source = self.import_result or self.preview
        if source is None:
            return ""
        for outcome in source.outcomes:
            if outcome.line == line:
                return ACTION_LABELS_JA[outcome.action]
        return ""

    def reject(self) -> None:
        for task in self._tasks:
            task.cancel()  # an import stops after its current batch; what was written can be undone later
        super().reject()


__all__ = ["ImportWizard"]
