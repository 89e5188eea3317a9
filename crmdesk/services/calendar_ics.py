"""Export the follow-ups as an iCalendar (.ics) file, so staff see them in the calendar on their phone.

Each open follow-up is an all-day VEVENT on its due date: the summary says what to do and for whom
("電話: 山田 太郎様"), the description says why (the reason) and who is in charge. UIDs are stable, so importing
the file again updates the events instead of doubling them.
"""

from __future__ import annotations

import os
from datetime import UTC, timedelta
from pathlib import Path

import icalendar
from sqlalchemy import select

from crmdesk import __version__
from crmdesk.domain.values import FOLLOWUP_LABELS_JA, FollowUpKind, FollowUpStatus
from crmdesk.services.context import ServiceContext
from crmdesk.storage.models import Customer, FollowUpRow, Staff

PRODID = f"-//crmdesk//crmdesk {__version__}//JA"


def export_ics(ctx: ServiceContext, path: Path | str, staff: str | None = None) -> int:
    """Write the open follow-ups (all, or one staff member's) to `path`. Returns how many were written.

    The file is written next to its destination first and moved into place, so a phone syncing the file never
    reads half of it.
    """
    target = Path(path)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"フォロー予定（{staff}）" if staff else "フォロー予定")
    calendar.add("x-wr-timezone", "Asia/Tokyo")
    stamp = ctx.now().astimezone(UTC)
    count = 0
    with ctx.db.read() as session:
        query = (
            select(
                FollowUpRow.id,
                FollowUpRow.due_date,
                FollowUpRow.kind,
                FollowUpRow.reason,
                FollowUpRow.updated_at,
                Customer.id,
                Customer.name,
                Customer.honorific,
                Customer.code,
                Staff.name,
            )
            .join(Customer, Customer.id == FollowUpRow.customer_id)
            .outerjoin(Staff, Staff.id == FollowUpRow.staff_id)
            .where(FollowUpRow.status == FollowUpStatus.OPEN.value, Customer.deleted_at.is_(None))
            .order_by(FollowUpRow.due_date, FollowUpRow.id)
        )
        if staff:
            query = query.where(Staff.name == staff.strip())
        for fid, due, kind, reason, updated, cid, name, honorific, code, staff_name in session.execute(query):
            label = FOLLOWUP_LABELS_JA[FollowUpKind(kind)]
            event = icalendar.Event()
            event.add("uid", f"follow-up-{fid}@crmdesk")
            event.add("dtstamp", stamp)
            event.add("last-modified", (updated or stamp).astimezone(UTC))
            event.add("dtstart", due)
            event.add("dtend", due + timedelta(days=1))
            event.add("summary", f"{label}: {name}{honorific}")
            lines = [reason]
            if staff_name:
                lines.append(f"担当: {staff_name}")
            lines.append(f"顧客: {name}{honorific}（{code or f'ID {cid}'}）")
            event.add("description", "\n".join(lines))
            event.add("categories", [label])
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
            count += 1
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.tmp")
    temp.write_bytes(calendar.to_ical())
    os.replace(temp, target)
    return count
