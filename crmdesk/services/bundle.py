"""All the services of one open database, built once by the composition root and handed to GUI and CLI."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING

from crmdesk.services.context import ServiceContext
from crmdesk.services.customers import CustomerService
from crmdesk.services.duplicates import DuplicateService
from crmdesk.services.followups import FollowUpService
from crmdesk.services.history import HistoryService
from crmdesk.services.scenarios import ScenarioService
from crmdesk.services.search import SearchService
from crmdesk.services.store import StoreService
from crmdesk.services.today import TodayService
from crmdesk.storage.database import Database

if TYPE_CHECKING:  # built when first used: ReportLab and the import readers are not needed to show the window
    from crmdesk.services.importing.service import ImportService
    from crmdesk.services.printing_jobs import PrintingService


@dataclass
class Services:
    ctx: ServiceContext
    customers: CustomerService
    history: HistoryService
    followups: FollowUpService
    store: StoreService
    scenarios: ScenarioService
    today: TodayService
    search: SearchService
    duplicates: DuplicateService

    @cached_property
    def printing(self) -> PrintingService:
        from crmdesk.services.printing_jobs import PrintingService

        return PrintingService(self.ctx)

    @cached_property
    def imports(self) -> ImportService:
        from crmdesk.services.importing.service import ImportService

        return ImportService(self.ctx)

    @classmethod
    def build(
        cls, db: Database, *, staff_name: str | None = None, clock: Callable[[], datetime] | None = None
    ) -> Services:
        ctx = ServiceContext(db=db, staff_name=staff_name)
        if clock is not None:
            ctx.clock = clock
        return cls(
            ctx=ctx,
            customers=CustomerService(ctx),
            history=HistoryService(ctx),
            followups=FollowUpService(ctx),
            store=StoreService(ctx),
            scenarios=ScenarioService(ctx),
            today=TodayService(ctx),
            search=SearchService(ctx),
            duplicates=DuplicateService(ctx),
        )

    def set_staff(self, name: str | None) -> None:
        """Who is working now: every later edit and log is recorded under this name."""
        self.ctx.staff_name = name or None
