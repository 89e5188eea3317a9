"""Japanese text normalisation for storage and search (pure functions, no I/O).

- `to_katakana`: a reading in any kana form (hiragana, half-width katakana) as full-width katakana.
- `normalize_text`: the folded form used for the normalised columns of the data model.
- `fold`: the search form used by the full-text index and by queries: `normalize_text`, plus variant kanji
  folded (髙→高, 邉→辺), ヶ/ヵ as ケ/カ, and nothing but letters and digits (no spaces, punctuation, marks or
  variation selectors). Folding twice changes nothing.
- `loose_kana`: a katakana reading with long vowels dropped (サトウ/サトー → サト, ユウコ → ユコ, オオノ → オノ),
  so a reading typed in passport-style romaji (sato, yuko, ono) still meets the stored reading.
- `romaji_to_katakana`: what a receptionist typed in romaji (yamada, kan'ichi, homma) as katakana, or None.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import jaconv

from crmdesk.domain.variants import default_table

_SPACES = re.compile(r"[\s\u3000]+")
_NOT_WORD = re.compile(r"[\W_]+")


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


# --------------------------------------------------------------------------------------------- search folding
@lru_cache(maxsize=1)
def _fold_translation() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(ord("ぁ"), ord("ゖ") + 1):  # hiragana → katakana (ぁ…ゖ → ァ…ヶ)
        table[code] = chr(code + 0x60)
    table[ord("ゝ")] = "ヽ"
    table[ord("ゞ")] = "ヾ"
    table[ord("ヶ")] = "ケ"  # 霞ヶ関 = 霞ケ関
    table[ord("ヵ")] = "カ"
    table[ord("ゕ")] = "カ"
    table[ord("ゖ")] = "ケ"
    table.update(default_table().translation)
    return table


def _fold_once(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).lower()
    folded = folded.translate(_fold_translation())
    return _NOT_WORD.sub("", folded)


def fold(text: str) -> str:
    """The search form of any text: 'ﾔﾏﾀﾞ　髙志' → 'ヤマダ高志', '090-1234-5678' → '09012345678'."""
    folded = _fold_once(text)
    while not unicodedata.is_normalized(
        "NFKC", folded
    ):  # removing a separator can let two characters compose
        folded = _fold_once(folded)
    return folded


def fold_words(text: str) -> list[str]:
    """The folded form of each white-space separated word (empty words left out)."""
    words = (fold(word) for word in _SPACES.split(nfkc(text)))
    return [word for word in words if word]


_O_ROW = frozenset("オコソトノホモヨロゴゾドボポョォヲ")
_U_ROW = frozenset("ウクスツヌフムユルグズブプュゥヴ")
_LOOSE = str.maketrans({"ヅ": "ズ", "ヂ": "ジ", "ヲ": "オ"})
_KATAKANA = re.compile(r"^[\u30a1-\u30fa\u30fc-\u30fe]+$")


def is_katakana(text: str) -> bool:
    return bool(_KATAKANA.match(text))


def loose_kana(text: str) -> str:
    """A folded katakana reading without long vowels: サトウ/サトー → サト, オオノ → オノ, ユウコ → ユコ.

    Text that is not all katakana is returned unchanged.
    """
    if not is_katakana(text):
        return text
    out: list[str] = []
    previous = ""
    for ch in text.translate(_LOOSE):
        if ch == "ー":
            continue
        if ch == "ウ" and (previous in _O_ROW or previous in _U_ROW):
            continue
        if ch == "オ" and previous in _O_ROW:
            continue
        out.append(ch)
        previous = ch
    return "".join(out)


_ROMAJI = re.compile(r"^[a-z' \-]+$")
_MACRONS = str.maketrans(
    {
        "ā": "aa",
        "ī": "ii",
        "ū": "uu",
        "ē": "ee",
        "ō": "ou",
        "â": "aa",
        "î": "ii",
        "û": "uu",
        "ê": "ee",
        "ô": "ou",
    }
)
_HAS_LATIN = re.compile(r"[a-z]")


def romaji_to_katakana(text: str) -> str | None:
    """Romaji as folded katakana (yamada → ヤマダ, kanno → カンノ, homma → ホンマ, Satō → サトウ), else None."""
    typed = nfkc(text).lower().translate(_MACRONS).strip()
    if not typed or not _ROMAJI.match(typed):
        return None
    typed = re.sub(r"[ \-]+", "", typed)
    typed = re.sub(r"n{2,3}(?=[aiueoy])", "nnn", typed)  # Hepburn kanno = カンノ (jaconv alone reads カンオ)
    typed = re.sub(r"m(?=[bpm])", "n", typed)  # namba, homma
    kana = jaconv.alphabet2kata(typed)
    if _HAS_LATIN.search(kana) or kana.startswith("ッ") or kana.endswith("ッ") or "ッッ" in kana:
        return None  # not romaji after all (xyz, qq)
    folded = fold(kana)
    return folded or None
