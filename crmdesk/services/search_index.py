"""Keeps the search data current, in the same transaction as the change it indexes.

Every service that changes a customer, its contacts, family, items, tags, notes or history calls
`reindex_customers(session, ids)` before it commits; bulk writers (demo, import of a whole file) call `rebuild_all`.
For each customer this writes:

- `customer.name_norm` / `customer.kana_norm` (the model's normalised columns, `normalize_text`);
- `search_text` rows, one per non-empty field: the folded text (`crmdesk.domain.textnorm.fold`) of the field,
  pieces separated by a space, plus the bigram words of the short fields for 1–2 character queries. On SQLite,
  triggers copy each row into the FTS5 indexes (`crmdesk.storage.fts`) in the same statement;
- `search_key` rows: the whole folded values that an exact or prefix match ranks first (name, reading, code,
  phone digits, e-mail, family names, postal code);
- the `search_sort` row: the reading (五十音 order of results) and whether the card is in the trash (a trigger on
  `customer` keeps both current when a card is trashed, restored or its reading changes).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import Table, bindparam, select, text
from sqlalchemy.orm import Session

from crmdesk.domain.textnorm import fold, loose_kana, normalize_text
from crmdesk.storage import fts
from crmdesk.storage.models import (
    Customer,
)

CHUNK = 2000
PHONE_KINDS = ("phone", "mobile", "work", "fax")
# fields whose exact or prefix match ranks first; the others rank after every name match
MAIN_KEY_FIELDS = ("name", "kana", "code", "phone", "email")


# history summaries, menus, tags and towns repeat across thousands of cards: fold each distinct text once
_fold = lru_cache(maxsize=200_000)(fold)


@dataclass
class _Doc:
    """The search data of one customer while it is being built."""

    customer_id: int
    kana: str = ""
    live: bool = True
    pieces: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    keys: set[tuple[str, str]] = field(default_factory=set)

    def add(self, column: str, value: str | None, *, key: str | None = None) -> str:
        folded = _fold(value) if value else ""
        if folded:
            pieces = self.pieces[column]
            if folded not in pieces:
                pieces.append(folded)
            if key:
                self.keys.add((folded[:300], key))
        return folded

    def add_reading(self, column: str, value: str | None, *, key: str | None = None) -> None:
        folded = self.add(column, value, key=key)
        loose = loose_kana(folded)
        if loose and loose != folded:
            self.add(column, loose, key=key)

    def text_rows(self) -> list[tuple[int, str, str]]:
        rows: list[tuple[int, str, str]] = []
        for name, pieces in self.pieces.items():
            if not pieces:
                continue
            number = fts.FIELD_NUMBER[name]
            rows.append(
                (
                    (self.customer_id << fts.ROW_SHIFT) | number,
                    " ".join(pieces),
                    grams(pieces) if name in fts.GRAM_FIELDS else "",
                )
            )
        return rows

    def key_rows(self) -> list[tuple[str, int, int, str, bool]]:
        return [
            (key, fts.FIELD_NUMBER[name], self.customer_id, self.kana, self.live)
            for key, name in sorted(self.keys)
        ]


def grams(pieces: Iterable[str]) -> str:
    """Each position's bigram as a word, the last character of a piece alone ('山田' → '山田 田'); no repeats."""
    words: dict[str, None] = {}
    for piece in pieces:
        words.update(dict.fromkeys(map(str.__add__, piece, piece[1:])))
        words[piece[-1]] = None
    return " ".join(words)


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


_READS = {
    "customer": "SELECT id, deleted_at, code, name, name_kana, company_contact, company_department, postal_code, "
    "address1, address2, interests, memo FROM customer WHERE id IN ({ids})",
    "contact": "SELECT customer_id, kind, value, value_norm FROM contact_point WHERE customer_id IN ({ids})",
    "family": "SELECT customer_id, name, name_kana FROM family_member WHERE customer_id IN ({ids})",
    "item": "SELECT customer_id, name, identifier FROM owned_item WHERE customer_id IN ({ids})",
    "tag": "SELECT ct.customer_id, t.name FROM customer_tag ct JOIN tag t ON t.id = ct.tag_id "
    "WHERE ct.customer_id IN ({ids})",
    "note": "SELECT customer_id, text FROM personality_note WHERE customer_id IN ({ids})",
    "history": "SELECT customer_id, summary, body, menu, stylist, treatment_notes, products FROM history_event "
    "WHERE customer_id IN ({ids})",
}


def _read(session: Session, what: str, ids: list[int]) -> list[tuple[Any, ...]]:
    """Rows for a chunk of customers; on SQLite straight from the driver (a rebuild reads a million events)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        raw = connection.connection.driver_connection
        assert raw is not None
        sql = _READS[what].format(ids=", ".join("?" for _ in ids))
        return list(raw.execute(sql, ids).fetchall())
    statement = text(_READS[what].format(ids=":ids")).bindparams(bindparam("ids", expanding=True))
    return [tuple(row) for row in connection.execute(statement, {"ids": ids})]


def build_docs(session: Session, ids: Sequence[int]) -> list[_Doc]:
    """The search data of these customers, with a handful of set queries per chunk of ids."""
    session.flush()
    docs: list[_Doc] = []
    for chunk in _chunks(ids):
        by_id: dict[int, _Doc] = {}
        for (
            cid,
            deleted,
            code,
            name,
            kana,
            contact,
            department,
            postal,
            address1,
            address2,
            interests,
            memo,
        ) in _read(session, "customer", chunk):
            doc = by_id[cid] = _Doc(cid, kana=kana or "", live=deleted is None)
            doc.add("name", name, key="name")
            doc.add("name", contact, key="name")
            doc.add_reading("kana", kana, key="kana")
            doc.add("code", code, key="code")
            doc.add("postal", postal)
            doc.add("address", f"{address1 or ''}{address2 or ''}")
            doc.add("notes", interests)
            doc.add("notes", memo)
            doc.add("notes", department)
        for cid, kind, value, norm in _read(session, "contact", chunk):
            if kind in PHONE_KINDS:
                by_id[cid].add("phone", norm or value, key="phone")
            else:
                by_id[cid].add("email", value, key="email")
        for cid, name, kana in _read(session, "family", chunk):
            by_id[cid].add("family", name)
            by_id[cid].add_reading("family", kana)
        for cid, name, identifier in _read(session, "item", chunk):
            by_id[cid].add("item", name)
            by_id[cid].add("item", identifier)
        for cid, tag_name in _read(session, "tag", chunk):
            by_id[cid].add("tag", tag_name)
        for cid, note in _read(session, "note", chunk):
            by_id[cid].add("notes", note)
        history: dict[int, dict[str, None]] = defaultdict(dict)
        for row in _read(session, "history", chunk):
            history[row[0]].update(dict.fromkeys(row[1:]))  # the same visit written again: index it once
        for cid, texts in history.items():
            folded = [_fold(t) for t in texts if t]
            by_id[cid].pieces["history"] = list(dict.fromkeys(f for f in folded if f))
        docs.extend(by_id.values())
    return docs


_TEXT_COLUMNS = ("id", "text", "grams")
_KEY_COLUMNS = ("key", "field", "customer_id", "kana", "live")
_SORT_COLUMNS = ("customer_id", "kana", "live")


def _insert(session: Session, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Many rows in one statement; on SQLite straight through the driver (a rebuild writes about a million)."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        marks = ", ".join("?" for _ in columns)
        connection.exec_driver_sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    else:
        names = ", ".join(":" + c for c in columns)
        session.execute(
            text(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({names})"),
            [dict(zip(columns, row, strict=True)) for row in rows],
        )


def _delete(session: Session, table: str, ids: list[int]) -> None:
    if table == "search_text":
        for cid in ids:
            session.execute(
                text("DELETE FROM search_text WHERE id BETWEEN :low AND :high"),
                {"low": cid << fts.ROW_SHIFT, "high": (cid << fts.ROW_SHIFT) | ((1 << fts.ROW_SHIFT) - 1)},
            )
        return
    for chunk in _chunks(ids):
        session.execute(
            text(f"DELETE FROM {table} WHERE customer_id IN :ids").bindparams(
                bindparam("ids", expanding=True)
            ),
            {"ids": chunk},
        )


def _write(session: Session, docs: list[_Doc], *, fresh: bool) -> None:
    if not docs:
        return
    if not fresh:
        ids = [doc.customer_id for doc in docs]
        for table in ("search_text", "search_key", "search_sort"):
            _delete(session, table, ids)
    _insert(session, "search_text", _TEXT_COLUMNS, [row for doc in docs for row in doc.text_rows()])
    _insert(session, "search_key", _KEY_COLUMNS, [row for doc in docs for row in doc.key_rows()])
    _insert(session, "search_sort", _SORT_COLUMNS, [(d.customer_id, d.kana, d.live) for d in docs])


def reindex_customers(session: Session, customer_ids: Iterable[int]) -> None:
    """Recompute the search data of these customers (called by every service that changes them)."""
    wanted = sorted(set(customer_ids))
    if not wanted:
        return
    session.flush()
    for customer in session.scalars(select(Customer).where(Customer.id.in_(wanted))):
        customer.name_norm = normalize_text(customer.name)
        customer.kana_norm = normalize_text(customer.name_kana)
    session.flush()
    docs = build_docs(session, wanted)
    found = {doc.customer_id for doc in docs}
    gone = [cid for cid in wanted if cid not in found]
    if gone:  # purged in this transaction: the foreign keys cascade, this is only belt and braces
        for table in ("search_text", "search_key", "search_sort"):
            _delete(session, table, gone)
    _write(session, docs, fresh=False)


@dataclass(frozen=True)
class RebuildReport:
    customers: int
    seconds: float


def rebuild_all(session: Session) -> int:
    """Recompute every customer's search data from scratch (after the demo generator, a restore, or on demand).

    Bulk writers (demo, import) call this once instead of `reindex_customers` per row. Returns the number of
    customers indexed.
    """
    return rebuild_report(session).customers


def rebuild_report(session: Session) -> RebuildReport:
    started = time.perf_counter()
    connection = session.connection()
    tuned: dict[str, Any] = {}
    if connection.dialect.name == "sqlite":
        # derived data: no need to zero the freed pages (this SQLite is built with SECURE_DELETE), and a larger
        # page cache for the million-row index writes; both put back afterwards
        for pragma, value in (("secure_delete", 0), ("cache_size", -131072)):
            tuned[pragma] = connection.exec_driver_sql(f"PRAGMA {pragma}").scalar()
            connection.exec_driver_sql(f"PRAGMA {pragma} = {value}")
    try:
        count = _rebuild(session)
    finally:
        for pragma, value in tuned.items():
            connection.exec_driver_sql(f"PRAGMA {pragma} = {int(value)}")
    return RebuildReport(count, time.perf_counter() - started)


def _rebuild(session: Session) -> int:
    table = Customer.__table__
    assert isinstance(table, Table)
    rows = session.execute(
        select(Customer.id, Customer.name, Customer.name_kana, Customer.name_norm, Customer.kana_norm)
    ).all()
    fresh = ((cid, normalize_text(name), normalize_text(kana), nn, kn) for cid, name, kana, nn, kn in rows)
    stale = [{"cid": cid, "n": n, "k": k} for cid, n, k, nn, kn in fresh if (n, k) != (nn, kn)]
    if stale:  # only the cards whose normalised columns are out of date (the demo writes them already)
        session.execute(
            table.update()
            .where(table.c.id == bindparam("cid"))
            .values(name_norm=bindparam("n"), kana_norm=bindparam("k")),
            stale,
        )
    connection = session.connection()
    use_fts = fts.has_fts(connection)
    if use_fts:
        fts.drop_index_triggers(connection)  # refilled in one go below, not row by row
    for name in ("search_key", "search_sort", "search_text"):
        session.execute(text(f"DELETE FROM {name}"))
    ids = [row[0] for row in rows]
    for chunk in _chunks(ids):
        _write(session, build_docs(session, chunk), fresh=True)
    if use_fts:
        fts.rebuild_indexes(connection)
    return len(ids)


def ensure_indexed(session: Session) -> int:
    """Index the customers that have no search data yet (a database migrated from before the index). Cheap."""
    missing = list(
        session.scalars(
            text(
                "SELECT id FROM customer WHERE NOT EXISTS "
                "(SELECT 1 FROM search_sort s WHERE s.customer_id = customer.id) ORDER BY id"
            )
        )
    )
    if missing:
        for chunk in _chunks(missing):
            _write(session, build_docs(session, chunk), fresh=False)
    return len(missing)


__all__ = [
    "MAIN_KEY_FIELDS",
    "RebuildReport",
    "build_docs",
    "ensure_indexed",
    "grams",
    "rebuild_all",
    "rebuild_report",
    "reindex_customers",
]
