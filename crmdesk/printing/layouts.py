"""Every layout by its kind name (`crmdesk print KIND`), with the options people can set."""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from typing import Any

from crmdesk.domain.errors import ValidationError
from crmdesk.printing.document import Layout
from crmdesk.printing.drawing import Offset
from crmdesk.printing.giftcard import GiftCardLayout
from crmdesk.printing.labels import LabelLayout, sheet
from crmdesk.printing.letter import LetterLayout, VerticalLetterLayout
from crmdesk.printing.postcard import EnvelopeLayout, PostcardAddressLayout, PostcardMessageLayout
from crmdesk.printing.vertical import Numerals


class LayoutKind(StrEnum):
    LETTER = "letter"
    LETTER_TATE = "letter-tate"
    POSTCARD = "postcard"
    POSTCARD_MESSAGE = "postcard-message"
    ENVELOPE = "envelope"
    LABELS = "labels"
    GIFTCARD = "giftcard"


LAYOUT_CLASSES: dict[LayoutKind, type[Layout]] = {
    LayoutKind.LETTER: LetterLayout,
    LayoutKind.LETTER_TATE: VerticalLetterLayout,
    LayoutKind.POSTCARD: PostcardAddressLayout,
    LayoutKind.POSTCARD_MESSAGE: PostcardMessageLayout,
    LayoutKind.ENVELOPE: EnvelopeLayout,
    LayoutKind.LABELS: LabelLayout,
    LayoutKind.GIFTCARD: GiftCardLayout,
}

LAYOUT_LABELS: dict[LayoutKind, str] = {kind: cls.label for kind, cls in LAYOUT_CLASSES.items()}


def layout_kind(value: str) -> LayoutKind:
    try:
        return LayoutKind(value)
    except ValueError:
        names = "、".join(kind.value for kind in LayoutKind)
        raise ValidationError(
            "レイアウト", value, f"次のどれかを指定してください: {names}", code="layout"
        ) from None


def needs_content(kind: LayoutKind) -> bool:
    return LAYOUT_CLASSES[kind].needs_content


def make_layout(
    kind: LayoutKind | str,
    *,
    offset: Offset | None = None,
    guides: bool = False,
    numerals: Numerals | None = None,
    labels_per_sheet: int | None = None,
    **options: Any,
) -> Layout:
    """A layout with its options. Unknown options are refused (they would be silently ignored otherwise)."""
    chosen = layout_kind(kind) if isinstance(kind, str) else kind
    cls = LAYOUT_CLASSES[chosen]
    base: Layout = cls()
    values: dict[str, Any] = {"offset": offset or Offset(), "guides": guides}
    if numerals is not None and hasattr(base, "numerals"):
        values["numerals"] = numerals
    if labels_per_sheet is not None and chosen is LayoutKind.LABELS:
        values["spec"] = sheet(labels_per_sheet)
    for key, value in options.items():
        if not hasattr(base, key):
            raise ValidationError(
                "レイアウト", key, f"{cls.label}にはこの設定がありません", code="layout_option"
            )
        values[key] = value
    return replace(base, **values)
