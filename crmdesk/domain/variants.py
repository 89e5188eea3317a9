"""Variant kanji (異体字) folding: 髙→高, 﨑→崎, 邉/邊→辺, 濵/濱→浜, 德→徳, 齋/齊/斎→斉 …

The table is `resources/data/kanji_variants.tsv`, generated from published tables (Unihan, KANJIDIC2, the official
常用/人名用 old-form lists; see `resources/data/README.md`). Each variant maps to one representative of its class,
and a representative never maps further, so folding twice changes nothing.

Pure apart from reading that one bundled, read-only data file once. The domain layer sits below `crmdesk.paths`,
so the file is found here with the same candidates `crmdesk.paths.resources_dir` uses.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

TABLE_NAME = "kanji_variants.tsv"


class VariantTable:
    """variant → representative, as a `str.translate` table."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        mapping: dict[str, str] = {}
        for variant, head in pairs:
            if len(variant) != 1 or len(head) != 1:
                raise ValueError(f"variant table rows are single characters, not {variant!r} → {head!r}")
            mapping[variant] = head
        for variant, head in mapping.items():
            if head in mapping:
                raise ValueError(f"representative {head!r} of {variant!r} is itself a variant")
        self._mapping = mapping
        self.translation: dict[int, str] = {ord(k): v for k, v in mapping.items()}

    @classmethod
    def parse(cls, text: str) -> VariantTable:
        pairs: list[tuple[str, str]] = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 2:
                raise ValueError(f"line {number} of the variant table is not 'variant<TAB>representative'")
            pairs.append((parts[0], parts[1]))
        return cls(pairs)

    @property
    def mapping(self) -> Mapping[str, str]:
        return self._mapping

    def __len__(self) -> int:
        return len(self._mapping)

    def representative(self, ch: str) -> str:
        return self._mapping.get(ch, ch)

    def fold(self, text: str) -> str:
        return text.translate(self.translation)

    def same(self, a: str, b: str) -> bool:
        """Are two strings the same up to variant kanji (渡邉 / 渡辺)?"""
        return self.fold(a) == self.fold(b)


def _candidates() -> list[Path]:
    found: list[Path] = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        found.append(Path(frozen_root) / "resources")
    package = Path(__file__).resolve().parent.parent
    found.append(package.parent / "resources")  # source checkout / editable install
    found.append(package / "resources")  # wheel
    found.append(Path(sys.prefix) / "share" / "crmdesk" / "resources")
    return [folder / "data" / TABLE_NAME for folder in found]


@lru_cache(maxsize=1)
def default_table() -> VariantTable:
    """The bundled table (read once)."""
    for path in _candidates():
        if path.is_file():
            return VariantTable.parse(path.read_text(encoding="utf-8"))
    raise FileNotFoundError(f"{TABLE_NAME} not found; looked in: " + ", ".join(map(str, _candidates())))


def fold_variants(text: str) -> str:
    """Every variant kanji of `text` replaced by its representative (渡邉 → 渡辺)."""
    return default_table().fold(text)
