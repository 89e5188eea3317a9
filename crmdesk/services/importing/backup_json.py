"""crmdesk's own JSON export (the store's backup in an open format) read back as an import.

Each customer of the file is one record: its card as the table export writes it (the same columns, so the same
parsing, matching, dry run, batches, report and undo as any other file), and everything else of the card —
family, owned items, personality notes, history (with photos) and follow-ups — carried beside the cells and
written with the card. Into a card already in the database (a duplicate, or the same backup imported again) only
the entries it does not have yet are added: the same family member, item, note, event or follow-up is never
written twice. Customers that were in the trash when the backup was made are reported, not imported.

Not restored from the backup: the store profile, staff list, scenarios, templates, settings and past imports
(they belong to the store, not to a customer: the file is read for its customers).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from crmdesk.domain.errors import ValidationError
from crmdesk.domain.postal import format_postal
from crmdesk.domain.textnorm import normalize_text
from crmdesk.domain.values import PHASE_LABELS_JA, ContactKind, Phase

FORMAT = "crmdesk-export"
SUPPORTED_VERSIONS = (1,)
CHILDREN = ("family", "items", "notes", "events", "follow_ups")
TRASHED = "ごみ箱にあったお客様のため、取り込みませんでした"
_FIELD = "ファイル"
_KIND_LABELS = {"individual": "個人", "company": "法人"}
_SEX_LABELS = {"male": "男性", "female": "女性", "other": "その他"}


def looks_like_backup(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and b'"format"' in head and FORMAT.encode() in head


def load_backup(path: Path, text: str | None = None) -> dict[str, Any]:
    try:
        data = json.loads(text if text is not None else path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(_FIELD, path.name, f"JSON として読めません（{exc}）", code="json") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(
            _FIELD, path.name, "crmdesk が書き出した JSON ではありません", code="json_format"
        )
    if data.get("format_version") not in SUPPORTED_VERSIONS:
        raise ValidationError(
            _FIELD,
            path.name,
            f"この JSON の形式（{data.get('format_version')}）はこの版の crmdesk では読めません",
            code="json_version",
        )
    if not isinstance(data.get("customers"), list):
        raise ValidationError(_FIELD, path.name, "お客様の一覧（customers）がありません", code="json_format")
    return data


def _mark(value: object) -> str:
    return "" if value is None else ("○" if value else "×")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and value and value[0] in "=+-@":
        return "'" + value  # as the table export guards it (the import takes the apostrophe off again)
    return str(value)


def _day(value: object) -> str:
    if not value:
        return ""
    return date.fromisoformat(str(value)[:10]).strftime("%Y/%m/%d")


def table_cells(customer: dict[str, Any]) -> tuple[str, ...]:
    """The card as the table export writes it (`exporting.TABLE_COLUMNS`, in that order)."""
    contacts: dict[str, list[str]] = {}
    for contact in customer.get("contacts") or []:
        contacts.setdefault(str(contact.get("kind")), []).append(str(contact.get("value") or ""))
    consent = customer.get("consent") or {}
    phase = customer.get("phase") or Phase.EXISTING.value
    postal = customer.get("postal_code") or ""
    values = (
        customer.get("code") or "",
        customer.get("name") or "",
        customer.get("name_kana") or "",
        customer.get("honorific") or "",
        _KIND_LABELS.get(str(customer.get("kind")), str(customer.get("kind") or "")),
        customer.get("company_contact") or "",
        customer.get("company_department") or "",
        _SEX_LABELS.get(str(customer.get("sex") or ""), ""),
        _day(customer.get("birthday")),
        format_postal(postal) if postal else "",
        customer.get("address1") or "",
        customer.get("address2") or "",
        " / ".join(contacts.get(ContactKind.PHONE.value, [])),
        " / ".join(contacts.get(ContactKind.MOBILE.value, [])),
        " / ".join(contacts.get(ContactKind.WORK.value, [])),
        " / ".join(contacts.get(ContactKind.FAX.value, [])),
        " / ".join(contacts.get(ContactKind.EMAIL.value, [])),
        " / ".join(contacts.get(ContactKind.LINE.value, [])),
        "\n".join(contacts.get(ContactKind.SNS.value, [])),
        _mark(consent.get("letter")),
        _mark(consent.get("phone")),
        _mark(consent.get("email")),
        PHASE_LABELS_JA.get(Phase(phase), phase) if phase in {p.value for p in Phase} else str(phase),
        customer.get("staff") or "",
        "、".join(customer.get("tags") or []),
        customer.get("interests") or "",
        customer.get("memo") or "",
    )
    return tuple(_text(value) for value in values)


@dataclass(frozen=True)
class Extra:
    """What a backup carries for one card besides its table columns."""

    children: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    trashed: bool = False


def backup_records(data: dict[str, Any]) -> Iterator[tuple[int, tuple[str, ...], Extra]]:
    """(number of the customer in the file, its cells, the rest of it)."""
    for number, customer in enumerate(data["customers"], start=1):
        if not isinstance(customer, dict):
            continue
        children = {name: list(customer.get(name) or []) for name in CHILDREN}
        yield number, table_cells(customer), Extra(children, bool(customer.get("deleted_at")))


# ------------------------------------------------------------------------------------------------ children
def child_key(kind: str, entry: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two entries of a card the same (so that importing a backup twice writes nothing twice)."""
    if kind == "family":
        return (kind, normalize_text(str(entry.get("name") or "")), str(entry.get("relation") or ""))
    if kind == "items":
        identifier = str(entry.get("identifier") or "")
        return (kind, normalize_text(str(entry.get("name") or "")), normalize_text(identifier))
    if kind == "notes":
        return (kind, str(entry.get("noted_on") or "")[:10], str(entry.get("text") or ""))
    if kind == "events":
        return (
            kind,
            str(entry.get("kind") or ""),
            _instant(entry.get("occurred_at")),
            str(entry.get("summary") or ""),
        )
    return (
        kind,
        str(entry.get("due_date") or "")[:10],
        str(entry.get("kind") or ""),
        str(entry.get("reason") or ""),
    )


def _instant(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    if not value:
        return ""
    try:
        return datetime.fromisoformat(str(value)).isoformat()
    except ValueError:
        return str(value)


def as_date(value: object) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def as_datetime(value: object, default: datetime | None = None) -> datetime | None:
    if value in (None, ""):
        return default
    if isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo is not None else parsed.astimezone()


def photo_bytes(entry: dict[str, Any]) -> bytes | None:
    data = entry.get("data_base64")
    return base64.b64decode(data) if isinstance(data, str) else None


def pieces(children: Sequence[dict[str, Any]], *names: str) -> list[str]:
    return [str(child.get(name) or "") for child in children for name in names]


__all__ = [
    "CHILDREN",
    "FORMAT",
    "TRASHED",
    "Extra",
    "as_date",
    "as_datetime",
    "backup_records",
    "child_key",
    "load_backup",
    "looks_like_backup",
    "photo_bytes",
    "pieces",
    "table_cells",
]
