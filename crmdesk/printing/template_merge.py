"""Merging store-editable letter text with a customer's details (差し込み印刷). Pure: no I/O.

A template writes a merge field as `{{お名前}}`. Options after a bar: `{{購入日|西暦}}` (dates: 和暦 by default,
西暦, 月日), and a trailing `?` marks a field that may be empty (`{{ご家族名?}}`); any other empty field stops that
piece with a message, so no letter goes out reading "様のお誕生日". A field the engine does not know is refused
(with its name) when the template is saved and again before anything prints.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from crmdesk.domain.eras import era_of, format_wareki
from crmdesk.domain.errors import ValidationError


@dataclass(frozen=True)
class MergeField:
    key: str
    group: str
    description: str
    is_date: bool = False


FIELDS: tuple[MergeField, ...] = (
    MergeField("宛名", "お客様", "お名前と敬称（山田 太郎 様）"),
    MergeField("お名前", "お客様", "お名前（山田 太郎）"),
    MergeField("姓", "お客様", "姓（山田）"),
    MergeField("名", "お客様", "名（太郎）"),
    MergeField("敬称", "お客様", "様・殿・御中"),
    MergeField("会社名", "お客様", "法人のお客様の会社名"),
    MergeField("ご担当者", "お客様", "法人のお客様のご担当者名"),
    MergeField("お誕生日", "お客様", "お客様のお誕生日", is_date=True),
    MergeField("最終来店日", "お客様", "最後にご来店・ご連絡いただいた日", is_date=True),
    MergeField("ご家族名", "ご家族", "フォローの対象のご家族（なければ連名の方）のお名前"),
    MergeField("ご家族続柄", "ご家族", "続柄（長女 など）"),
    MergeField("ご家族誕生日", "ご家族", "ご家族のお誕生日", is_date=True),
    MergeField("商品名", "ご愛用品", "お車・商品の名前"),
    MergeField("登録番号", "ご愛用品", "ナンバー・製造番号"),
    MergeField("購入日", "ご愛用品", "ご購入日", is_date=True),
    MergeField("保証期限", "ご愛用品", "保証の終わる日", is_date=True),
    MergeField("次回点検日", "ご愛用品", "次回の点検日", is_date=True),
    MergeField("車検満了日", "ご愛用品", "車検の満了日", is_date=True),
    MergeField("理由", "フォロー", "このお客様にお送りする理由"),
    MergeField("予定日", "フォロー", "フォローの予定日", is_date=True),
    MergeField("担当者", "店舗", "担当スタッフ"),
    MergeField("店名", "店舗", "店名"),
    MergeField("店舗郵便番号", "店舗", "店舗の郵便番号"),
    MergeField("店舗住所", "店舗", "店舗の住所"),
    MergeField("店舗電話", "店舗", "店舗の電話番号"),
    MergeField("署名", "店舗", "署名"),
    MergeField("店のひとこと", "店舗", "お客様にとってありたい店の姿（親友 など）"),
    MergeField("今日", "日付", "印刷する日", is_date=True),
    MergeField("年", "日付", "今年（令和8年）"),
    MergeField("新年", "日付", "来年（年賀状の令和9年）"),
)
FIELD_KEYS: dict[str, MergeField] = {f.key: f for f in FIELDS}
DATE_STYLES = ("和暦", "西暦", "月日")

_FIELD = re.compile(r"\{\{\s*([^{}|?]*?)\s*(?:\|\s*([^{}?]*?)\s*)?(\?)?\s*\}\}")
_OPEN = "{{"


@dataclass(frozen=True)
class FieldUse:
    key: str
    style: str  # "" or one of DATE_STYLES
    optional: bool
    start: int
    end: int


class TemplateFieldError(ValidationError):
    """A template names a merge field the engine does not know, or is written wrongly."""

    def __init__(self, template: str, value: str, reason: str) -> None:
        super().__init__(f"テンプレート「{template}」", value, reason, code="unknown_field")


class MissingMergeValueError(ValidationError):
    """The customer has nothing for a field the template needs (and the field is not marked optional)."""

    def __init__(self, key: str, who: str) -> None:
        spec = FIELD_KEYS.get(key)
        where = "店舗情報" if spec is not None and spec.group == "店舗" else "カード"
        reason = f"{who}には「{key}」に入る内容がありません（{where}に入力するか、項目を {{{{{key}?}}}} にしてください）"
        super().__init__("差し込み項目", key, reason, code="missing_value")
        self.key = key
        self.who = who


def field_uses(text: str, template: str = "") -> list[FieldUse]:
    """Every merge field in `text`, checked: unknown fields and broken braces raise TemplateFieldError."""
    uses: list[FieldUse] = []
    position = 0
    for match in _FIELD.finditer(text):
        stray = text.find(_OPEN, position, match.start())
        if stray != -1:
            raise TemplateFieldError(template, text[stray : stray + 20], "「{{」が閉じられていません")
        key, style, optional = match.group(1), match.group(2) or "", bool(match.group(3))
        spec = FIELD_KEYS.get(key)
        if spec is None:
            known = "、".join(FIELD_KEYS)
            raise TemplateFieldError(
                template, key, f"「{key}」という差し込み項目はありません。使える項目: {known}"
            )
        if style and (not spec.is_date or style not in DATE_STYLES):
            raise TemplateFieldError(template, f"{key}|{style}", f"「{key}」に「{style}」の書式は使えません")
        uses.append(FieldUse(key, style, optional, match.start(), match.end()))
        position = match.end()
    stray = text.find(_OPEN, position)
    if stray != -1 or "}}" in _FIELD.sub("", text):
        where = stray if stray != -1 else text.find("}}")
        raise TemplateFieldError(
            template, text[max(0, where - 5) : where + 20], "差し込み項目の {{ }} が対応していません"
        )
    return uses


def validate_template(name: str, *texts: str) -> None:
    """Refuse a template that names an unknown field (the message names it)."""
    for text in texts:
        field_uses(text, name)


def merge(text: str, values: Mapping[str, str | date | None], who: str = "", template: str = "") -> str:
    """The text with every field filled in. Raises MissingMergeValueError for an empty required field."""
    out: list[str] = []
    position = 0
    for use in field_uses(text, template):
        out.append(text[position : use.start])
        value = values.get(use.key)
        if value is None or value == "":
            if not use.optional:
                raise MissingMergeValueError(use.key, who)
            shown = ""
        elif isinstance(value, date):
            shown = format_date(value, use.style or "和暦")
        else:
            shown = value
        out.append(shown)
        position = use.end
    out.append(text[position:])
    return "".join(out)


def era_year(day: date) -> str:
    """令和8年 (元年 for the first year of an era)."""
    era = era_of(day)
    number = era.year_of(day.year)
    return f"{era.name}{'元' if number == 1 else number}年"


def format_date(day: date, style: str = "和暦") -> str:
    if style == "西暦":
        return f"{day.year}年{day.month}月{day.day}日"
    if style == "月日":
        return f"{day.month}月{day.day}日"
    return format_wareki(day)
