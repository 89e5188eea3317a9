"""Reminders on the desktop: what is due now, said once, for a tray notification (no Qt here).

`ReminderService.check()` is called at start and then every few minutes while the app runs. The first check of a
day gives a summary of everything due today and overdue; later checks speak only of follow-ups that became due
since (someone planned a call for today, a scenario added a letter); nothing due, or nothing new, gives None. No mail
server and no scheduled task is needed for a reminder to reach the staff at the PC.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from crmdesk.domain.values import FOLLOWUP_LABELS_JA, FollowUpKind, FollowUpStatus
from crmdesk.services.context import ServiceContext
from crmdesk.storage.models import Customer, FollowUpRow, Staff

NAMES_SHOWN = 3


@dataclass(frozen=True)
class Reminder:
    title: str  # 本日のフォロー 12件
    message: str  # 電話 5件・手紙 4件・ギフト 3件（うち期限切れ 3件）\n山田 太郎様（電話）、…
    follow_up_ids: tuple[int, ...]
    due_today: int
    overdue: int
    first_of_day: bool


@dataclass
class ReminderService:
    ctx: ServiceContext
    staff: str | None = None  # only this staff member's follow-ups (None = everyone's)
    _day: date | None = None
    _seen: set[int] = field(default_factory=set)

    def check(self) -> Reminder | None:
        """What to say now, or None when there is nothing (new) to say."""
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
        parts = "・".join(
            f"{FOLLOWUP_LABELS_JA[kind]} {count}件"
            for kind, count in sorted(kinds.items(), key=lambda kv: -kv[1])
        )
        if overdue:
            parts += f"（うち期限切れ {overdue}件）"
        shown = self._names({row[3] for row in fresh[:NAMES_SHOWN]})
        names = "、".join(
            f"{shown.get(row[3], '')}様（{FOLLOWUP_LABELS_JA[FollowUpKind(row[2])]}）"
            for row in fresh[:NAMES_SHOWN]
        )
        if len(fresh) > NAMES_SHOWN:
            names += f" ほか{len(fresh) - NAMES_SHOWN}件"
        title = f"本日のフォロー {len(fresh)}件" if first else f"新しいフォロー {len(fresh)}件"
        return Reminder(
            title=title,
            message=f"{parts}\n{names}",
            follow_up_ids=tuple(row[0] for row in fresh),
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
