"""Scale of the core (issue 2): a 100,000-customer demo store with ~10 history events each in under a minute.

Run: python -m pytest tests/bench/test_demo_bench.py --benchmark-enable -n 0
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crmdesk.services.bundle import Services
from crmdesk.services.demo import DemoGenerator
from crmdesk.storage.database import Database
from crmdesk.storage.migrate import upgrade


def _fresh(tmp_path: Path, name: str) -> Services:
    db = Database.open(str(tmp_path / name))
    upgrade(db)
    return Services.build(db, staff_name="bench")


def test_demo_store_of_100000_customers_and_a_million_events(benchmark: Any, tmp_path: Path) -> None:
    counter = iter(range(100))

    def setup() -> tuple[tuple[Services], dict[str, Any]]:
        return (_fresh(tmp_path, f"demo{next(counter)}.sqlite3"),), {}

    def generate(services: Services) -> None:
        result = DemoGenerator(services.ctx).generate(100_000, kind="dealer", seed=1)
        benchmark.extra_info["events"] = result.events
        services.ctx.db.dispose()

    benchmark.pedantic(generate, setup=setup, rounds=1, iterations=1)
    assert benchmark.extra_info["events"] >= 900_000


def test_saving_a_card_is_one_quick_transaction(benchmark: Any, tmp_path: Path) -> None:
    services = _fresh(tmp_path, "save.sqlite3")
    DemoGenerator(services.ctx).generate(2_000, seed=2)
    card = services.customers.card(1000)
    state = {"card": card}

    def save() -> None:
        draft = state["card"].to_draft()
        draft.memo = f"memo {draft.version}"
        state["card"] = services.customers.update(1000, draft)

    benchmark(save)
    services.ctx.db.dispose()
