"""`crmdesk --self-test`: migrations, demo data, a card (then search and a printed page), in a temporary folder.

Runs without a screen (the frozen app's smoke test). Exits 0, or non-zero naming the step that failed.
"""

from __future__ import annotations

import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from crmdesk.services.bundle import Services
from crmdesk.services.demo import DemoGenerator
from crmdesk.storage.database import Database
from crmdesk.storage.migrate import current_revision, head_revision, upgrade


def run_self_test(out: Callable[[str], None] = print) -> int:
    with tempfile.TemporaryDirectory(prefix="crmdesk-selftest-") as folder:
        root = Path(folder)
        db = Database.open(str(root / "selftest.sqlite3"))
        services = Services.build(db, staff_name="セルフテスト")
        steps: list[tuple[str, Callable[[], str]]] = [
            ("migrations", lambda: _migrate(db)),
            ("demo", lambda: _demo(services)),
            ("card", lambda: _card(services)),
        ]
        try:
            for name, step in steps:
                try:
                    detail = step()
                except Exception as exc:  # report which step failed, with the reason
                    out(f"FAIL {name}: {exc}")
                    traceback.print_exc(file=sys.stderr)
                    return 1
                out(f"ok   {name}: {detail}")
        finally:
            db.dispose()
    out("self-test passed")
    return 0


def _migrate(db: Database) -> str:
    upgrade(db)
    revision = current_revision(db)
    if revision != head_revision():
        raise RuntimeError(f"revision {revision} after upgrade, expected {head_revision()}")
    return f"revision {revision}"


def _demo(services: Services) -> str:
    result = DemoGenerator(services.ctx).generate(30, kind="dealer", seed=7)
    if services.customers.count() != 30:
        raise RuntimeError(f"expected 30 customers, found {services.customers.count()}")
    return f"{result.customers} customers, {result.events} events"


def _card(services: Services) -> str:
    card = services.customers.card(1)
    if not card.name or not card.events:
        raise RuntimeError("the first demo card has no name or no history")
    return f"{card.name} with {len(card.events)} events"
