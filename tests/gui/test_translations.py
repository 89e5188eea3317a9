"""The English catalogue covers every string of the GUI, and the compiled .qm matches its .ts source."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from crmdesk.gui.translation import Translators, effective_language
from crmdesk.paths import resource_path

ROOT = Path(__file__).resolve().parents[2]
TS = resource_path("translations", "crmdesk_en.ts")
QM = resource_path("translations", "crmdesk_en.qm")


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    found: dict[tuple[str, str], ET.Element] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            if translation.get("type") not in ("vanished", "obsolete"):
                found[(name, message.findtext("source") or "")] = translation
    return found


def test_every_english_entry_is_translated() -> None:
    entries = messages(TS)
    assert len(entries) > 400
    unfinished = [source for source, tr in entries.items() if tr.get("type") == "unfinished" or not tr.text]
    assert unfinished == []


@pytest.mark.skipif(shutil.which("pyside6-lupdate") is None, reason="pyside6-lupdate is not installed")
def test_every_string_in_the_code_is_in_the_catalogue(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "crmdesk" / "gui").glob("*.py"))
    subprocess.run(
        ["pyside6-lupdate", *sources, "-ts", str(fresh), "-no-obsolete", "-locations", "none", "-silent"],
        check=True,
        capture_output=True,
    )
    in_code = set(messages(fresh))
    missing = sorted(in_code - set(messages(TS)))
    assert missing == [], "run pyside6-lupdate and translate these"


@pytest.mark.skipif(shutil.which("pyside6-lrelease") is None, reason="pyside6-lrelease is not installed")
def test_the_compiled_catalogue_is_up_to_date(tmp_path: Path) -> None:
    compiled = tmp_path / "check.qm"
    subprocess.run(
        ["pyside6-lrelease", "-silent", str(TS), "-qm", str(compiled)], check=True, capture_output=True
    )
    assert compiled.read_bytes() == QM.read_bytes(), "run pyside6-lrelease on crmdesk_en.ts"


def test_japanese_by_default_and_english_on_an_english_system() -> None:
    assert effective_language("", QLocale(QLocale.Language.Japanese)) == "ja"
    assert effective_language("", QLocale(QLocale.Language.German)) == "ja"
    assert effective_language("", QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)) == "en"
    assert effective_language("ja", QLocale(QLocale.Language.English)) == "ja"
    assert effective_language("en", QLocale(QLocale.Language.Japanese)) == "en"


def test_the_english_catalogue_loads_and_translates(qapp: QCoreApplication) -> None:
    translators = Translators(qapp)
    try:
        assert translators.switch("en") == "en"
        assert QCoreApplication.translate("CardView", "保存") == "Save"
        assert QCoreApplication.translate("Labels", "見込み") == "Prospect"
        assert translators.switch("ja") == "ja"
        assert QCoreApplication.translate("CardView", "保存") == "保存"
    finally:
        translators.clear()
