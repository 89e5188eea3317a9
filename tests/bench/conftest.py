"""Benchmarks share cached demo databases under the system temp folder (never in the repository)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

BENCH_DIR = Path(os.environ.get("CRMDESK_BENCH_DIR", Path(tempfile.gettempdir()) / "crmdesk-bench"))
