"""Reading generated PDFs back with poppler-utils (pdftotext, pdffonts, pdfinfo, pdftoppm)."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

MM = 72.0 / 25.4

requires_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils is not installed"
)


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, encoding="utf-8").stdout


def pdf_text(path: Path, *, raw: bool = False, page: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if raw:
        args.append("-raw")
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return _run(*args, str(path), "-")


def squeeze(text: str) -> str:
    """Text without any white space (vertical text comes out one character per line)."""
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class FontRow:
    name: str
    font_type: str
    embedded: bool
    subset: bool
    unicode: bool


def pdf_fonts(path: Path) -> list[FontRow]:
    rows: list[FontRow] = []
    for line in _run("pdffonts", str(path)).splitlines()[2:]:
        parts = line.split()
        if len(parts) < 7:
            continue
        emb, sub, uni = parts[-5], parts[-4], parts[-3]
        rows.append(FontRow(parts[0], " ".join(parts[1:-6]), emb == "yes", sub == "yes", uni == "yes"))
    return rows


def page_sizes_mm(path: Path) -> list[tuple[float, float]]:
    out = _run("pdfinfo", "-f", "1", "-l", "9999", str(path))
    sizes = []
    for match in re.finditer(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out):
        sizes.append((float(match.group(1)) / MM, float(match.group(2)) / MM))
    return sizes


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float  # mm from the page's left edge
    y_min: float  # mm from the page's top edge
    x_max: float
    y_max: float


def pdf_words(path: Path, page: int = 1) -> list[Word]:
    """Every word (for 縦書き and postal digits: every glyph) with its box, from pdftotext -bbox."""
    html = _run("pdftotext", "-bbox", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(path), "-")
    words = []
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    for match in re.finditer(pattern, html):
        x0, y0, x1, y1 = (float(match.group(i)) / MM for i in range(1, 5))
        words.append(Word(match.group(5), x0, y0, x1, y1))
    return words
