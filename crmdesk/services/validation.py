"""Checks on drafts before anything is written. Each problem names the field and the value."""

from __future__ import annotations

import re
from datetime import date

from crmdesk.domain.errors import ValidationError
from crmdesk.domain.phone import normalize_phone
from crmdesk.domain.postal import normalize_postal
from crmdesk.domain.records import ContactPoint, CustomerDraft, EventDraft, FollowUpDraft
from crmdesk.domain.textnorm import nfkc, to_katakana
from crmdesk.domain.values import ContactKind

MAX_NAME = 100
MAX_LINE = 300
MAX_TEXT = 20_000  # a personality note, a memo, an event's body: about ten pages of text
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
KANA_READING = re.compile(r"^[\u30a0-\u30ff\u3000 ・ー]*$")
OLDEST_BIRTHDAY = date(1900, 1, 1)


def check_text(field: str, value: str, limit: int) -> str:
    if len(value) > limit:
        raise ValidationError(
            field,
            value,
            f"長すぎます（{len(value):,}文字）。{limit:,}文字以内にしてください",
            code="too_long",
        )
    if "\x00" in value:
        raise ValidationError(field, value, "制御文字が含まれています", code="control_char")
    return value


def clean_reading(value: str, field: str = "フリガナ") -> str:
    reading = to_katakana(value)
    if reading and not KANA_READING.match(reading):
        raise ValidationError(field, value, "フリガナはカナで入力してください", code="kana")
    return check_text(field, reading, MAX_NAME)


def clean_contact(contact: ContactPoint) -> tuple[ContactPoint, str]:
    """The contact as stored, and its normalised form for search."""
    value = check_text("連絡先", contact.value.strip(), MAX_LINE)
    if not value:
        raise ValidationError("連絡先", contact.value, "空です", code="required")
    if contact.kind.is_phone:
        digits = normalize_phone(value)
        return ContactPoint(contact.kind, value, contact.label, contact.id), digits
    if contact.kind is ContactKind.EMAIL:
        address = nfkc(value).strip()
        if not EMAIL.match(address):
            raise ValidationError("メールアドレス", value, "メールアドレスの形ではありません", code="email")
        return ContactPoint(contact.kind, address, contact.label, contact.id), address.lower()
    return ContactPoint(contact.kind, value, contact.label, contact.id), nfkc(value).lower()


def check_birthday(field: str, value: date | None, today: date) -> None:
    if value is None:
        return
    if value > today:
        raise ValidationError(field, value.isoformat(), "未来の日付です", code="future_date")
    if value < OLDEST_BIRTHDAY:
        raise ValidationError(field, value.isoformat(), "1900年より前の日付です", code="date_range")


def validate_customer(draft: CustomerDraft, today: date) -> CustomerDraft:
    """A cleaned copy of the draft, or a ValidationError naming the first problem."""
    name = draft.name.strip().replace("\u3000", " ") if draft.name else ""
    if not name:
        raise ValidationError("名前", draft.name, "名前を入力してください", code="required")
    check_text("名前", name, MAX_NAME)
    code = nfkc(draft.code).strip() if draft.code else None
    if code is not None:
        check_text("顧客コード", code, 50)
    postal = normalize_postal(draft.postal_code) if draft.postal_code else None
    check_birthday("生年月日", draft.birthday, today)
    for member in draft.family:
        if not member.name.strip():
            raise ValidationError("家族の名前", member.name, "名前を入力してください", code="required")
        check_birthday(f"家族（{member.name}）の生年月日", member.birthday, today)
    for item in draft.items:
        if not item.name.strip():
            raise ValidationError("保有商品の名前", item.name, "名前を入力してください", code="required")
    tags = []
    for tag in draft.tags:
        cleaned = nfkc(tag).strip()
        if cleaned and cleaned not in tags:
            tags.append(check_text("タグ", cleaned, 50))
    return CustomerDraft(
        name=name,
        name_kana=clean_reading(draft.name_kana),
        code=code or None,
        kind=draft.kind,
        honorific=draft.honorific,
        company_contact=check_text("担当者名", draft.company_contact.strip(), MAX_NAME),
        company_department=check_text("部署", draft.company_department.strip(), MAX_LINE),
        sex=draft.sex,
        birthday=draft.birthday,
        postal_code=postal,
        address1=check_text("住所", draft.address1.strip(), MAX_LINE),
        address2=check_text("方書・建物名", draft.address2.strip(), MAX_LINE),
        phase=draft.phase,
        staff=(draft.staff or "").strip() or None,
        consent=draft.consent,
        interests=check_text("趣味・関心", draft.interests, MAX_TEXT),
        memo=check_text("メモ", draft.memo, MAX_TEXT),
        tags=tags,
        contacts=[clean_contact(c)[0] for c in draft.contacts],
        family=list(draft.family),
        items=list(draft.items),
        version=draft.version,
    )


def validate_event(draft: EventDraft) -> None:
    check_text("概要", draft.summary, 500)
    check_text("内容", draft.body, MAX_TEXT)
    check_text("施術メモ", draft.treatment_notes, MAX_TEXT)
    check_text("使用商品", draft.products, MAX_TEXT)
    if draft.amount_yen is not None and not (-100_000_000 <= draft.amount_yen <= 10_000_000_000):
        raise ValidationError("金額", draft.amount_yen, "金額が範囲外です", code="amount")
    if draft.occurred_at is not None and draft.occurred_at.tzinfo is None:
        raise ValidationError(
            "日時", draft.occurred_at.isoformat(), "タイムゾーンのない日時です", code="naive_time"
        )


def validate_follow_up(draft: FollowUpDraft) -> None:
    if not draft.reason.strip():
        raise ValidationError(
            "理由", draft.reason, "この方にお知らせする理由を入力してください", code="required"
        )
    check_text("理由", draft.reason, 2000)
