"""The Today list (本日のフォロー): who to contact today and why, and what is coming up.

- follow-ups due today and overdue, grouped by kind (calls, letters to print, gifts, visits, inspections), each
  with the customer, the reason and the phone number to call;
- birthdays in the next N days, of customers and of their family members, with milestones (18歳, 還暦 …);
- life events in the next N days (a child turning 18, 成人式, 還暦 …);
- owned items whose 車検, next inspection or warranty end falls in the next N days;
- customers not contacted for N months with nothing planned (休眠 risk);
- follow-ups a scenario did not plan because the customer refused that kind of contact, and why.

N comes from the store settings. Everything is set-based SQL on indexed columns (birthdays by one indexed range per
birth year rather than a function over every row), so the list stays fast at 100,000 customers; each section
returns at most `limit` rows and its total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, false, func, or_, select
from sqlalchemy.orm import Session

from crmdesk.domain.calendar_rules import (
    MILESTONE_AGES,
    MILESTONE_LABELS_JA,
    Milestone,
    add_months,
    birth_date_ranges,
    milestone_birth_range,
    milestones_between,
    month_day_windows,
    next_birthday,
)
from crmdesk.domain.scenario_rules import ITEM_DATE_FIELDS
from crmdesk.domain.values import FollowUpKind, FollowUpStatus, Phase
from crmdesk.services.context import ServiceContext
from crmdesk.services.scenarios import CONSENT_SKIP_PREFIX
from crmdesk.services.store import STORE_SETTINGS_KEY
from crmdesk.settings import StoreSettings
from crmdesk.storage.models import (
    ContactPointRow,
    Customer,
    FamilyMemberRow,
    FollowUpRow,
    OwnedItemRow,
    Staff,
    StoreSetting,
)

# The order of the groups on the Today screen, and what each is called there.
GROUP_ORDER = (
    FollowUpKind.CALL,
    FollowUpKind.LETTER,
    FollowUpKind.GIFT,
    FollowUpKind.VISIT,
    FollowUpKind.INSPECTION,
)
GROUP_LABELS_JA: dict[FollowUpKind, str] = {
    FollowUpKind.CALL: "お電話",
    FollowUpKind.LETTER: "印刷するお手紙",
    FollowUpKind.GIFT: "ギフト・プレゼント",
    FollowUpKind.VISIT: "訪問・ご来店",
    FollowUpKind.INSPECTION: "点検・車検のご案内",
}
AGE_MILESTONES = {age: m for m, age in MILESTONE_AGES.items() if m is not Milestone.SEIJIN}
CONSENT_NOTE_DAYS = (
    7  # a follow-up not planned for lack of consent is mentioned a week either side of its date
)


@dataclass(frozen=True)
class DueFollowUp:
    id: int
    customer_id: int
    customer_name: str
    customer_code: str | None
    kind: FollowUpKind
    due_date: date
    reason: str
    staff: str | None
    days_overdue: int  # 0 = due today
    phone: str | None = None


@dataclass(frozen=True)
class FollowUpGroup:
    kind: FollowUpKind
    label: str
    items: tuple[DueFollowUp, ...]
    total: int  # may be more than `items`
    overdue: int


@dataclass(frozen=True)
class UpcomingBirthday:
    customer_id: int
    customer_name: str
    person_name: str  # the customer or the family member
    relation: str  # "" for the customer, 長男 / 配偶者 … for a family member
    birthday: date
    day: date  # this year's birthday
    age: int  # the age they turn
    days_until: int
    milestone: str | None = None  # "還暦" when the age is one

    @property
    def is_family(self) -> bool:
        return bool(self.relation)


@dataclass(frozen=True)
class LifeEvent:
    customer_id: int
    customer_name: str
    person_name: str
    relation: str
    milestone: Milestone
    label: str
    day: date
    age: int
    days_until: int


@dataclass(frozen=True)
class UpcomingItemDate:
    customer_id: int
    customer_name: str
    item_id: int
    item_name: str
    identifier: str
    field: str  # inspection_expiry | next_service_date | warranty_end
    label: str  # 車検満了 / 次回点検 / 保証終了
    day: date
    days_until: int
    planned: bool  # an open follow-up already exists for this item


@dataclass(frozen=True)
class DormantCustomer:
    customer_id: int
    customer_name: str
    customer_code: str | None
    phase: Phase
    staff: str | None
    last_contact: date | None
    months: int  # whole months since the last contact (or since the card was made)


@dataclass(frozen=True)
class ConsentSkip:
    follow_up_id: int
    customer_id: int
    customer_name: str
    kind: FollowUpKind
    due_date: date
    reason: str  # what would have been done
    why: str  # 郵送物を希望されていません（DM不可）


@dataclass(frozen=True)
class TodayList:
    day: date
    groups: tuple[FollowUpGroup, ...]
    birthdays: tuple[UpcomingBirthday, ...]
    birthdays_total: int
    life_events: tuple[LifeEvent, ...]
    item_dates: tuple[UpcomingItemDate, ...]
    item_dates_total: int
    dormant: tuple[DormantCustomer, ...]
    dormant_total: int
    consent_skips: tuple[ConsentSkip, ...]
    birthday_days: int
    upcoming_days: int
    dormant_months: int
    staff: str | None = None

    @property
    def due_total(self) -> int:
        return sum(g.total for g in self.groups)

    @property
    def overdue_total(self) -> int:
        return sum(g.overdue for g in self.groups)

    def group(self, kind: FollowUpKind) -> FollowUpGroup:
        return next(g for g in self.groups if g.kind is kind)


def birthday_clause(session: Session, column: Any, first: date, last: date) -> ColumnElement[bool]:
    """Birthdays celebrated between two dates, as one indexed BETWEEN per birth year (portable, index-friendly)."""
    low = session.scalar(select(func.min(column)))
    if low is None or last < first:
        return false()
    ranges = birth_date_ranges(month_day_windows(first, last), low.year, last.year)
    if not ranges:
        return false()
    return or_(*(column.between(a, b) for a, b in ranges))


class TodayService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def today(self, *, staff: str | None = None, limit: int = 100, day: date | None = None) -> TodayList:
        """The Today list for the whole store, or for one staff member's customers and follow-ups."""
        today = day or self.ctx.today()
        with self.ctx.db.read() as session:
            settings = _settings(session)
            staff_id = self._staff_id(session, staff)
            if staff is not None and staff_id is None:
                staff_id = -1  # an unknown name: nothing is theirs
            groups = self._groups(session, today, staff_id, limit)
            birthdays, birthdays_total = self._birthdays(
                session, today, settings.birthday_days, staff_id, limit
            )
            life_events = self._life_events(session, today, settings.upcoming_days, staff_id, limit)
            items, items_total = self._item_dates(session, today, settings.upcoming_days, staff_id, limit)
            dormant, dormant_total = self._dormant(session, today, settings.dormant_months, staff_id, limit)
            skips = self._consent_skips(session, today, staff_id, limit)
        return TodayList(
            today,
            groups,
            birthdays,
            birthdays_total,
            life_events,
            items,
            items_total,
            dormant,
            dormant_total,
            skips,
            settings.birthday_days,
            settings.upcoming_days,
            settings.dormant_months,
            staff,
        )

    def counts_by_day(
        self,
        start: date,
        end: date,
        *,
        staff: str | None = None,
        status: FollowUpStatus | None = FollowUpStatus.OPEN,
    ) -> dict[date, int]:
        """How many follow-ups fall on each day between two dates (for the month calendar)."""
        with self.ctx.db.read() as session:
            query = (
                select(FollowUpRow.due_date, func.count(FollowUpRow.id))
                .join(Customer, Customer.id == FollowUpRow.customer_id)
                .where(FollowUpRow.due_date.between(start, end), Customer.deleted_at.is_(None))
                .group_by(FollowUpRow.due_date)
            )
            if status is not None:
                query = query.where(FollowUpRow.status == status.value)
            if staff:
                query = query.join(Staff, Staff.id == FollowUpRow.staff_id).where(Staff.name == staff)
            return {d: int(n) for d, n in session.execute(query).tuples()}

    # ------------------------------------------------------------------ sections
    @staticmethod
    def _staff_id(session: Session, staff: str | None) -> int | None:
        if not staff:
            return None
        found = session.scalar(select(Staff.id).where(Staff.name == staff.strip()))
        return int(found) if found is not None else None

    def _groups(
        self, session: Session, today: date, staff_id: int | None, limit: int
    ) -> tuple[FollowUpGroup, ...]:
        where = [
            FollowUpRow.status == FollowUpStatus.OPEN.value,
            FollowUpRow.due_date <= today,
            Customer.deleted_at.is_(None),
        ]
        if staff_id is not None:
            where.append(FollowUpRow.staff_id == staff_id)
        counts = {
            kind: (int(total), int(overdue or 0))
            for kind, total, overdue in session.execute(
                select(
                    FollowUpRow.kind,
                    func.count(FollowUpRow.id),
                    func.sum(case((FollowUpRow.due_date < today, 1), else_=0)),
                )
                .join(Customer, Customer.id == FollowUpRow.customer_id)
                .where(*where)
                .group_by(FollowUpRow.kind)
            ).tuples()
        }
        rank = (
            func.row_number()
            .over(partition_by=FollowUpRow.kind, order_by=(FollowUpRow.due_date, FollowUpRow.id))
            .label("rank")
        )
        inner = (
            select(
                FollowUpRow.id,
                FollowUpRow.customer_id,
                Customer.name,
                Customer.code,
                FollowUpRow.kind,
                FollowUpRow.due_date,
                FollowUpRow.reason,
                FollowUpRow.staff_id,
                rank,
            )
            .join(Customer, Customer.id == FollowUpRow.customer_id)
            .where(*where)
            .subquery()
        )
        rows = session.execute(
            select(inner, Staff.name.label("staff_name"))
            .outerjoin(Staff, Staff.id == inner.c.staff_id)
            .where(inner.c.rank <= limit)
            .order_by(inner.c.due_date, inner.c.id)
        ).all()
        phones = _first_phones(session, {r.customer_id for r in rows})
        by_kind: dict[str, list[DueFollowUp]] = {}
        for r in rows:
            by_kind.setdefault(r.kind, []).append(
                DueFollowUp(
                    id=r.id,
                    customer_id=r.customer_id,
                    customer_name=r.name,
                    customer_code=r.code,
                    kind=FollowUpKind(r.kind),
                    due_date=r.due_date,
                    reason=r.reason,
                    staff=r.staff_name,
                    days_overdue=(today - r.due_date).days,
                    phone=phones.get(r.customer_id),
                )
            )
        return tuple(
            FollowUpGroup(
                kind,
                GROUP_LABELS_JA[kind],
                tuple(by_kind.get(kind.value, ())),
                counts.get(kind.value, (0, 0))[0],
                counts.get(kind.value, (0, 0))[1],
            )
            for kind in GROUP_ORDER
        )

    def _birthdays(
        self, session: Session, today: date, days: int, staff_id: int | None, limit: int
    ) -> tuple[tuple[UpcomingBirthday, ...], int]:
        last = today + timedelta(days=days)
        live = _live(staff_id)
        found: list[UpcomingBirthday] = []
        customers = session.execute(
            select(Customer.id, Customer.name, Customer.birthday).where(
                live, birthday_clause(session, Customer.birthday, today, last)
            )
        ).tuples()
        for cid, name, birthday in customers:
            if birthday is not None:
                found.append(_birthday(cid, name, name, "", birthday, today))
        members = session.execute(
            select(
                Customer.id,
                Customer.name,
                FamilyMemberRow.name,
                FamilyMemberRow.relation,
                FamilyMemberRow.birthday,
            )
            .join(Customer, Customer.id == FamilyMemberRow.customer_id)
            .where(live, birthday_clause(session, FamilyMemberRow.birthday, today, last))
        ).tuples()
        for cid, name, member, relation, birthday in members:
            if birthday is not None:
                found.append(_birthday(cid, name, member, relation or "家族", birthday, today))
        found = [b for b in found if b.days_until <= days]
        found.sort(key=lambda b: (b.day, b.customer_id, b.is_family, b.person_name))
        return tuple(found[:limit]), len(found)

    def _life_events(
        self, session: Session, today: date, days: int, staff_id: int | None, limit: int
    ) -> tuple[LifeEvent, ...]:
        last = today + timedelta(days=days)
        live = _live(staff_id)
        found: list[LifeEvent] = []

        def clause(column: Any) -> ColumnElement[bool]:
            ranges = [milestone_birth_range(m, today, last) for m in Milestone]
            parts = [column.between(*r) for r in ranges if r is not None]
            return or_(*parts) if parts else false()

        people: list[tuple[int, str, str, str, date]] = [
            (cid, name, name, "", birthday)
            for cid, name, birthday in session.execute(
                select(Customer.id, Customer.name, Customer.birthday).where(live, clause(Customer.birthday))
            ).tuples()
            if birthday is not None
        ]
        people += [
            (cid, name, member, relation or "家族", birthday)
            for cid, name, member, relation, birthday in session.execute(
                select(
                    Customer.id,
                    Customer.name,
                    FamilyMemberRow.name,
                    FamilyMemberRow.relation,
                    FamilyMemberRow.birthday,
                )
                .join(Customer, Customer.id == FamilyMemberRow.customer_id)
                .where(live, clause(FamilyMemberRow.birthday))
            ).tuples()
            if birthday is not None
        ]
        for cid, name, person, relation, birthday in people:
            for m in milestones_between(birthday, today, last):
                found.append(
                    LifeEvent(
                        cid, name, person, relation, m.milestone, m.label, m.day, m.age, (m.day - today).days
                    )
                )
        found.sort(key=lambda e: (e.day, e.customer_id, e.person_name))
        return tuple(found[:limit])

    def _item_dates(
        self, session: Session, today: date, days: int, staff_id: int | None, limit: int
    ) -> tuple[tuple[UpcomingItemDate, ...], int]:
        last = today + timedelta(days=days)
        live = _live(staff_id)
        found: list[UpcomingItemDate] = []
        total = 0
        planned = exists().where(
            FollowUpRow.item_id == OwnedItemRow.id, FollowUpRow.status == FollowUpStatus.OPEN.value
        )
        for field, label in ITEM_DATE_FIELDS.items():
            column = getattr(OwnedItemRow, field)
            where = [column.between(today, last), live]
            total += int(
                session.scalar(
                    select(func.count(OwnedItemRow.id))
                    .join(Customer, Customer.id == OwnedItemRow.customer_id)
                    .where(*where)
                )
                or 0
            )
            rows = session.execute(
                select(
                    OwnedItemRow.customer_id,
                    Customer.name,
                    OwnedItemRow.id,
                    OwnedItemRow.name,
                    OwnedItemRow.identifier,
                    column,
                    planned.label("planned"),
                )
                .join(Customer, Customer.id == OwnedItemRow.customer_id)
                .where(*where)
                .order_by(column, OwnedItemRow.id)
                .limit(limit)
            ).tuples()
            for cid, name, item_id, item_name, identifier, day, is_planned in rows:
                found.append(
                    UpcomingItemDate(
                        cid,
                        name,
                        item_id,
                        item_name,
                        identifier,
                        field,
                        label,
                        day,
                        (day - today).days,
                        bool(is_planned),
                    )
                )
        found.sort(key=lambda i: (i.day, i.customer_id, i.item_id, i.field))
        return tuple(found[:limit]), total

    def _dormant(
        self, session: Session, today: date, months: int, staff_id: int | None, limit: int
    ) -> tuple[tuple[DormantCustomer, ...], int]:
        if months <= 0:
            return (), 0
        cutoff_day = add_months(today, -months)
        cutoff = datetime.combine(cutoff_day, time()).astimezone().astimezone(UTC)
        nothing_planned = ~exists().where(
            FollowUpRow.customer_id == Customer.id, FollowUpRow.status == FollowUpStatus.OPEN.value
        )
        quiet = or_(
            Customer.last_contact_at < cutoff,
            and_(Customer.last_contact_at.is_(None), Customer.created_at < cutoff),
        )
        where = [_live(staff_id), Customer.phase != Phase.LOST.value, quiet, nothing_planned]
        total = int(session.scalar(select(func.count(Customer.id)).where(*where)) or 0)
        rows = session.execute(
            select(
                Customer.id,
                Customer.name,
                Customer.code,
                Customer.phase,
                Staff.name,
                Customer.last_contact_at,
                Customer.created_at,
            )
            .outerjoin(Staff, Staff.id == Customer.staff_id)
            .where(*where)
            .order_by(Customer.last_contact_at.desc().nulls_last(), Customer.id)
            .limit(limit)
        ).tuples()
        found = []
        for cid, name, code, phase, staff, last_contact, created in rows:
            since = (last_contact or created).astimezone().date()
            found.append(
                DormantCustomer(
                    cid,
                    name,
                    code,
                    Phase(phase),
                    staff,
                    last_contact.astimezone().date() if last_contact else None,
                    _months_between(since, today),
                )
            )
        return tuple(found), total

    def _consent_skips(
        self, session: Session, today: date, staff_id: int | None, limit: int
    ) -> tuple[ConsentSkip, ...]:
        where = [
            FollowUpRow.status == FollowUpStatus.SKIPPED.value,
            FollowUpRow.due_date.between(
                today - timedelta(days=CONSENT_NOTE_DAYS), today + timedelta(days=CONSENT_NOTE_DAYS)
            ),
            FollowUpRow.result_event_id.is_(None),
            FollowUpRow.result.like(f"{CONSENT_SKIP_PREFIX}%"),
            Customer.deleted_at.is_(None),
        ]
        if staff_id is not None:
            where.append(FollowUpRow.staff_id == staff_id)
        rows = session.execute(
            select(
                FollowUpRow.id,
                FollowUpRow.customer_id,
                Customer.name,
                FollowUpRow.kind,
                FollowUpRow.due_date,
                FollowUpRow.reason,
                FollowUpRow.result,
            )
            .join(Customer, Customer.id == FollowUpRow.customer_id)
            .where(*where)
            .order_by(FollowUpRow.due_date, FollowUpRow.id)
            .limit(limit)
        ).tuples()
        return tuple(
            ConsentSkip(fid, cid, name, FollowUpKind(kind), due, reason, result[len(CONSENT_SKIP_PREFIX) :])
            for fid, cid, name, kind, due, reason, result in rows
        )


# ---------------------------------------------------------------------------------------------- helpers


def _settings(session: Session) -> StoreSettings:
    row = session.get(StoreSetting, STORE_SETTINGS_KEY)
    return StoreSettings.from_dict(row.value if row else None)


def _live(staff_id: int | None) -> ColumnElement[bool]:
    clause = Customer.deleted_at.is_(None)
    if staff_id is not None:
        return and_(clause, Customer.staff_id == staff_id)
    return clause


def _birthday(
    cid: int, name: str, person: str, relation: str, birthday: date, today: date
) -> UpcomingBirthday:
    day = next_birthday(birthday, today)
    age = day.year - birthday.year
    milestone = AGE_MILESTONES.get(age)
    return UpcomingBirthday(
        cid,
        name,
        person,
        relation,
        birthday,
        day,
        age,
        (day - today).days,
        MILESTONE_LABELS_JA[milestone] if milestone else None,
    )


def _months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def _first_phones(session: Session, customer_ids: set[int]) -> dict[int, str]:
    """Each customer's first phone number (mobile or home, in the card's order)."""
    if not customer_ids:
        return {}
    phones: dict[int, str] = {}
    ids: Sequence[int] = sorted(customer_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = session.execute(
            select(ContactPointRow.customer_id, ContactPointRow.value)
            .where(
                ContactPointRow.customer_id.in_(chunk),
                ContactPointRow.kind.in_(("mobile", "phone", "work")),
            )
            .order_by(ContactPointRow.customer_id, ContactPointRow.position)
        ).tuples()
        for cid, value in rows:
            phones.setdefault(cid, value)
    return phones


__all__ = [
    "ConsentSkip",
    "DormantCustomer",
    "DueFollowUp",
    "FollowUpGroup",
    "LifeEvent",
    "TodayList",
    "TodayService",
    "UpcomingBirthday",
    "UpcomingItemDate",
    "birthday_clause",
]
