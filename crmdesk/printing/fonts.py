"""The bundled Japanese fonts, registered with ReportLab, and fallback between them glyph by glyph.

ReportLab embeds TrueType outlines only (BIZ UD and IPAex work; CFF-based Noto CJK does not) and subsets them,
so the PDF carries only the glyphs it uses and its text stays extractable (ToUnicode maps).

A `FontChain` is a primary face followed by fallbacks: each character is drawn from the first face that has it.
A character no face has raises `GlyphMissingError` before anything is drawn — never a silent box.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from crmdesk.domain.errors import ValidationError
from crmdesk.paths import resource_path

# Characters that are layout, not glyphs: never looked up in a font.
_NOT_GLYPHS = frozenset("\n\r\t")


class FontRole(StrEnum):
    """What a piece of text is set in."""

    MINCHO = "mincho"  # letters, names: BIZ UD Mincho, then IPAex Mincho
    GOTHIC = "gothic"  # labels, postal digits, small print: BIZ UD Gothic, then IPAex Gothic
    VERTICAL = (
        "vertical"  # 縦書き: IPAex Mincho first (it has the vertical presentation forms), then BIZ UD Mincho
    )


# registered name → file in resources/fonts
BUNDLED_FONTS: dict[str, str] = {
    "BIZUDMincho": "BIZUDMincho-Regular.ttf",
    "BIZUDGothic": "BIZUDGothic-Regular.ttf",
    "BIZUDGothic-Bold": "BIZUDGothic-Bold.ttf",
    "IPAexMincho": "ipaexm.ttf",
    "IPAexGothic": "ipaexg.ttf",
}

ROLE_FACES: dict[FontRole, tuple[str, ...]] = {
    FontRole.MINCHO: ("BIZUDMincho", "IPAexMincho", "IPAexGothic"),
    FontRole.GOTHIC: ("BIZUDGothic", "IPAexGothic", "IPAexMincho"),
    FontRole.VERTICAL: ("IPAexMincho", "BIZUDMincho", "IPAexGothic"),
}


class GlyphMissingError(ValidationError):
    """A character none of the fonts can draw. Names the character and, when known, whose piece it is in."""

    def __init__(self, char: str, text: str, who: str = "") -> None:
        code_point = f"U+{ord(char):04X}"
        whose = f"{who}: " if who else ""
        reason = (
            f"{whose}「{char}」({code_point}) を印刷できるフォントがありません。"
            "カードの文字を置き換える（例: 𠮷→吉）か、この宛先を外して印刷してください"
        )
        super().__init__("文字", char, reason, code="missing_glyph")
        self.char = char
        self.text = text
        self.who = who
        self.code_point = code_point
        self.others: list[tuple[str, str]] = [(who, char)]  # every (whose piece, character) found in a batch


@dataclass(frozen=True)
class FontFace:
    """One registered TrueType face: its ReportLab name, which characters it has, and their widths."""

    name: str
    path: Path
    code_points: frozenset[int]
    widths: dict[int, float]  # per 1000 units of the em
    default_width: float
    ascent: float  # per 1000, above the baseline
    descent: float  # per 1000, negative

    def has(self, char: str) -> bool:
        return ord(char) in self.code_points

    def advance(self, char: str) -> float:
        """Advance width of one character, in ems."""
        return self.widths.get(ord(char), self.default_width) / 1000.0


@dataclass
class FontChain:
    """A primary face and its fallbacks; each character is drawn from the first face that has it."""

    faces: tuple[FontFace, ...]
    _choice: dict[str, FontFace | None] = field(default_factory=dict, repr=False)
    _advance: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def primary(self) -> FontFace:
        return self.faces[0]

    def face_for(self, char: str) -> FontFace | None:
        try:
            return self._choice[char]
        except KeyError:
            pass
        code = ord(char)
        found = next((face for face in self.faces if code in face.code_points), None)
        self._choice[char] = found
        return found

    def missing(self, text: str) -> list[str]:
        """The characters of `text` that no face has, each once, in order of appearance."""
        gaps: dict[str, None] = {}
        for char in set(text):
            if char in _NOT_GLYPHS or char in gaps:
                continue
            if self.face_for(char) is None:
                gaps[char] = None
        return sorted(gaps, key=text.index)

    def require(self, text: str, who: str = "") -> None:
        gaps = self.missing(text)
        if gaps:
            raise GlyphMissingError(gaps[0], text, who)

    def runs(self, text: str, who: str = "") -> list[tuple[FontFace, str]]:
        """Split text into runs that one face can draw. Raises GlyphMissingError for a character none has."""
        result: list[tuple[FontFace, str]] = []
        current: FontFace | None = None
        start = 0
        for index, char in enumerate(text):
            face = self.face_for(char)
            if face is None:
                raise GlyphMissingError(char, text, who)
            if face is not current:
                if current is not None:
                    result.append((current, text[start:index]))
                current, start = face, index
        if current is not None:
            result.append((current, text[start:]))
        return result

    def advance(self, char: str) -> float:
        """Advance of one character in ems (from the face that draws it; 1 em for an unknown one)."""
        try:
            return self._advance[char]
        except KeyError:
            face = self.face_for(char)
            value = face.advance(char) if face is not None else 1.0
            self._advance[char] = value
            return value

    def width(self, text: str, size: float) -> float:
        """Width of a horizontal run of text in points."""
        cache = self._advance
        total = 0.0
        for char in text:
            value = cache.get(char)
            total += value if value is not None else self.advance(char)
        return total * size


class FontLibrary:
    """Registers the bundled fonts (and any extra fallback fonts the store adds) with ReportLab, once.

    Extra fonts (e.g. IPAmj明朝 for rare name kanji such as 𠮷) are TrueType files appended to every chain.
    Thread-safe: the GUI renders previews off the GUI thread.
    """

    _lock = threading.Lock()
    _faces: dict[str, FontFace] = {}  # noqa: RUF012 — one registry per process, like ReportLab's own

    def __init__(self, extra_fonts: Sequence[Path] = (), font_dir: Path | None = None) -> None:
        self.font_dir = font_dir or resource_path("fonts")
        self.extra_fonts = tuple(Path(p) for p in extra_fonts)
        self._chains: dict[FontRole, FontChain] = {}

    def face(self, name: str) -> FontFace:
        return self._load(name, self.font_dir / BUNDLED_FONTS[name])

    def chain(self, role: FontRole) -> FontChain:
        chain = self._chains.get(role)
        if chain is None:
            faces = [self.face(name) for name in ROLE_FACES[role]]
            faces.extend(self._load(_extra_name(path), path) for path in self.extra_fonts)
            chain = FontChain(tuple(faces))
            self._chains[role] = chain
        return chain

    def missing(self, text: str, roles: Iterable[FontRole] = tuple(FontRole)) -> list[str]:
        """Characters no chain of these roles can draw."""
        found: dict[str, None] = {}
        for role in roles:
            for char in self.chain(role).missing(text):
                found[char] = None
        return list(found)

    @classmethod
    def _load(cls, name: str, path: Path) -> FontFace:
        with cls._lock:
            face = cls._faces.get(name)
            if face is not None:
                return face
            if not path.is_file():
                raise FileNotFoundError(f"フォント {path} が見つかりません")
            font = TTFont(name, str(path))
            pdfmetrics.registerFont(font)
            metrics = font.face
            widths = {code: float(width) for code, width in metrics.charWidths.items()}
            face = FontFace(
                name=name,
                path=path,
                code_points=frozenset(metrics.charToGlyph),
                widths=widths,
                default_width=float(metrics.defaultWidth),
                ascent=float(metrics.ascent),  # ReportLab scales metrics to 1000 units per em
                descent=float(metrics.descent),
            )
            cls._faces[name] = face
            return face


def _extra_name(path: Path) -> str:
    stem = "".join(ch for ch in path.stem if ch.isalnum() or ch in "-_")
    return f"Extra-{stem}"
