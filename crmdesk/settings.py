"""Typed settings with defaults and versioned upgrades.

- `AppSettings`: this PC's own (language, who is working, window layout, last customer) in a JSON file.
- `StoreSettings`: the store's, shared by every PC: kept in the database as a plain dict by the services.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

APP_SETTINGS_VERSION = 1
STORE_SETTINGS_VERSION = 1


@dataclass
class AppSettings:
    version: int = APP_SETTINGS_VERSION
    language: str = ""  # "" = follow the system; "ja" or "en"
    staff_name: str = ""  # who is working on this PC (remembered)
    window_geometry: str = ""  # base64 of QWidget.saveGeometry()
    splitter_state: str = ""
    last_customer_id: int | None = None
    date_style: str = "wareki"  # "wareki" (令和5年4月1日) or "western" (2023-04-01)
    first_start_done: bool = False

    @classmethod
    def load(cls, path: Path) -> AppSettings:
        """Read the file; a missing or broken file gives defaults (the broken one is kept aside)."""
        if not path.exists():
            return cls()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict):
                raise ValueError("not an object")
        except (OSError, ValueError) as exc:
            log.warning("settings file %s unreadable (%s); using defaults", path, exc)
            with contextlib.suppress(OSError):
                path.replace(path.with_suffix(".broken.json"))
            return cls()
        return cls.from_dict(_upgrade_app(raw))

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> AppSettings:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})

    def save(self, path: Path) -> None:
        """Write atomically (a crash never leaves half a settings file)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(".tmp")
        temp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(temp, path)


def _upgrade_app(raw: dict[str, Any]) -> dict[str, Any]:
    version = int(raw.get("version", 0) or 0)
    if version < 1:
        # version 0 (unversioned) used "staff" for the staff name
        if "staff" in raw and "staff_name" not in raw:
            raw["staff_name"] = raw.pop("staff")
        raw["version"] = 1
    return raw


@dataclass
class PrinterOffset:
    """Every office printer feeds a little off: millimetres to move everything right/down."""

    dx_mm: float = 0.0
    dy_mm: float = 0.0


@dataclass
class StoreSettings:
    version: int = STORE_SETTINGS_VERSION
    upcoming_days: int = 60  # inspections, 車検, warranty ends in the next N days
    birthday_days: int = 14  # birthdays in the next N days
    dormant_months: int = 6  # not contacted for N months = 休眠 risk
    closed_weekdays: list[int] = field(default_factory=list)  # 0 = Monday … 6 = Sunday
    holiday_shift: str = "before"  # a follow-up on a closed day moves to the nearest open day before/after
    printer_offsets: dict[str, PrinterOffset] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | None) -> StoreSettings:
        raw = _upgrade_store(dict(raw or {}))
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in raw.items() if k in known}
        offsets = values.pop("printer_offsets", {}) or {}
        settings = cls(**values)
        settings.printer_offsets = {
            name: PrinterOffset(**value) if isinstance(value, dict) else PrinterOffset()
            for name, value in offsets.items()
        }
        return settings


def _upgrade_store(raw: dict[str, Any]) -> dict[str, Any]:
    if int(raw.get("version", 0) or 0) < 1:
        raw["version"] = 1
    return raw
