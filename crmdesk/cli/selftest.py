"""`crmdesk --self-test`: migrations, demo data, a card, search and a printed page, in a temporary folder.

Runs without a screen (the frozen app's smoke test: `build_spec.py` runs it on every build). Prints one line per
step (`ok   <step>: <detail>`), then `self-test passed` and exits 0 — or prints `FAIL <step>: <reason>` and exits
1 at the first step that fails, with the traceback on stderr. Nothing outside the temporary folder is touched.
"""

from __future__ import annotations

import re
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from crmdesk.printing.layouts import LayoutKind
from crmdesk.services.bundle import Services
from crmdesk.services.demo import DemoGenerator
from crmdesk.services.printing_jobs import PrintingService, PrintRequest, Selection
from crmdesk.services.search import SearchService
from crmdesk.storage.database import Database
from crmdesk.storage.migrate import current_revision, head_revision, upgrade

DEMO_CUSTOMERS = 30
PRINT_TEMPLATE = "thanks"  # お礼状: a one-page letter in Mincho with the store's name merged in

STEP_NAMES = ("migrations", "demo", "card", "search", "print")


@dataclass
class SelfTest:
    """The steps share one temporary database; later steps use what earlier ones made."""

    folder: Path
    db: Database
    services: Services
    first_card_id: int = 0
    notes: dict[str, str] = field(default_factory=dict)

    def steps(self) -> list[tuple[str, Callable[[], str]]]:
        return [
            ("migrations", self.migrations),
            ("demo", self.demo),
            ("card", self.card),
            ("search", self.search),
            ("print", self.print_page),
        ]

    def migrations(self) -> str:
        upgrade(self.db)
        revision = current_revision(self.db)
        if revision != head_revision():
            raise RuntimeError(f"revision {revision} after upgrade, expected {head_revision()}")
        return f"revision {revision}"

    def demo(self) -> str:
        result = DemoGenerator(self.services.ctx).generate(DEMO_CUSTOMERS, kind="dealer", seed=7)
        count = self.services.customers.count()
        if count != DEMO_CUSTOMERS:
            raise RuntimeError(f"expected {DEMO_CUSTOMERS} customers, found {count}")
        return f"{result.customers} customers, {result.events} events"

    def card(self) -> str:
        card = self.services.customers.card(1)
        if not card.name or not card.events:
            raise RuntimeError("the first demo card has no name or no history")
        self.first_card_id = card.id
        return f"{card.name} with {len(card.events)} events"

    def search(self) -> str:
        """The first card is found by its name and by its reading, ranked as an exact match."""
        card = self.services.customers.card(self.first_card_id or 1)
        search = SearchService(self.services.ctx)
        found: list[str] = []
        for label, query in (("name", card.name), ("reading", card.name_kana)):
            if not query:
                continue
            hits = search.search_ids(query, limit=20)
            ranks = {hit.customer_id: hit for hit in hits}
            if card.id not in ranks:
                raise RuntimeError(f"searching the {label} {query!r} did not find customer {card.id}")
            hit = ranks[card.id]
            if hit.rank != 0:
                raise RuntimeError(
                    f"searching the {label} {query!r} ranked customer {card.id} {hit.rank}, not 0"
                )
            found.append(f"{label} {query!r} → {len(hits)} hit(s)")
        if not found:
            raise RuntimeError(f"customer {card.id} has neither a name nor a reading to search")
        return ", ".join(found)

    def print_page(self) -> str:
        """One お礼状 for one demo customer who may receive letters, as a one-page PDF with embedded fonts."""
        printing = PrintingService(self.services.ctx)
        ids = tuple(range(1, DEMO_CUSTOMERS + 1))
        plan = printing.plan(
            PrintRequest(
                layout=LayoutKind.LETTER, selection=Selection(customer_ids=ids), template=PRINT_TEMPLATE
            )
        )
        blocked = {problem.customer_id for problem in plan.problems if problem.blocking}
        printable = [piece for piece in plan.pieces if piece.customer_id not in blocked]
        if not printable:
            raise RuntimeError(f"none of the {len(ids)} demo customers can receive a letter")
        chosen = printable[0].customer_id
        skip = [cid for cid in plan.customer_ids if cid != chosen]
        target = self.folder / "selftest.pdf"
        result = printing.print_to(plan, target, skip=skip)
        data = target.read_bytes() if target.exists() else b""
        return check_pdf(data, result.pages, target) + f", for customer {chosen}"


def check_pdf(data: bytes, pages: int, target: Path) -> str:
    if not data:
        raise RuntimeError(f"{target.name} is missing or empty")
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
        raise RuntimeError(f"{target.name} is not a complete PDF")
    counted = len(re.findall(rb"/Type\s*/Page[^s]", data))
    if pages != 1 or counted != 1:
        raise RuntimeError(f"{target.name} has {counted} page(s) (reported {pages}), expected 1")
    embedded = len(re.findall(rb"/FontFile2", data))
    if embedded == 0:
        raise RuntimeError(f"{target.name} has no embedded TrueType font")
    return f"1 page, {len(data) / 1024:.0f} KB, {embedded} embedded font(s)"


def run_self_test(out: Callable[[str], None] = print) -> int:
    with tempfile.TemporaryDirectory(prefix="crmdesk-selftest-") as folder:
        root = Path(folder)
        db = Database.open(str(root / "selftest.sqlite3"))
        services = Services.build(db, staff_name="セルフテスト")
        test = SelfTest(root, db, services)
        try:
            for name, step in test.steps():
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
