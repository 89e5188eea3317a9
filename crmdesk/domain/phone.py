"""Phone numbers: stored as typed, searched as digits, shown in the usual Japanese grouping."""

from __future__ import annotations

import phonenumbers

from crmdesk.domain.errors import ValidationError
from crmdesk.domain.textnorm import digits_only, nfkc


def normalize_phone(text: str, *, field: str = "電話番号") -> str:
    """Digits of a Japanese number in national form (+81 90… → 090…). Raises on too few or many digits."""
    raw = nfkc(text).strip()
    digits = digits_only(raw)
    if raw.startswith("+") or (digits.startswith("81") and len(digits) in (11, 12)):
        try:
            parsed = phonenumbers.parse(raw if raw.startswith("+") else "+" + digits, None)
            digits = "0" + str(parsed.national_number)
        except phonenumbers.NumberParseException:
            pass
    if not 10 <= len(digits) <= 11:
        raise ValidationError(field, text, "電話番号は市外局番から10〜11桁で入力してください", code="phone")
    return digits


def format_phone(digits: str) -> str:
    """090-1234-5678, 03-1234-5678 … using libphonenumber's Japanese number plan."""
    try:
        parsed = phonenumbers.parse(digits, "JP")
    except phonenumbers.NumberParseException:
        return digits
    formatted = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return str(formatted)
