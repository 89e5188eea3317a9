"""Enumerations of the data model. Values are stable strings stored in the database."""

from __future__ import annotations

from enum import StrEnum


class CustomerKind(StrEnum):
    INDIVIDUAL = "individual"
    COMPANY = "company"  # 法人


class Honorific(StrEnum):
    SAMA = "様"
    DONO = "殿"
    ONCHU = "御中"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class Phase(StrEnum):
    """Relationship phase: 見込み・新規・既存・休眠・失注."""

    PROSPECT = "prospect"
    NEW = "new"
    EXISTING = "existing"
    DORMANT = "dormant"
    LOST = "lost"


PHASE_LABELS_JA: dict[Phase, str] = {
    Phase.PROSPECT: "見込み",
    Phase.NEW: "新規",
    Phase.EXISTING: "既存",
    Phase.DORMANT: "休眠",
    Phase.LOST: "失注",
}


class ContactKind(StrEnum):
    PHONE = "phone"  # 自宅電話
    MOBILE = "mobile"  # 携帯
    WORK = "work"  # 勤務先
    FAX = "fax"
    EMAIL = "email"
    LINE = "line"
    SNS = "sns"

    @property
    def is_phone(self) -> bool:
        return self in (ContactKind.PHONE, ContactKind.MOBILE, ContactKind.WORK, ContactKind.FAX)


CONTACT_LABELS_JA: dict[ContactKind, str] = {
    ContactKind.PHONE: "自宅電話",
    ContactKind.MOBILE: "携帯電話",
    ContactKind.WORK: "勤務先",
    ContactKind.FAX: "FAX",
    ContactKind.EMAIL: "メール",
    ContactKind.LINE: "LINE",
    ContactKind.SNS: "SNS",
}


class EventKind(StrEnum):
    PURCHASE = "purchase"
    VISIT = "visit"  # visit or treatment (施術)
    CALL = "call"
    LETTER = "letter"
    GIFT = "gift"
    COMPLAINT = "complaint"
    SURVEY = "survey"
    NOTE = "note"


EVENT_LABELS_JA: dict[EventKind, str] = {
    EventKind.PURCHASE: "購入",
    EventKind.VISIT: "来店・施術",
    EventKind.CALL: "電話",
    EventKind.LETTER: "手紙・DM",
    EventKind.GIFT: "ギフト",
    EventKind.COMPLAINT: "苦情・相談",
    EventKind.SURVEY: "アンケート",
    EventKind.NOTE: "メモ",
}


class CallOutcome(StrEnum):
    REACHED = "reached"  # 話せた
    NO_ANSWER = "no_answer"  # 不在
    VOICEMAIL = "voicemail"  # 留守電
    CALL_BACK = "call_back"  # 折り返し待ち
    DECLINED = "declined"  # 断られた


class FollowUpKind(StrEnum):
    CALL = "call"
    LETTER = "letter"
    VISIT = "visit"
    GIFT = "gift"
    INSPECTION = "inspection"


FOLLOWUP_LABELS_JA: dict[FollowUpKind, str] = {
    FollowUpKind.CALL: "電話",
    FollowUpKind.LETTER: "手紙",
    FollowUpKind.VISIT: "訪問・来店",
    FollowUpKind.GIFT: "ギフト",
    FollowUpKind.INSPECTION: "点検・車検",
}


class FollowUpStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    SKIPPED = "skipped"


class ItemCategory(StrEnum):
    CAR = "car"
    CAMERA = "camera"
    WATCH = "watch"
    OTHER = "other"
