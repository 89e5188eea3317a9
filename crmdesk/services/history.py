"""The timeline: purchases, visits, calls, letters, gifts, complaints, surveys and notes."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crmdesk.domain.errors import NotFoundError, ValidationError
from crmdesk.domain.records import EventDraft, HistoryEvent
from crmdesk.domain.values import EventKind, FollowUpStatus
from crmdesk.services.changes import Changes
from crmdesk.services.context import ServiceContext
from crmdesk.services.records_map import event_of
from crmdesk.services.search_index import reindex_customers
from crmdesk.services.validation import validate_event
from crmdesk.storage.models import AttachmentRow, Customer, FollowUpRow, HistoryEventRow, Staff

# Kinds that count as a contact with the customer (they reset "not contacted for N months").
CONTACT_KINDS = frozenset(
    {
        EventKind.PURCHASE,
        EventKind.VISIT,
        EventKind.CALL,
        EventKind.LETTER,
        EventKind.GIFT,
        EventKind.COMPLAINT,
    }
)
MAX_PHOTO_BYTES = 10 * 1024 * 1024


class HistoryService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def add(self, customer_id: int, draft: EventDraft) -> HistoryEvent:
        validate_event(draft)
        with self.ctx.db.transaction() as session:
            customer = session.get(Customer, customer_id)
            if customer is None:
                raise NotFoundError(f"顧客 {customer_id} が見つかりません")
            row = add_event_row(self.ctx, session, customer, draft)
            event = event_of(row, self.ctx.staff_name)
        self.ctx.publish(Changes(customers=frozenset({customer_id}), events=frozenset({event.id})))
        return event

    def events(
        self,
        customer_id: int,
        *,
        kinds: Collection[EventKind] | None = None,
        staff: str | None = None,
        limit: int | None = None,
    ) -> list[HistoryEvent]:
        """The timeline of one customer, newest first, optionally filtered by kind and staff member."""
        with self.ctx.db.read() as session:
            query = (
                select(HistoryEventRow, Staff.name)
                .outerjoin(Staff, Staff.id == HistoryEventRow.staff_id)
                .where(HistoryEventRow.customer_id == customer_id)
                .order_by(HistoryEventRow.occurred_at.desc(), HistoryEventRow.id.desc())
            )
            if kinds:
                query = query.where(HistoryEventRow.kind.in_([k.value for k in kinds]))
            if staff:
                query = query.where(Staff.name == staff)
            if limit:
                query = query.limit(limit)
            return [event_of(row, name) for row, name in session.execute(query)]

    def delete(self, event_id: int, *, drop_planned: bool = False) -> int:
        """Delete a mistaken event. The open follow-ups the store's scenarios planned from it are deleted with it
        when `drop_planned`, else they stay (without the link to the event). When it was the customer's last
        contact, the last contact becomes the newest remaining one. One transaction; returns how many follow-ups
        were deleted."""
        with self.ctx.db.transaction() as session:
            row = session.get(HistoryEventRow, event_id)
            if row is None:
                raise NotFoundError(f"履歴 {event_id} が見つかりません")
            customer_id = row.customer_id
            dropped: list[int] = []
            if drop_planned:
                planned = session.scalars(
                    select(FollowUpRow).where(
                        FollowUpRow.source_event_id == event_id,
                        FollowUpRow.status == FollowUpStatus.OPEN.value,
                        FollowUpRow.scenario_step_id.is_not(None),
                    )
                )
                for follow_up in planned:
                    self.ctx.audit(
                        session,
                        "delete",
                        "follow_up",
                        follow_up.id,
                        customer_id,
                        reason=follow_up.reason,
                        with_event=event_id,
                    )
                    dropped.append(follow_up.id)
                    session.delete(follow_up)
            self.ctx.audit(
                session,
                "delete",
                "history_event",
                event_id,
                customer_id,
                summary=row.summary,
                follow_ups_deleted=len(dropped),
            )
            kind, occurred = EventKind(row.kind), row.occurred_at
            session.delete(row)
            session.flush()
            if kind in CONTACT_KINDS:
                contact_moved(session, customer_id, occurred, None)
            reindex_customers(session, [customer_id])
        self.ctx.publish(
            Changes(
                customers=frozenset({customer_id}),
                events=frozenset({event_id}),
                follow_ups=frozenset(dropped),
            )
        )
        return len(dropped)

    def attach_photo(self, event_id: int, filename: str, mime_type: str, data: bytes) -> int:
        if len(data) > MAX_PHOTO_BYTES:
            raise ValidationError(
                "写真",
                filename,
                f"{len(data) / 1048576:.1f} MB あります。10 MB 以下の画像にしてください",
                code="too_large",
            )
        with self.ctx.db.transaction() as session:
            row = session.get(HistoryEventRow, event_id)
            if row is None:
                raise NotFoundError(f"履歴 {event_id} が見つかりません")
            photo = AttachmentRow(
                event_id=event_id,
                filename=filename,
                mime_type=mime_type,
                data=data,
                created_at=self.ctx.now(),
            )
            session.add(photo)
            session.flush()
            customer_id = row.customer_id
            photo_id = photo.id
        self.ctx.publish(Changes(customers=frozenset({customer_id}), events=frozenset({event_id})))
        return photo_id


def add_event_row(
    ctx: ServiceContext, session: Session, customer: Customer, draft: EventDraft
) -> HistoryEventRow:
    """Add an event inside a running transaction (other services reuse this: follow-ups, printing, import)."""
    occurred = draft.occurred_at or ctx.now()
    row = HistoryEventRow(
        customer_id=customer.id,
        kind=draft.kind.value,
        occurred_at=occurred,
        staff_id=ctx.staff_id(session),
        summary=draft.summary.strip(),
        body=draft.body,
        amount_yen=draft.amount_yen,
        menu=draft.menu,
        stylist=draft.stylist,
        treatment_notes=draft.treatment_notes,
        products=draft.products,
        outcome=draft.outcome,
        details=dict(draft.details),
        created_at=ctx.now(),
    )
    session.add(row)
    if draft.kind in CONTACT_KINDS and (
        customer.last_contact_at is None or occurred > customer.last_contact_at
    ):
        customer.last_contact_at = occurred
    session.flush()
    reindex_customers(session, [customer.id])
    ctx.audit(session, "add", "history_event", row.id, customer.id, kind=draft.kind.value)
    return row


def contact_moved(session: Session, customer_id: int, old: datetime, new: datetime | None) -> None:
    """A contact event's date changed from `old` to `new` (None: it was deleted), inside a running transaction:
    keep the customer's last contact right. A last contact that came from elsewhere (an import) is left alone
    unless this event was it."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        return
    last = customer.last_contact_at
    if new is not None and (last is None or new > last):
        customer.last_contact_at = new
    elif last is not None and last == old:
        session.flush()
        customer.last_contact_at = session.scalar(
            select(func.max(HistoryEventRow.occurred_at)).where(
                HistoryEventRow.customer_id == customer_id,
                HistoryEventRow.kind.in_([k.value for k in CONTACT_KINDS]),
            )
        )
