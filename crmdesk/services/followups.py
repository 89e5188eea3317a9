"""Follow-ups: who to contact, when, and why."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from crmdesk.domain.errors import NotFoundError, ValidationError
from crmdesk.domain.records import EventDraft, FollowUp, FollowUpDraft
from crmdesk.domain.values import EventKind, FollowUpKind, FollowUpStatus
from crmdesk.services.changes import Changes
from crmdesk.services.context import ServiceContext
from crmdesk.services.history import add_event_row
from crmdesk.services.records_map import follow_up_of
from crmdesk.services.validation import validate_follow_up
from crmdesk.storage.models import Customer, FollowUpRow, Staff

# What a finished follow-up becomes on the timeline.
_EVENT_FOR_KIND = {
    FollowUpKind.CALL: EventKind.CALL,
    FollowUpKind.LETTER: EventKind.LETTER,
    FollowUpKind.GIFT: EventKind.GIFT,
    FollowUpKind.VISIT: EventKind.VISIT,
    FollowUpKind.INSPECTION: EventKind.NOTE,
}


def consent_refusal(customer: Customer, kind: FollowUpKind) -> str | None:
    """Why this customer must not get this kind of follow-up, or None when it is allowed."""
    if kind in (FollowUpKind.LETTER, FollowUpKind.GIFT) and customer.consent_letter is False:
        return "郵送物を希望されていません（DM不可）"
    if kind is FollowUpKind.CALL and customer.consent_phone is False:
        return "電話連絡を希望されていません"
    return None


class FollowUpService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def add(self, customer_id: int, draft: FollowUpDraft) -> FollowUp:
        validate_follow_up(draft)
        with self.ctx.db.transaction() as session:
            customer = session.get(Customer, customer_id)
            if customer is None:
                raise NotFoundError(f"顧客 {customer_id} が見つかりません")
            refusal = consent_refusal(customer, draft.kind)
            if refusal:
                raise ValidationError(
                    "フォロー", draft.kind.value, f"{customer.name}様: {refusal}", code="consent"
                )
            staff_id = self.ctx.staff_id(session, draft.staff) if draft.staff else self.ctx.staff_id(session)
            row = FollowUpRow(
                customer_id=customer_id,
                due_date=draft.due_date,
                kind=draft.kind.value,
                reason=draft.reason.strip(),
                status=FollowUpStatus.OPEN.value,
                staff_id=staff_id,
                source_event_id=draft.source_event_id,
                item_id=draft.item_id,
                family_member_id=draft.family_member_id,
                created_at=self.ctx.now(),
                updated_at=self.ctx.now(),
            )
            session.add(row)
            session.flush()
            self.ctx.audit(session, "add", "follow_up", row.id, customer_id, due=draft.due_date.isoformat())
            staff = session.get(Staff, staff_id).name if staff_id else None  # type: ignore[union-attr]
            result = follow_up_of(row, customer.name, staff)
        self.ctx.publish(Changes(customers=frozenset({customer_id}), follow_ups=frozenset({result.id})))
        return result

    def complete(self, follow_up_id: int, result: str = "", *, skipped: bool = False) -> FollowUp:
        """Done (or skipped) with a result note; the result goes onto the customer's timeline."""
        with self.ctx.db.transaction() as session:
            row = session.get(FollowUpRow, follow_up_id)
            if row is None:
                raise NotFoundError(f"フォロー {follow_up_id} が見つかりません")
            if row.status != FollowUpStatus.OPEN.value:
                raise ValidationError(
                    "フォロー", follow_up_id, "このフォローはすでに完了しています", code="closed"
                )
            customer = session.get(Customer, row.customer_id)
            assert customer is not None
            kind = FollowUpKind(row.kind)
            status = FollowUpStatus.SKIPPED if skipped else FollowUpStatus.DONE
            label = "見送り" if skipped else "完了"
            event = add_event_row(
                self.ctx,
                session,
                customer,
                EventDraft(
                    kind=EventKind.NOTE if skipped else _EVENT_FOR_KIND[kind],
                    summary=f"フォロー{label}: {row.reason}",
                    body=result,
                    details={"follow_up_id": row.id},
                ),
            )
            row.status = status.value
            row.result = result
            row.completed_at = self.ctx.now()
            row.updated_at = self.ctx.now()
            row.result_event_id = event.id
            self.ctx.audit(session, status.value, "follow_up", row.id, row.customer_id)
            staff = session.get(Staff, row.staff_id).name if row.staff_id else None  # type: ignore[union-attr]
            done = follow_up_of(row, customer.name, staff)
        self.ctx.publish(
            Changes(
                customers=frozenset({done.customer_id}),
                follow_ups=frozenset({done.id}),
                events=frozenset({event.id}),
            )
        )
        return done

    def reschedule(self, follow_up_id: int, new_date: date) -> FollowUp:
        with self.ctx.db.transaction() as session:
            row = session.get(FollowUpRow, follow_up_id)
            if row is None:
                raise NotFoundError(f"フォロー {follow_up_id} が見つかりません")
            old = row.due_date
            row.due_date = new_date
            row.updated_at = self.ctx.now()
            self.ctx.audit(
                session,
                "reschedule",
                "follow_up",
                row.id,
                row.customer_id,
                old=old.isoformat(),
                new=new_date.isoformat(),
            )
            customer = session.get(Customer, row.customer_id)
            assert customer is not None
            staff = session.get(Staff, row.staff_id).name if row.staff_id else None  # type: ignore[union-attr]
            moved = follow_up_of(row, customer.name, staff)
        self.ctx.publish(Changes(customers=frozenset({moved.customer_id}), follow_ups=frozenset({moved.id})))
        return moved

    def due(
        self,
        start: date | None = None,
        end: date | None = None,
        *,
        staff: str | None = None,
        status: FollowUpStatus | None = FollowUpStatus.OPEN,
        per_day: int | None = None,
    ) -> list[FollowUp]:
        """Follow-ups due between two dates (inclusive), of live customers, by date; at most `per_day` of each day
        when given (a calendar's week of a big store has thousands)."""
        if per_day is not None and start is not None and end is not None:
            found: list[FollowUp] = []
            day = start
            while day <= end:
                found += self._due(day, day, staff, status, per_day)
                day += timedelta(days=1)
            return found
        return self._due(start, end, staff, status, None)

    def _due(
        self,
        start: date | None,
        end: date | None,
        staff: str | None,
        status: FollowUpStatus | None,
        limit: int | None,
    ) -> list[FollowUp]:
        with self.ctx.db.read() as session:
            query = (
                select(FollowUpRow, Customer.name, Staff.name)
                .join(Customer, Customer.id == FollowUpRow.customer_id)
                .outerjoin(Staff, Staff.id == FollowUpRow.staff_id)
                .where(Customer.deleted_at.is_(None))
                .order_by(FollowUpRow.due_date, FollowUpRow.id)
            )
            if status is not None:
                query = query.where(FollowUpRow.status == status.value)
            if start is not None:
                query = query.where(FollowUpRow.due_date >= start)
            if end is not None:
                query = query.where(FollowUpRow.due_date <= end)
            if staff:
                query = query.where(Staff.name == staff)
            if limit is not None:
                query = query.limit(limit)
            return [follow_up_of(row, name, staff_name) for row, name, staff_name in session.execute(query)]
