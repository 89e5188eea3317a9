"""Reminders on the desktop: what is due now, once, for a tray notification (no Qt here, and no sentences).

`ReminderService.check()` is called at start and then every few minutes while the app runs (the GUI calls it off its
thread). The first check of a day gives a summary of everything due today and overdue; later checks speak only of
follow-ups that became due since (someone planned a call for today, a scenario added a letter); nothing due, or nothing
new, gives None. No mail server and no scheduled task is needed for a reminder to reach the staff at the PC.

The result is data (how many of each kind, how many overdue, the first few customers' names): the front end words it
in the user's language (`crmdesk/gui/tray.py`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from crmdesk.domain.values import FollowUpKind, FollowUpStatus
from crmdesk.services.context import ServiceContext
from crmdesk.storage.models import Customer, FollowUpRow, Staff

NAMES_SHOWN = 3


@dataclass(frozen=True)
class ReminderEntry:
    """One follow-up named in a reminder."""

    follow_up_id: int
    customer_id: int
    customer_name: str
    kind: FollowUpKind
    due_date: date
    overdue: bool


@dataclass(frozen=True)
class Reminder:
    """What to tell the staff now: follow-ups due today or overdue (all on the day's first check, else only new)."""

    follow_up_ids: tuple[int, ...]  # today's first, then by date (newest overdue first)
    kinds: tuple[tuple[FollowUpKind, int], ...]  # how many of each kind, the most first
    shown: tuple[ReminderEntry, ...]  # the first NAMES_SHOWN follow-ups, with their customer's name
    due_today: int
    overdue: int
    first_of_day: bool  # the day's summary (else: only what became due since the last check)

    @property
    def total(self) -> int:
        return len(self.follow_up_ids)

    @property
    def not_shown(self) -> int:
        """How many follow-ups the names leave out ("ほか2件")."""
        return self.total - len(self.shown)


@dataclass
class ReminderService:
    ctx: ServiceContext
    staff: str | None = None  # only this staff member's follow-ups (None = everyone's)
    _day: date | None = None
    _seen: set[int] = field(default_factory=set)

    def check(self) -> Reminder | None:
        """What to say now, or None when there is nothing (new) to say. One check at a time (it keeps what it
        has already said)."""
        today = self.ctx.today()
        first = self._day != today
        if first:
            self._day = today
            self._seen = set()
        due = self._due(today)
        fresh = [row for row in due if row[0] not in self._seen]
        self._seen.update(row[0] for row in due)
        if not fresh:
            return None
        overdue = sum(1 for row in fresh if row[1] < today)
        kinds = Counter(FollowUpKind(row[2]) for row in fresh)
        names = self._names({row[3] for row in fresh[:NAMES_SHOWN]})
        return Reminder(
            follow_up_ids=tuple(row[0] for row in fresh),
            kinds=tuple(sorted(kinds.items(), key=lambda kv: -kv[1])),
            shown=tuple(
                ReminderEntry(fid, cid, names.get(cid, ""), FollowUpKind(kind), due_date, due_date < today)
                for fid, due_date, kind, cid in fresh[:NAMES_SHOWN]
            ),
            due_today=len(fresh) - overdue,
            overdue=overdue,
            first_of_day=first,
        )

    def _due(self, today: date) -> list[tuple[int, date, str, int]]:
        """(id, due date, kind, customer id) of the open follow-ups due by today: today's first, then by date.

        Read on the (status, due) or (staff, status, due) index without joining the customers (a big store has
        thousands due); the few customers in the trash are left out by id, names are read only for those shown."""
        with self.ctx.db.read() as session:
            trash = set(session.scalars(select(Customer.id).where(Customer.deleted_at.is_not(None))))
            query = (
                select(FollowUpRow.id, FollowUpRow.due_date, FollowUpRow.kind, FollowUpRow.customer_id)
                .where(FollowUpRow.status == FollowUpStatus.OPEN.value, FollowUpRow.due_date <= today)
                .order_by(FollowUpRow.due_date.desc(), FollowUpRow.id)
            )
            if self.staff:
                staff_id = session.scalar(select(Staff.id).where(Staff.name == self.staff.strip()))
                if staff_id is None:
                    return []
                query = query.where(FollowUpRow.staff_id == staff_id)
            return [
                (fid, due, kind, cid) for fid, due, kind, cid in session.execute(query) if cid not in trash
            ]

    def _names(self, customer_ids: set[int]) -> dict[int, str]:
        if not customer_ids:
            return {}
        with self.ctx.db.read() as session:
            rows = session.execute(
                select(Customer.id, Customer.name).where(Customer.id.in_(sorted(customer_ids)))
            )
            return {cid: name for cid, name in rows}
