"""Column headers of a store's list → the fields of a customer card (pure rules, no I/O).

Stores name their columns in many ways (氏名・お名前・顧客名, TEL・携帯, 〒・郵便番号, DM可否 …), in Japanese and
English, with brackets, numbers and notes added. `suggest_mapping` maps each header to an `ImportField`; a header
that means nothing known maps to `ImportField.NONE` and its values are kept in the customer's memo.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from crmdesk.domain.textnorm import nfkc


class ImportField(StrEnum):
    NONE = "none"  # no field: kept in the memo as 「見出し: 値」
    IGNORE = "ignore"  # not imported at all (row numbers)
    CODE = "code"
    NAME = "name"
    LAST_NAME = "last_name"
    FIRST_NAME = "first_name"
    KANA = "kana"
    KANA_LAST = "kana_last"
    KANA_FIRST = "kana_first"
    HONORIFIC = "honorific"
    KIND = "kind"
    COMPANY_CONTACT = "company_contact"
    COMPANY_DEPARTMENT = "company_department"
    SEX = "sex"
    BIRTHDAY = "birthday"
    POSTAL_CODE = "postal_code"
    PREFECTURE = "prefecture"
    CITY = "city"
    ADDRESS1 = "address1"
    ADDRESS2 = "address2"
    PHONE = "phone"  # 電話・TEL: a mobile number in it is stored as a mobile
    PHONE_HOME = "phone_home"  # 自宅電話
    MOBILE = "mobile"
    WORK_PHONE = "work_phone"
    FAX = "fax"
    EMAIL = "email"
    LINE = "line"
    SNS = "sns"
    MEMO = "memo"
    INTERESTS = "interests"
    CONSENT_LETTER = "consent_letter"
    CONSENT_PHONE = "consent_phone"
    CONSENT_EMAIL = "consent_email"
    STAFF = "staff"
    PHASE = "phase"
    TAGS = "tags"
    FIRST_VISIT = "first_visit"
    LAST_VISIT = "last_visit"

    @property
    def label(self) -> str:
        return FIELD_LABELS[self]

    @property
    def repeatable(self) -> bool:
        """Several columns may map to this field (phones, memo, address parts, tags)."""
        return self in _REPEATABLE


FIELD_LABELS: dict[ImportField, str] = {
    ImportField.NONE: "（メモに残す）",
    ImportField.IGNORE: "（取り込まない）",
    ImportField.CODE: "顧客コード",
    ImportField.NAME: "氏名",
    ImportField.LAST_NAME: "姓",
    ImportField.FIRST_NAME: "名",
    ImportField.KANA: "フリガナ",
    ImportField.KANA_LAST: "フリガナ（姓）",
    ImportField.KANA_FIRST: "フリガナ（名）",
    ImportField.HONORIFIC: "敬称",
    ImportField.KIND: "個人・法人",
    ImportField.COMPANY_CONTACT: "先方ご担当者",
    ImportField.COMPANY_DEPARTMENT: "部署",
    ImportField.SEX: "性別",
    ImportField.BIRTHDAY: "生年月日",
    ImportField.POSTAL_CODE: "郵便番号",
    ImportField.PREFECTURE: "都道府県",
    ImportField.CITY: "市区町村",
    ImportField.ADDRESS1: "住所",
    ImportField.ADDRESS2: "方書・建物名",
    ImportField.PHONE: "電話",
    ImportField.PHONE_HOME: "自宅電話",
    ImportField.MOBILE: "携帯電話",
    ImportField.WORK_PHONE: "勤務先電話",
    ImportField.FAX: "FAX",
    ImportField.EMAIL: "メール",
    ImportField.LINE: "LINE",
    ImportField.SNS: "SNS",
    ImportField.MEMO: "メモ・備考",
    ImportField.INTERESTS: "趣味・関心",
    ImportField.CONSENT_LETTER: "DM可否",
    ImportField.CONSENT_PHONE: "電話連絡可否",
    ImportField.CONSENT_EMAIL: "メール配信可否",
    ImportField.STAFF: "担当スタッフ",
    ImportField.PHASE: "段階",
    ImportField.TAGS: "タグ",
    ImportField.FIRST_VISIT: "初回来店日",
    ImportField.LAST_VISIT: "最終来店日",
}

_REPEATABLE = frozenset(
    {
        ImportField.NONE,
        ImportField.IGNORE,
        ImportField.ADDRESS1,
        ImportField.ADDRESS2,
        ImportField.PHONE,
        ImportField.PHONE_HOME,
        ImportField.MOBILE,
        ImportField.WORK_PHONE,
        ImportField.FAX,
        ImportField.EMAIL,
        ImportField.LINE,
        ImportField.SNS,
        ImportField.MEMO,
        ImportField.INTERESTS,
        ImportField.TAGS,
    }
)


@dataclass(frozen=True)
class ColumnMapping:
    """Where one column goes. `negate` flips a yes/no column whose header asks the opposite (DM不要)."""

    field: ImportField = ImportField.NONE
    negate: bool = False

    def to_dict(self) -> dict[str, object]:
        return {"field": self.field.value, "negate": self.negate}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> ColumnMapping:
        try:
            field = ImportField(str(data.get("field", "none")))
        except ValueError:
            field = ImportField.NONE
        return cls(field, bool(data.get("negate", False)))


# --------------------------------------------------------------------------------------------- header words
# Exact words, compared after `header_key` (NFKC, lower case, no spaces, brackets, punctuation or numbering).
# fmt: off
_EXACT: dict[ImportField, tuple[str, ...]] = {
    ImportField.IGNORE: ("no", "№", "連番", "通し番号", "行番号", "番号no", "#"),
    ImportField.CODE: (
        "顧客コード", "顧客cd", "顧客番号", "顧客no", "顧客id", "会員no", "会員番号", "会員id", "会員コード",
        "お客様番号", "お客様no", "お客様コード", "お客様id", "管理番号", "管理no", "カルテno", "カルテ番号",
        "診察券番号", "顧客管理番号", "コード", "code", "customerid", "customercode", "customerno", "memberid",
        "memberno", "membernumber", "clientid", "id",
    ),
    ImportField.NAME: (
        "氏名", "名前", "お名前", "顧客名", "お客様名", "顧客氏名", "会員名", "会員氏名", "氏名漢字", "名前漢字",
        "お名前漢字", "フルネーム", "契約者名", "契約者", "宛名", "お客様氏名", "利用者名", "患者名", "顧客",
        "name", "fullname", "customername", "clientname", "displayname", "名前姓名", "姓名",
    ),
    ImportField.LAST_NAME: ("姓", "苗字", "名字", "氏", "姓漢字", "lastname", "familyname", "surname"),
    ImportField.FIRST_NAME: ("名", "名漢字", "下の名前", "firstname", "givenname"),
    ImportField.KANA: (
        "フリガナ", "ふりがな", "カナ", "かな", "ヨミ", "よみ", "読み", "読み仮名", "よみがな", "ヨミガナ",
        "氏名カナ", "氏名フリガナ", "氏名かな", "氏名ふりがな", "名前カナ", "名前フリガナ", "お名前フリガナ",
        "お名前カナ", "顧客名カナ", "顧客名フリガナ", "会員名カナ", "カナ氏名", "フリガナ氏名", "カナ名",
        "kana", "namekana", "furigana", "reading", "phoneticname", "yomi",
    ),
    ImportField.KANA_LAST: (
        "セイ", "せい", "姓カナ", "姓フリガナ", "姓ふりがな", "フリガナ姓", "ふりがな姓", "カナ姓", "姓よみ",
        "lastnamekana", "phoneticlastname", "yomilastname", "familynameyomi",
    ),
    ImportField.KANA_FIRST: (
        "メイ", "めい", "名カナ", "名フリガナ", "名ふりがな", "フリガナ名", "ふりがな名", "カナ名前", "名よみ",
        "firstnamekana", "phoneticfirstname", "yomifirstname", "givennameyomi",
    ),
    ImportField.HONORIFIC: ("敬称", "honorific", "title"),
    ImportField.KIND: ("個人法人", "個人法人区分", "法人個人", "法人区分", "顧客種別", "種別", "区分個人法人"),
    ImportField.COMPANY_CONTACT: ("ご担当者", "ご担当者名", "先方担当者", "先方担当者名", "contactperson"),
    ImportField.COMPANY_DEPARTMENT: ("部署", "部署名", "所属", "department"),
    ImportField.SEX: ("性別", "男女", "性", "sex", "gender"),
    ImportField.BIRTHDAY: (
        "生年月日", "誕生日", "お誕生日", "生年月日和暦", "生年月日西暦", "誕生日西暦", "誕生日和暦",
        "birthday", "birthdate", "dateofbirth", "dob", "bday",
    ),
    ImportField.POSTAL_CODE: (
        "郵便番号", "〒", "〒番号", "郵便", "郵便no", "自宅郵便番号", "住所郵便番号", "zip", "zipcode",
        "postalcode", "postcode", "homepostalcode",
    ),
    ImportField.PREFECTURE: ("都道府県", "都道府県名", "県", "prefecture", "state", "region", "homestate"),
    ImportField.CITY: ("市区町村", "市町村", "市区郡", "市区町村名", "city", "homecity", "locality"),
    ImportField.ADDRESS1: (
        "住所", "住所1", "ご住所", "自宅住所", "現住所", "所在地", "番地", "町名番地", "町域番地", "丁目番地",
        "住所町名番地", "住所番地", "address", "address1", "addressline1", "street", "homestreet",
        "streetaddress", "homeaddress",
    ),
    ImportField.ADDRESS2: (
        "住所2", "方書", "方書き", "建物名", "建物", "ビル名", "マンション名", "建物名部屋番号", "部屋番号",
        "アパートマンション名", "address2", "addressline2", "building", "homestreet2",
    ),
    ImportField.PHONE: (
        "電話", "電話番号", "tel", "tel番号", "電話no", "連絡先", "連絡先電話番号", "連絡先tel", "phone",
        "phonenumber", "telephone", "電話番号1", "主電話",
    ),
    ImportField.PHONE_HOME: (
        "自宅電話", "自宅電話番号", "自宅tel", "自宅", "固定電話", "固定電話番号", "家電話", "homephone",
        "hometel",
    ),
    ImportField.MOBILE: (
        "携帯", "携帯電話", "携帯番号", "携帯電話番号", "携帯tel", "スマホ", "スマートフォン", "携帯no", "mobile",
        "mobilephone", "cell", "cellphone", "cellular",
    ),
    ImportField.WORK_PHONE: (
        "勤務先電話", "勤務先電話番号", "勤務先tel", "会社電話", "会社電話番号", "会社tel", "職場電話",
        "workphone", "businessphone", "officephone",
    ),
    ImportField.FAX: ("fax", "fax番号", "ファックス", "ファクス", "ファックス番号", "faxno", "homefax", "businessfax"),
    ImportField.EMAIL: (
        "メール", "メールアドレス", "eメール", "eメールアドレス", "email", "e-mail", "mail", "mailaddress",
        "emailaddress", "pcメール", "携帯メール", "携帯メールアドレス", "pcメールアドレス", "アドレス",
    ),
    ImportField.LINE: ("line", "lineid", "lineアカウント", "line名"),
    ImportField.SNS: ("sns", "instagram", "インスタグラム", "インスタ", "twitter", "facebook", "sns等"),
    ImportField.MEMO: (
        "備考", "メモ", "備考欄", "特記事項", "コメント", "申し送り", "申送り", "申送事項", "メモ欄", "摘要",
        "その他", "notes", "note", "memo", "remarks", "comment", "comments", "備考1",
    ),
    ImportField.INTERESTS: ("趣味", "趣味関心", "関心", "好み", "嗜好", "interests", "hobby", "hobbies"),
    ImportField.CONSENT_LETTER: (
        "dm", "dm可否", "dm送付", "dm送付可否", "dm希望", "dm発送", "dm発送可否", "dm可", "ダイレクトメール",
        "郵送", "郵送可否", "郵送dm", "案内状", "案内状送付", "はがき", "ハガキ", "はがきdm", "ハガキdm", "dm送付可",
        "letter", "mailok",
    ),
    ImportField.CONSENT_PHONE: (
        "電話可否", "電話連絡", "電話連絡可否", "電話連絡可", "tel可否", "架電", "架電可否", "電話案内",
        "callok", "phoneok",
    ),
    ImportField.CONSENT_EMAIL: (
        "メール可否", "メール配信", "メール配信可否", "メルマガ", "メールマガジン", "メール送信可否", "メール案内",
        "メール希望", "newsletter", "emailok", "optin",
    ),
    ImportField.STAFF: (
        "担当", "担当者", "担当スタッフ", "担当者名", "営業担当", "担当営業", "スタイリスト", "担当スタイリスト",
        "指名", "指名スタッフ", "受付担当", "staff", "salesrep", "owner", "stylist",
    ),
    ImportField.PHASE: ("段階", "顧客段階", "見込み度", "フェーズ", "phase", "stage", "lifecyclestage"),
    ImportField.TAGS: (
        "タグ", "分類", "グループ", "顧客分類", "顧客ランク", "ランク", "会員ランク", "カテゴリ", "カテゴリー",
        "区分", "顧客区分", "属性", "tags", "tag", "group", "groups", "category", "categories", "label", "labels",
        "rank",
    ),
    ImportField.FIRST_VISIT: (
        "初回来店", "初回来店日", "初来店", "初来店日", "初回来店日時", "firstvisit", "firstvisitdate",
    ),
    ImportField.LAST_VISIT: (
        "最終来店", "最終来店日", "前回来店", "前回来店日", "最終来店日時", "最終来店日付", "lastvisit",
        "lastvisitdate",
    ),
}

# fmt: on

# Words in a yes/no header that mean the opposite: ○ in 「DM不要」 means no letters.
_NEGATING = ("不要", "拒否", "禁止", "停止", "不可", "辞退", "ng", "optout", "unsubscribe", "しない")
_CONSENT_FIELDS = (ImportField.CONSENT_LETTER, ImportField.CONSENT_PHONE, ImportField.CONSENT_EMAIL)

# When no exact word matches: (words that must all appear, words that must not appear, field), first match wins.
_CONTAINS: tuple[tuple[tuple[str, ...], tuple[str, ...], ImportField], ...] = (
    (("type",), (), ImportField.NONE),  # Google/Outlook "Phone 1 - Type": a label, not a number
    (("種類",), (), ImportField.NONE),
    (("ラベル",), (), ImportField.NONE),
    (("dm",), (), ImportField.CONSENT_LETTER),
    (("ダイレクトメール",), (), ImportField.CONSENT_LETTER),
    (("メール", "可"), (), ImportField.CONSENT_EMAIL),
    (("メール", "配信"), (), ImportField.CONSENT_EMAIL),
    (("メール", "不要"), (), ImportField.CONSENT_EMAIL),
    (("メルマガ",), (), ImportField.CONSENT_EMAIL),
    (("電話", "可"), ("携帯",), ImportField.CONSENT_PHONE),
    (("電話", "不要"), (), ImportField.CONSENT_PHONE),
    (("郵送",), (), ImportField.CONSENT_LETTER),
    (("phonetic", "last"), (), ImportField.KANA_LAST),
    (("phonetic", "family"), (), ImportField.KANA_LAST),
    (("phonetic", "first"), (), ImportField.KANA_FIRST),
    (("phonetic", "given"), (), ImportField.KANA_FIRST),
    (("yomi", "last"), (), ImportField.KANA_LAST),
    (("yomi", "first"), (), ImportField.KANA_FIRST),
    (("セイ",), ("メイ",), ImportField.KANA_LAST),
    (("メイ",), ("セイ",), ImportField.KANA_FIRST),
    (("姓", "カナ"), (), ImportField.KANA_LAST),
    (("姓", "フリガナ"), (), ImportField.KANA_LAST),
    (("姓", "ふりがな"), (), ImportField.KANA_LAST),
    (("名", "カナ"), ("氏名", "名前", "顧客名"), ImportField.KANA_FIRST),
    (("名", "フリガナ"), ("氏名", "名前", "顧客名"), ImportField.KANA_FIRST),
    (("フリガナ",), (), ImportField.KANA),
    (("ふりがな",), (), ImportField.KANA),
    (("カナ",), (), ImportField.KANA),
    (("よみ",), (), ImportField.KANA),
    (("ヨミ",), (), ImportField.KANA),
    (("読み",), (), ImportField.KANA),
    (("kana",), (), ImportField.KANA),
    (("誕生",), (), ImportField.BIRTHDAY),
    (("生年月日",), (), ImportField.BIRTHDAY),
    (("birth",), (), ImportField.BIRTHDAY),
    (("郵便",), (), ImportField.POSTAL_CODE),
    (("〒",), (), ImportField.POSTAL_CODE),
    (("zip",), (), ImportField.POSTAL_CODE),
    (("postal",), (), ImportField.POSTAL_CODE),
    (("携帯", "メール"), (), ImportField.EMAIL),
    (("メール",), (), ImportField.EMAIL),
    (("mail",), (), ImportField.EMAIL),
    (("携帯",), (), ImportField.MOBILE),
    (("mobile",), (), ImportField.MOBILE),
    (("cell",), (), ImportField.MOBILE),
    (("fax",), (), ImportField.FAX),
    (("ファックス",), (), ImportField.FAX),
    (("勤務先", "電話"), (), ImportField.WORK_PHONE),
    (("会社", "電話"), (), ImportField.WORK_PHONE),
    (("勤務先", "tel"), (), ImportField.WORK_PHONE),
    (("business", "phone"), (), ImportField.WORK_PHONE),
    (("work", "phone"), (), ImportField.WORK_PHONE),
    (("自宅", "電話"), (), ImportField.PHONE_HOME),
    (("自宅", "tel"), (), ImportField.PHONE_HOME),
    (("home", "phone"), (), ImportField.PHONE_HOME),
    (("電話",), (), ImportField.PHONE),
    (("tel",), (), ImportField.PHONE),
    (("phone",), (), ImportField.PHONE),
    (("方書",), (), ImportField.ADDRESS2),
    (("建物",), (), ImportField.ADDRESS2),
    (("マンション",), (), ImportField.ADDRESS2),
    (("住所", "2"), (), ImportField.ADDRESS2),
    (("住所",), (), ImportField.ADDRESS1),
    (("address",), (), ImportField.ADDRESS1),
    (("都道府県",), (), ImportField.PREFECTURE),
    (("市区町村",), (), ImportField.CITY),
    (("最終来店",), (), ImportField.LAST_VISIT),
    (("前回来店",), (), ImportField.LAST_VISIT),
    (("初回来店",), (), ImportField.FIRST_VISIT),
    (("初来店",), (), ImportField.FIRST_VISIT),
    (("備考",), (), ImportField.MEMO),
    (("メモ",), (), ImportField.MEMO),
    (("特記",), (), ImportField.MEMO),
    (("note",), (), ImportField.MEMO),
    (("担当",), ("ご担当", "先方"), ImportField.STAFF),
    (("顧客", "コード"), (), ImportField.CODE),
    (("顧客", "番号"), (), ImportField.CODE),
    (("会員", "番号"), (), ImportField.CODE),
    (("会員", "no"), (), ImportField.CODE),
    (("氏名",), (), ImportField.NAME),
    (("お名前",), (), ImportField.NAME),
    (("顧客名",), (), ImportField.NAME),
    (("趣味",), (), ImportField.INTERESTS),
    (("性別",), (), ImportField.SEX),
)

_PUNCTUATION = re.compile(
    r"[\s\u3000()\[\]{}<>（）［］【】〔〕「」『』＜＞《》・･:：;；,，、。.．_＿\-‐－―~〜/／\\*＊※!！?？'\"`]+"
)
_TRAILING_NOTES = re.compile(r"(必須|任意|半角|全角|数字|ハイフンなし|ハイフンあり|西暦|和暦|yyyy.*|例.*)$")
_NUMBERING = re.compile(r"(?<=\D)[0-9]+$")
_EXACT_INDEX: dict[str, ImportField] = {}
for _field, _words in _EXACT.items():
    for _word in _words:
        _EXACT_INDEX.setdefault(_PUNCTUATION.sub("", nfkc(_word).lower()), _field)


def header_key(header: str) -> str:
    """A header in the form used for comparison: 「お名前（漢字）」 → 'お名前漢字', 'E-mail Address' → 'emailaddress'."""
    return _PUNCTUATION.sub("", nfkc(header or "").lower().strip())


def match_header(header: str) -> ColumnMapping:
    """The field a column header most likely means, or `ImportField.NONE`."""
    key = header_key(header)
    if not key:
        return ColumnMapping(ImportField.NONE)
    field = _lookup(key)
    if field is ImportField.NONE:
        field = _contains(key)
    negate = field in _CONSENT_FIELDS and any(word in key for word in _NEGATING)
    return ColumnMapping(field, negate)


def _lookup(key: str) -> ImportField:
    for candidate in (key, _TRAILING_NOTES.sub("", key), _NUMBERING.sub("", key)):
        if candidate and candidate in _EXACT_INDEX:
            return _EXACT_INDEX[candidate]
    stripped = _NUMBERING.sub("", _TRAILING_NOTES.sub("", key))
    if stripped in _EXACT_INDEX:
        return _EXACT_INDEX[stripped]
    for prefix in ("お客様", "顧客", "会員", "ご", "お"):
        if key.startswith(prefix) and key[len(prefix) :] in _EXACT_INDEX:
            found = _EXACT_INDEX[key[len(prefix) :]]
            if found not in (ImportField.IGNORE, ImportField.FIRST_NAME, ImportField.LAST_NAME):
                return found
    return ImportField.NONE


def _contains(key: str) -> ImportField:
    for needed, excluded, field in _CONTAINS:
        if all(word in key for word in needed) and not any(word in key for word in excluded):
            return field
    return ImportField.NONE


def suggest_mapping(headers: Sequence[str]) -> list[ColumnMapping]:
    """One mapping per column. A field that takes one value goes to its first column; later ones go to the memo."""
    result: list[ColumnMapping] = []
    taken: set[ImportField] = set()
    for header in headers:
        mapping = match_header(header)
        if not mapping.field.repeatable and mapping.field in taken:
            mapping = ColumnMapping(ImportField.NONE)
        taken.add(mapping.field)
        result.append(mapping)
    return result


def recognised_count(headers: Sequence[str]) -> int:
    """How many of these cells read as column headers (used to find the header row under a title line)."""
    return sum(1 for h in headers if match_header(h).field not in (ImportField.NONE, ImportField.IGNORE))


def shape_key(headers: Sequence[str]) -> str:
    """The same list from the same system has the same headers: a stable key to remember its mapping by."""
    joined = "\x1f".join(header_key(h) for h in headers)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]


def mapping_problems(mapping: Sequence[ColumnMapping]) -> list[str]:
    """What is wrong with a mapping the user chose (shown in the mapping step); empty when it can be used."""
    fields = [m.field for m in mapping]
    problems: list[str] = []
    has_name = (
        ImportField.NAME in fields or ImportField.LAST_NAME in fields or ImportField.FIRST_NAME in fields
    )
    if not has_name and ImportField.KANA not in fields and ImportField.KANA_LAST not in fields:
        problems.append("氏名（またはフリガナ）の列を選んでください")
    for field in set(fields):
        if not field.repeatable and fields.count(field) > 1:
            problems.append(
                f"「{field.label}」が{fields.count(field)}列に割り当てられています。1列にしてください"
            )
    return problems


def infer_mapping(columns: Sequence[Sequence[str]]) -> list[ColumnMapping]:
    """A file without a header row: guess each column from its values (mail, phone, 〒, date, kana, name)."""
    from crmdesk.domain.eras import parse_date
    from crmdesk.domain.errors import ValidationError

    def all_match(values: Sequence[str], test: Callable[[str], bool]) -> bool:
        return bool(values) and all(test(v) for v in values)

    def is_date(value: str) -> bool:
        try:
            parse_date(value)
        except ValidationError:
            return False
        return True

    result: list[ColumnMapping] = []
    taken: set[ImportField] = set()
    for values in columns:
        cells = [nfkc(v).strip() for v in values if v and v.strip()]
        field = ImportField.NONE
        if all_match(cells, lambda v: bool(_EMAIL_LIKE.match(v))):
            field = ImportField.EMAIL
        elif all_match(cells, lambda v: bool(_POSTAL_LIKE.match(v))):
            field = ImportField.POSTAL_CODE
        elif all_match(cells, lambda v: bool(_PHONE_LIKE.match(v))):
            mobile = sum(
                1 for v in cells if "".join(ch for ch in v if ch.isdigit()).startswith(("070", "080", "090"))
            )
            field = ImportField.MOBILE if mobile * 2 > len(cells) else ImportField.PHONE
        elif all_match(cells, is_date):
            field = ImportField.BIRTHDAY
        elif all_match(cells, lambda v: bool(_KANA_LIKE.match(v))):
            field = ImportField.KANA
        elif cells and ImportField.NAME not in taken and all(len(v) <= 30 for v in cells):
            field = ImportField.NAME
        elif cells and ImportField.MEMO not in taken and any(len(v) > 30 for v in cells):
            field = ImportField.MEMO
        if not field.repeatable and field in taken:
            field = ImportField.NONE
        taken.add(field)
        result.append(ColumnMapping(field))
    return result


_EMAIL_LIKE = re.compile(r"^[^@\s]+@[^@\s]+$")
_POSTAL_LIKE = re.compile(r"^〒?\s*\d{3}\s*[-‐－ー−]?\s*\d{4}$")
_PHONE_LIKE = re.compile(r"^\+?[\d\-‐－ー−() ]{10,16}$")
_KANA_LIKE = re.compile(r"^[\u3041-\u309f\u30a0-\u30ff\uff66-\uff9f ・ー]+$")


__all__ = [
    "FIELD_LABELS",
    "ColumnMapping",
    "ImportField",
    "header_key",
    "infer_mapping",
    "mapping_problems",
    "match_header",
    "recognised_count",
    "shape_key",
    "suggest_mapping",
]
