"""`crmdesk --self-test`, the frozen app's smoke test, run here from the source checkout.

The CLI runs in a child process, as a store (or build_spec.py) runs it: its exit code and its lines are what
count. One test builds a fake frozen bundle (`sys._MEIPASS`) that lost its fonts, the mistake a bad spec makes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from crmdesk.cli.selftest import STEP_NAMES, check_pdf

ROOT = Path(__file__).resolve().parents[2]


def run_crmdesk(tmp_path: Path, code: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m crmdesk --self-test`, or the given Python code, with its own home folder and no screen."""
    env = dict(os.environ)
    env.update(
        {
            "CRMDESK_HOME": str(tmp_path / "home"),
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONPATH": str(ROOT),
            "PYTHONUTF8": "1",
            "PYTHONWARNINGS": "error",
        }
    )
    env.pop("CRMDESK_DB", None)
    command = (
        [sys.executable, "-m", "crmdesk", "--self-test"] if code is None else [sys.executable, "-c", code]
    )
    return subprocess.run(
        command,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def step_lines(output: str) -> list[tuple[str, str]]:
    """(status, step) of every `ok   step: …` / `FAIL step: …` line, in order."""
    found: list[tuple[str, str]] = []
    for line in output.splitlines():
        status, _, rest = line.partition(" ")
        if status in ("ok", "FAIL") and ":" in rest:
            found.append((status, rest.strip().split(":", 1)[0]))
    return found


@pytest.mark.slow
def test_self_test_runs_every_step_in_order_and_exits_zero(tmp_path: Path) -> None:
    result = run_crmdesk(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert step_lines(result.stdout) == [("ok", name) for name in STEP_NAMES]
    assert STEP_NAMES == ("migrations", "demo", "card", "search", "print")
    assert result.stdout.rstrip().endswith("self-test passed")
    assert "1 page" in result.stdout and "embedded font" in result.stdout
    assert list(tmp_path.glob("*.pdf")) == []  # everything happened in a temporary folder


@pytest.mark.slow
def test_a_bundle_that_lost_its_fonts_fails_at_the_print_step_and_says_so(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    shutil.copytree(ROOT / "resources", bundle / "resources", ignore=shutil.ignore_patterns("*.ttf", "*.otf"))
    assert (bundle / "resources" / "fonts").is_dir()
    code = (
        "import sys\n"
        f"sys._MEIPASS = {str(bundle)!r}\n"
        "from crmdesk.app import main\n"
        "raise SystemExit(main(['--self-test']))\n"
    )

    result = run_crmdesk(tmp_path, code)

    assert result.returncode != 0
    steps = step_lines(result.stdout)
    assert steps[-1] == ("FAIL", "print")
    assert steps[:-1] == [("ok", name) for name in STEP_NAMES[:-1]]
    fail_line = next(line for line in result.stdout.splitlines() if line.startswith("FAIL print:"))
    assert ".ttf" in fail_line  # names the missing font file
    assert "self-test passed" not in result.stdout


def test_the_pdf_check_refuses_a_pdf_without_embedded_fonts(tmp_path: Path) -> None:
    target = tmp_path / "plain.pdf"
    canvas = Canvas(str(target))
    canvas.setFont("Helvetica", 12)
    canvas.drawString(72, 720, "Helvetica is not embedded")
    canvas.showPage()
    canvas.save()

    with pytest.raises(RuntimeError, match="no embedded TrueType font"):
        check_pdf(target.read_bytes(), 1, target)


def test_the_pdf_check_refuses_a_second_page(tmp_path: Path) -> None:
    target = tmp_path / "two.pdf"
    canvas = Canvas(str(target))
    for page in (1, 2):
        canvas.drawString(72, 720, f"page {page}")
        canvas.showPage()
    canvas.save()

    with pytest.raises(RuntimeError, match="2 page"):
        check_pdf(target.read_bytes(), 2, target)


def test_the_pdf_check_refuses_an_empty_file(tmp_path: Path) -> None:
    target = tmp_path / "empty.pdf"
    target.write_bytes(b"")

    with pytest.raises(RuntimeError, match="missing or empty"):
        check_pdf(b"", 0, target)
