"""vCard 2.1/3.0/4.0 (a phone's or mail program's contacts) as table rows, phonetic names included.

Readings come from X-PHONETIC-LAST-NAME / X-PHONETIC-FIRST-NAME (iPhone, Android), SORT-STRING (vCard 3),
N;SORT-AS (vCard 4) or SOUND;X-IRMC-N (Japanese feature phones). Each card becomes one row under
`VCARD_HEADERS`, whose words the header mapping reads like any other file's; a card that cannot be parsed still
becomes a row, with its text kept, so that it is reported and never lost.
"""

from __future__ import annotations

import quopri
import re
import warnings
from collections.abc import Iterator
from typing import Any

from crmdesk.domain.tabular import ColumnMapping, ImportField
from crmdesk.services.importing.readers import SourceRecord

VCARD_HEADERS: tuple[str, ...] = (
    "顧客コード",  # 0  X-CRMDESK-CODE (our own export)
    "氏名",  # 1  N (family given) or FN
    "フリガナ（姓）",  # 2
    "フリガナ（名）",  # 3
    "フリガナ",  # 4  a whole reading (SORT-STRING)
    "携帯電話",  # 5
    "自宅電話",  # 6
    "勤務先電話",  # 7
    "電話",  # 8  no type given
    "FAX",  # 9
    "メール",  # 10
    "郵便番号",  # 11
    "住所",  # 12  region + locality + street
    "方書・建物名",  # 13 extended address
    "生年月日",  # 14
    "メモ",  # 15
    "会社・組織",  # 16 ORG (kept in the memo for a person)
    "部署",  # 17
    "タグ",  # 18 CATEGORIES
    "敬称",  # 19 X-CRMDESK-HONORIFIC (our own export)
    "個人・法人",  # 20
    "vCard解析エラー",  # 21
)
_BEGIN = re.compile(r"^\s*BEGIN\s*:\s*VCARD\s*$", re.IGNORECASE)
_END = re.compile(r"^\s*END\s*:\s*VCARD\s*$", re.IGNORECASE)


def vcard_records(text: str) -> Iterator[SourceRecord]:
    """One record per BEGIN:VCARD … END:VCARD block, with the line number of its BEGIN."""
    block: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if _BEGIN.match(line):
            block, start = [line], number
        elif block:
            block.append(line)
            if _END.match(line):
                yield SourceRecord(start, _card_row("\r\n".join(block) + "\r\n"))
                block = []
    if block:
        yield SourceRecord(start, _card_row("\r\n".join(block) + "\r\nEND:VCARD\r\n"))


def _card_row(block: str) -> tuple[str, ...]:
    import vobject

    cells = [""] * len(VCARD_HEADERS)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            card = vobject.readOne(_unfold_qp(block), ignoreUnreadable=True)
    except Exception as exc:  # vobject raises several kinds of parse errors
        cells[21] = f"{exc}: {block.strip()[:2000]}"
        return tuple(cells)
    contents: dict[str, list[Any]] = card.contents
    cells[0] = _first(contents, "x-crmdesk-code")
    family = given = ""
    names = contents.get("n")
    if names:
        name_value = names[0].value
        family = _text(getattr(name_value, "family", ""))
        given = _text(getattr(name_value, "given", ""))
        sort_as = names[0].params.get("SORT-AS")
        if sort_as:
            parts = [p.strip() for p in ",".join(sort_as).split(",")]
            cells[2] = parts[0] if parts else ""
            cells[3] = parts[1] if len(parts) > 1 else ""
    full = " ".join(part for part in (family, given) if part)
    cells[1] = full or _first(contents, "fn") or _first(contents, "org")
    cells[2] = _first(contents, "x-phonetic-last-name") or cells[2]
    cells[3] = _first(contents, "x-phonetic-first-name") or cells[3]
    if not (cells[2] or cells[3]):
        cells[4] = _first(contents, "sort-string") or _irmc(contents)
    phones: dict[int, list[str]] = {5: [], 6: [], 7: [], 8: [], 9: []}
    for tel in contents.get("tel", []):
        value = _text(tel.value)
        if value.lower().startswith("tel:"):
            value = value[4:]
        phones[_phone_column(_types(tel))].append(value)
    for column, values in phones.items():
        cells[column] = " / ".join(v for v in values if v.strip())
    cells[10] = " / ".join(_text(e.value) for e in contents.get("email", []) if _text(e.value).strip())
    addresses = contents.get("adr", [])
    if addresses:
        adr = addresses[0].value
        cells[11] = _text(getattr(adr, "code", ""))
        cells[12] = "".join(_text(getattr(adr, part, "")) for part in ("region", "city", "street"))
        cells[13] = _text(getattr(adr, "extended", "")) or _text(getattr(adr, "box", ""))
    cells[14] = _first(contents, "bday")
    cells[15] = "\n".join(_text(n.value) for n in contents.get("note", []) if _text(n.value).strip())
    orgs = contents.get("org", [])
    if orgs:
        value = orgs[0].value
        parts = [_text(v) for v in value] if isinstance(value, list) else [_text(value)]
        cells[16] = parts[0] if parts else ""
        cells[17] = " ".join(p for p in parts[1:] if p)
    kind = _first(contents, "x-abshowas").upper()
    if kind == "COMPANY" or (cells[16] and not full and cells[1] == cells[16]):
        cells[20] = "法人"
        cells[16] = ""
    categories = contents.get("categories", [])
    if categories:
        value = categories[0].value
        cells[18] = "、".join(_text(v) for v in value) if isinstance(value, list) else _text(value)
    cells[19] = _first(contents, "x-crmdesk-honorific")
    return tuple(cells)


def _unfold_qp(block: str) -> str:
    """vCard 2.1 quoted-printable lines end with '=' and continue on the next line: join them first."""
    if "QUOTED-PRINTABLE" not in block.upper():
        return block
    lines = block.split("\r\n")
    joined: list[str] = []
    carry = ""
    for line in lines:
        if carry:
            line = carry + line
            carry = ""
        if "QUOTED-PRINTABLE" in line.upper().split(":", 1)[0] and line.endswith("="):
            carry = line[:-1]
            continue
        joined.append(_decode_qp_line(line))
    if carry:
        joined.append(_decode_qp_line(carry))
    return "\r\n".join(joined)


def _decode_qp_line(line: str) -> str:
    head, sep, value = line.partition(":")
    if not sep or "QUOTED-PRINTABLE" not in head.upper():
        return line
    charset = "utf-8"
    for param in head.split(";"):
        if param.upper().startswith("CHARSET="):
            charset = param.split("=", 1)[1].strip() or "utf-8"
    if charset.lower().replace("-", "_") in ("shift_jis", "sjis", "x_sjis"):
        charset = "cp932"
    try:
        decoded = quopri.decodestring(value.encode("ascii", errors="replace")).decode(
            charset, errors="replace"
        )
    except LookupError:
        decoded = quopri.decodestring(value.encode("ascii", errors="replace")).decode(
            "utf-8", errors="replace"
        )
    params = [
        p
        for p in head.split(";")
        if not p.upper().startswith(("ENCODING=", "CHARSET=")) and p.upper() != "QUOTED-PRINTABLE"
    ]
    escaped = decoded.replace("\r\n", "\\n").replace("\n", "\\n")
    return ";".join(params) + ":" + escaped


def _types(tel: Any) -> set[str]:
    found: set[str] = set()
    for value in tel.params.get("TYPE", []):
        found.update(part.strip().upper() for part in str(value).replace('"', "").split(","))
    found.update(str(v).upper() for v in getattr(tel, "singletonparams", []))
    return found


def _phone_column(types: set[str]) -> int:
    if "FAX" in types:
        return 9
    if types & {"CELL", "MOBILE", "IPHONE"}:
        return 5
    if "WORK" in types:
        return 7
    if "HOME" in types:
        return 6
    return 8


def _irmc(contents: dict[str, list[Any]]) -> str:
    for key in ("x-irmc-n", "sound"):
        for entry in contents.get(key, []):
            if key == "sound" and "X-IRMC-N" not in {
                str(v).upper() for v in getattr(entry, "singletonparams", [])
            }:
                continue
            parts = [p for p in _text(entry.value).split(";") if p.strip()]
            return " ".join(parts[:2])
    return ""


def _first(contents: dict[str, list[Any]], key: str) -> str:
    entries = contents.get(key)
    if not entries:
        return ""
    value = entries[0].value
    if isinstance(value, list):
        return " ".join(_text(v) for v in value if _text(v))
    return _text(value)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(_text(v) for v in value if v)
    return str(value).strip()


def vcard_mapping() -> list[ColumnMapping]:
    """The columns of `VCARD_HEADERS` are always the same fields (the parse error goes to the memo)."""
    fields = (
        ImportField.CODE,
        ImportField.NAME,
        ImportField.KANA_LAST,
        ImportField.KANA_FIRST,
        ImportField.KANA,
        ImportField.MOBILE,
        ImportField.PHONE_HOME,
        ImportField.WORK_PHONE,
        ImportField.PHONE,
        ImportField.FAX,
        ImportField.EMAIL,
        ImportField.POSTAL_CODE,
        ImportField.ADDRESS1,
        ImportField.ADDRESS2,
        ImportField.BIRTHDAY,
        ImportField.MEMO,
        ImportField.NONE,
        ImportField.COMPANY_DEPARTMENT,
        ImportField.TAGS,
        ImportField.HONORIFIC,
        ImportField.KIND,
        ImportField.NONE,
    )
    return [ColumnMapping(field) for field in fields]


__all__ = ["VCARD_HEADERS", "vcard_mapping", "vcard_records"]
