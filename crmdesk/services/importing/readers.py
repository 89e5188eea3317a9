"""Reading a store's file as a table: CSV/TSV in any Japanese encoding, .xlsx, and vCard.

- Encoding: a BOM decides; else UTF-8 if the bytes are valid UTF-8; else cp932 (what Japanese Excel writes — never
  the `shift_jis` codec, which turns 〜 − ‖ ¬ into other characters) or EUC-JP, whichever reads as Japanese.
- Delimiter: comma, tab, semicolon or bar — the one that splits the first lines into the same number of columns.
- Header row: the first of the first lines whose cells read as column names (a title line above is skipped).
- Line numbers are the file's own (the line where a record starts; quoted notes may span several lines).
"""

from __future__ import annotations

import codecs
import csv
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crmdesk.domain.errors import ValidationError
from crmdesk.domain.tabular import recognised_count

csv.field_size_limit(64 * 1024 * 1024)

HEADER_SEARCH_ROWS = 10
SNIFF_BYTES = 256 * 1024
_DELIMITERS = (",", "\t", ";", "|")
_FIELD = "ファイル"


class FileKind:
    CSV = "csv"
    XLSX = "xlsx"
    VCARD = "vcard"
    BACKUP = "backup"  # crmdesk's own JSON export


@dataclass(frozen=True)
class SourceRecord:
    line: int  # where the record starts in the file (1-based); the row number in a sheet; a backup's customer
    cells: tuple[str, ...]
    extra: Any = None  # what a backup carries beside the cells (`backup_json.Extra`)


@dataclass
class TableSource:
    """A file opened for import: how it was read, its headers, and its records (read again on every pass)."""

    path: Path
    kind: str
    headers: tuple[str, ...]
    header_line: int  # 0 when the file has no header row
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()  # every sheet of a workbook, in order (the user may pick another one)
    row_count: int = 0  # non-blank data records
    blank_rows: int = 0
    warnings: tuple[str, ...] = ()
    _text: str | None = field(default=None, repr=False)

    @property
    def filename(self) -> str:
        return self.path.name

    def records(self) -> Iterator[SourceRecord]:
        """The data records after the header row, blank ones left out."""
        for record in self._all_records():
            if record.line <= self.header_line:
                continue
            if any(cell.strip() for cell in record.cells):
                yield record

    def sample(self, limit: int = 20) -> list[SourceRecord]:
        result: list[SourceRecord] = []
        for record in self.records():
            result.append(record)
            if len(result) >= limit:
                break
        return result

    def _all_records(self) -> Iterator[SourceRecord]:
        if self.kind == FileKind.XLSX:
            yield from _xlsx_records(self.path, self.sheet)
        elif self.kind == FileKind.BACKUP:
            from crmdesk.services.importing.backup_json import backup_records, load_backup

            for number, cells, extra in backup_records(load_backup(self.path, self._text)):
                yield SourceRecord(number, cells, extra)
        elif self.kind == FileKind.VCARD:
            from crmdesk.services.importing.vcard import vcard_records

            yield from vcard_records(self._decoded())
        else:
            yield from _csv_records(self._decoded(), self.delimiter or ",")

    def _decoded(self) -> str:
        if self._text is not None:
            return self._text
        data = self.path.read_bytes()
        return _decode(data, self.encoding or "utf-8")


# ------------------------------------------------------------------------------------------------ opening
def open_table(
    path: Path, *, encoding: str | None = None, delimiter: str | None = None, sheet: str | None = None
) -> TableSource:
    """Open a file for import: detect its kind, encoding, delimiter and header row. `sheet` picks the sheet of a
    workbook (default: the first one with data)."""
    if not path.exists():
        raise ValidationError(_FIELD, str(path), "ファイルが見つかりません", code="not_found")
    head = path.read_bytes()[:8] if path.stat().st_size else b""
    suffix = path.suffix.lower()
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(
            _FIELD,
            path.name,
            "古い Excel 形式（.xls）です。Excel で「Excel ブック（.xlsx）」または CSV で保存し直してください",
            code="xls",
        )
    if head.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm"):
        return _open_xlsx(path, sheet)
    data = path.read_bytes()
    if not data.strip():
        raise ValidationError(_FIELD, path.name, "ファイルが空です", code="empty")
    from crmdesk.services.importing.backup_json import looks_like_backup

    if suffix == ".json" or looks_like_backup(data):
        return _open_backup(path, data)
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ValidationError(
            _FIELD,
            path.name,
            "表のファイルではないようです（CSV・Excel・vCard を選んでください）",
            code="binary",
        )
    chosen, warns = (encoding, ()) if encoding else detect_encoding(data)
    text = _decode(data, chosen)
    if suffix in (".vcf", ".vcard") or text.lstrip("\ufeff \r\n").upper().startswith("BEGIN:VCARD"):
        return _open_vcard(path, text, chosen, tuple(warns))
    sep = delimiter or detect_delimiter(text, suffix)
    source = TableSource(path, FileKind.CSV, (), 0, encoding=chosen, delimiter=sep, warnings=tuple(warns))
    source._text = text if len(text) < 32 * 1024 * 1024 else None
    return _with_header(source)


def _with_header(source: TableSource) -> TableSource:
    first: list[SourceRecord] = []
    for record in source._all_records():
        if any(cell.strip() for cell in record.cells):
            first.append(record)
        if len(first) >= HEADER_SEARCH_ROWS:
            break
    if not first:
        raise ValidationError(_FIELD, source.filename, "データの行がありません", code="empty")
    header = _find_header(first)
    if header is None:
        width = max(len(r.cells) for r in first)
        source.headers = tuple(f"列{i + 1}" for i in range(width))
        source.header_line = 0
    else:
        source.headers = tuple(cell.strip() for cell in header.cells)
        source.header_line = header.line
    rows = blanks = 0
    for record in source._all_records():
        if record.line <= source.header_line:
            continue
        if any(cell.strip() for cell in record.cells):
            rows += 1
        else:
            blanks += 1
    source.row_count, source.blank_rows = rows, blanks
    return source


def _find_header(first: list[SourceRecord]) -> SourceRecord | None:
    best: SourceRecord | None = None
    best_score = 0
    for record in first:
        score = recognised_count(record.cells)
        if score >= 2 and score > best_score:
            return record
        if score > best_score:
            best, best_score = record, score
    if best is not None:
        return best
    # no known word anywhere: a header row is still likely when the first row is all text and the next is not
    top = first[0]
    if len(first) > 1 and all(cell.strip() and not any(ch.isdigit() for ch in cell) for cell in top.cells):
        return top
    return None


# ------------------------------------------------------------------------------------------------ encodings
def detect_encoding(data: bytes) -> tuple[str, list[str]]:
    """The encoding of a text file, and warnings when some bytes could not be read."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", []
    try:
        data.decode("utf-8")
        return "utf-8", []
    except UnicodeDecodeError:
        pass
    scored: list[tuple[float, str]] = []
    for name in ("cp932", "euc_jp", "euc_jis_2004"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        scored.append((_japanese_score(text), name))
    if scored:
        scored.sort(reverse=True)
        return scored[0][1], []
    # damaged file: read it with the likeliest encoding and say so
    best = max(("cp932", "euc_jp", "utf-8"), key=lambda n: _japanese_score(data.decode(n, errors="replace")))
    return best, [f"一部の文字を {best} として読めませんでした（「\ufffd」で表示されます）"]


def _japanese_score(text: str) -> float:
    good = bad = 0
    for ch in text[:200_000]:
        code = ord(ch)
        if ch.isascii():
            continue
        if (
            0x3040 <= code <= 0x30FF
            or 0x4E00 <= code <= 0x9FFF
            or 0xFF01 <= code <= 0xFF5E
            or ch in "　、。・「」〒〜"
        ):
            good += 1
        elif 0xFF61 <= code <= 0xFF9F:  # half-width katakana: what EUC-JP bytes look like read as cp932
            bad += 1
        else:
            bad += 2
    return good - bad * 1.5


def _decode(data: bytes, encoding: str) -> str:
    name = codecs.lookup(encoding).name
    if name in ("shift_jis", "shift-jis", "sjis"):
        name = "cp932"  # Excel's Japanese files are cp932: shift_jis would mangle 〜 − ‖ ¬
    text = data.decode(name, errors="replace")
    return text[1:] if text.startswith("\ufeff") else text


# ------------------------------------------------------------------------------------------------ CSV / TSV
def detect_delimiter(text: str, suffix: str = "") -> str:
    sample = text[:SNIFF_BYTES]
    if "\n" in sample[: SNIFF_BYTES - 1]:
        sample = sample[: sample.rfind("\n") + 1] or sample
    best, best_score = "\t" if suffix in (".tsv", ".tab") else ",", (0.0, 0)
    for sep in _DELIMITERS:
        widths = [
            len(row) for row in csv.reader(io.StringIO(sample), delimiter=sep) if any(c.strip() for c in row)
        ][:200]
        if not widths:
            continue
        modal = max(set(widths), key=widths.count)
        if modal < 2:
            continue
        consistency = widths.count(modal) / len(widths)
        score = (round(consistency, 2), modal)
        preferred = (suffix in (".tsv", ".tab") and sep == "\t") or (suffix == ".csv" and sep == ",")
        if score > best_score or (score == best_score and preferred):
            best, best_score = sep, score
    return best


def _csv_records(text: str, delimiter: str) -> Iterator[SourceRecord]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for row in reader:
        yield SourceRecord(start, tuple(row))
        start = reader.line_num + 1


# ------------------------------------------------------------------------------------------------ xlsx
def _load_workbook(path: Path) -> object:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and data validation it does not read
        try:
            return openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # zip or XML errors: the file is damaged or not a workbook
            raise ValidationError(
                _FIELD, path.name, f"Excel ファイルを開けません（{exc}）", code="xlsx"
            ) from exc


def _open_xlsx(path: Path, sheet: str | None = None) -> TableSource:
    workbook = _load_workbook(path)
    try:
        names = tuple(str(ws.title) for ws in workbook.worksheets)  # type: ignore[attr-defined]
        if sheet is not None:
            if sheet not in names:
                raise ValidationError(
                    "シート",
                    sheet,
                    f"{path.name} に「{sheet}」というシートはありません（シート: {'、'.join(names)}）",
                    code="sheet",
                )
            chosen: str | None = sheet
        else:
            chosen = next(
                (ws.title for ws in workbook.worksheets if _has_data(ws)),  # type: ignore[attr-defined]
                names[0] if names else None,
            )
    finally:
        workbook.close()  # type: ignore[attr-defined]
    if chosen is None:
        raise ValidationError(_FIELD, path.name, "シートがありません", code="empty")
    return _with_header(TableSource(path, FileKind.XLSX, (), 0, sheet=chosen, sheets=names))


def _has_data(sheet: Any) -> bool:
    """Does this sheet have a value anywhere? (its size as saved can be wrong or missing: the cells are looked at)"""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for row in sheet.iter_rows(values_only=True):
            if any(value is not None and str(value).strip() for value in row):
                return True
    return False


def _xlsx_records(path: Path, sheet: str | None) -> Iterator[SourceRecord]:
    workbook = _load_workbook(path)
    try:
        ws = workbook[sheet] if sheet else workbook.worksheets[0]  # type: ignore[index, attr-defined]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for number, row in enumerate(ws.iter_rows(values_only=True), start=ws.min_row or 1):
                cells = tuple(_cell_text(value) for value in row)
                while cells and not cells[-1]:
                    cells = cells[:-1]
                yield SourceRecord(number, cells)
    finally:
        workbook.close()  # type: ignore[attr-defined]


def _cell_text(value: object) -> str:
    from datetime import date, datetime, time

    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0, 0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


# ------------------------------------------------------------------------------------------------ backup
def _open_backup(path: Path, data: bytes) -> TableSource:
    from crmdesk.services.exporting import TABLE_HEADERS
    from crmdesk.services.importing.backup_json import load_backup

    text = data.decode("utf-8-sig", errors="replace")
    load_backup(path, text)  # refused here when it is not crmdesk's JSON
    source = TableSource(path, FileKind.BACKUP, TABLE_HEADERS, 0, encoding="utf-8")
    source._text = text if len(text) < 256 * 1024 * 1024 else None
    source.row_count = sum(1 for _ in source.records())
    if source.row_count == 0:
        raise ValidationError(_FIELD, path.name, "お客様が一人もいません", code="empty")
    return source


# ------------------------------------------------------------------------------------------------ vCard
def _open_vcard(path: Path, text: str, encoding: str, warns: tuple[str, ...]) -> TableSource:
    from crmdesk.services.importing.vcard import VCARD_HEADERS

    source = TableSource(path, FileKind.VCARD, VCARD_HEADERS, 0, encoding=encoding, warnings=warns)
    source._text = text
    rows = sum(1 for _ in source.records())
    source.row_count = rows
    if rows == 0:
        raise ValidationError(_FIELD, path.name, "vCard（BEGIN:VCARD）が見つかりません", code="empty")
    return source


__all__ = ["FileKind", "SourceRecord", "TableSource", "detect_delimiter", "detect_encoding", "open_table"]
