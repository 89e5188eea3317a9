"""What every service needs: the database, who is working, the clock, and where to report changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from crmdesk.services.changes import ChangeBus, Changes
from crmdesk.storage.database import Database
from crmdesk.storage.models import AuditLog, Staff


def _system_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class ServiceContext:
    db: Database
    staff_name: str | None = None  # who is working on this PC; every edit is recorded under this name
    clock: Callable[[], datetime] = _system_now
    bus: ChangeBus = field(default_factory=ChangeBus)

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().astimezone().date()

    def publish(self, changes: Changes) -> Changes:
        self.bus.publish(changes)
        return changes

    def audit(
        self,
        session: Session,
        action: str,
        entity: str,
        entity_id: int | None,
        customer_id: int | None = None,
        **details: Any,
    ) -> None:
        session.add(
            AuditLog(
                at=self.now(),
                staff=self.staff_name,
                action=action,
                entity=entity,
                entity_id=entity_id,
                customer_id=customer_id,
                details=details,
            )
        )

    def staff_id(self, session: Session, name: str | None = None) -> int | None:
        """The id of a staff member by name (the current one by default), created on first use."""
        wanted = (name if name is not None else self.staff_name) or ""
        wanted = wanted.strip()
        if not wanted:
            return None
        found = session.query(Staff.id).filter(Staff.name == wanted).scalar()
        if found is not None:
            return int(found)
        staff = Staff(name=wanted, active=True, created_at=self.now())
        session.add(staff)
        session.flush()
        return staff.id
