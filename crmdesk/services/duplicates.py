"""Cards that are probably the same customer, and merging two of them without losing anything.

Likely pairs share a phone number, an e-mail address, or a name (異体字 folded: 髙橋 = 高橋, 齋藤 = 斉藤) or
reading together with a birthday or an address. A pair is only listed when the names, the readings or the e-mail
agree: a family shares a home phone and an address, and is not one customer.

Merging keeps the first card and moves everything of the second onto it: contacts, family, items, notes, history
(with photos), follow-ups and tags. Empty fields are filled from the second card; a value that differs is written
into the memo, never dropped. The second card goes to the trash (restorable) with a note where it went.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from crmdesk.domain.errors import NotFoundError, ValidationError
from crmdesk.domain.records import CustomerCard, CustomerRow
from crmdesk.domain.textnorm import fold, loose_kana
from crmdesk.services.changes import Changes
from crmdesk.services.context import ServiceContext
from crmdesk.services.customers import load_card, load_rows
from crmdesk.services.search_index import reindex_customers
from crmdesk.services.validation import MAX_TEXT
from crmdesk.storage.models import (
    ContactPointRow,
    Customer,
    FamilyMemberRow,
    FollowUpRow,
    HistoryEventRow,
    OwnedItemRow,
    PersonalityNoteRow,
    StoreSetting,
)

DISMISSED_KEY = "duplicates.dismissed"
MAX_BUCKET = 20  # a phone shared by more cards than this is the store's own number or a company switchboard
MIN_SCORE = 50
_MOBILE = ("070", "080", "090", "060")


@dataclass(frozen=True)
class DuplicatePair:
    first: CustomerRow  # the older card (kept by default)
    second: CustomerRow
    score: int  # higher = more likely the same customer
    reasons: tuple[str, ...]  # in words, for the list: 「同じ携帯電話」「氏名が同じ（異体字を含む）」…


@dataclass
class _Card:
    id: int
    name: str
    kana: str
    birthday: date | None
    postal: str | None
    address: str
    code: str | None
    phones: set[str]
    emails: set[str]


class DuplicateService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # ------------------------------------------------------------------------------------------- finding
    def find(self, *, limit: int = 500) -> list[DuplicatePair]:
        """Likely duplicate pairs among the cards not in the trash, most likely first."""
        with self.ctx.db.read() as session:
            cards = _cards(session)
            dismissed = _dismissed(session)
            buckets: dict[tuple[str, object], list[int]] = defaultdict(list)
            for card in cards.values():
                for key in _keys(card):
                    buckets[key].append(card.id)
            candidates: set[tuple[int, int]] = set()
            for ids in buckets.values():
                if 1 < len(ids) <= MAX_BUCKET:
                    candidates.update(combinations(sorted(set(ids)), 2))
            scored: list[tuple[int, int, int, tuple[str, ...]]] = []
            for a, b in candidates:
                if f"{a}-{b}" in dismissed:
                    continue
                score, reasons = _score(cards[a], cards[b])
                if score >= MIN_SCORE:
                    scored.append((score, a, b, reasons))
            scored.sort(key=lambda item: (-item[0], item[1], item[2]))
            scored = scored[:limit]
            rows = load_rows(session, [i for _, a, b, _ in scored for i in (a, b)])
        return [DuplicatePair(rows[a], rows[b], score, reasons) for score, a, b, reasons in scored]

    def dismiss(self, first_id: int, second_id: int) -> None:
        """「別のお客様です」: this pair is not listed again."""
        a, b = sorted((first_id, second_id))
        with self.ctx.db.transaction() as session:
            row = session.get(StoreSetting, DISMISSED_KEY)
            values = list(row.value or []) if row is not None else []
            if f"{a}-{b}" not in values:
                values.append(f"{a}-{b}")
            if row is None:
                session.add(StoreSetting(key=DISMISSED_KEY, value=values))
            else:
                row.value = values
            self.ctx.audit(session, "dismiss_duplicate", "customer", a, a, other=b)

    # ------------------------------------------------------------------------------------------- merging
    def merge(self, keep_id: int, other_id: int) -> CustomerCard:
        """Merge `other` into `keep`; `other` goes to the trash. Everything of both stays on `keep`."""
        if keep_id == other_id:
            raise ValidationError("統合", keep_id, "同じカードどうしは統合できません", code="same_card")
        with self.ctx.db.transaction() as session:
            keep = _load(session, keep_id)
            other = _load(session, other_id)
            for card in (keep, other):
                if card.deleted_at is not None:
                    raise ValidationError(
                        "統合",
                        card.name,
                        "ごみ箱にあるカードは統合できません。先に戻してください",
                        code="trashed",
                    )
            notes = _merge_fields(keep, other)
            other_code = other.code
            if other_code and keep.code is None:
                other.code = None
                session.flush()
                keep.code = other_code
            elif other_code and other_code != keep.code:
                notes.append(f"顧客コード: {other_code}")
                other.code = None
            _merge_contacts(session, keep, other)
            keep.tags = list({t.id: t for t in [*keep.tags, *other.tags]}.values())
            for model in (FamilyMemberRow, OwnedItemRow, PersonalityNoteRow, HistoryEventRow, FollowUpRow):
                session.execute(
                    update(model).where(model.customer_id == other.id).values(customer_id=keep.id)  # type: ignore[attr-defined]
                )
            if other.last_contact_at and (
                keep.last_contact_at is None or other.last_contact_at > keep.last_contact_at
            ):
                keep.last_contact_at = other.last_contact_at
            heading = f"―― {other.name}（ID {other.id}）から統合 ――"
            extra = [text for text in (other.memo.strip(), *notes) if text]
            if extra and not all(text in keep.memo for text in extra):
                keep.memo = "\n".join(part for part in (keep.memo, heading, *extra) if part)[:MAX_TEXT]
            now = self.ctx.now()
            other.memo = f"【{keep.name}（ID {keep.id}）に統合しました】\n{other.memo}".strip()[:MAX_TEXT]
            other.deleted_at = now
            for card in (keep, other):
                card.version += 1
                card.updated_at = now
            session.flush()
            reindex_customers(session, [keep.id, other.id])
            self.ctx.audit(
                session, "merge", "customer", keep.id, keep.id, merged=other.id, merged_name=other.name
            )
            result = load_card(session, keep.id)
        self.ctx.publish(Changes(customers=frozenset({keep_id, other_id}), deleted=frozenset({other_id})))
        return result


# ------------------------------------------------------------------------------------------------ helpers
def _cards(session: Session) -> dict[int, _Card]:
    cards: dict[int, _Card] = {}
    for cid, name, kana, birthday, postal, address, code in session.execute(
        select(
            Customer.id,
            Customer.name,
            Customer.name_kana,
            Customer.birthday,
            Customer.postal_code,
            Customer.address1,
            Customer.code,
        ).where(Customer.deleted_at.is_(None))
    ):
        cards[cid] = _Card(
            cid, fold(name), loose_kana(fold(kana)), birthday, postal, fold(address), code, set(), set()
        )
    for cid, kind, norm in session.execute(
        select(ContactPointRow.customer_id, ContactPointRow.kind, ContactPointRow.value_norm).where(
            ContactPointRow.customer_id.in_(select(Customer.id).where(Customer.deleted_at.is_(None)))
        )
    ):
        card = cards.get(cid)
        if card is None or not norm:
            continue
        if kind == "email":
            card.emails.add(norm)
        elif kind in ("phone", "mobile", "work", "fax"):
            card.phones.add(norm)
    return cards


def _keys(card: _Card) -> Iterable[tuple[str, object]]:
    for phone in card.phones:
        yield ("phone", phone)
    for email in card.emails:
        yield ("email", email)
    if card.name and card.birthday:
        yield ("name_birthday", (card.name, card.birthday))
    if card.kana and card.birthday:
        yield ("kana_birthday", (card.kana, card.birthday))
    if card.name and card.postal:
        yield ("name_postal", (card.name, card.postal))
    if card.name and card.address:
        yield ("name_address", (card.name, card.address))
    if card.name and card.kana:
        yield ("name_kana", (card.name, card.kana))


def _score(a: _Card, b: _Card) -> tuple[int, tuple[str, ...]]:
    score = 0
    reasons: list[str] = []
    same_name = bool(a.name) and a.name == b.name
    same_kana = bool(a.kana) and a.kana == b.kana
    shared_phones = a.phones & b.phones
    shared_emails = a.emails & b.emails
    if same_name:
        score += 30
        reasons.append("氏名が同じ（異体字を含む）")
    if same_kana:
        score += 15
        reasons.append("フリガナが同じ")
    if shared_phones:
        mobile = any(p.startswith(_MOBILE) for p in shared_phones)
        score += 40 if mobile else 25
        reasons.append("同じ携帯電話" if mobile else "同じ電話番号")
    if shared_emails:
        score += 40
        reasons.append("同じメールアドレス")
    if a.birthday and b.birthday:
        if a.birthday == b.birthday:
            score += 30
            reasons.append("生年月日が同じ")
        else:
            score -= 50
    if a.postal and a.postal == b.postal:
        score += 10
        reasons.append("郵便番号が同じ")
    if a.address and a.address == b.address:
        score += 15
        reasons.append("住所が同じ")
    if a.code and b.code and a.code != b.code:
        score -= 10
    if not (same_name or same_kana or shared_emails):
        return 0, ()
    return score, tuple(reasons)


def _dismissed(session: Session) -> set[str]:
    row = session.get(StoreSetting, DISMISSED_KEY)
    return {str(v) for v in (row.value or [])} if row is not None else set()


def _load(session: Session, customer_id: int) -> Customer:
    customer = session.scalar(
        select(Customer)
        .where(Customer.id == customer_id)
        .options(selectinload(Customer.contacts), selectinload(Customer.tags))
    )
    if customer is None:
        raise NotFoundError(f"顧客 {customer_id} が見つかりません", code="not_found")
    return customer


_FILLED = (
    ("name_kana", "フリガナ"),
    ("company_contact", "先方ご担当者"),
    ("company_department", "部署"),
    ("sex", "性別"),
    ("birthday", "生年月日"),
    ("postal_code", "郵便番号"),
    ("address1", "住所"),
    ("address2", "方書・建物名"),
    ("staff_id", ""),
    ("interests", "趣味・関心"),
)


def _merge_fields(keep: Customer, other: Customer) -> list[str]:
    """Fill keep's empty fields from other; return the differing values, as memo lines."""
    notes: list[str] = []
    if other.name and other.name != keep.name:
        notes.append(f"別の表記の氏名: {other.name}")
    for column, label in _FILLED:
        mine: Any = getattr(keep, column)
        theirs: Any = getattr(other, column)
        if theirs in (None, ""):
            continue
        if mine in (None, ""):
            setattr(keep, column, theirs)
        elif mine != theirs and label:
            shown = theirs.strftime("%Y/%m/%d") if isinstance(theirs, date) else str(theirs)
            notes.append(f"{label}: {shown}")
    for column in ("consent_letter", "consent_phone", "consent_email"):
        mine_flag, their_flag = getattr(keep, column), getattr(other, column)
        if mine_flag is None or their_flag is False:  # a "no" on either card is respected
            setattr(keep, column, their_flag if mine_flag is None else False)
    return notes


def _merge_contacts(session: Session, keep: Customer, other: Customer) -> None:
    def key(row: ContactPointRow) -> tuple[str, str]:
        return ("phone" if row.kind in ("phone", "mobile", "work", "fax") else row.kind, row.value_norm)

    have = {key(c) for c in keep.contacts}
    position = len(keep.contacts)
    moving = [c.id for c in other.contacts if key(c) not in have]
    for contact in other.contacts:
        if contact.id in moving:
            session.execute(
                update(ContactPointRow)
                .where(ContactPointRow.id == contact.id)
                .values(customer_id=keep.id, position=position)
            )
            position += 1
    session.expire(keep, ["contacts"])
    session.expire(other, ["contacts"])


__all__ = ["DuplicatePair", "DuplicateService"]
