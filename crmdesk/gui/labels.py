"""Words for the data model's values, through Qt's translation (Japanese source strings)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from crmdesk.domain.eras import DateStyle, format_date
from crmdesk.domain.values import (
    CallOutcome,
    ContactKind,
    EventKind,
    FollowUpKind,
    FollowUpStatus,
    Honorific,
    ItemCategory,
    Phase,
    Sex,
)


def phase_label(phase: Phase) -> str:
    labels = {
        Phase.PROSPECT: QCoreApplication.translate("Labels", "見込み"),
        Phase.NEW: QCoreApplication.translate("Labels", "新規"),
        Phase.EXISTING: QCoreApplication.translate("Labels", "既存"),
        Phase.DORMANT: QCoreApplication.translate("Labels", "休眠"),
        Phase.LOST: QCoreApplication.translate("Labels", "失注"),
    }
    return labels[phase]


def event_label(kind: EventKind) -> str:
    labels = {
        EventKind.PURCHASE: QCoreApplication.translate("Labels", "購入"),
        EventKind.VISIT: QCoreApplication.translate("Labels", "来店・施術"),
        EventKind.CALL: QCoreApplication.translate("Labels", "電話"),
        EventKind.LETTER: QCoreApplication.translate("Labels", "手紙・DM"),
        EventKind.GIFT: QCoreApplication.translate("Labels", "ギフト"),
        EventKind.COMPLAINT: QCoreApplication.translate("Labels", "苦情・相談"),
        EventKind.SURVEY: QCoreApplication.translate("Labels", "アンケート"),
        EventKind.NOTE: QCoreApplication.translate("Labels", "メモ"),
    }
    return labels[kind]


def follow_up_label(kind: FollowUpKind) -> str:
    labels = {
        FollowUpKind.CALL: QCoreApplication.translate("Labels", "電話"),
        FollowUpKind.LETTER: QCoreApplication.translate("Labels", "手紙"),
        FollowUpKind.VISIT: QCoreApplication.translate("Labels", "訪問・来店"),
        FollowUpKind.GIFT: QCoreApplication.translate("Labels", "ギフト"),
        FollowUpKind.INSPECTION: QCoreApplication.translate("Labels", "点検・車検"),
    }
    return labels[kind]


def follow_up_status_label(status: FollowUpStatus) -> str:
    labels = {
        FollowUpStatus.OPEN: QCoreApplication.translate("Labels", "未完了"),
        FollowUpStatus.DONE: QCoreApplication.translate("Labels", "完了"),
        FollowUpStatus.SKIPPED: QCoreApplication.translate("Labels", "見送り"),
    }
    return labels[status]


def outcome_label(outcome: CallOutcome | str) -> str:
    labels = {
        CallOutcome.REACHED: QCoreApplication.translate("Labels", "話せた"),
        CallOutcome.NO_ANSWER: QCoreApplication.translate("Labels", "不在"),
        CallOutcome.VOICEMAIL: QCoreApplication.translate("Labels", "留守電"),
        CallOutcome.CALL_BACK: QCoreApplication.translate("Labels", "折り返し待ち"),
        CallOutcome.DECLINED: QCoreApplication.translate("Labels", "断られた"),
    }
    try:
        return labels[CallOutcome(outcome)]
    except ValueError:
        return str(outcome)


def contact_label(kind: ContactKind) -> str:
    labels = {
        ContactKind.PHONE: QCoreApplication.translate("Labels", "自宅電話"),
        ContactKind.MOBILE: QCoreApplication.translate("Labels", "携帯電話"),
        ContactKind.WORK: QCoreApplication.translate("Labels", "勤務先"),
        ContactKind.FAX: QCoreApplication.translate("Labels", "FAX"),
        ContactKind.EMAIL: QCoreApplication.translate("Labels", "メール"),
        ContactKind.LINE: QCoreApplication.translate("Labels", "LINE"),
        ContactKind.SNS: QCoreApplication.translate("Labels", "SNS"),
    }
    return labels[kind]


def sex_label(sex: Sex | None) -> str:
    labels = {
        None: QCoreApplication.translate("Labels", "未設定"),
        Sex.FEMALE: QCoreApplication.translate("Labels", "女性"),
        Sex.MALE: QCoreApplication.translate("Labels", "男性"),
        Sex.OTHER: QCoreApplication.translate("Labels", "その他"),
    }
    return labels[sex]


def item_category_label(category: ItemCategory) -> str:
    labels = {
        ItemCategory.CAR: QCoreApplication.translate("Labels", "車"),
        ItemCategory.CAMERA: QCoreApplication.translate("Labels", "カメラ"),
        ItemCategory.WATCH: QCoreApplication.translate("Labels", "時計"),
        ItemCategory.OTHER: QCoreApplication.translate("Labels", "その他"),
    }
    return labels[category]


def honorific_label(honorific: Honorific) -> str:
    return honorific.value  # 様 殿 御中 are written the same in an English UI (they go on Japanese letters)


def consent_label(value: bool | None) -> str:
    if value is None:
        return QCoreApplication.translate("Labels", "未確認")
    return (
        QCoreApplication.translate("Labels", "可") if value else QCoreApplication.translate("Labels", "不可")
    )


def yen(amount: int | None) -> str:
    if amount is None:
        return ""
    return QCoreApplication.translate("Labels", "{amount}円").format(amount=f"{amount:,}")


def age_on(birthday: date | None, today: date) -> int | None:
    if birthday is None:
        return None
    years = today.year - birthday.year - ((today.month, today.day) < (birthday.month, birthday.day))
    return max(years, 0)


def age_label(birthday: date | None, today: date) -> str:
    age = age_on(birthday, today)
    if age is None:
        return ""
    return QCoreApplication.translate("Labels", "{age}歳").format(age=age)


def show_date(day: date | None, style: str) -> str:
    """A date as the user chose to see them: 和暦 (令和5年4月1日) or western (2023/04/01)."""
    if day is None:
        return ""
    return format_date(day, DateStyle.WAREKI if style == "wareki" else DateStyle.SLASH)


def short_date(day: date | None, style: str) -> str:
    """Compact, for list columns: R5.4.1 or 2023/04/01."""
    if day is None:
        return ""
    return format_date(day, DateStyle.WAREKI_SHORT if style == "wareki" else DateStyle.SLASH)
