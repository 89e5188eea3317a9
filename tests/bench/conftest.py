"""Benchmarks share cached demo databases under the system temp folder (never in the repository)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

BENCH_DIR = Path(os.environ.get("CRMDESK_BENCH_DIR", Path(tempfile.gettempdir()) / "crmdesk-bench"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Benchmarks build 100,000-customer stores on a first run: no per-test time limit for them."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.timeout(0))
