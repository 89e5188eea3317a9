"""Importing a store's list: open a file, map its columns, try it (dry run), import it, undo it.

    service = ImportService(ctx)
    file = service.open(Path("顧客一覧.csv"))           # encoding, delimiter, header row, suggested mapping
    preview = service.dry_run(file)                       # exactly what would happen; nothing is written
    result = service.run(file, progress=..., cancel=...)  # one transaction per batch of rows
    service.undo(result.import_id)                        # the whole import, afterwards

Every row lands in one bucket: imported + updated + skipped + reported = rows of the file.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crmdesk.domain.errors import ValidationError
from crmdesk.domain.tabular import ColumnMapping, infer_mapping, mapping_problems, shape_key, suggest_mapping
from crmdesk.domain.textnorm import fold
from crmdesk.services.changes import Changes
from crmdesk.services.context import ServiceContext
from crmdesk.services.exporting import TABLE_HEADERS
from crmdesk.services.importing.cards import CardState, MatchIndex, Slot, merge, snapshot
from crmdesk.services.importing.parallel import parse_in_order, worth_it
from crmdesk.services.importing.persist import BatchWriter, load_index, load_states
from crmdesk.services.importing.readers import FileKind, SourceRecord, TableSource, open_table
from crmdesk.services.importing.results import (
    Bucket,
    DuplicateAction,
    ImportInfo,
    ImportOptions,
    ImportResult,
    PossibleDuplicate,
    Problem,
    RowAction,
    RowOutcome,
    UndoResult,
    batch_rows,
)
from crmdesk.services.importing.rows import ParsedRow, RowParser
from crmdesk.services.importing.vcard import vcard_mapping
from crmdesk.storage.models import ImportBatch, StoreSetting

MAPPINGS_KEY = "import.mappings"
MAX_REMEMBERED = 50

Progress = Callable[[int, int], None]  # (rows done, rows in the file)
Cancel = Callable[[], bool]  # asked between batches: True stops the import after the current batch


@dataclass(frozen=True)
class ImportFile:
    """An opened file: how it was read, and the suggested (or remembered) column mapping."""

    source: TableSource
    mapping: tuple[ColumnMapping, ...]
    remembered: bool  # the mapping is the one saved for the last file of this shape

    @property
    def headers(self) -> tuple[str, ...]:
        return self.source.headers

    @property
    def filename(self) -> str:
        return self.source.filename

    @property
    def row_count(self) -> int:
        return self.source.row_count

    @property
    def sheet(self) -> str | None:
        """The sheet read, for a workbook."""
        return self.source.sheet

    @property
    def sheets(self) -> tuple[str, ...]:
        """Every sheet of a workbook (empty for other files)."""
        return self.source.sheets

    def sample(self, limit: int = 20) -> list[SourceRecord]:
        return self.source.sample(limit)


@dataclass
class _Pending:
    row: ParsedRow
    action: RowAction
    bucket: Bucket
    slot: Slot | None
    matched_by: str = ""
    merged_into: int | None = None
    problems: list[Problem] = field(default_factory=list)


class ImportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # ------------------------------------------------------------------------------------------- opening
    def open(
        self,
        path: Path | str,
        *,
        encoding: str | None = None,
        delimiter: str | None = None,
        sheet: str | None = None,
    ) -> ImportFile:
        """Read how the file is made and suggest where each column goes (the remembered mapping first). `sheet`
        picks a sheet of an .xlsx workbook (default: the first one with data; `ImportFile.sheets` lists them)."""
        source = open_table(Path(path), encoding=encoding, delimiter=delimiter, sheet=sheet)
        if source.kind == FileKind.VCARD:
            return ImportFile(source, tuple(vcard_mapping()), False)
        if source.kind == FileKind.BACKUP:
            return ImportFile(source, tuple(suggest_mapping(source.headers)), False)
        remembered = self.remembered_mapping(source.headers)
        if remembered is not None:
            return ImportFile(source, tuple(remembered), True)
        if source.header_line == 0:
            sample = source.sample(50)
            columns = [
                [r.cells[i] if i < len(r.cells) else "" for r in sample] for i in range(len(source.headers))
            ]
            return ImportFile(source, tuple(infer_mapping(columns)), False)
        return ImportFile(source, tuple(suggest_mapping(source.headers)), False)

    def remembered_mapping(self, headers: Sequence[str]) -> list[ColumnMapping] | None:
        with self.ctx.db.read() as session:
            row = session.get(StoreSetting, MAPPINGS_KEY)
            entry = (row.value or {}).get(shape_key(headers)) if row is not None else None
        if not entry:
            return None
        mapping = [ColumnMapping.from_dict(m) for m in entry.get("mapping", [])]
        return mapping if len(mapping) == len(headers) else None

    def remember_mapping(self, headers: Sequence[str], mapping: Sequence[ColumnMapping]) -> None:
        """Keep this mapping for the next file with the same headers (in the store's shared settings)."""
        with self.ctx.db.transaction() as session:
            self._remember(session, headers, mapping)

    def _remember(self, session: Session, headers: Sequence[str], mapping: Sequence[ColumnMapping]) -> None:
        row = session.get(StoreSetting, MAPPINGS_KEY)
        saved: dict[str, Any] = dict(row.value or {}) if row is not None else {}
        saved[shape_key(headers)] = {
            "headers": list(headers),
            "mapping": [m.to_dict() for m in mapping],
            "used_at": self.ctx.now().isoformat(),
        }
        if len(saved) > MAX_REMEMBERED:
            newest = sorted(saved.items(), key=lambda kv: str(kv[1].get("used_at", "")), reverse=True)
            saved = dict(newest[:MAX_REMEMBERED])
        if row is None:
            session.add(StoreSetting(key=MAPPINGS_KEY, value=saved))
        else:
            row.value = saved

    # ------------------------------------------------------------------------------------------- running
    def dry_run(
        self,
        file: ImportFile,
        mapping: Sequence[ColumnMapping] | None = None,
        options: ImportOptions | None = None,
        *,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> ImportResult:
        """Exactly what `run` would do with these settings, without writing anything."""
        return self._execute(file, mapping, options or ImportOptions(), True, progress, cancel)

    def run(
        self,
        file: ImportFile,
        mapping: Sequence[ColumnMapping] | None = None,
        options: ImportOptions | None = None,
        *,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> ImportResult:
        """Import the file: one transaction per batch of rows; a cancel stops after the current batch."""
        return self._execute(file, mapping, options or ImportOptions(), False, progress, cancel)

    def _execute(
        self,
        file: ImportFile,
        mapping: Sequence[ColumnMapping] | None,
        options: ImportOptions,
        dry_run: bool,
        progress: Progress | None,
        cancel: Cancel | None,
    ) -> ImportResult:
        collecting = gc.isenabled()
        # hundreds of thousands of short-lived rows and no cycles: a collection would only rescan the match index
        gc.disable()
        try:
            result = self._import(file, mapping, options, dry_run, progress, cancel)
        finally:
            if collecting:
                gc.enable()
        if result.import_id is not None:
            self.ctx.publish(Changes(customers=result.created_ids | result.updated_ids, bulk=True))
        return result

    def _import(
        self,
        file: ImportFile,
        mapping: Sequence[ColumnMapping] | None,
        options: ImportOptions,
        dry_run: bool,
        progress: Progress | None,
        cancel: Cancel | None,
    ) -> ImportResult:
        chosen = list(mapping if mapping is not None else file.mapping)
        problems = mapping_problems(chosen)
        if problems:
            raise ValidationError("列の割り当て", file.filename, problems[0], code="mapping")
        source = file.source
        # a table written by crmdesk's own export says what each card had: an empty address stays empty
        own_export = tuple(source.headers) == TABLE_HEADERS
        lookup = _postal_town if options.fill_address_from_postal and not own_export else None
        parser = RowParser(source.headers, chosen, self.ctx.today(), lookup)
        with self.ctx.db.read() as session:
            index, _ = load_index(session)
        run = _Run(self.ctx, index, options, dry_run)
        run.children = source.kind == FileKind.BACKUP
        import_id: int | None = None
        if not dry_run:
            with self.ctx.db.transaction() as session:
                batch = ImportBatch(
                    filename=source.filename,
                    started_at=self.ctx.now(),
                    staff=self.ctx.staff_name,
                    counts={},
                    mapping={"headers": list(source.headers), "mapping": [m.to_dict() for m in chosen]},
                )
                session.add(batch)
                session.flush()
                import_id = batch.id
            run.writer = BatchWriter(self.ctx, import_id)
        total = source.row_count
        cancelled = False
        try:
            # a big table is parsed a few batches ahead in a second process while this thread writes
            parallel = options.parallel and source.kind != FileKind.BACKUP and worth_it(total)
            chunks = _batches(source.records(), batch_rows(options, total))
            with closing(parse_in_order(parser, chunks, parallel=parallel)) as batches:
                for rows in batches:
                    if cancel is not None and cancel():
                        cancelled = True
                        break
                    if dry_run:
                        with self.ctx.db.read() as session:
                            run.batch(session, rows)
                    else:
                        with self.ctx.db.transaction() as session:
                            run.batch(session, rows)
                    if progress is not None:
                        progress(run.seen, total)
        except BaseException:
            if import_id is not None:
                self._finish(import_id, run, source, chosen, options, cancelled=True, failed=True)
            raise
        result = run.result(source, import_id, cancelled)
        if import_id is not None:
            self._finish(import_id, run, source, chosen, options, cancelled=cancelled, failed=False)
        return result

    def _finish(
        self,
        import_id: int,
        run: _Run,
        source: TableSource,
        mapping: Sequence[ColumnMapping],
        options: ImportOptions,
        *,
        cancelled: bool,
        failed: bool,
    ) -> None:
        counts: dict[str, Any] = run.counts()
        counts["rows"] = source.row_count - run.blank
        counts["cancelled"] = cancelled
        counts["failed"] = failed
        rows = {fp: slot.customer_id for fp, slot in run.fingerprints if fp and slot.customer_id is not None}
        with self.ctx.db.transaction() as session:
            batch = session.get(ImportBatch, import_id)
            if batch is not None:
                batch.counts = counts
                batch.mapping = {**(batch.mapping or {}), "rows": rows}
            if options.remember_mapping and source.kind in (FileKind.CSV, FileKind.XLSX) and not failed:
                self._remember(session, source.headers, mapping)
            self.ctx.audit(
                session, "import", "import_batch", import_id, None, filename=source.filename, **counts
            )

    # ------------------------------------------------------------------------------------------- history
    def imports(self, *, limit: int = 50) -> list[ImportInfo]:
        """Past imports, newest first (for the undo list)."""
        with self.ctx.db.read() as session:
            rows = session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit)).all()
            return [
                ImportInfo(
                    id=b.id,
                    filename=b.filename,
                    started_at=b.started_at,
                    staff=b.staff,
                    counts={k: int(v) for k, v in (b.counts or {}).items() if isinstance(v, int)},
                    undone_at=b.undone_at,
                )
                for b in rows
            ]

    def undo(self, import_id: int | None = None) -> UndoResult:
        """Take back a whole import (the latest one by default). Cards edited since are kept, never lost."""
        from crmdesk.services.importing.undo import undo_import

        result, changed = undo_import(self.ctx, import_id)
        self.ctx.publish(changed)
        return result


class _Run:
    """The state of one import while it goes through the file batch by batch."""

    def __init__(self, ctx: ServiceContext, index: MatchIndex, options: ImportOptions, dry_run: bool) -> None:
        self.ctx = ctx
        self.index = index
        self.options = options
        self.dry_run = dry_run
        self.writer: BatchWriter | None = None
        self.outcomes: list[RowOutcome] = []
        self.possible: list[PossibleDuplicate] = []
        self.created: set[int] = set()
        self.updated: set[int] = set()
        self.fingerprints: list[
            tuple[str, Slot]
        ] = []  # each row's content → its card (saved with the import)
        self.children = False  # a backup: cards bring their family, items, notes, history and follow-ups
        self.seen = 0  # records read from the file
        self.blank = 0  # records with nothing but a row number in them

    def batch(self, session: Session, rows: list[ParsedRow]) -> None:
        self.seen += len(rows)
        self.blank += sum(1 for row in rows if row.blank)
        rows = [row for row in rows if not row.blank]
        needed: dict[int, Slot] = {}
        for row in rows:
            if row.rejected:
                continue
            match, _ = self.index.find(row)
            if match is None:
                continue
            slot = match.slot
            if slot.state is None and slot.customer_id is not None and not slot.trashed:
                needed[slot.customer_id] = slot
        load_states(session, list(needed.values()), children=self.children)
        new_slots: list[Slot] = []
        dirty: dict[int, Slot] = {}
        touched: list[Slot] = list(needed.values())
        pending = [self._plan(session, row, new_slots, dirty, touched) for row in rows]
        if self.writer is not None:
            new_states = [s.state for s in new_slots if s.state is not None]
            ids = self.writer.insert_new(session, new_states)
            for slot, cid in zip(new_slots, ids, strict=True):
                slot.customer_id = cid
            changed = [s.state for s in dirty.values() if s.state is not None]
            self.writer.update_existing(session, changed)
            self.writer.reindex(session, list(dirty))  # new cards are indexed by insert_new
            self.created.update(ids)
            self.updated.update(cid for cid, s in dirty.items() if not s.created_here)
            for slot in [*new_slots, *touched]:
                slot.state = None  # written: read again from the database if a later row needs it
        for item in pending:
            self.outcomes.append(
                RowOutcome(
                    line=item.row.line,
                    action=item.action,
                    bucket=item.bucket,
                    name=item.row.name,
                    customer_id=item.slot.customer_id if item.slot is not None else None,
                    matched_by=item.matched_by,
                    merged_into_line=item.merged_into,
                    problems=tuple(item.problems),
                    raw=item.row.raw if item.action is RowAction.REJECTED else (),
                )
            )

    def _state(self, session: Session, slot: Slot, touched: list[Slot]) -> CardState:
        if slot.state is None:
            load_states(session, [slot], children=self.children)
            touched.append(slot)
        assert slot.state is not None
        return slot.state

    def _plan(
        self,
        session: Session,
        row: ParsedRow,
        new_slots: list[Slot],
        dirty: dict[int, Slot],
        touched: list[Slot],
    ) -> _Pending:
        problems = list(row.problems)
        if row.rejected:
            return _Pending(row, RowAction.REJECTED, Bucket.REPORTED, None, problems=problems)
        match, lookalikes = self.index.find(row)
        if match is None:
            state, conflicts = CardState.from_row(row)
            state.fresh_doc, row.fresh_doc = row.fresh_doc, None
            same_name = state.name == row.name and state.name_kana == row.name_kana
            slot = Slot(
                None,
                state.code,
                row.name_key if same_name else state.name_key,
                row.kana_key if same_name else state.kana_key,
                state.birthday,
                True,
                row.line,
                state,
                address_key=row.address_key if state.address1 == row.address1 else fold(state.address1),
            )
            self.index.add(slot, row.phone_keys, row.fingerprint)
            self.fingerprints.append((row.fingerprint, slot))
            new_slots.append(slot)
            for other in lookalikes[:1]:
                where = (
                    f"{other.first_line}行目"
                    if other.created_here and other.first_line
                    else "登録済みのお客様"
                )
                self.possible.append(
                    PossibleDuplicate(
                        row.line, other.customer_id, f"電話番号が{where}と同じで、氏名が異なります"
                    )
                )
            problems += conflicts
            return _Pending(
                row,
                RowAction.CREATED,
                Bucket.REPORTED if problems else Bucket.IMPORTED,
                slot,
                problems=problems,
            )
        slot = match.slot
        if slot.trashed:
            problems.insert(
                0,
                Problem(
                    row.line,
                    "顧客コード",
                    row.code or "",
                    "この顧客コードはごみ箱にあるお客様が使っています。ごみ箱から戻してから取り込み直してください",
                    "trashed",
                ),
            )
            return _Pending(
                row, RowAction.SKIPPED, Bucket.REPORTED, slot, match.matched_by, problems=problems
            )
        if slot.created_here:
            state = self._state(session, slot, touched)
            conflicts = merge(state, row, overwrite=False)
            self.index.refresh(slot, state, row.fingerprint)
            self.fingerprints.append((row.fingerprint, slot))
            if slot.customer_id is not None:
                dirty[slot.customer_id] = slot
            note = Problem(
                row.line,
                "（行全体）",
                row.name,
                f"{slot.first_line}行目と同じお客様（{match.matched_by}が一致）のため、{slot.first_line}行目のカードにまとめました",
                "merged",
            )
            return _Pending(
                row,
                RowAction.MERGED,
                Bucket.REPORTED,
                slot,
                match.matched_by,
                slot.first_line,
                [note, *problems, *conflicts],
            )
        self.fingerprints.append((row.fingerprint, slot))
        if self.options.on_duplicate is DuplicateAction.SKIP:
            return _Pending(row, RowAction.SKIPPED, Bucket.SKIPPED, slot, match.matched_by)
        state = self._state(session, slot, touched)
        before = snapshot(state)
        conflicts = merge(state, row, overwrite=True)
        self.index.refresh(slot, state, row.fingerprint)
        changed = snapshot(state) != before
        if changed and slot.customer_id is not None:
            dirty[slot.customer_id] = slot
        problems += conflicts
        if problems:
            bucket = Bucket.REPORTED
        else:
            bucket = Bucket.UPDATED if changed else Bucket.SKIPPED
        action = RowAction.UPDATED if changed else RowAction.UNCHANGED
        return _Pending(row, action, bucket, slot, match.matched_by, problems=problems)

    def counts(self) -> dict[str, int]:
        counts = {bucket.value: 0 for bucket in Bucket}
        for outcome in self.outcomes:
            counts[outcome.bucket.value] += 1
        return counts

    def result(self, source: TableSource, import_id: int | None, cancelled: bool) -> ImportResult:
        counts = self.counts()
        return ImportResult(
            filename=source.filename,
            dry_run=self.dry_run,
            rows=source.row_count - self.blank,
            imported=counts[Bucket.IMPORTED.value],
            updated=counts[Bucket.UPDATED.value],
            skipped=counts[Bucket.SKIPPED.value],
            reported=counts[Bucket.REPORTED.value],
            outcomes=tuple(self.outcomes),
            import_id=import_id,
            blank_rows=source.blank_rows + self.blank,
            cancelled=cancelled,
            created_ids=frozenset(self.created),
            updated_ids=frozenset(self.updated),
            possible_duplicates=tuple(self.possible),
            encoding=source.encoding,
            delimiter=source.delimiter,
            warnings=source.warnings,
        )


def _batches(records: Iterator[SourceRecord], size: int) -> Iterator[list[SourceRecord]]:
    while True:
        chunk = list(islice(records, size))
        if not chunk:
            return
        yield chunk


def _postal_town(postal_code: str) -> str | None:
    from crmdesk.services.postal_lookup import lookup

    found = lookup(postal_code)
    return found.text if found is not None else None


def started_label(value: datetime) -> str:
    return value.astimezone().strftime("%Y/%m/%d %H:%M")


__all__ = ["Cancel", "ImportFile", "ImportService", "Progress", "started_label"]
