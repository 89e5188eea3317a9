"""Plain, immutable records that services return and the GUI/CLI/printing read.

Nothing here is a live ORM object: a record can be kept, cached and passed between threads. The GUI edits a
`CustomerDraft` (mutable) and hands it back to the service.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from crmdesk.domain.values import (
    ContactKind,
    CustomerKind,
    EventKind,
    FollowUpKind,
    FollowUpStatus,
    Honorific,
    ItemCategory,
    Phase,
    Sex,
)


@dataclass(frozen=True)
class Consent:
    """May the store contact this customer that way? None = not asked yet (treated as allowed)."""

    letter: bool | None = None
    phone: bool | None = None
    email: bool | None = None

    def allows_letter(self) -> bool:
        return self.letter is not False

    def allows_phone(self) -> bool:
        return self.phone is not False

    def allows_email(self) -> bool:
        return self.email is not False


@dataclass(frozen=True)
class ContactPoint:
    kind: ContactKind
    value: str
    label: str = ""
    id: int | None = None


@dataclass(frozen=True)
class FamilyMember:
    relation: str
    name: str
    name_kana: str = ""
    birthday: date | None = None
    notes: str = ""
    joint_addressee: bool = False  # printed with the customer on one address (連名)
    honorific: Honorific = Honorific.SAMA
    id: int | None = None


@dataclass(frozen=True)
class OwnedItem:
    name: str
    category: ItemCategory = ItemCategory.OTHER
    identifier: str = ""  # plate number, serial
    purchase_date: date | None = None
    warranty_end: date | None = None
    next_service_date: date | None = None  # next service or inspection (点検)
    inspection_expiry: date | None = None  # 車検満了日 for a car
    notes: str = ""
    id: int | None = None


@dataclass(frozen=True)
class PersonalityNote:
    id: int
    noted_on: date
    text: str
    staff: str | None


@dataclass(frozen=True)
class HistoryEvent:
    id: int
    customer_id: int
    kind: EventKind
    occurred_at: datetime  # timezone-aware, UTC
    staff: str | None
    summary: str
    body: str = ""
    amount_yen: int | None = None
    menu: str = ""
    stylist: str = ""
    treatment_notes: str = ""
    products: str = ""
    outcome: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    photo_count: int = 0


@dataclass(frozen=True)
class FollowUp:
    id: int
    customer_id: int
    customer_name: str
    due_date: date
    kind: FollowUpKind
    reason: str
    status: FollowUpStatus
    result: str = ""
    staff: str | None = None
    source_event_id: int | None = None
    item_id: int | None = None
    family_member_id: int | None = None
    completed_at: datetime | None = None


@dataclass(frozen=True)
class CustomerRow:
    """One line of a list: what a search result or the Today list shows."""

    id: int
    code: str | None
    name: str
    name_kana: str
    honorific: Honorific
    phase: Phase
    staff: str | None
    phone: str | None
    birthday: date | None
    address: str
    last_contact: date | None
    next_follow_up: date | None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class CustomerCard:
    """The whole card: fields, family, items, notes, history and follow-ups."""

    id: int
    code: str | None
    kind: CustomerKind
    name: str
    name_kana: str
    honorific: Honorific
    company_contact: str
    company_department: str
    sex: Sex | None
    birthday: date | None
    postal_code: str | None  # 7 digits
    address1: str
    address2: str
    phase: Phase
    staff: str | None
    consent: Consent
    interests: str
    memo: str
    tags: tuple[str, ...]
    contacts: tuple[ContactPoint, ...]
    family: tuple[FamilyMember, ...]
    items: tuple[OwnedItem, ...]
    notes: tuple[PersonalityNote, ...]  # newest first
    events: tuple[HistoryEvent, ...]  # newest first
    follow_ups: tuple[FollowUp, ...]  # open first, by due date
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    version: int

    @property
    def address(self) -> str:
        return " ".join(part for part in (self.address1, self.address2) if part)

    @property
    def phones(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.contacts if c.kind.is_phone)

    @property
    def email(self) -> str | None:
        return next((c.value for c in self.contacts if c.kind is ContactKind.EMAIL), None)

    def to_draft(self) -> CustomerDraft:
        return CustomerDraft(
            code=self.code,
            kind=self.kind,
            name=self.name,
            name_kana=self.name_kana,
            honorific=self.honorific,
            company_contact=self.company_contact,
            company_department=self.company_department,
            sex=self.sex,
            birthday=self.birthday,
            postal_code=self.postal_code,
            address1=self.address1,
            address2=self.address2,
            phase=self.phase,
            staff=self.staff,
            consent=self.consent,
            interests=self.interests,
            memo=self.memo,
            tags=list(self.tags),
            contacts=list(self.contacts),
            family=list(self.family),
            items=list(self.items),
            version=self.version,
        )


@dataclass
class CustomerDraft:
    """What the user edits. `version` is the card's version when the draft was taken (for conflicts)."""

    name: str
    name_kana: str = ""
    code: str | None = None
    kind: CustomerKind = CustomerKind.INDIVIDUAL
    honorific: Honorific = Honorific.SAMA
    company_contact: str = ""
    company_department: str = ""
    sex: Sex | None = None
    birthday: date | None = None
    postal_code: str | None = None
    address1: str = ""
    address2: str = ""
    phase: Phase = Phase.PROSPECT
    staff: str | None = None
    consent: Consent = field(default_factory=Consent)
    interests: str = ""
    memo: str = ""
    tags: list[str] = field(default_factory=list)
    contacts: list[ContactPoint] = field(default_factory=list)
    family: list[FamilyMember] = field(default_factory=list)
    items: list[OwnedItem] = field(default_factory=list)
    version: int | None = None


@dataclass(frozen=True)
class EventDraft:
    kind: EventKind
    summary: str
    occurred_at: datetime | None = None  # None = now
    body: str = ""
    amount_yen: int | None = None
    menu: str = ""
    stylist: str = ""
    treatment_notes: str = ""
    products: str = ""
    outcome: str = ""
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FollowUpDraft:
    due_date: date
    kind: FollowUpKind
    reason: str
    staff: str | None = None
    source_event_id: int | None = None
    item_id: int | None = None
    family_member_id: int | None = None


@dataclass(frozen=True)
class StoreProfile:
    name: str = ""
    postal_code: str = ""
    address: str = ""
    phone: str = ""
    relationship_word: str = ""  # the one word the store wants to be to its customers, e.g. 親友
    signature: str = ""
    kind: str = "dealer"  # dealer | salon | other
