"""Japanese postal codes (郵便番号): 7 digits, shown as 123-4567."""

from __future__ import annotations

from crmdesk.domain.errors import ValidationError
from crmdesk.domain.textnorm import nfkc


def normalize_postal(text: str, *, field: str = "郵便番号") -> str:
    """'〒１２３－４５６７', '1234567', '123 4567' → '1234567'."""
    cleaned = nfkc(text).replace("〒", "").strip()
    digits = "".join(ch for ch in cleaned if ch.isdigit())
    rest = "".join(ch for ch in cleaned if not ch.isdigit() and ch not in "-‐－ー−― ")
    if len(digits) != 7 or rest:
        raise ValidationError(
            field, text, "郵便番号は7桁の数字で入力してください（例: 123-4567）", code="postal"
        )
    return digits


def format_postal(digits: str) -> str:
    return f"{digits[:3]}-{digits[3:]}" if len(digits) == 7 else digits
