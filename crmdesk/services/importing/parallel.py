"""Parsing a big table's rows in a second process while the importing thread writes the batch before.

Reading values (dates, kana, phones, addresses, notes) is pure Python and takes about a quarter of a large import;
threads cannot share it (Python's lock), a second process can. The worker only parses — it never opens the
database — and the importing thread still writes every batch in file order, one transaction each, so what is
stored, reported and undone is exactly what the one-process import does (tests compare the two).

Rows come back as plain tuples (`encode` / `decode`): unpickling the dataclasses with their enums and dates cost
about half of what parsing them again would. The worker also works out the search data of the card each row makes
if it turns out new (`prepare_doc`): unpickling it costs an eighth of building it. "spawn" on every system (as Windows and macOS must; no fork of a
process that runs Qt and SQLite threads); the frozen app calls `multiprocessing.freeze_support()` first thing.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Generator, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from typing import Any

from crmdesk.domain.values import ContactKind, CustomerKind, Honorific, Phase, Sex
from crmdesk.services.importing.cards import CardState
from crmdesk.services.importing.persist import source_of
from crmdesk.services.importing.readers import SourceRecord
from crmdesk.services.importing.results import Problem
from crmdesk.services.importing.rows import ContactValue, ParsedRow, RowParser, Visit
from crmdesk.services.search_index import Doc, build_doc

log = logging.getLogger(__name__)

MIN_ROWS = 20_000  # below this, starting a process costs more than it saves
AHEAD = 2  # batches parsed ahead of the one being written

_parser: RowParser | None = None  # the worker's own


def _start(parser: RowParser) -> None:
    global _parser
    _parser = parser


def _parse(chunk: list[SourceRecord]) -> list[tuple[Any, ...]]:
    assert _parser is not None
    rows = [_parser.parse(record) for record in chunk]
    for row in rows:
        prepare_doc(row)
    return [encode(row) for row in rows]


def prepare_doc(row: ParsedRow) -> None:
    """The search data of the card this row makes if no earlier card takes it: `build_doc` of the state
    `CardState.from_row` makes (the importing thread makes the same one); not when the order of its tags depends
    on the ids the database gives them."""
    if row.blank or row.rejected:
        return
    state, _problems = CardState.from_row(row)
    if len(set(state.tags)) <= 1 and not state.new_children:
        row.fresh_doc = build_doc(source_of(state, 0, list(dict.fromkeys(state.tags))))


def _day(value: date | None) -> int | None:
    return value.toordinal() if value is not None else None


def _from_day(value: int | None) -> date | None:
    return date.fromordinal(value) if value is not None else None


def _enum(value: Any) -> str | None:
    return value.value if value is not None else None


def encode(row: ParsedRow) -> tuple[Any, ...]:
    """A parsed row as plain values (quick to pickle and unpickle). Only a rejected row keeps its raw cells, the
    only rows whose cells the report shows; a backup's children never come here (backups parse in-process)."""
    return (
        row.line,
        row.raw if row.rejected else (),
        row.code,
        row.name,
        row.name_kana,
        _enum(row.honorific),
        _enum(row.kind),
        row.company_contact,
        row.company_department,
        _enum(row.sex),
        _day(row.birthday),
        row.postal_code,
        row.address1,
        row.address2,
        row.address_from_postal,
        [(c.kind.value, c.value, c.norm) for c in row.contacts],
        row.consent_letter,
        row.consent_phone,
        row.consent_email,
        row.staff,
        _enum(row.phase),
        row.tags,
        row.interests,
        row.memo_blocks,
        [(v.day.toordinal(), v.which) for v in row.visits],
        [(p.line, p.column, p.value, p.reason, p.code) for p in row.problems],
        row.rejected,
        row.blank,
        row.fingerprint,
        row.name_key,
        row.kana_key,
        row.phone_keys,
        row.address_key,
        (row.fresh_doc.kana, row.fresh_doc.live, row.fresh_doc.rows, row.fresh_doc.keys)
        if row.fresh_doc
        else None,
    )


def decode(values: tuple[Any, ...]) -> ParsedRow:
    (
        line,
        raw,
        code,
        name,
        name_kana,
        honorific,
        kind,
        company_contact,
        company_department,
        sex,
        birthday,
        postal_code,
        address1,
        address2,
        address_from_postal,
        contacts,
        consent_letter,
        consent_phone,
        consent_email,
        staff,
        phase,
        tags,
        interests,
        memo_blocks,
        visits,
        problems,
        rejected,
        blank,
        fingerprint,
        name_key,
        kana_key,
        phone_keys,
        address_key,
        doc,
    ) = values
    return ParsedRow(
        line=line,
        raw=tuple(raw),
        code=code,
        name=name,
        name_kana=name_kana,
        honorific=Honorific(honorific) if honorific is not None else None,
        kind=CustomerKind(kind) if kind is not None else None,
        company_contact=company_contact,
        company_department=company_department,
        sex=Sex(sex) if sex is not None else None,
        birthday=_from_day(birthday),
        postal_code=postal_code,
        address1=address1,
        address2=address2,
        address_from_postal=address_from_postal,
        contacts=[ContactValue(ContactKind(k), v, n) for k, v, n in contacts],
        consent_letter=consent_letter,
        consent_phone=consent_phone,
        consent_email=consent_email,
        staff=staff,
        phase=Phase(phase) if phase is not None else None,
        tags=tags,
        interests=interests,
        memo_blocks=memo_blocks,
        visits=[Visit(date.fromordinal(d), which) for d, which in visits],
        problems=[Problem(*p) for p in problems],
        rejected=rejected,
        blank=blank,
        fingerprint=fingerprint,
        name_key=name_key,
        kana_key=kana_key,
        phone_keys=phone_keys,
        address_key=address_key,
        fresh_doc=Doc(0, *doc) if doc is not None else None,
    )


def worth_it(rows: int) -> bool:
    return rows >= MIN_ROWS and (os.cpu_count() or 1) >= 2


def parse_in_order(
    parser: RowParser, chunks: Iterator[list[SourceRecord]], *, parallel: bool
) -> Generator[list[ParsedRow], None, None]:
    """Each chunk's parsed rows, in file order. With `parallel`, a worker process parses up to AHEAD chunks ahead.

    A failure while reading the file is raised only after the chunks read before it have been handed out, so the
    batches before a broken spot are written, as without a worker."""
    if not parallel:
        for chunk in chunks:
            yield [parser.parse(record) for record in chunk]
        return
    try:
        pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start,
            initargs=(parser,),
        )
    except (OSError, NotImplementedError) as exc:  # no second process here: parse in this one
        log.warning("import parses in one process: %s", exc)
        yield from parse_in_order(parser, chunks, parallel=False)
        return
    pending: deque[Future[list[tuple[Any, ...]]]] = deque()
    try:
        failure: Exception | None = None
        while True:
            try:
                chunk = next(chunks)
            except StopIteration:
                break
            except Exception as exc:  # reading the file failed: the chunks read before it still go in
                failure = exc
                break
            pending.append(pool.submit(_parse, chunk))
            if len(pending) > AHEAD:
                yield [decode(values) for values in pending.popleft().result()]
        while pending:
            yield [decode(values) for values in pending.popleft().result()]
        if failure is not None:
            raise failure
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


__all__ = ["MIN_ROWS", "decode", "encode", "parse_in_order", "prepare_doc", "worth_it"]
