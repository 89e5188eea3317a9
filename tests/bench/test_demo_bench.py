"""Scale of the core (issue 2): a 100,000-customer demo store with ~10 history events each in under a minute.

The figure includes the search index (the demo writes its rows and fills the FTS indexes once at the end).
Run: python -m pytest tests/bench/test_demo_bench.py --benchmark-enable -n 0 -s -p no:randomly
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import text

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
        started, used = time.perf_counter(), time.process_time()
        result = DemoGenerator(services.ctx).generate(100_000, kind="dealer", seed=1)
        benchmark.extra_info["events"] = result.events
        benchmark.extra_info["seconds"] = time.perf_counter() - started
        benchmark.extra_info["cpu_seconds"] = time.process_time() - used
        services.ctx.db.dispose()

    benchmark.pedantic(generate, setup=setup, rounds=1, iterations=1)
    info = benchmark.extra_info
    print(
        f"\ndemo store of 100,000 customers, {info['events']:,} events, search index included: "
        f"{info['seconds']:.1f} s (CPU {info['cpu_seconds']:.1f} s)"
    )
    assert info["events"] >= 900_000
    with Database.open(str(tmp_path / "demo0.sqlite3")).engine.connect() as connection:  # searchable at once
        indexed = connection.execute(text("SELECT count(*) FROM search_sort")).scalar()
        in_fts = connection.execute(
            text("SELECT count(*) FROM search_fts WHERE search_fts MATCH 'オイル交換'")
        ).scalar()
    assert indexed == 100_000
    assert in_fts


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
