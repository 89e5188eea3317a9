"""A card as the import sees it, how a row is merged into it, and how rows find the card they belong to.

Matching (in this order): the same 顧客コード; the same phone number *and* the same name or reading (a home
phone is shared by a family, a mobile by a parent and child); the same name or reading *and* the same birthday
(or address) — a reading only when the two names do not differ (渡辺 and 渡部 are two people).
Two different codes never match. Merging never loses a value: into an existing card (the user chose "update")
the file's values win; into a card made from an earlier row of the same file the first value stays and the
other one is kept in the memo and reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crmdesk.domain.textnorm import fold
from crmdesk.domain.values import CustomerKind, Honorific, Phase, Sex
from crmdesk.services.importing.backup_json import CHILDREN, child_key
from crmdesk.services.importing.results import Problem
from crmdesk.services.importing.rows import PHONE_KINDS, ContactValue, ParsedRow, Visit
from crmdesk.services.validation import MAX_TEXT

_SCALARS: tuple[tuple[str, str], ...] = (
    ("code", "顧客コード"),
    ("name", "氏名"),
    ("name_kana", "フリガナ"),
    ("honorific", "敬称"),
    ("kind", "個人・法人"),
    ("company_contact", "先方ご担当者"),
    ("company_department", "部署"),
    ("sex", "性別"),
    ("birthday", "生年月日"),
    ("postal_code", "郵便番号"),
    ("address1", "住所"),
    ("address2", "方書・建物名"),
    ("phase", "段階"),
    ("staff", "担当"),
    ("consent_letter", "DM可否"),
    ("consent_phone", "電話連絡可否"),
    ("consent_email", "メール配信可否"),
    ("interests", "趣味・関心"),
)
_NORMALISED = frozenset({"name", "name_kana"})


@dataclass
class CardState:
    """The fields of one card that an import reads and writes (no ORM object: works in a dry run too)."""

    customer_id: int | None
    code: str | None = None
    name: str = ""
    name_kana: str = ""
    honorific: Honorific = Honorific.SAMA
    kind: CustomerKind = CustomerKind.INDIVIDUAL
    company_contact: str = ""
    company_department: str = ""
    sex: Sex | None = None
    birthday: date | None = None
    postal_code: str | None = None
    address1: str = ""
    address2: str = ""
    phase: Phase = Phase.EXISTING
    staff: str | None = None
    consent_letter: bool | None = None
    consent_phone: bool | None = None
    consent_email: bool | None = None
    interests: str = ""
    memo: str = ""
    contacts: list[ContactValue] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    visit_days: set[date] = field(default_factory=set)
    new_visits: list[Visit] = field(default_factory=list)
    created_here: bool = False  # made by this import
    first_line: int = 0  # the row it was made from (for a card made by this import)
    # a backup's family, items, notes, events and follow-ups: what the card has (key → id, 0 = not written yet),
    # what is still to be written, and which entry of the backup each key came from (its id there → key)
    child_keys: dict[tuple[Any, ...], int] = field(default_factory=dict)
    new_children: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    backup_keys: dict[tuple[str, int], tuple[Any, ...]] = field(default_factory=dict)
    # the search data of a new card as its row made it, worked out by the parsing process (`parallel.prepare_doc`);
    # any later change to the card drops it
    fresh_doc: Any = None

    def add_children(self, children: dict[str, list[dict[str, Any]]]) -> None:
        """Take the entries of a backup this card does not have yet."""
        for kind in CHILDREN:
            for entry in children.get(kind, []):
                key = child_key(kind, entry)
                if isinstance(entry.get("id"), int):
                    self.backup_keys[(kind, entry["id"])] = key
                if key not in self.child_keys:
                    self.child_keys[key] = 0
                    self.new_children.append((kind, entry))

    @classmethod
    def from_row(cls, row: ParsedRow) -> tuple[CardState, list[Problem]]:
        """A new card made from one row (the same result as merging the row into an empty card, only faster)."""
        company = row.kind is CustomerKind.COMPANY
        blocks = list(dict.fromkeys(b for b in row.memo_blocks if b))
        memo = "\n".join(blocks)
        problems: list[Problem] = []
        if len(memo) > MAX_TEXT:
            problems.append(_memo_too_long(row.line, memo))
            memo = memo[:MAX_TEXT]
        visits: dict[date, Visit] = {}
        for visit in row.visits:
            visits.setdefault(visit.day, visit)
        state = cls(
            customer_id=None,
            code=row.code or None,
            name=row.name,
            name_kana=row.name_kana,
            honorific=row.honorific or (Honorific.ONCHU if company else Honorific.SAMA),
            kind=row.kind or CustomerKind.INDIVIDUAL,
            company_contact=row.company_contact,
            company_department=row.company_department,
            sex=row.sex,
            birthday=row.birthday,
            postal_code=row.postal_code,
            address1=row.address1,
            address2=row.address2,
            phase=row.phase or Phase.EXISTING,
            staff=row.staff or None,
            consent_letter=row.consent_letter,
            consent_phone=row.consent_phone,
            consent_email=row.consent_email,
            interests=row.interests,
            memo=memo,
            contacts=list(row.contacts),
            tags=list(row.tags),
            visit_days=set(visits),
            new_visits=list(visits.values()),
            created_here=True,
            first_line=row.line,
        )
        if row.children:
            state.add_children(row.children)
        return state, problems

    @property
    def name_key(self) -> str:
        return fold(self.name)

    @property
    def kana_key(self) -> str:
        return fold(self.name_kana)


def _same(attribute: str, old: object, new: object) -> bool:
    if old == new:
        return True
    if attribute in _NORMALISED and isinstance(old, str) and isinstance(new, str) and old and new:
        return fold(old) == fold(new)  # 髙橋 = 高橋: the card keeps the characters it has
    return False


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "可" if value else "不可"
    if isinstance(value, date):
        return value.strftime("%Y/%m/%d")
    return str(getattr(value, "value", value))


def has_block(memo: str, block: str) -> bool:
    """Is this text already in the memo as whole lines? (so that importing again adds nothing)"""
    return f"\n{block}\n" in f"\n{memo}\n"


def merge(state: CardState, row: ParsedRow, *, overwrite: bool) -> list[Problem]:
    """Put a row's values into a card. Returns the conflicts (only when not overwriting). Mutates `state`."""
    problems: list[Problem] = []
    extra_blocks: list[str] = []
    state.fresh_doc = None
    for attribute, label in _SCALARS:
        new = getattr(row, attribute)
        if new is None or new == "":
            continue
        old = getattr(state, attribute)
        if _same(attribute, old, new):
            continue
        empty = old is None or old == "" or (attribute == "address1" and not old)
        if attribute == "address1" and row.address_from_postal and not empty:
            continue  # a town looked up from the postal code never replaces an address
        if (
            empty
            or overwrite
            or (
                attribute in ("honorific", "kind", "phase")
                and state.created_here
                and _default(state, attribute)
            )
        ):
            setattr(state, attribute, new)
            continue
        problems.append(
            Problem(
                row.line,
                label,
                _shown(new),
                f"{state.first_line}行目と同じお客様です。{label}は{state.first_line}行目の「{_shown(old)}」を残し、"
                "この値はメモに残しました",
                "merge_conflict",
            )
        )
        extra_blocks.append(f"{label}（{row.line}行目）: {_shown(new)}")
    known = {(_contact_key(c)) for c in state.contacts}
    for contact in row.contacts:
        if _contact_key(contact) not in known:
            state.contacts.append(contact)
            known.add(_contact_key(contact))
    for tag in row.tags:
        if tag not in state.tags:
            state.tags.append(tag)
    for block in [*row.memo_blocks, *extra_blocks]:
        if block and not has_block(state.memo, block):
            state.memo = f"{state.memo}\n{block}" if state.memo else block
    if len(state.memo) > MAX_TEXT:
        problems.append(_memo_too_long(row.line, state.memo))
        state.memo = state.memo[:MAX_TEXT]
    for visit in row.visits:
        if visit.day not in state.visit_days:
            state.visit_days.add(visit.day)
            state.new_visits.append(visit)
    if row.children:
        state.add_children(row.children)
    return problems


def _memo_too_long(line: int, memo: str) -> Problem:
    return Problem(
        line,
        "メモ",
        memo[MAX_TEXT:][:200],
        f"メモが{MAX_TEXT:,}文字を超えたため、超えた分は取り込めませんでした（この報告の値を確認してください）",
        "too_long",
    )


def _default(state: CardState, attribute: str) -> bool:
    defaults = {"honorific": Honorific.SAMA, "kind": CustomerKind.INDIVIDUAL, "phase": Phase.EXISTING}
    return bool(getattr(state, attribute) == defaults[attribute])


def _contact_key(contact: ContactValue) -> tuple[str, str]:
    return ("phone" if contact.kind in PHONE_KINDS else contact.kind.value, contact.norm)


def snapshot(state: CardState) -> tuple[object, ...]:
    """Everything merge can change, to tell whether a row changed a card."""
    return (
        *(getattr(state, attribute) for attribute, _ in _SCALARS),
        state.memo,
        tuple(_contact_key(c) for c in state.contacts),
        tuple(state.tags),
        tuple(v.day for v in state.new_visits),
        len(state.new_children),
    )


# ------------------------------------------------------------------------------------------------ matching
@dataclass
class Slot:
    """A card a row may belong to: a customer in the database, or a new card from an earlier row."""

    customer_id: int | None
    code: str | None
    name_key: str
    kana_key: str
    birthday: date | None
    created_here: bool = False
    first_line: int = 0
    state: CardState | None = None  # loaded (or new) state; None = read it from the database when needed
    trashed: bool = False  # in the trash: only its code is matched (a code is unique, trash included)
    address_key: str = ""


@dataclass(frozen=True)
class Match:
    slot: Slot
    matched_by: str


class MatchIndex:
    """Keys of every card an import may match: code, the very same row, phone, name with birthday or address."""

    def __init__(self) -> None:
        self.by_code: dict[str, Slot] = {}
        self.by_fingerprint: dict[str, Slot] = {}
        self.by_phone: dict[str, list[Slot]] = {}
        self.by_name_birthday: dict[tuple[str, date], Slot] = {}
        self.by_name_address: dict[tuple[str, str], Slot] = {}

    def add(self, slot: Slot, phones: list[str], fingerprint: str | None = None) -> None:
        if slot.code:
            self.by_code.setdefault(slot.code, slot)
        if fingerprint:
            self.by_fingerprint[fingerprint] = slot
        for digits in phones:
            bucket = self.by_phone.setdefault(digits, [])
            if slot not in bucket:
                bucket.append(slot)
        for key in (slot.name_key, slot.kana_key):
            if not key:
                continue
            if slot.birthday is not None:
                self.by_name_birthday.setdefault((key, slot.birthday), slot)
            if slot.address_key:
                self.by_name_address.setdefault((key, slot.address_key), slot)

    def refresh(self, slot: Slot, state: CardState, fingerprint: str | None = None) -> None:
        """After a merge the card may have new keys (a phone, a birthday, a code): index them too."""
        slot.code = slot.code or state.code
        slot.name_key, slot.kana_key = state.name_key, state.kana_key
        slot.birthday = slot.birthday or state.birthday
        slot.address_key = slot.address_key or fold(state.address1)
        self.add(slot, [c.norm for c in state.contacts if c.kind in PHONE_KINDS], fingerprint)

    def find(self, row: ParsedRow) -> tuple[Match | None, list[Slot]]:
        """The card this row belongs to, and cards that share only a phone number with it (worth a look)."""
        if row.code and row.code in self.by_code:
            return Match(self.by_code[row.code], "顧客コード"), []
        same_row = self.by_fingerprint.get(row.fingerprint) if row.fingerprint else None
        if same_row is not None and self._codes_agree(row, same_row):
            return Match(
                same_row, "前回の取り込みと同じ行" if not same_row.created_here else "同じ内容の行"
            ), []
        name, kana = row.name_key, row.kana_key
        lookalikes: list[Slot] = []
        for digits in row.phone_keys:
            for slot in self.by_phone.get(digits, []):
                if not self._codes_agree(row, slot):
                    continue
                if (name and slot.name_key == name) or (kana and slot.kana_key == kana):
                    return Match(slot, "電話番号と氏名"), []
                if slot not in lookalikes:
                    lookalikes.append(slot)
        for key, label in ((name, "氏名"), (kana, "フリガナ")):
            if not key:
                continue
            if row.birthday is not None:
                twin = self.by_name_birthday.get((key, row.birthday))
                if twin is not None and self._codes_agree(row, twin) and self._names_agree(row, twin):
                    return Match(twin, f"{label}と生年月日"), []
            address = row.address_key
            if address:
                twin = self.by_name_address.get((key, address))
                if twin is not None and self._codes_agree(row, twin) and self._names_agree(row, twin):
                    return Match(twin, f"{label}と住所"), []
        return None, lookalikes

    @staticmethod
    def _names_agree(row: ParsedRow, slot: Slot) -> bool:
        """Two different names written in kanji are two people, even with the same reading (渡辺 and 渡部 are both
        read ワタナベ); a reading matches when one side has no name of its own (only the reading)."""
        if row.name_key == slot.name_key:
            return True
        return row.name_key in ("", row.kana_key) or slot.name_key in ("", slot.kana_key)

    @staticmethod
    def _codes_agree(row: ParsedRow, slot: Slot) -> bool:
        return not (row.code and slot.code and row.code != slot.code)


__all__ = ["CardState", "Match", "MatchIndex", "Slot", "has_block", "merge", "snapshot"]
