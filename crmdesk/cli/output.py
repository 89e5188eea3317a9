"""How the CLI prints: JSON for machines (the design's customer shape), short lines for people."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from crmdesk.domain.postal import format_postal
from crmdesk.domain.records import CustomerCard
from crmdesk.domain.textnorm import digits_only


def to_jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return {k: to_jsonable(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    return value


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2) + "\n")


def customer_json(card: CustomerCard) -> dict[str, Any]:
    """The design's contract: id, code, name, name_kana, honorific, birthday, postal_code, address, phones, email,
    consent, phase, tags — plus the rest of the card."""
    return {
        "id": card.id,
        "code": card.code,
        "name": card.name,
        "name_kana": card.name_kana,
        "honorific": card.honorific.value,
        "kind": card.kind.value,
        "birthday": card.birthday.isoformat() if card.birthday else None,
        "postal_code": format_postal(card.postal_code) if card.postal_code else None,
        "address": card.address,
        "phones": [digits_only(p) for p in card.phones],
        "email": card.email,
        "consent": {"letter": card.consent.letter, "phone": card.consent.phone, "email": card.consent.email},
        "phase": card.phase.value,
        "tags": list(card.tags),
        "staff": card.staff,
        "sex": card.sex.value if card.sex else None,
        "company_contact": card.company_contact,
        "company_department": card.company_department,
        "interests": card.interests,
        "memo": card.memo,
        "contacts": to_jsonable(card.contacts),
        "family": to_jsonable(card.family),
        "items": to_jsonable(card.items),
        "notes": to_jsonable(card.notes),
        "history": to_jsonable(card.events),
        "follow_ups": to_jsonable(card.follow_ups),
        "created_at": card.created_at.isoformat(),
        "updated_at": card.updated_at.isoformat(),
        "deleted_at": card.deleted_at.isoformat() if card.deleted_at else None,
    }
