"""ORM rows → immutable records. Only services use this; nothing above sees a live ORM object."""

from __future__ import annotations

from crmdesk.domain.records import (
    Consent,
    ContactPoint,
    FamilyMember,
    FollowUp,
    HistoryEvent,
    OwnedItem,
    PersonalityNote,
)
from crmdesk.domain.values import (
    ContactKind,
    EventKind,
    FollowUpKind,
    FollowUpStatus,
    Honorific,
    ItemCategory,
)
from crmdesk.storage.models import (
    ContactPointRow,
    Customer,
    FamilyMemberRow,
    FollowUpRow,
    HistoryEventRow,
    OwnedItemRow,
    PersonalityNoteRow,
)


def consent_of(customer: Customer) -> Consent:
    return Consent(customer.consent_letter, customer.consent_phone, customer.consent_email)


def contact_of(row: ContactPointRow) -> ContactPoint:
    return ContactPoint(ContactKind(row.kind), row.value, row.label, row.id)


def family_of(row: FamilyMemberRow) -> FamilyMember:
    return FamilyMember(
        relation=row.relation,
        name=row.name,
        name_kana=row.name_kana,
        birthday=row.birthday,
        notes=row.notes,
        joint_addressee=row.joint_addressee,
        honorific=Honorific(row.honorific),
        id=row.id,
    )


def item_of(row: OwnedItemRow) -> OwnedItem:
    return OwnedItem(
        name=row.name,
        category=ItemCategory(row.category),
        identifier=row.identifier,
        purchase_date=row.purchase_date,
        warranty_end=row.warranty_end,
        next_service_date=row.next_service_date,
        inspection_expiry=row.inspection_expiry,
        notes=row.notes,
        id=row.id,
    )


def note_of(row: PersonalityNoteRow, staff: str | None) -> PersonalityNote:
    return PersonalityNote(row.id, row.noted_on, row.text, staff)


def event_of(row: HistoryEventRow, staff: str | None, photo_count: int = 0) -> HistoryEvent:
    return HistoryEvent(
        id=row.id,
        customer_id=row.customer_id,
        kind=EventKind(row.kind),
        occurred_at=row.occurred_at,
        staff=staff,
        summary=row.summary,
        body=row.body,
        amount_yen=row.amount_yen,
        menu=row.menu,
        stylist=row.stylist,
        treatment_notes=row.treatment_notes,
        products=row.products,
        outcome=row.outcome,
        details=dict(row.details or {}),
        photo_count=photo_count,
    )


def follow_up_of(row: FollowUpRow, customer_name: str, staff: str | None) -> FollowUp:
    return FollowUp(
        id=row.id,
        customer_id=row.customer_id,
        customer_name=customer_name,
        due_date=row.due_date,
        kind=FollowUpKind(row.kind),
        reason=row.reason,
        status=FollowUpStatus(row.status),
        result=row.result,
        staff=staff,
        source_event_id=row.source_event_id,
        item_id=row.item_id,
        family_member_id=row.family_member_id,
        completed_at=row.completed_at,
    )
