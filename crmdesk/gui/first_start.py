"""A first start with an empty database: try a demo store, import a list, or start empty."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCommandLinkButton, QDialog, QLabel, QVBoxLayout, QWidget

from crmdesk.gui.look import type_size


class FirstStartChoice(StrEnum):
    DEMO = "demo"
    IMPORT = "import"
    EMPTY = "empty"


class FirstStartDialog(QDialog):
    def __init__(self, *, can_import: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("ようこそ"))
        self.choice = FirstStartChoice.EMPTY
        title = QLabel(self.tr("顧客カードへようこそ"))
        title.setObjectName("welcomeTitle")
        type_size(title, 16, bold=True)
        text = QLabel(self.tr("まだお客様が登録されていません。どのように始めますか？"))
        text.setWordWrap(True)
        self.demo = QCommandLinkButton(
            self.tr("デモ店舗で試す"),
            self.tr("架空のお客様500人の販売店で操作を試せます（お店のデータとは別のファイルです）"),
        )
        self.import_list = QCommandLinkButton(
            self.tr("名簿を取り込む"), self.tr("Excel・CSV の顧客名簿や年賀状ソフトの住所録から取り込みます")
        )
        self.import_list.setEnabled(can_import)
        if not can_import:
            self.import_list.setToolTip(self.tr("取り込み機能はこの版ではまだ使えません"))
        self.empty = QCommandLinkButton(self.tr("空の状態で始める"), self.tr("お客様を一人ずつ登録します"))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(text)
        for button, choice in (
            (self.demo, FirstStartChoice.DEMO),
            (self.import_list, FirstStartChoice.IMPORT),
            (self.empty, FirstStartChoice.EMPTY),
        ):
            button.clicked.connect(lambda _checked=False, c=choice: self._choose(c))
            layout.addWidget(button)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.empty.setDefault(True)
        self.resize(520, 360)

    def _choose(self, choice: FirstStartChoice) -> None:
        self.choice = choice
        self.accept()
