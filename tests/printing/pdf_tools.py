"""Reading generated PDFs back in pure Python: pypdfium2 for text, glyph boxes and page sizes, pypdf for fonts.

Nothing here needs poppler-utils or any other program outside pip, so the printing tests run everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject

MM = 72.0 / 25.4


@contextmanager
def _document(path: Path) -> Iterator[pdfium.PdfDocument]:
    document = pdfium.PdfDocument(path)
    try:
        yield document
    finally:
        document.close()


def _page_text(document: pdfium.PdfDocument, index: int) -> str:
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            text: str = textpage.get_text_range()
        finally:
            textpage.close()
    finally:
        page.close()
    return text.replace("\r\n", "\n").replace("\r", "\n")


def pdf_text(path: Path, *, raw: bool = False, page: int | None = None) -> str:
    """The text of every page (or only ``page``, counted from 1), pages separated by a form feed.

    pdfium gives the characters in the order they are drawn, with a line break wherever the pen jumps to
    a new line; vertical text therefore comes out in reading order, mostly one character per line, and
    ``squeeze()`` makes it comparable. ``raw`` (pdftotext's content-stream order) is already what pdfium
    does, so both values read the same text; the flag stays so callers can say which reading they rely on.
    """
    del raw  # pdfium always reads in drawing order, which is the order the layouts write text in
    with _document(path) as document:
        if page is not None and not 1 <= page <= len(document):
            raise ValueError(f"{path} has {len(document)} page(s), not a page {page}")
        indexes = range(len(document)) if page is None else [page - 1]
        return "".join(_page_text(document, index) + "\f" for index in indexes)


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


_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
_SIMPLE_TYPES = {"/Type1": "Type 1", "/MMType1": "Type 1", "/TrueType": "TrueType", "/Type3": "Type 3"}
_CID_TYPES = {"/CIDFontType0": "CID Type 0", "/CIDFontType2": "CID TrueType"}


def _resolve(obj: PdfObject | None) -> PdfObject | None:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _font_row(font: DictionaryObject) -> FontRow:
    name = str(font.get("/BaseFont", "[none]")).lstrip("/")
    subtype = str(font.get("/Subtype", ""))
    described = font
    if subtype == "/Type0":
        descendants = _resolve(font.get("/DescendantFonts"))
        descendant = (
            _resolve(descendants[0]) if isinstance(descendants, ArrayObject) and descendants else None
        )
        described = descendant if isinstance(descendant, DictionaryObject) else font
        font_type = _CID_TYPES.get(str(described.get("/Subtype", "")), "CID")
    else:
        font_type = _SIMPLE_TYPES.get(subtype, subtype.lstrip("/"))
    descriptor = _resolve(described.get("/FontDescriptor"))
    files = ("/FontFile", "/FontFile2", "/FontFile3")
    embedded = isinstance(descriptor, DictionaryObject) and any(key in descriptor for key in files)
    if embedded and isinstance(descriptor, DictionaryObject) and "/FontFile3" in descriptor:
        stream = _resolve(descriptor["/FontFile3"])
        if isinstance(stream, DictionaryObject) and stream.get("/Subtype") == NameObject("/Type1C"):
            font_type = "Type 1C"
        elif isinstance(stream, DictionaryObject) and stream.get("/Subtype") == NameObject("/CIDFontType0C"):
            font_type = "CID Type 0C"
    return FontRow(name, font_type, embedded, bool(_SUBSET_PREFIX.match(name)), "/ToUnicode" in font)


def _walk_resources(
    resources: PdfObject | None, seen_fonts: set[int], seen_forms: set[int], rows: list[FontRow]
) -> None:
    resources = _resolve(resources)
    if not isinstance(resources, DictionaryObject):
        return
    fonts = _resolve(resources.get("/Font"))
    if isinstance(fonts, DictionaryObject):
        for ref in fonts.values():
            font = _resolve(ref)
            key = ref.idnum if isinstance(ref, IndirectObject) else id(font)
            if key in seen_fonts or not isinstance(font, DictionaryObject):
                continue
            seen_fonts.add(key)
            rows.append(_font_row(font))
    xobjects = _resolve(resources.get("/XObject"))
    if isinstance(xobjects, DictionaryObject):
        for ref in xobjects.values():
            form = _resolve(ref)
            key = ref.idnum if isinstance(ref, IndirectObject) else id(form)
            if key in seen_forms or not isinstance(form, DictionaryObject):
                continue
            seen_forms.add(key)
            if form.get("/Subtype") == NameObject("/Form"):
                _walk_resources(form.get("/Resources"), seen_fonts, seen_forms, rows)


def pdf_fonts(path: Path) -> list[FontRow]:
    """Every font the pages (and the forms they draw) use, once each, like ``pdffonts`` lists them."""
    rows: list[FontRow] = []
    seen_fonts: set[int] = set()
    seen_forms: set[int] = set()
    for page in PdfReader(path).pages:
        _walk_resources(page.get("/Resources"), seen_fonts, seen_forms, rows)
    return rows


def page_sizes_mm(path: Path) -> list[tuple[float, float]]:
    """(width, height) of every page in mm."""
    with _document(path) as document:
        sizes = []
        for index in range(len(document)):
            page = document[index]
            try:
                width, height = page.get_size()
            finally:
                page.close()
            sizes.append((width / MM, height / MM))
        return sizes


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float  # mm from the page's left edge
    y_min: float  # mm from the page's top edge
    x_max: float
    y_max: float


def pdf_words(path: Path, page: int = 1) -> list[Word]:
    """Every drawn glyph of ``page`` (counted from 1) with its box, so 縦書き and postal digits can be checked
    one by one. The box is the glyph's advance width by the font's ascent to descent, like pdftotext -bbox."""
    with _document(path) as document:
        pdf_page = document[page - 1]
        try:
            height = pdf_page.get_height()
            textpage = pdf_page.get_textpage()
            try:
                words = []
                for index in range(textpage.count_chars()):
                    char = textpage.get_text_range(index, 1)
                    if not char or char.isspace():
                        continue
                    left, bottom, right, top = textpage.get_charbox(index, loose=True)
                    words.append(
                        Word(char, left / MM, (height - top) / MM, right / MM, (height - bottom) / MM)
                    )
                return words
            finally:
                textpage.close()
        finally:
            pdf_page.close()
