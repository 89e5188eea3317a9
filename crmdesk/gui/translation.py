"""The UI language: Japanese source strings, an English catalogue (`resources/translations/crmdesk_en.qm`).

The source strings in `self.tr()` are Japanese, so Japanese needs no catalogue and is what a missing or broken
file falls back to. Qt's own words (OK, キャンセル, the context menus of text fields) come from Qt's catalogues.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from crmdesk.paths import resource_path

log = logging.getLogger(__name__)

LANGUAGES = ("ja", "en")


def effective_language(setting: str, system: QLocale | None = None) -> str:
    """ "ja" or "en": the user's choice, else English on an English system, else Japanese."""
    if setting in LANGUAGES:
        return setting
    locale = system or QLocale.system()
    return "en" if locale.language() == QLocale.Language.English else "ja"


class Translators:
    """The catalogues installed in the application; `switch` replaces them."""

    def __init__(self, app: QCoreApplication) -> None:
        self.app = app
        self.language = "ja"
        self._installed: list[QTranslator] = []

    def clear(self) -> None:
        """Remove every catalogue this object installed (the source strings, Japanese, show again)."""
        for translator in self._installed:
            self.app.removeTranslator(translator)
        self._installed = []

    def switch(self, language: str) -> str:
        self.clear()
        self.language = language if language in LANGUAGES else "ja"
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt_catalogue = QTranslator(self.app)
        if self.language == "ja" and qt_catalogue.load(
            QLocale(QLocale.Language.Japanese), "qtbase", "_", qt_dir
        ):
            self._install(qt_catalogue)
        if self.language == "en":
            own = QTranslator(self.app)
            path = resource_path("translations", "crmdesk_en.qm")
            if own.load(str(path)):
                self._install(own)
            else:
                log.warning("English catalogue %s could not be loaded; the UI stays Japanese", path)
        QLocale.setDefault(
            QLocale(QLocale.Language.Japanese if self.language == "ja" else QLocale.Language.English)
        )
        return self.language

    def _install(self, translator: QTranslator) -> None:
        self.app.installTranslator(translator)
        self._installed.append(translator)
