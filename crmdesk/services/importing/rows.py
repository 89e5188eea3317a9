"""One record of the file → the values of one customer card, with every problem noted (never raises).

A value that cannot be read leaves its field empty, is kept as text for the customer's memo, and becomes a
`Problem` for the report. Values are checked with the same rules as a card typed by hand
(`crmdesk.services.validation`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crmdesk.domain.cell_values import (
    clean_cell,
    is_blank_marker,
    is_mobile_number,
    parse_bool,
    parse_honorific,
    parse_kind,
    parse_phase,
    parse_postal,
    parse_sex,
    split_name,
    split_tags,
    split_values,
    tidy_phone,
)
from crmdesk.domain.eras import parse_date
from crmdesk.domain.errors import ValidationError
from crmdesk.domain.records import ContactPoint
from crmdesk.domain.tabular import ColumnMapping, ImportField, shape_key
from crmdesk.domain.textnorm import fold, nfkc
from crmdesk.domain.values import ContactKind, CustomerKind, Honorific, Phase, Sex
from crmdesk.services.importing.backup_json import TRASHED
from crmdesk.services.importing.readers import SourceRecord
from crmdesk.services.importing.results import Problem
from crmdesk.services.validation import (
    EMAIL,
    MAX_LINE,
    MAX_NAME,
    MAX_TEXT,
    check_birthday,
    check_text,
    clean_contact,
    clean_reading,
)

UNREADABLE = "（取り込めなかった値）"


PHONE_KINDS = frozenset(kind for kind in ContactKind if kind.is_phone)


@dataclass(frozen=True)
class ContactValue:
    kind: ContactKind
    value: str
    norm: str  # digits for phones, lower case for mail: what two contacts are compared by


@dataclass(frozen=True)
class Visit:
    day: date
    which: str  # "first" | "last"

    @property
    def summary(self) -> str:
        return "初回来店（取り込み）" if self.which == "first" else "最終来店（取り込み）"


@dataclass
class ParsedRow:
    line: int
    raw: tuple[str, ...]
    code: str | None = None
    name: str = ""
    name_kana: str = ""
    honorific: Honorific | None = None
    kind: CustomerKind | None = None
    company_contact: str = ""
    company_department: str = ""
    sex: Sex | None = None
    birthday: date | None = None
    postal_code: str | None = None
    address1: str = ""
    address2: str = ""
    address_from_postal: bool = False  # address1 was looked up from the postal code, not in the file
    contacts: list[ContactValue] = field(default_factory=list)
    consent_letter: bool | None = None
    consent_phone: bool | None = None
    consent_email: bool | None = None
    staff: str | None = None
    phase: Phase | None = None
    tags: list[str] = field(default_factory=list)
    interests: str = ""
    memo_blocks: list[str] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rejected: str | None = None  # why nothing of this row can be imported
    blank: bool = False  # only ignored columns (a row number) have a value: not a row of data
    fingerprint: str = ""  # the row's exact content: the same row imported again finds the same card
    # family, items, notes, history and follow-ups of a card from a backup (`backup_json`), by kind
    children: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # the keys rows are matched by (`finish`): 異体字, spaces and kana forms folded (髙橋 一郎 = 高橋一郎)
    name_key: str = ""
    kana_key: str = ""
    phone_keys: list[str] = field(default_factory=list)
    address_key: str = ""  # '' when the address was only looked up from the postal code
    fresh_doc: Any = None  # the search data of the card this row makes if it is new (`parallel.prepare_doc`)

    def finish(self) -> ParsedRow:
        """Compute the keys rows are matched by (once, after parsing)."""
        self.name_key = fold(self.name)
        self.kana_key = fold(self.name_kana)
        self.phone_keys = [c.norm for c in self.contacts if c.kind in PHONE_KINDS]
        self.address_key = fold(self.address1) if self.address1 and not self.address_from_postal else ""
        return self


_PHONE_KINDS = {
    ImportField.PHONE_HOME: ContactKind.PHONE,
    ImportField.MOBILE: ContactKind.MOBILE,
    ImportField.WORK_PHONE: ContactKind.WORK,
    ImportField.FAX: ContactKind.FAX,
}
_OTHER_CONTACTS = {
    ImportField.EMAIL: ContactKind.EMAIL,
    ImportField.LINE: ContactKind.LINE,
    ImportField.SNS: ContactKind.SNS,
}

# fields where 不明・ー・なし mean "no value" (in a name, a memo or a tag they are kept as written)
_BLANKABLE = frozenset(
    {
        ImportField.SEX,
        ImportField.BIRTHDAY,
        ImportField.POSTAL_CODE,
        ImportField.PHONE,
        ImportField.PHONE_HOME,
        ImportField.MOBILE,
        ImportField.WORK_PHONE,
        ImportField.FAX,
        ImportField.EMAIL,
        ImportField.LINE,
        ImportField.CONSENT_LETTER,
        ImportField.CONSENT_PHONE,
        ImportField.CONSENT_EMAIL,
        ImportField.PHASE,
        ImportField.FIRST_VISIT,
        ImportField.LAST_VISIT,
        ImportField.HONORIFIC,
        ImportField.KIND,
    }
)

AddressLookup = Callable[[str], str | None]


class RowParser:
    """Reads records of one file with one mapping. `today` bounds birthdays; `lookup` fills towns from 〒."""

    def __init__(
        self,
        headers: Sequence[str],
        mapping: Sequence[ColumnMapping],
        today: date,
        lookup: AddressLookup | None = None,
    ) -> None:
        self.headers = list(headers)
        self.mapping = list(mapping) + [ColumnMapping()] * max(0, len(headers) - len(mapping))
        self.today = today
        self.lookup = lookup
        self.columns: dict[ImportField, list[int]] = {}
        for index, column in enumerate(self.mapping):
            self.columns.setdefault(column.field, []).append(index)
        self.has_honorific = ImportField.HONORIFIC in self.columns
        self.has_kind = ImportField.KIND in self.columns
        self.memo_columns = self.columns.get(ImportField.MEMO, [])
        self.shape = shape_key(self.headers)
        self._header_names = [
            name.strip() if name.strip() else f"列{index + 1}" for index, name in enumerate(self.headers)
        ]
        self._dates: dict[tuple[str, int], date] = {}
        # worked out once per file, not per row
        self._blankable = [i for i, column in enumerate(self.mapping) if column.field in _BLANKABLE]
        self._kept = [i for i, column in enumerate(self.mapping) if column.field is not ImportField.IGNORE]
        self._contact_columns = [
            (index, column.field)
            for index, column in enumerate(self.mapping)
            if column.field in _PHONE_KINDS
            or column.field in _OTHER_CONTACTS
            or column.field is ImportField.PHONE
        ]
        self._shape_bytes = self.shape.encode("utf-8")
        self._readers: list[tuple[ImportField, Callable[[str], object], str]] = [
            (field_, reader, attribute)
            for field_, reader, attribute in (
                (ImportField.SEX, parse_sex, "sex"),
                (ImportField.PHASE, parse_phase, "phase"),
                (ImportField.HONORIFIC, parse_honorific, "honorific"),
                (ImportField.KIND, parse_kind, "kind"),
            )
            if field_ in self.columns  # a column the file does not have is never read
        ]

    def _fingerprint(self, cells: list[str]) -> str:
        digest = hashlib.blake2b(digest_size=12)
        digest.update(self._shape_bytes)
        digest.update("".join("\x1f" + cell for cell in cells).encode("utf-8"))  # the same bytes cell by cell
        return digest.hexdigest()

    def header(self, index: int) -> str:
        if 0 <= index < len(self._header_names):
            return self._header_names[index]
        return f"列{index + 1}"

    def _date(self, text: str, index: int) -> date:
        """`parse_date`, each distinct text of a column read once (visit days and birthdays repeat)."""
        key = (text, index)
        found = self._dates.get(key)
        if found is None:
            found = self._dates[key] = parse_date(text, field=self.header(index))
        return found

    # ---------------------------------------------------------------------------------------------- parse
    def parse(self, record: SourceRecord) -> ParsedRow:
        cells = [clean_cell(c) for c in record.cells]
        count = len(cells)
        for index in self._blankable:
            if index < count and cells[index] and is_blank_marker(cells[index]):
                cells[index] = ""
        row = ParsedRow(line=record.line, raw=tuple(record.cells))
        if not any(cells[index] for index in self._kept if index < count) and not any(
            cells[len(self.mapping) :]
        ):
            row.blank = True
            return row
        row.fingerprint = self._fingerprint(cells)

        def value(index: int) -> str:
            return cells[index] if index < len(cells) else ""

        def first(field: ImportField) -> tuple[int, str]:
            for index in self.columns.get(field, []):
                if value(index):
                    return index, value(index)
            return -1, ""

        self._names(row, first)
        self._scalars(row, first)
        self._address(row, first, value)
        self._contacts(row, value)
        self._memo(row, cells, value)
        extra = record.extra
        if extra is not None:
            row.children = extra.children
            if extra.trashed and not row.rejected:
                row.rejected = TRASHED
                row.problems.append(Problem(row.line, "（お客様全体）", row.name, TRASHED, "trashed"))
        return row.finish()

    def _bad(
        self, row: ParsedRow, index: int, raw: str, error: ValidationError | str, *, keep: bool = True
    ) -> None:
        reason = error.reason if isinstance(error, ValidationError) else error
        code = error.code if isinstance(error, ValidationError) else "invalid"
        header = self.header(index) if index >= 0 else ""
        row.problems.append(Problem(row.line, header, raw, reason, code))
        if keep and raw.strip():
            row.memo_blocks.append(f"{header}{UNREADABLE}: {raw}")

    def _names(self, row: ParsedRow, first: Callable[[ImportField], tuple[int, str]]) -> None:
        index, text = first(ImportField.NAME)
        if text:
            parts = split_name(text, strip_honorific=not self.has_honorific)
            row.name = parts.name
            if parts.honorific is not None:
                row.honorific = parts.honorific
            if parts.looks_like_company and not self.has_kind:
                row.kind = CustomerKind.COMPANY
                row.honorific = row.honorific or Honorific.ONCHU
        else:
            last_index, last = first(ImportField.LAST_NAME)
            given_index, given = first(ImportField.FIRST_NAME)
            row.name = " ".join(
                p for p in (last.replace("\u3000", " ").strip(), given.replace("\u3000", " ").strip()) if p
            )
            index = last_index if last else given_index
        if index < 0:
            for field_ in (ImportField.NAME, ImportField.LAST_NAME, ImportField.FIRST_NAME):
                if field_ in self.columns:
                    index = self.columns[field_][0]
                    break
        kana_index, kana = first(ImportField.KANA)
        if not kana:
            kana_index, last_kana = first(ImportField.KANA_LAST)
            first_index, first_kana = first(ImportField.KANA_FIRST)
            kana = " ".join(p for p in (last_kana.strip(), first_kana.strip()) if p)
            kana_index = kana_index if last_kana else first_index
        if kana:
            try:
                row.name_kana = clean_reading(kana)
            except ValidationError as exc:
                self._bad(row, kana_index, kana, exc)
        if row.name:
            try:
                check_text("氏名", row.name, MAX_NAME)
            except ValidationError as exc:
                self._bad(row, index, row.name, exc)
                row.name = row.name[:MAX_NAME].strip()
        elif row.name_kana:
            row.name = row.name_kana
            column = self.header(index) if index >= 0 else "氏名"
            row.problems.append(
                Problem(row.line, column, "", "氏名が空のため、フリガナを氏名にしました", "name_from_kana")
            )
        else:
            row.rejected = "氏名もフリガナも空のため、取り込めませんでした"
            column = self.header(index) if index >= 0 else "氏名"
            row.problems.append(Problem(row.line, column, "", row.rejected, "required"))

    def _scalars(self, row: ParsedRow, first: Callable[[ImportField], tuple[int, str]]) -> None:
        index, text = first(ImportField.CODE)
        if text:
            code = nfkc(text).strip()
            try:
                row.code = check_text("顧客コード", code, 50)
            except ValidationError as exc:
                self._bad(row, index, text, exc)
        for field_, reader, attribute in self._readers:
            index, text = first(field_)
            if not text:
                continue
            try:
                parsed = reader(text)
            except ValidationError as exc:
                self._bad(row, index, text, exc)
                continue
            if parsed is not None:
                setattr(row, attribute, parsed)
        for field_, attribute in (
            (ImportField.CONSENT_LETTER, "consent_letter"),
            (ImportField.CONSENT_PHONE, "consent_phone"),
            (ImportField.CONSENT_EMAIL, "consent_email"),
        ):
            index, text = first(field_)
            if not text:
                continue
            try:
                answer = parse_bool(text, field=self.header(index))
            except ValidationError as exc:
                self._bad(row, index, text, exc)
                continue
            if answer is not None and self.mapping[index].negate:
                answer = not answer
            setattr(row, attribute, answer)
        index, text = first(ImportField.BIRTHDAY)
        if text:
            try:
                born = self._date(text, index)
                check_birthday(self.header(index), born, self.today)
                row.birthday = born
            except ValidationError as exc:
                self._bad(row, index, text, exc)
        for field_, which in ((ImportField.FIRST_VISIT, "first"), (ImportField.LAST_VISIT, "last")):
            index, text = first(field_)
            if not text:
                continue
            try:
                day = self._date(text, index)
            except ValidationError as exc:
                self._bad(row, index, text, exc)
                continue
            if day > self.today:
                self._bad(row, index, text, "未来の日付です")
                continue
            row.visits.append(Visit(day, which))
        for field_, attribute, limit in (
            (ImportField.STAFF, "staff", MAX_NAME),
            (ImportField.COMPANY_CONTACT, "company_contact", MAX_NAME),
            (ImportField.COMPANY_DEPARTMENT, "company_department", MAX_LINE),
        ):
            index, text = first(field_)
            if not text:
                continue
            cleaned = text.replace("\u3000", " ").strip()
            try:
                setattr(row, attribute, check_text(self.header(index), cleaned, limit))
            except ValidationError as exc:
                self._bad(row, index, text, exc)
        for index in self.columns.get(ImportField.TAGS, []):
            for tag in split_tags(self._cell(row, index)):
                try:
                    check_text("タグ", tag, 50)
                except ValidationError as exc:
                    self._bad(row, index, tag, exc)
                    continue
                if tag not in row.tags:
                    row.tags.append(tag)
        interests = [
            self._cell(row, i) for i in self.columns.get(ImportField.INTERESTS, []) if self._cell(row, i)
        ]
        if interests:
            joined = "\n".join(interests)
            try:
                row.interests = check_text("趣味・関心", joined, MAX_TEXT)
            except ValidationError as exc:
                self._bad(row, self.columns[ImportField.INTERESTS][0], joined, exc, keep=False)
                row.interests = joined[:MAX_TEXT]

    def _cell(self, row: ParsedRow, index: int) -> str:
        return clean_cell(row.raw[index]) if index < len(row.raw) else ""

    def _address(
        self,
        row: ParsedRow,
        first: Callable[[ImportField], tuple[int, str]],
        value: Callable[[int], str],
    ) -> None:
        index, text = first(ImportField.POSTAL_CODE)
        if text:
            try:
                row.postal_code = parse_postal(text, field=self.header(index))
            except ValidationError as exc:
                self._bad(row, index, text, exc)
        _, prefecture = first(ImportField.PREFECTURE)
        _, city = first(ImportField.CITY)
        street = "".join(value(i).replace("\n", " ") for i in self.columns.get(ImportField.ADDRESS1, []))
        street = street.replace("\u3000", " ").strip()
        if city and not street.startswith(city) and not street.startswith(prefecture + city):
            street = city.strip() + street
        if prefecture and not street.startswith(prefecture.strip()):
            street = prefecture.strip() + street
        building = " ".join(
            value(i).replace("\n", " ").replace("\u3000", " ").strip()
            for i in self.columns.get(ImportField.ADDRESS2, [])
            if value(i)
        )
        for attribute, text_value, field_ in (
            ("address1", street, ImportField.ADDRESS1),
            ("address2", building, ImportField.ADDRESS2),
        ):
            if not text_value:
                continue
            try:
                setattr(row, attribute, check_text(FIELD_NAME[field_], text_value, MAX_LINE))
            except ValidationError as exc:
                column = self.columns.get(field_, [-1])[0]
                self._bad(row, column, text_value, exc)
        if not row.address1 and row.postal_code and self.lookup is not None:
            town = self.lookup(row.postal_code)
            if town:
                row.address1 = town
                row.address_from_postal = True

    def _contacts(self, row: ParsedRow, value: Callable[[int], str]) -> None:
        seen: set[tuple[str, str]] = set()
        for index, field_ in self._contact_columns:
            text = value(index)
            if not text:
                continue
            # SNS addresses are URLs (with '/'): one per line
            pieces = (
                split_values(text)
                if field_ is not ImportField.SNS
                else [p for p in text.split("\n") if p.strip()]
            )
            for piece in pieces:
                if field_ in _OTHER_CONTACTS:
                    kind = _OTHER_CONTACTS[field_]
                    typed = piece.strip()
                else:
                    typed = tidy_phone(piece)
                    kind = _PHONE_KINDS.get(field_, ContactKind.PHONE)
                quick = quick_contact(kind, typed)
                if quick is not None:
                    stored, norm = quick
                else:
                    try:
                        cleaned, norm = clean_contact(ContactPoint(kind, typed))
                    except ValidationError as exc:
                        self._bad(row, index, piece, exc)
                        continue
                    stored = cleaned.value
                if field_ is ImportField.PHONE and is_mobile_number(norm):
                    kind = ContactKind.MOBILE  # a mobile number in a plain 電話 column is a mobile
                key = ("phone" if kind in PHONE_KINDS else kind.value, norm)
                if key in seen:
                    continue
                seen.add(key)
                row.contacts.append(ContactValue(kind, stored, norm))

    def _memo(self, row: ParsedRow, cells: list[str], value: Callable[[int], str]) -> None:
        blocks: list[str] = []
        for index in self.memo_columns:
            text = value(index)
            if text:
                blocks.append(text if len(self.memo_columns) == 1 else f"{self.header(index)}: {text}")
        for index, column in enumerate(self.mapping):
            if column.field is ImportField.NONE and value(index):
                blocks.append(f"{self.header(index)}: {value(index)}")
        for index in range(len(self.mapping), len(cells)):
            if cells[index]:
                blocks.append(f"{self.header(index)}: {cells[index]}")
        row.memo_blocks[:0] = blocks


FIELD_NAME = {ImportField.ADDRESS1: "住所", ImportField.ADDRESS2: "方書・建物名"}

_PLAIN_PHONE = re.compile(r"0[0-9]+(?:-[0-9]+)*")


def quick_contact(kind: ContactKind, typed: str) -> tuple[str, str] | None:
    """`clean_contact` for the two plainest forms (a national number in ASCII digits and dashes, an ASCII e-mail
    address): the same (value, norm), without its general steps; None for anything else (then `clean_contact`
    decides). Most cells of a store's list are in these forms, and each row has several."""
    if kind.is_phone:
        if _PLAIN_PHONE.fullmatch(typed):
            digits = typed.replace("-", "")
            if 10 <= len(digits) <= 11:
                return typed, digits
        return None
    plain = typed.isascii() and len(typed) <= MAX_LINE and "\x00" not in typed and typed == typed.strip()
    if kind is ContactKind.EMAIL and plain and EMAIL.match(typed):
        return typed, typed.lower()
    return None


__all__ = ["UNREADABLE", "AddressLookup", "ContactValue", "ParsedRow", "RowParser", "Visit", "quick_contact"]
