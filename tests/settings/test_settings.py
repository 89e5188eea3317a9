"""This PC's settings survive restarts, old files are upgraded and a broken file never stops the app."""

from __future__ import annotations

import json
from pathlib import Path

from crmdesk.settings import AppSettings, StoreSettings


def test_settings_are_saved_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    AppSettings(staff_name="大野", language="en", last_customer_id=42).save(path)
    loaded = AppSettings.load(path)
    assert (loaded.staff_name, loaded.language, loaded.last_customer_id) == ("大野", "en", 42)


def test_an_unversioned_settings_file_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"staff": "村上", "unknown_key": 1}), encoding="utf-8")
    loaded = AppSettings.load(path)
    assert loaded.staff_name == "村上" and loaded.version == 1


def test_a_broken_settings_file_gives_defaults_and_is_kept_aside(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert AppSettings.load(path) == AppSettings()
    assert (tmp_path / "settings.broken.json").exists()


def test_store_settings_have_sensible_defaults() -> None:
    settings = StoreSettings.from_dict(None)
    assert settings.upcoming_days == 60 and settings.dormant_months == 6
    assert settings.holiday_shift == "before"
