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

from sqlalchemy import func, select

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
        names = "、".join(
            f"{row[3]}様（{FOLLOWUP_LABELS_JA[FollowUpKind(row[2])]}）" for row in fresh[:NAMES_SHOWN]
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

    def _due(self, today: date) -> list[tuple[int, date, str, str]]:
        """(id, due date, kind, customer name) of the open follow-ups due by today: today's first, then by date."""
        with self.ctx.db.read() as session:
            query = (
                select(FollowUpRow.id, FollowUpRow.due_date, FollowUpRow.kind, Customer.name)
                .join(Customer, Customer.id == FollowUpRow.customer_id)
                .where(
                    FollowUpRow.status == FollowUpStatus.OPEN.value,
                    FollowUpRow.due_date <= today,
                    func.coalesce(Customer.deleted_at, Customer.deleted_at).is_(None),
                )
                .order_by(FollowUpRow.due_date.desc(), FollowUpRow.id)
            )
            if self.staff:
                query = query.join(Staff, Staff.id == FollowUpRow.staff_id).where(Staff.name == self.staff)
            return [(fid, due, kind, name) for fid, due, kind, name in session.execute(query)]
