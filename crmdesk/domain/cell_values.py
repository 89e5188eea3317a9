"""Reading the values of a store's list: yes/no marks, 性別, phones, postal codes, names with 様 (pure rules).

Each reader takes the text of one cell and returns the value, None for an empty cell, or raises a
`ValidationError` naming the value, so that the caller can keep the row, leave the field empty and report it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crmdesk.domain.errors import ValidationError
from crmdesk.domain.postal import normalize_postal
from crmdesk.domain.textnorm import digits_only, nfkc
from crmdesk.domain.values import PHASE_LABELS_JA, CustomerKind, Honorific, Phase, Sex

_EXCEL_TEXT = re.compile(r'^="(.*)"$', re.DOTALL)  # ="00123": how some systems stop Excel dropping zeros
_FORMULA_GUARD = re.compile(r"^'(?='*[=+\-@])")  # '=… : our own export's guard against formula injection

_YES = frozenset(
    [
        "○",
        "◯",
        "〇",
        "●",
        "◎",
        "✓",
        "✔",
        "レ",
        "v",
        "y",
        "yes",
        "true",
        "t",
        "1",
        "可",
        "要",
        "有",
        "あり",
        "有り",
        "はい",
        "済",
        "希望",
        "希望する",
        "ok",
        "送付",
        "送付可",
        "する",
        "許可",
        "同意",
        "承諾",
        "送る",
        "発送",
        "発送可",
        "配信",
        "配信可",
        "受け取る",
        "受取",
        "する",
        "対象",
        "dm可",
        "可能",
        "◯可",
    ]
)
_NO = frozenset(
    [
        "×",
        "✕",
        "✖",
        "x",
        "無",
        "なし",
        "無し",
        "不可",
        "不要",
        "否",
        "いいえ",
        "no",
        "n",
        "false",
        "f",
        "0",
        "拒否",
        "停止",
        "ng",
        "しない",
        "希望しない",
        "送付不可",
        "送付不要",
        "不同意",
        "送らない",
        "発送不可",
        "配信停止",
        "配信不可",
        "受け取らない",
        "対象外",
        "dm不可",
        "dm不要",
        "不可能",
        "×不可",
        "要らない",
        "いらない",
    ]
)
_UNKNOWN = frozenset({"", "-", "－", "ー", "―", "未確認", "不明", "未定", "?", "？", "未回答", "未"})

_SEX = {
    Sex.MALE: frozenset({"男", "男性", "m", "male", "man", "♂", "1", "男子", "殿方"}),
    Sex.FEMALE: frozenset({"女", "女性", "f", "female", "woman", "♀", "2", "女子"}),
    Sex.OTHER: frozenset({"その他", "other", "x", "9", "回答しない", "無回答"}),
}
_SEX_UNKNOWN = frozenset({"", "-", "－", "不明", "未回答", "未確認", "0", "unknown", "?", "？"})

_PHASE_WORDS: dict[str, Phase] = {label: phase for phase, label in PHASE_LABELS_JA.items()}
_PHASE_WORDS.update({phase.value: phase for phase in Phase})
_PHASE_WORDS.update(
    {
        "見込": Phase.PROSPECT,
        "見込客": Phase.PROSPECT,
        "見込み客": Phase.PROSPECT,
        "新規客": Phase.NEW,
        "既存客": Phase.EXISTING,
        "休眠客": Phase.DORMANT,
        "失客": Phase.LOST,
        "離反": Phase.LOST,
    }
)

_KIND_WORDS: dict[str, CustomerKind] = {
    "個人": CustomerKind.INDIVIDUAL,
    "individual": CustomerKind.INDIVIDUAL,
    "person": CustomerKind.INDIVIDUAL,
    "法人": CustomerKind.COMPANY,
    "会社": CustomerKind.COMPANY,
    "企業": CustomerKind.COMPANY,
    "company": CustomerKind.COMPANY,
    "corporate": CustomerKind.COMPANY,
}
_COMPANY_MARKS = re.compile(
    r"(株式会社|有限会社|合同会社|合資会社|合名会社|一般社団法人|一般財団法人|医療法人|社会福祉法人|学校法人|宗教法人"
    r"|\(株\)|\(有\)|\(合\)|\(医\)|\(社\)|\(財\)|㈱|㈲)"
)
_HONORIFIC_SUFFIX = re.compile(r"\s*(様|さま|サマ|殿|御中|先生)\s*$")
_SPLIT_MULTI = re.compile(r"\s*[/／;；、,，\n]\s*")
_PHONE_DASHES = str.maketrans({"ー": "-", "−": "-", "‐": "-", "―": "-", "‒": "-", "–": "-", "—": "-"})
_SPLIT_TAGS = re.compile(r"\s*[,，、;；/／|｜\n]\s*")
_MOBILE_PREFIX = ("070", "080", "090", "060")
_PLAIN_POSTAL = re.compile(r"^\s*〒?\s*([0-9]{3})-?([0-9]{4})\s*$")


BLANK_MARKERS = frozenset(
    {
        "-",
        "－",
        "ー",
        "―",
        "−",
        "‐",
        "不明",
        "未定",
        "未確認",
        "未記入",
        "未回答",
        "なし",
        "無し",
        "無",
        "?",
        "？",
        "n/a",
        "na",
        "null",
        "none",
    }
)


def is_blank_marker(text: str) -> bool:
    """A cell that only says there is no value (不明, ー, なし, N/A): read as empty, nothing to report."""
    return len(text) <= 6 and nfkc(text).strip().lower() in BLANK_MARKERS


def clean_cell(text: str | None) -> str:
    """A cell as text: trimmed, with Excel's ="…" and our own '= guard removed. Keeps inner line breaks."""
    if not text:
        return ""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    value = text.strip(" \t\u3000\n")
    if not value or value[0] not in "='":
        return value
    match = _EXCEL_TEXT.match(value)
    if match is not None:
        value = match.group(1)
    return _FORMULA_GUARD.sub("", value)


def _word(text: str) -> str:
    return nfkc(text).strip().lower().replace(" ", "")


def parse_bool(text: str, *, field: str = "可否") -> bool | None:
    """○/×, 可/不可, 要/不要, はい/いいえ, yes/no, 1/0 … as True/False; empty or 不明 as None."""
    word = _word(text)
    if word in _UNKNOWN:
        return None
    if word in _YES:
        return True
    if word in _NO:
        return False
    if word.endswith(("不要", "不可", "しない", "拒否", "停止", "なし", "ng")):
        return False
    if word.startswith(("○", "◯", "〇", "可", "要")):
        return True
    if word.startswith(("×", "✕", "不")):
        return False
    raise ValidationError(
        field, text, "可否として読めません（○・×、可・不可 などで入力してください）", code="bool"
    )


def parse_sex(text: str, *, field: str = "性別") -> Sex | None:
    word = _word(text)
    if word in _SEX_UNKNOWN:
        return None
    for sex, words in _SEX.items():
        if word in words:
            return sex
    raise ValidationError(field, text, "性別として読めません（男性・女性・その他）", code="sex")


def parse_phase(text: str, *, field: str = "段階") -> Phase | None:
    word = _word(text)
    if not word:
        return None
    if word in _PHASE_WORDS:
        return _PHASE_WORDS[word]
    raise ValidationError(field, text, "段階として読めません（見込み・新規・既存・休眠・失注）", code="phase")


def parse_kind(text: str, *, field: str = "個人・法人") -> CustomerKind | None:
    word = _word(text)
    if not word:
        return None
    for key, kind in _KIND_WORDS.items():
        if word == key or word.startswith(key):
            return kind
    raise ValidationError(field, text, "個人・法人として読めません", code="kind")


def parse_honorific(text: str, *, field: str = "敬称") -> Honorific | None:
    word = _word(text)
    if not word:
        return None
    for honorific in Honorific:
        if word == honorific.value:
            return honorific
    if word in ("さま", "サマ", "様方"):
        return Honorific.SAMA
    raise ValidationError(field, text, "敬称として読めません（様・殿・御中）", code="honorific")


@dataclass(frozen=True)
class NameParts:
    name: str
    honorific: Honorific | None  # an honorific written after the name (山田太郎 様)
    looks_like_company: bool


def split_name(text: str, *, strip_honorific: bool = True) -> NameParts:
    """A name as written in a list: full-width spaces as spaces, a trailing 様・殿・御中 taken off, companies seen."""
    value = nfkc_spaces(text)
    honorific: Honorific | None = None
    match = _HONORIFIC_SUFFIX.search(value)
    if strip_honorific and match is not None and match.start() > 0:
        word = match.group(1)
        honorific = Honorific.ONCHU if word == "御中" else Honorific.DONO if word == "殿" else Honorific.SAMA
        value = value[: match.start()].strip()
    company = _COMPANY_MARKS.search(nfkc(value)) is not None
    return NameParts(value, honorific, company)


def nfkc_spaces(text: str) -> str:
    """Full-width spaces as spaces, nothing else changed (names keep their own characters)."""
    return text.replace("\u3000", " ").strip()


def parse_postal(text: str, *, field: str = "郵便番号") -> str | None:
    """'〒１２３－４５６７', '1234567', '123 4567' → '1234567'; Excel's dropped leading zero ('600042') is restored."""
    match = _PLAIN_POSTAL.match(text)
    if match is not None:
        return match.group(1) + match.group(2)
    value = nfkc(text).strip()
    if not value or value in _UNKNOWN:
        return None
    if value.isdigit() and len(value) == 6:
        value = "0" + value
    return normalize_postal(value, field=field)


def split_values(text: str) -> list[str]:
    """Several phone numbers or addresses in one cell: '090-1111-2222 / 03-1111-2222' → two values."""
    return [part for part in _SPLIT_MULTI.split(text.strip()) if part and part.strip()]


def split_tags(text: str) -> list[str]:
    return [nfkc(part).strip() for part in _SPLIT_TAGS.split(text) if part and nfkc(part).strip()]


def tidy_phone(text: str) -> str:
    """A phone number as typed, in half-width (０３－１２３４ → 03-1234); a leading 0 that Excel dropped is restored."""
    value = nfkc(text).translate(_PHONE_DASHES).strip()
    if value.isdigit() and len(value) in (9, 10) and not value.startswith("0"):
        return "0" + value
    return value


def is_mobile_number(text: str) -> bool:
    """070/080/090/060 and 11 digits: a personal phone (a home phone is shared by a family)."""
    digits = text if text.isdigit() else digits_only(text)
    return len(digits) == 11 and digits.startswith(_MOBILE_PREFIX)


__all__ = [
    "BLANK_MARKERS",
    "NameParts",
    "clean_cell",
    "is_blank_marker",
    "is_mobile_number",
    "nfkc_spaces",
    "parse_bool",
    "parse_honorific",
    "parse_kind",
    "parse_phase",
    "parse_postal",
    "parse_sex",
    "split_name",
    "split_tags",
    "split_values",
    "tidy_phone",
]
