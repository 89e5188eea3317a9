"""Speed of the desktop app with 100,000 customers (issue 4).

- process start to a window showing the customer list: under 1.5 s
- a keystroke in search to the updated list on screen: under 50 ms
- opening a card with 1,000 history events: under 100 ms
- memory with the list open: under 300 MB

The 100,000-customer demo store is built once and cached outside the repository (about 40 s on an idle machine):
`$CRMDESK_BENCH_GUI_DB`, else `/tmp/bench100k.sqlite3`.

Run: python -m pytest tests/bench/test_gui_bench.py --benchmark-enable -n 0
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from crmdesk.domain.records import CustomerDraft, EventDraft
from crmdesk.domain.values import EventKind
from crmdesk.gui.main import APP_STYLE
from crmdesk.gui.main_window import MainWindow
from crmdesk.services.bundle import Services
from crmdesk.settings import AppSettings
from crmdesk.storage.database import Database
from crmdesk.storage.migrate import upgrade

ROOT = Path(__file__).resolve().parents[2]
BENCH_DB = Path(os.environ.get("CRMDESK_BENCH_GUI_DB", "/tmp/bench100k.sqlite3"))
CUSTOMERS = 100_000
LONG_CARD = "BENCH-1000"  # the customer with 1,000 history events

START_SCRIPT = textwrap.dedent(
    """
    import os, sys, time
    from crmdesk.app import build_context
    from crmdesk.paths import AppPaths
    from crmdesk.gui.main import run_app
    from crmdesk.gui.workspace import CUSTOMERS

    def rss_mb():
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return -1.0

    def ready(window):
        if window.workspace is not None:  # the app opens on Today: the customer screen is one key away
            window.workspace.show_screen(CUSTOMERS)
        window.panel.view.viewport().repaint()  # the rows on screen are fetched and painted
        assert window.panel.view.isVisible()
        print("READY", window.panel.model.rowCount(), round(rss_mb(), 1), time.process_time(), flush=True)
        os._exit(0)

    paths = AppPaths.default().ensure()
    run_app(lambda: build_context(sys.argv[1], paths=paths), ready=ready)
    """
)


def _ensure_bench_db() -> Path:
    if not BENCH_DB.exists():
        subprocess.run(
            [sys.executable, "-m", "crmdesk", "demo", "--customers", str(CUSTOMERS), "--db", str(BENCH_DB)],
            check=True,
            cwd=ROOT,
        )
    db = Database.open(str(BENCH_DB))
    try:
        upgrade(db)
        services = Services.build(db, staff_name="bench")
        if services.customers.find_by_code(LONG_CARD) is None:
            card = services.customers.create(
                CustomerDraft(name="千件 履歴", name_kana="センケン リレキ", code=LONG_CARD)
            )
            start = datetime(2021, 1, 5, 2, 0, tzinfo=UTC)
            for n in range(1000):
                kind = EventKind.VISIT if n % 3 else EventKind.CALL
                services.history.add(
                    card.id,
                    EventDraft(
                        kind,
                        f"ご来店 {n}" if kind is EventKind.VISIT else f"お電話 {n}",
                        start + timedelta(hours=30 * n),
                        menu="カット＋カラー" if kind is EventKind.VISIT else "",
                        stylist="佐々木" if kind is EventKind.VISIT else "",
                        amount_yen=12_100 if kind is EventKind.VISIT else None,
                        outcome="reached" if kind is EventKind.CALL else "",
                    ),
                )
    finally:
        db.dispose()
    return BENCH_DB


@pytest.fixture(scope="module")
def bench_db() -> Path:
    return _ensure_bench_db()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """Settings for the started app: who is working is known, so no dialog waits for a click."""
    root = tmp_path / "bench-home"
    (root / "config").mkdir(parents=True)
    settings = {"version": 1, "staff_name": "村上", "language": "ja", "first_start_done": True}
    (root / "config" / "settings.json").write_text(json.dumps(settings, ensure_ascii=False), encoding="utf-8")
    return root


PYCACHE = Path(tempfile.gettempdir()) / "crmdesk-bench-pycache"


def _start_app(db: Path, home: Path) -> tuple[float, int, float, float]:
    """Start a real process; seconds from its start to the list on screen, the rows, the memory (MB) and the
    process's CPU seconds by then.

    Bytecode is cached (outside the checkout) as for an installed app: the warm-up start writes it, even when the
    test runs with PYTHONDONTWRITEBYTECODE set.
    """
    env = {
        **os.environ,
        "CRMDESK_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "QT_LOGGING_RULES": "qt.qpa.*=false",
        "PYTHONPYCACHEPREFIX": str(PYCACHE),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-c", START_SCRIPT, str(db)], stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env
    ) as process:
        assert process.stdout is not None
        line = process.stdout.readline()
        elapsed = time.perf_counter() - started
        process.wait(timeout=60)
    parts = line.split()
    assert parts and parts[0] == "READY", line
    return elapsed, int(parts[1]), float(parts[2]), float(parts[3])


def test_process_start_to_a_window_with_the_list_under_1_5_s(
    benchmark: Any, bench_db: Path, home: Path
) -> None:
    _start_app(bench_db, home)  # warm the OS file cache once, as on a PC that has run the app before
    results: list[tuple[float, int, float, float]] = []
    benchmark.pedantic(lambda: results.append(_start_app(bench_db, home)), rounds=5, iterations=1)
    seconds = sorted(r[0] for r in results)
    cpu = sorted(r[3] for r in results)
    benchmark.extra_info["start_to_list_s"] = seconds
    benchmark.extra_info["start_to_list_cpu_s"] = cpu
    print(f"\nstart to list: wall {seconds} s, CPU {cpu} s, memory {[r[2] for r in results]} MB")
    assert all(rows >= CUSTOMERS for _s, rows, _m, _c in results)
    assert seconds[len(seconds) // 2] < 1.5


def test_memory_with_the_list_open_under_300_mb(benchmark: Any, bench_db: Path, home: Path) -> None:
    results: list[tuple[float, int, float, float]] = []
    benchmark.pedantic(lambda: results.append(_start_app(bench_db, home)), rounds=2, iterations=1)
    memory = max(r[2] for r in results)
    benchmark.extra_info["rss_mb"] = memory
    print(f"\nmemory with the list open: {memory} MB")
    assert memory < 300


@pytest.fixture(scope="module")
def bench_window(bench_db: Path) -> Iterator[MainWindow]:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    app.setStyleSheet(APP_STYLE)
    db = Database.open(str(bench_db))
    services = Services.build(db, staff_name="bench")
    window = MainWindow(services, AppSettings(staff_name="bench", language="ja"))
    window.resize(1280, 800)
    window.show()
    _settle(window)
    yield window
    window.runner.wait_all(10_000)
    window.bridge.detach()
    window.close()
    window.deleteLater()
    db.dispose()


def _settle(window: MainWindow) -> None:
    """Let the search on the pool finish, sleeping on the event loop as the app does (no busy spinning that would
    take the interpreter away from the search thread), then paint the rows on screen."""
    deadline = time.perf_counter() + 30
    QCoreApplication.processEvents()
    while window.panel.busy and time.perf_counter() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    window.panel.view.viewport().repaint()


class CpuClock:
    """CPU seconds (all threads of this process) of each timed call, printed beside the wall-clock figures."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    def timed(self, work: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            started = time.process_time()
            work()
            self.seconds.append(time.process_time() - started)

        return run

    def report(self, what: str, benchmark: Any) -> None:
        wall = benchmark.stats.stats.median
        cpu = statistics.median(self.seconds)
        benchmark.extra_info["cpu_median_s"] = cpu
        print(f"\n{what}: median wall {wall * 1000:.1f} ms, CPU {cpu * 1000:.1f} ms")


def _commit(widget: Any, text: str) -> None:
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


TYPED = [  # what a receptionist types, one keystroke (one IME commit) at a time
    ("", "山"),
    ("山", "田"),
    ("", "佐"),
    ("佐", "藤"),
    ("", "0"),
    ("0", "9"),
    ("09", "0"),
    ("", "や"),
    ("や", "ま"),
    ("", "鈴"),
    ("鈴", "木"),
    ("", "C"),
    ("C", "0"),
]


def test_a_keystroke_to_the_updated_list_under_50_ms(benchmark: Any, bench_window: MainWindow) -> None:
    window = bench_window
    field = window.panel.field
    state = {"step": 0}

    def before() -> tuple[tuple[()], dict[str, Any]]:
        typed, _next = TYPED[state["step"] % len(TYPED)]
        field.setText(typed)
        _settle(window)
        field.setFocus()
        field.end(False)
        return (), {}

    def keystroke() -> None:
        _typed, key = TYPED[state["step"] % len(TYPED)]
        state["step"] += 1
        _commit(field, key)
        _settle(window)

    cpu = CpuClock()
    benchmark.pedantic(cpu.timed(keystroke), setup=before, rounds=len(TYPED) * 3, iterations=1)
    cpu.report("keystroke to the updated list", benchmark)
    assert window.panel.model.rowCount() >= 0
    assert benchmark.stats.stats.median < 0.050


def test_clearing_the_search_shows_all_100000_again_under_50_ms(
    benchmark: Any, bench_window: MainWindow
) -> None:
    window = bench_window
    field = window.panel.field

    def before() -> tuple[tuple[()], dict[str, Any]]:
        field.setText("山田")
        _settle(window)
        return (), {}

    def clear() -> None:
        field.clear()
        _settle(window)

    cpu = CpuClock()
    benchmark.pedantic(cpu.timed(clear), setup=before, rounds=10, iterations=1)
    cpu.report("clearing the search", benchmark)
    assert window.panel.model.rowCount() >= CUSTOMERS
    assert benchmark.stats.stats.median < 0.050


def test_opening_a_card_with_1000_events_under_100_ms(benchmark: Any, bench_window: MainWindow) -> None:
    window = bench_window
    services = window.services
    customer_id = services.customers.find_by_code(LONG_CARD)
    assert customer_id is not None

    def before() -> tuple[tuple[()], dict[str, Any]]:
        window.card_view.clear()
        QCoreApplication.processEvents()
        return (), {}

    def open_card() -> None:
        assert window.open_customer(customer_id)
        window.card_view.repaint()  # header, card body and the visible part of the timeline painted

    cpu = CpuClock()
    benchmark.pedantic(cpu.timed(open_card), setup=before, rounds=15, iterations=1)
    cpu.report("opening a card with 1,000 events", benchmark)
    assert window.card_view.timeline.model.rowCount() == 1000
    assert benchmark.stats.stats.median < 0.100
