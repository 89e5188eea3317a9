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

import calendar
import contextlib
import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, case, exists, false, func, literal, or_, select
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
# What a birthday is besides a birthday: "還暦", or for 18 what it means to a car dealer.
BIRTHDAY_MILESTONE_LABELS = {
    age: ("運転免許が取れる年齢" if m is Milestone.LICENCE else MILESTONE_LABELS_JA[m])
    for age, m in AGE_MILESTONES.items()
}
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
    planned: bool = False  # an open follow-up is already planned


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
            scope = _Scope.of(session, staff)
            groups = self._groups(session, today, scope, limit)
            birthdays, birthdays_total = self._birthdays(session, today, settings.birthday_days, scope, limit)
            life_events = self._life_events(session, today, settings.upcoming_days, scope, limit)
            items, items_total = self._item_dates(session, today, settings.upcoming_days, scope, limit)
            dormant, dormant_total = self._dormant(session, today, settings.dormant_months, scope, limit)
            skips = self._consent_skips(session, today, scope, limit)
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
                .where(FollowUpRow.due_date.between(start, end), not_deleted())
                .group_by(FollowUpRow.due_date)
            )
            if status is not None:
                query = query.where(FollowUpRow.status == status.value)
            if staff:
                query = query.join(Staff, Staff.id == FollowUpRow.staff_id).where(Staff.name == staff)
            return {d: int(n) for d, n in session.execute(query)}

    # ------------------------------------------------------------------ sections
    # Rows are counted and chosen on indexes first; names and phones are read only for the rows shown. Customers in
    # the trash are few: their ids are read once and left out in Python instead of joining every row.

    def _groups(self, session: Session, today: date, scope: _Scope, limit: int) -> tuple[FollowUpGroup, ...]:
        where = [FollowUpRow.status == FollowUpStatus.OPEN.value, FollowUpRow.due_date <= today]
        if scope.staff_id is not None:
            where.append(FollowUpRow.staff_id == scope.staff_id)
        counted = select(
            FollowUpRow.kind,
            func.count(FollowUpRow.id),
            func.sum(case((FollowUpRow.due_date < today, 1), else_=0)),
        ).group_by(FollowUpRow.kind)
        counts: dict[str, list[int]] = {}
        for kind, total, overdue in session.execute(counted.where(*where)):
            counts[kind] = [int(total), int(overdue or 0)]
        if scope.trash:
            trashed = counted.join(Customer, Customer.id == FollowUpRow.customer_id).where(
                *where, Customer.deleted_at.is_not(None)
            )
            for kind, total, overdue in session.execute(trashed):
                counts[kind][0] -= int(total)
                counts[kind][1] -= int(overdue or 0)
        shown: dict[str, list[Any]] = {}
        for kind, (total, _) in counts.items():
            if total <= 0:
                continue
            query = (
                select(
                    FollowUpRow.id,
                    FollowUpRow.customer_id,
                    FollowUpRow.kind,
                    FollowUpRow.due_date,
                    FollowUpRow.reason,
                    FollowUpRow.staff_id,
                )
                .where(*where, FollowUpRow.kind == kind)
                .order_by(FollowUpRow.due_date, FollowUpRow.id)
            )
            rows = []
            for row in session.execute(query.limit(limit + len(scope.trash))).all():
                if row.customer_id not in scope.trash:
                    rows.append(row)
                    if len(rows) >= limit:
                        break
            shown[kind] = rows
        customer_ids = {r.customer_id for rows in shown.values() for r in rows}
        names = _customer_names(session, customer_ids)
        phones = _first_phones(session, customer_ids)
        staff_names = _staff_names(session)
        groups = []
        for kind in GROUP_ORDER:
            total, overdue = counts.get(kind.value, [0, 0])
            items = tuple(
                DueFollowUp(
                    id=r.id,
                    customer_id=r.customer_id,
                    customer_name=names.get(r.customer_id, ("", None))[0],
                    customer_code=names.get(r.customer_id, ("", None))[1],
                    kind=kind,
                    due_date=r.due_date,
                    reason=r.reason,
                    staff=staff_names.get(r.staff_id) if r.staff_id is not None else None,
                    days_overdue=(today - r.due_date).days,
                    phone=phones.get(r.customer_id),
                )
                for r in shown.get(kind.value, ())
            )
            groups.append(FollowUpGroup(kind, GROUP_LABELS_JA[kind], items, total, overdue))
        return tuple(groups)

    def _birthdays(
        self, session: Session, today: date, days: int, scope: _Scope, limit: int
    ) -> tuple[tuple[UpcomingBirthday, ...], int]:
        """Counted on the birthday indexes; the rows shown are read day by day (`birthday IN` the dates that are
        celebrated that day, one per birth year), stopping once the list is full."""
        last = today + timedelta(days=days)
        total = 0
        for column, customer_column in (
            (Customer.birthday, Customer.id),
            (FamilyMemberRow.birthday, FamilyMemberRow.customer_id),
        ):
            in_window = birthday_clause(session, column, today, last)
            counted = scope.restrict(
                select(func.count())
                .select_from(column.class_)
                .where(in_window, *scope.where(customer_column)),
                customer_column,
            )
            total += int(session.scalar(counted) or 0)
        first_year = _first_birth_year(session)
        chosen: list[tuple[date, int, int | None, date]] = []
        day = today
        while first_year is not None and day <= last and len(chosen) < limit:
            dates = _celebrated_on(day, first_year)
            found: list[tuple[int, int, int, date]] = [
                (cid, 0, 0, birthday)
                for cid, birthday in session.execute(
                    scope.restrict(
                        select(Customer.id, Customer.birthday).where(
                            Customer.birthday.in_(dates), *scope.where(Customer.id)
                        ),
                        Customer.id,
                    )
                )
                if birthday is not None and scope.allows(cid)
            ]
            found += [
                (cid, 1, fid, birthday)
                for cid, fid, birthday in session.execute(
                    scope.restrict(
                        select(
                            FamilyMemberRow.customer_id, FamilyMemberRow.id, FamilyMemberRow.birthday
                        ).where(
                            FamilyMemberRow.birthday.in_(dates), *scope.where(FamilyMemberRow.customer_id)
                        ),
                        FamilyMemberRow.customer_id,
                    )
                )
                if birthday is not None and scope.allows(cid)
            ]
            found.sort(key=lambda f: f[:3])
            chosen += [(day, cid, fid if family else None, birthday) for cid, family, fid, birthday in found]
            day += timedelta(days=1)
        chosen = chosen[:limit]
        names = _customer_names(session, {c[1] for c in chosen})
        members = _members(session, {c[2] for c in chosen if c[2] is not None})
        shown = []
        for day, cid, fid, birthday in chosen:
            name = names.get(cid, ("", None))[0]
            person, relation = members.get(fid, ("", "家族")) if fid is not None else (name, "")
            age = day.year - birthday.year
            shown.append(
                UpcomingBirthday(
                    cid,
                    name,
                    person,
                    relation,
                    birthday,
                    day,
                    age,
                    (day - today).days,
                    BIRTHDAY_MILESTONE_LABELS.get(age),
                )
            )
        return tuple(shown), total

    def _life_events(
        self, session: Session, today: date, days: int, scope: _Scope, limit: int
    ) -> tuple[LifeEvent, ...]:
        """For each milestone the people reaching it are one birthday range, and in birthday order is in date
        order: one short, index-ordered query per milestone and table, merged."""
        last = today + timedelta(days=days)
        keyed: list[tuple[date, int, int, int, Milestone, date, int]] = []
        for milestone in Milestone:
            birth_range = milestone_birth_range(milestone, today, last)
            if birth_range is None:
                continue
            for column, customer_column, member_column, row_id in (
                (Customer.birthday, Customer.id, None, Customer.id),
                (
                    FamilyMemberRow.birthday,
                    FamilyMemberRow.customer_id,
                    FamilyMemberRow.id,
                    FamilyMemberRow.id,
                ),
            ):
                query = scope.restrict(
                    select(
                        customer_column, member_column if member_column is not None else literal(0), column
                    )
                    .where(column.between(*birth_range), *scope.where(customer_column))
                    .order_by(column, customer_column, row_id)  # the birthday index's own order: no sort
                    .limit(limit),
                    customer_column,
                )
                for cid, fid, birthday in session.execute(query):
                    if birthday is None or not scope.allows(cid):
                        continue
                    for found in milestones_between(birthday, today, last, [milestone]):
                        family = 1 if member_column is not None else 0
                        keyed.append((found.day, cid, family, fid, milestone, birthday, found.age))
        chosen = heapq.nsmallest(limit, keyed, key=lambda k: k[:4])
        names = _customer_names(session, {k[1] for k in chosen})
        members = _members(session, {k[3] for k in chosen if k[2]})
        events = []
        for day, cid, family, fid, milestone, _, age in chosen:
            name = names.get(cid, ("", None))[0]
            person, relation = members.get(fid, ("", "家族")) if family else (name, "")
            events.append(
                LifeEvent(
                    cid,
                    name,
                    person,
                    relation,
                    milestone,
                    MILESTONE_LABELS_JA[milestone],
                    day,
                    age,
                    (day - today).days,
                )
            )
        return tuple(events)

    def _item_dates(
        self, session: Session, today: date, days: int, scope: _Scope, limit: int
    ) -> tuple[tuple[UpcomingItemDate, ...], int]:
        """Counted on the date indexes; the rows shown are the nearest dates, read in index order."""
        last = today + timedelta(days=days)
        chosen: list[tuple[date, int, int, str]] = []  # (day, customer id, item id, field)
        total = 0
        for field in ITEM_DATE_FIELDS:
            column = getattr(OwnedItemRow, field)
            in_range = column.between(today, last)
            total += int(
                session.scalar(
                    scope.restrict(
                        select(func.count(OwnedItemRow.id)).where(
                            in_range, *scope.where(OwnedItemRow.customer_id)
                        ),
                        OwnedItemRow.customer_id,
                    )
                )
                or 0
            )
            query = scope.restrict(
                select(column, OwnedItemRow.customer_id, OwnedItemRow.id)
                .where(in_range, *scope.where(OwnedItemRow.customer_id))
                .order_by(column, OwnedItemRow.customer_id, OwnedItemRow.id)  # the date index's order
                .limit(limit),
                OwnedItemRow.customer_id,
            )
            chosen += [(day, cid, item_id, field) for day, cid, item_id in session.execute(query)]
        chosen = heapq.nsmallest(limit, chosen, key=lambda c: (c[0], c[1], c[2], c[3]))
        names = _customer_names(session, {c[1] for c in chosen})
        planned = exists().where(
            FollowUpRow.item_id == OwnedItemRow.id, FollowUpRow.status == FollowUpStatus.OPEN.value
        )
        details = {
            item_id: (name, identifier, bool(is_planned))
            for item_id, name, identifier, is_planned in session.execute(
                select(
                    OwnedItemRow.id, OwnedItemRow.name, OwnedItemRow.identifier, planned.label("planned")
                ).where(OwnedItemRow.id.in_(sorted({c[2] for c in chosen})))
            )
        }
        found = []
        for day, cid, item_id, field in chosen:
            item_name, identifier, is_planned = details.get(item_id, ("", "", False))
            found.append(
                UpcomingItemDate(
                    cid,
                    names.get(cid, ("", None))[0],
                    item_id,
                    item_name,
                    identifier,
                    field,
                    ITEM_DATE_FIELDS[field],
                    day,
                    (day - today).days,
                    is_planned,
                )
            )
        return tuple(found), total

    def _dormant(
        self, session: Session, today: date, months: int, scope: _Scope, limit: int
    ) -> tuple[tuple[DormantCustomer, ...], int]:
        """Customers whose last contact (or, never contacted, whose card) is older than N months; lost and trashed
        ones left out. The ones who went quiet most recently come first: they are the ones still to win back."""
        if months <= 0:
            return (), 0
        cutoff_day = add_months(today, -months)
        cutoff = datetime.combine(cutoff_day, time()).astimezone().astimezone(UTC)
        quiet = or_(
            Customer.last_contact_at < cutoff,
            and_(Customer.last_contact_at.is_(None), Customer.created_at < cutoff),
        )
        keep = [Customer.phase != Phase.LOST.value, not_deleted()]
        if scope.staff_id is not None:
            keep.append(Customer.staff_id == scope.staff_id)
            total = int(session.scalar(select(func.count(Customer.id)).where(quiet, *keep)) or 0)
        else:
            # Count on the last-contact index, then take away the few lost and trashed customers.
            total = int(session.scalar(select(func.count(Customer.id)).where(quiet)) or 0)
            total -= int(
                session.scalar(
                    select(func.count(Customer.id)).where(Customer.phase == Phase.LOST.value, quiet)
                )
                or 0
            )
            if scope.trash:
                trashed = sorted(scope.trash)
                for start in range(0, len(trashed), 500):
                    total -= int(
                        session.scalar(
                            select(func.count(Customer.id)).where(
                                Customer.id.in_(trashed[start : start + 500]),
                                Customer.phase != Phase.LOST.value,
                                quiet,
                            )
                        )
                        or 0
                    )
        planned = exists().where(
            FollowUpRow.customer_id == Customer.id, FollowUpRow.status == FollowUpStatus.OPEN.value
        )
        columns = (
            Customer.id,
            Customer.name,
            Customer.code,
            Customer.phase,
            Customer.staff_id,
            Customer.last_contact_at,
            Customer.created_at,
            planned.label("planned"),
        )
        # Two index-ordered queries (the most recently quiet first, then never contacted), not one OR.
        rows = list(
            session.execute(
                select(*columns)
                .where(Customer.last_contact_at < cutoff, *keep)
                .order_by(Customer.last_contact_at.desc())
                .limit(limit)
            )
        )
        if len(rows) < limit:
            rows += session.execute(
                select(*columns)
                .where(Customer.last_contact_at.is_(None), Customer.created_at < cutoff, *keep)
                .order_by(Customer.created_at.desc())
                .limit(limit - len(rows))
            )
        staff_names = _staff_names(session)
        found = []
        for cid, name, code, phase, staff_id, last_contact, created, is_planned in rows:
            last_day = last_contact.astimezone().date() if last_contact else None
            since = last_day or created.astimezone().date()
            found.append(
                DormantCustomer(
                    cid,
                    name,
                    code,
                    Phase(phase),
                    staff_names.get(staff_id) if staff_id is not None else None,
                    last_day,
                    _months_between(since, today),
                    bool(is_planned),
                )
            )
        return tuple(found), max(0, total)

    def _consent_skips(
        self, session: Session, today: date, scope: _Scope, limit: int
    ) -> tuple[ConsentSkip, ...]:
        where = [
            FollowUpRow.status == FollowUpStatus.SKIPPED.value,
            FollowUpRow.due_date.between(
                today - timedelta(days=CONSENT_NOTE_DAYS), today + timedelta(days=CONSENT_NOTE_DAYS)
            ),
            FollowUpRow.result_event_id.is_(None),
            FollowUpRow.result.like(f"{CONSENT_SKIP_PREFIX}%"),
            not_deleted(),
        ]
        if scope.staff_id is not None:
            where.append(FollowUpRow.staff_id == scope.staff_id)
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
        )
        return tuple(
            ConsentSkip(fid, cid, name, FollowUpKind(kind), due, reason, result[len(CONSENT_SKIP_PREFIX) :])
            for fid, cid, name, kind, due, reason, result in rows
        )


# ---------------------------------------------------------------------------------------------- helpers


_Q = TypeVar("_Q", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True)
class _Scope:
    """Whose list it is: the store's (staff_id None) or one staff member's; and the customers in the trash."""

    staff_id: int | None
    trash: frozenset[int]

    @classmethod
    def of(cls, session: Session, staff: str | None) -> _Scope:
        trash = frozenset(session.scalars(select(Customer.id).where(Customer.deleted_at.is_not(None))))
        if not staff:
            return cls(None, trash)
        found = session.scalar(select(Staff.id).where(Staff.name == staff.strip()))
        return cls(int(found) if found is not None else -1, trash)  # an unknown name: nothing is theirs

    def allows(self, customer_id: int) -> bool:
        return customer_id not in self.trash

    @property
    def one_staff(self) -> bool:
        return self.staff_id is not None

    def where(self, customer_id: Any) -> list[ColumnElement[bool]]:
        """SQL conditions on a customer id column leaving out the trash (few rows: a short NOT IN)."""
        if self.trash:
            return [customer_id.not_in(sorted(self.trash))]
        return []

    def restrict(self, query: _Q, customer_id: Any) -> _Q:
        """One staff member's rows only. Rows are found on their date index (which holds the customer id too, see
        migration 0003) and look up their customer by primary key; `staff_id + 0` keeps the planner on the
        (selective) date index rather than walking a fifth of the store through the staff index."""
        if self.staff_id is None:
            return query
        mine = (Customer.staff_id + 0) == self.staff_id
        if customer_id is Customer.id:
            return query.where(mine)
        return query.join(Customer, Customer.id == customer_id).where(mine)


def _settings(session: Session) -> StoreSettings:
    row = session.get(StoreSetting, STORE_SETTINGS_KEY)
    return StoreSettings.from_dict(row.value if row else None)


def not_deleted() -> ColumnElement[bool]:
    """Customer not in the trash, written so that no planner walks the deleted_at index for it: almost every
    row matches, and SQLite without statistics would otherwise pick that index over the selective one."""
    return func.coalesce(Customer.deleted_at, Customer.deleted_at).is_(None)


def _live(staff_id: int | None) -> ColumnElement[bool]:
    clause = not_deleted()
    if staff_id is not None:
        return and_(clause, Customer.staff_id == staff_id)
    return clause


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
        )
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


def _customer_names(session: Session, customer_ids: set[int]) -> dict[int, tuple[str, str | None]]:
    names: dict[int, tuple[str, str | None]] = {}
    ids = sorted(customer_ids)
    for start in range(0, len(ids), 500):
        query = select(Customer.id, Customer.name, Customer.code).where(
            Customer.id.in_(ids[start : start + 500])
        )
        for cid, name, code in session.execute(query):
            names[cid] = (name, code)
    return names


def _members(session: Session, member_ids: set[int]) -> dict[int, tuple[str, str]]:
    found: dict[int, tuple[str, str]] = {}
    ids = sorted(member_ids)
    for start in range(0, len(ids), 500):
        query = select(FamilyMemberRow.id, FamilyMemberRow.name, FamilyMemberRow.relation).where(
            FamilyMemberRow.id.in_(ids[start : start + 500])
        )
        for fid, name, relation in session.execute(query):
            found[fid] = (name, relation or "家族")
    return found


def _staff_names(session: Session) -> dict[int, str]:
    return {sid: name for sid, name in session.execute(select(Staff.id, Staff.name))}


def _first_birth_year(session: Session) -> int | None:
    years = [
        found.year
        for found in (
            session.scalar(select(func.min(Customer.birthday))),
            session.scalar(select(func.min(FamilyMemberRow.birthday))),
        )
        if found is not None
    ]
    return min(years) if years else None


def _celebrated_on(day: date, first_year: int) -> list[date]:
    """Every birth date whose birthday is celebrated on `day` (Feb 29 births on Feb 28 in a common year)."""
    dates = []
    for year in range(first_year, day.year + 1):
        with contextlib.suppress(ValueError):
            dates.append(date(year, day.month, day.day))
        if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year) and calendar.isleap(year):
            dates.append(date(year, 2, 29))
    return dates
