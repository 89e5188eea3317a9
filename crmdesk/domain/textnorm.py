"""Japanese text normalisation for storage and search (pure functions, no I/O).

- `to_katakana`: a reading in any kana form (hiragana, half-width katakana) as full-width katakana.
- `normalize_text`: the folded form used for search columns and the full-text index.
"""

from __future__ import annotations

import re
import unicodedata

import jaconv

_SPACES = re.compile(r"[\s\u3000]+")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def to_katakana(text: str) -> str:
    """A reading as full-width katakana with single ASCII spaces between words (ﾔﾏﾀﾞ/やまだ → ヤマダ)."""
    folded = nfkc(text)  # half-width katakana → full-width, full-width spaces → spaces
    folded = jaconv.hira2kata(folded)
    return _SPACES.sub(" ", folded).strip()


def normalize_text(text: str) -> str:
    """The search form: NFKC, lower case, kana as katakana, no white space."""
    folded = nfkc(text).lower()
    folded = jaconv.hira2kata(folded)
    return _SPACES.sub("", folded)


def digits_only(text: str) -> str:
    return "".join(ch for ch in nfkc(text) if ch.isdigit())
