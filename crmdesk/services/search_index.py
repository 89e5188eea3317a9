"""Keeps the search data current, in the same transaction as the change it indexes.

Every service that changes a customer, its contacts, family, items, tags, notes or history calls
`reindex_customers(session, ids)` before it commits; bulk writers (demo, import of a whole file) call `rebuild_all`.
For each customer this writes:

- `customer.name_norm` / `customer.kana_norm` (the model's normalised columns, `normalize_text`);
- one `search_doc` row: the folded text (`crmdesk.domain.textnorm.fold`) of every searchable field, pieces
  separated by a space, plus the `g_*` bigram words of the short fields for 1–2 character queries. On SQLite,
  triggers copy the row into the FTS5 indexes (`crmdesk.storage.fts`) in the same statement;
- `search_key` rows: the whole folded values that an exact or prefix match ranks first (name, reading, code,
  phone digits, e-mail, family names, postal code).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, bindparam, select, text
from sqlalchemy.orm import Session

from crmdesk.domain.textnorm import fold, loose_kana, normalize_text
from crmdesk.storage import fts
from crmdesk.storage.models import (
    ContactPointRow,
    Customer,
    FamilyMemberRow,
    HistoryEventRow,
    OwnedItemRow,
    PersonalityNoteRow,
    Tag,
    customer_tag,
)

CHUNK = 2000
PHONE_KINDS = ("phone", "mobile", "work", "fax")
# fields whose exact or prefix match ranks first ("tier" 0 and 1); the others rank after every name match
MAIN_KEY_FIELDS = ("name", "kana", "code", "phone", "email")


@dataclass
class _Doc:
    """The search data of one customer while it is being built."""

    customer_id: int
    pieces: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    keys: set[tuple[str, str]] = field(default_factory=set)

    def add(self, column: str, value: str | None, *, key: str | None = None) -> str:
        folded = fold(value) if value else ""
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

    def row(self) -> dict[str, Any]:
        values: dict[str, Any] = {"customer_id": self.customer_id}
        for column in fts.DOC_COLUMNS:
            values[column] = " ".join(self.pieces.get(column, ()))
        for name, column in zip(fts.GRAM_FIELDS, fts.GRAM_COLUMNS, strict=True):
            values[column] = grams(self.pieces.get(name, ()))
        return values


def grams(pieces: Iterable[str]) -> str:
    """Each position's bigram as a word, the last character of a piece alone ('山田' → '山田 田'); no repeats."""
    words: dict[str, None] = {}
    for piece in pieces:
        for start in range(len(piece)):
            words[piece[start : start + 2]] = None
    return " ".join(words)


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


def build_docs(session: Session, ids: Sequence[int]) -> list[_Doc]:
    """The search data of these customers, with a handful of set queries per chunk of ids."""
    docs: list[_Doc] = []
    for chunk in _chunks(ids):
        by_id: dict[int, _Doc] = {}
        customers = session.execute(
            select(
                Customer.id,
                Customer.code,
                Customer.name,
                Customer.name_kana,
                Customer.company_contact,
                Customer.company_department,
                Customer.postal_code,
                Customer.address1,
                Customer.address2,
                Customer.interests,
                Customer.memo,
            ).where(Customer.id.in_(chunk))
        ).all()
        for (
            cid,
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
        ) in customers:
            doc = by_id[cid] = _Doc(cid)
            doc.add("name", name, key="name")
            doc.add("name", contact, key="name")
            doc.add_reading("kana", kana, key="kana")
            doc.add("code", code, key="code")
            doc.add("postal", postal, key="postal")
            doc.add("address", f"{address1}{address2}")
            doc.add("notes", interests)
            doc.add("notes", memo)
            doc.add("notes", department)
        for cid, kind, value, norm in session.execute(
            select(
                ContactPointRow.customer_id,
                ContactPointRow.kind,
                ContactPointRow.value,
                ContactPointRow.value_norm,
            ).where(ContactPointRow.customer_id.in_(chunk))
        ):
            if kind in PHONE_KINDS:
                by_id[cid].add("phone", norm or value, key="phone")
            else:
                by_id[cid].add("email", value, key="email")
        for cid, name, kana in session.execute(
            select(FamilyMemberRow.customer_id, FamilyMemberRow.name, FamilyMemberRow.name_kana).where(
                FamilyMemberRow.customer_id.in_(chunk)
            )
        ):
            by_id[cid].add("family", name, key="family")
            by_id[cid].add_reading("family", kana, key="family")
        for cid, name, identifier in session.execute(
            select(OwnedItemRow.customer_id, OwnedItemRow.name, OwnedItemRow.identifier).where(
                OwnedItemRow.customer_id.in_(chunk)
            )
        ):
            by_id[cid].add("item", name)
            by_id[cid].add("item", identifier)
        for cid, tag_name in session.execute(
            select(customer_tag.c.customer_id, Tag.name)
            .join(Tag, Tag.id == customer_tag.c.tag_id)
            .where(customer_tag.c.customer_id.in_(chunk))
        ):
            by_id[cid].add("tag", tag_name)
        for cid, note in session.execute(
            select(PersonalityNoteRow.customer_id, PersonalityNoteRow.text).where(
                PersonalityNoteRow.customer_id.in_(chunk)
            )
        ):
            by_id[cid].add("notes", note)
        for cid, *texts in session.execute(
            select(
                HistoryEventRow.customer_id,
                HistoryEventRow.summary,
                HistoryEventRow.body,
                HistoryEventRow.menu,
                HistoryEventRow.stylist,
                HistoryEventRow.treatment_notes,
                HistoryEventRow.products,
            ).where(HistoryEventRow.customer_id.in_(chunk))
        ):
            doc = by_id[cid]
            for value in texts:
                if value:
                    doc.add("history", value)
        docs.extend(by_id.values())
    return docs


_DOC_NAMES = ("customer_id", *fts.DOC_COLUMNS, *fts.GRAM_COLUMNS)
_UPSERT = text(
    f"INSERT INTO search_doc ({', '.join(_DOC_NAMES)}) VALUES ({', '.join(':' + n for n in _DOC_NAMES)}) "
    f"ON CONFLICT (customer_id) DO UPDATE SET " + ", ".join(f"{n} = excluded.{n}" for n in _DOC_NAMES[1:])
)
_INSERT_DOC = text(
    f"INSERT INTO search_doc ({', '.join(_DOC_NAMES)}) VALUES ({', '.join(':' + n for n in _DOC_NAMES)})"
)
_INSERT_KEY = text("INSERT INTO search_key (key, field, customer_id) VALUES (:key, :field, :customer_id)")


def _write(session: Session, docs: list[_Doc], *, fresh: bool) -> None:
    if not docs:
        return
    ids = [doc.customer_id for doc in docs]
    if not fresh:
        for chunk in _chunks(ids):
            session.execute(
                text("DELETE FROM search_key WHERE customer_id IN :ids").bindparams(
                    bindparam("ids", expanding=True)
                ),
                {"ids": chunk},
            )
    session.execute(_INSERT_DOC if fresh else _UPSERT, [doc.row() for doc in docs])
    key_rows = [{"key": k, "field": f, "customer_id": doc.customer_id} for doc in docs for k, f in doc.keys]
    if key_rows:
        session.execute(_INSERT_KEY, key_rows)


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
        session.execute(
            text("DELETE FROM search_doc WHERE customer_id IN :ids").bindparams(
                bindparam("ids", expanding=True)
            ),
            {"ids": gone},
        )
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
    table = Customer.__table__
    assert isinstance(table, Table)
    rows = session.execute(select(Customer.id, Customer.name, Customer.name_kana)).all()
    if rows:
        session.execute(
            table.update()
            .where(table.c.id == bindparam("cid"))
            .values(name_norm=bindparam("n"), kana_norm=bindparam("k")),
            [{"cid": cid, "n": normalize_text(name), "k": normalize_text(kana)} for cid, name, kana in rows],
        )
    connection = session.connection()
    use_fts = fts.has_fts(connection)
    if use_fts:
        fts.drop_triggers(connection)  # refilled in one go below, not row by row
    session.execute(text("DELETE FROM search_key"))
    session.execute(text("DELETE FROM search_doc"))
    ids = [row[0] for row in rows]
    for chunk in _chunks(ids):
        _write(session, build_docs(session, chunk), fresh=True)
    if use_fts:
        fts.rebuild_indexes(connection)
    return RebuildReport(len(ids), time.perf_counter() - started)


def ensure_indexed(session: Session) -> int:
    """Index the customers that have no search data yet (a database migrated from before the index). Cheap."""
    missing = list(
        session.scalars(
            text(
                "SELECT id FROM customer WHERE NOT EXISTS "
                "(SELECT 1 FROM search_doc d WHERE d.customer_id = customer.id) ORDER BY id"
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
