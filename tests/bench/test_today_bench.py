"""The Today list for a store of 100,000 customers (and ~140,000 family members, ~90,000 cars) under 200 ms.

Run: python -m pytest tests/bench/test_today_bench.py --benchmark-enable -n 0
The demo store is built once with `crmdesk demo` and cached in the temp folder (never in the repository).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crmdesk.services.bundle import Services
from crmdesk.storage.database import Database
from crmdesk.storage.migrate import current_revision, head_revision, upgrade

CACHED = Path(tempfile.gettempdir()) / "bench100k_today.sqlite3"
CUSTOMERS = 100_000


@pytest.fixture(scope="module")
def big_store() -> Iterator[Services]:
    if not CACHED.exists():
        partial = CACHED.with_name(CACHED.name + ".building")
        for leftover in partial.parent.glob(partial.name + "*"):
            leftover.unlink()
        env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
        subprocess.run(
            [sys.executable, "-m", "crmdesk", "demo", "--customers", str(CUSTOMERS), "--db", str(partial)],
            check=True,
            env=env,
        )
        Database.open(str(partial)).dispose()  # checkpoint the WAL into the file before it is moved
        partial.replace(CACHED)
    db = Database.open(str(CACHED))
    if current_revision(db) != head_revision():  # cached by an earlier version: add the newer indexes
        with tempfile.TemporaryDirectory() as folder:  # (the backup made first is not kept)
            upgrade(db, backup_dir=Path(folder))
    yield Services.build(db, staff_name="bench")
    db.dispose()


def _cpu_ms(work: Any, rounds: int = 5) -> float:
    """The best CPU time of a few calls (wall clock on a shared machine also counts the others' work)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best * 1000


def test_today_list_for_100000_customers_is_under_200_ms(benchmark: Any, big_store: Services) -> None:
    assert big_store.customers.count() >= CUSTOMERS
    big_store.today.today()  # warm the page cache, as the app does at start
    today = benchmark(big_store.today.today)
    cpu = _cpu_ms(big_store.today.today)
    print(f"\nToday (store): best wall {benchmark.stats.stats.min * 1000:.0f} ms, best CPU {cpu:.0f} ms")
    benchmark.extra_info["cpu_ms"] = round(cpu, 1)
    benchmark.extra_info.update(
        due=today.due_total,
        overdue=today.overdue_total,
        birthdays=today.birthdays_total,
        item_dates=today.item_dates_total,
        dormant=today.dormant_total,
    )
    assert today.due_total > 1000 and today.birthdays_total > 1000
    # The best round is the code's own speed; the median also carries whatever else the (shared) machine is doing.
    assert benchmark.stats.stats.min < 0.200


def test_one_staff_members_today_list_stays_under_a_second(benchmark: Any, big_store: Services) -> None:
    """One salesperson's list (a fifth of the store): rows found on the date indexes, which carry the customer id
    (migration 0003), are checked against their customer's staff; the 休眠 count reads (staff, last contact)."""
    staff = big_store.store.staff_names()[0]
    today = benchmark(big_store.today.today, staff=staff)
    cpu = _cpu_ms(lambda: big_store.today.today(staff=staff))
    print(f"\nToday ({staff}): best wall {benchmark.stats.stats.min * 1000:.0f} ms, best CPU {cpu:.0f} ms")
    benchmark.extra_info["cpu_ms"] = round(cpu, 1)
    assert today.due_total > 0
    assert {i.staff for g in today.groups for i in g.items} == {staff}
    assert benchmark.stats.stats.min < 1.0
