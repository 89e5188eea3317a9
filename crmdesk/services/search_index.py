"""Keeps the search data current, in the same transaction as the change it indexes.

Every service that changes a customer, its contacts, family, items, tags, notes or history calls
`reindex_customers(session, ids)` before it commits; bulk writers (demo, import of a whole file) call `rebuild_all`.
For each customer this writes:

- `customer.name_norm` / `customer.kana_norm` (the model's normalised columns, `normalize_text`);
- `search_text` rows, one per non-empty field: the folded text (`crmdesk.domain.textnorm.fold`) of the field,
  pieces separated by a space, plus the bigram words of the short fields for 1–2 character queries. Row ids put
  the rows in ranking order (`crmdesk.storage.fts`). On SQLite, triggers copy each row into the FTS5 indexes in
  the same statement;
- `search_key` rows: the whole folded values that an exact or prefix match ranks first (name, reading, code,
  phone digits, e-mail);
- the `search_sort` row: the reading (五十音 order of results), whether the card is in the trash (a trigger on
  `customer` keeps it current when a card is trashed or restored) and where its `search_text` rows are.

Saving a card rewrites only the rows whose text changed, so the FTS indexes do work in proportion to the edit,
not to the card. A rebuild reads every customer with one statement (each child table folded into a string per
customer by a correlated subquery), writes the rows without the FTS triggers and fills both FTS indexes once.
"""

from __future__ import annotations

import gc
import itertools
import json
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from crmdesk.domain.textnorm import fold, loose_kana, normalize_text
from crmdesk.storage import fts
from crmdesk.storage.models import Customer

CHUNK = 500  # ids per IN list
REBUILD_BATCH = 5000  # customers per read-and-write step of a rebuild
PHONE_KINDS = frozenset({"phone", "mobile", "work", "fax"})
# fields whose exact or prefix match ranks first; the others rank after every name match
MAIN_KEY_FIELDS = ("name", "kana", "code", "phone", "email")
KEY_LENGTH = 300

_ASCII_DROP = re.compile(r"[^a-z0-9]+")


def _fold_value(value: str) -> str:
    """`fold`, quicker for plain ASCII (codes, phone numbers, e-mail): NFKC and the kana and variant tables leave
    it alone, so it is lower case without anything but letters and digits."""
    if value.isascii():
        return _ASCII_DROP.sub("", value.lower())
    return fold(value)


# names, towns, menus, notes and history summaries repeat across thousands of cards: fold each distinct text once
_fold = lru_cache(maxsize=1 << 18)(_fold_value)
_loose = lru_cache(maxsize=1 << 16)(loose_kana)
_normalize = lru_cache(maxsize=1 << 16)(normalize_text)


@lru_cache(maxsize=1 << 18)
def _piece_grams(piece: str) -> str:
    """'山田太郎' → '山田 田太 太郎 郎': each position's bigram as a word, then the last character alone."""
    if len(piece) == 1:
        return piece
    return " ".join(map(str.__add__, piece, piece[1:])) + " " + piece[-1]


def grams(pieces: Iterable[str]) -> str:
    """The bigram words of every piece ('山田' → '山田 田')."""
    return " ".join(_piece_grams(piece) for piece in pieces if piece)


@dataclass(frozen=True, slots=True)
class Source:
    """Everything of one customer that search looks at, as stored (not yet folded)."""

    customer_id: int
    live: bool
    kana: str  # the reading as stored
    names: Sequence[str]  # the name, a company's contact person
    code: str | None = None
    phones: Sequence[str] = ()  # digits as stored (value_norm), else as typed
    emails: Sequence[str] = ()  # e-mail, LINE and other ids
    postal: str | None = None
    address: str = ""
    family_names: Sequence[str] = ()
    family_readings: Sequence[str] = ()
    tags: Sequence[str] = ()
    items: Sequence[str] = ()  # names and identifiers (plates, serials)
    notes: Sequence[str] = ()  # interests, memo, department, personality notes
    history: Sequence[str] = ()  # every text of every event (summary, body, menu, …), repeats welcome


class Doc(NamedTuple):
    """The search data of one customer."""

    customer_id: int
    kana: str
    live: bool
    rows: list[tuple[int, str, str]]  # (field, text, grams)
    keys: list[tuple[str, int]]  # (key, field)


def _folded(values: Sequence[str], fold_one: Callable[[str], str] = _fold) -> list[str]:
    """Each value folded, without empties and repeats, in order."""
    if not values:
        return []
    if len(values) == 1:
        return _one(values[0], fold_one)
    found = dict.fromkeys(map(fold_one, values))
    found.pop("", None)
    return list(found)


def _one(value: str | None, fold_one: Callable[[str], str] = _fold) -> list[str]:
    folded = fold_one(value) if value else ""
    return [folded] if folded else []


_GRAM_FIELDS = fts.GRAM_FIELD_NUMBERS
_KEY_FIELDS = fts.KEY_FIELD_NUMBERS


def build_doc(src: Source) -> Doc:
    """The rows and keys of one customer (pure: no database)."""
    kana = _one(src.kana)
    if kana:
        loose = _loose(kana[0])
        if loose and loose != kana[0]:
            kana.append(loose)
    readings = _folded(src.family_readings)
    history = dict.fromkeys(src.history)  # the same visit written again: fold it once
    history.pop("", None)
    pieces = (  # codes, phone numbers and e-mail addresses are mostly one card's own: not worth the cache
        _folded(src.names),
        kana,
        _one(src.code, _fold_value),
        _folded(src.phones, _fold_value),
        _folded(src.emails, _fold_value),
        _one(src.postal),
        _one(src.address),
        _folded([*src.family_names, *readings, *map(_loose, readings)]),
        _folded(src.tags),
        _folded(src.items),
        _folded(src.notes),
        _folded(list(history)),
    )
    rows: list[tuple[int, str, str]] = []
    keys: list[tuple[str, int]] = []
    for field, found in enumerate(pieces):
        if not found:
            continue
        rows.append(
            (field, " ".join(found), " ".join(map(_piece_grams, found)) if field in _GRAM_FIELDS else "")
        )
        if field in _KEY_FIELDS:
            keys.extend((piece[:KEY_LENGTH], field) for piece in found)
    return Doc(src.customer_id, src.kana or "", src.live, rows, list(dict.fromkeys(keys)))


# ------------------------------------------------------------------------------------------ reading the cards
# One statement for any number of customers: each child table folded into one string per customer by a correlated
# subquery on its customer index, values joined by _SEP (a family member's name and reading by _PAIR). A value
# holding one of those control characters is only split into two pieces.
_PHONE_KINDS_SQL = ", ".join(f"'{kind}'" for kind in sorted(PHONE_KINDS))
_SOURCE_COLUMNS = (
    "SELECT c.id, c.deleted_at IS NULL, c.name_kana, c.name, c.company_contact, c.code, "
    "(SELECT group_concat(CASE WHEN p.value_norm <> '' THEN p.value_norm ELSE p.value END, char(30)) "
    f"FROM contact_point p WHERE p.customer_id = c.id AND p.kind IN ({_PHONE_KINDS_SQL})), "
    "(SELECT group_concat(p.value, char(30)) "
    f"FROM contact_point p WHERE p.customer_id = c.id AND p.kind NOT IN ({_PHONE_KINDS_SQL})), "
    "c.postal_code, c.address1 || c.address2, "
    "(SELECT group_concat(m.name || char(31) || m.name_kana, char(30)) FROM family_member m "
    "WHERE m.customer_id = c.id), "
    "(SELECT group_concat(t.name, char(30)) FROM customer_tag ct JOIN tag t ON t.id = ct.tag_id "
    "WHERE ct.customer_id = c.id), "
    "(SELECT group_concat(i.name || char(30) || i.identifier, char(30)) FROM owned_item i "
    "WHERE i.customer_id = c.id), "
    "c.interests, c.memo, c.company_department, "
    "(SELECT group_concat(n.text, char(30)) FROM personality_note n WHERE n.customer_id = c.id), "
    "(SELECT group_concat(h.summary || char(30) || h.body || char(30) || h.menu || char(30) || h.stylist "
    "|| char(30) || h.treatment_notes || char(30) || h.products, char(30)) FROM history_event h "
    "WHERE h.customer_id = c.id), "
    "c.name_norm, c.kana_norm "
    "FROM customer c"
)
_SEP = "\x1e"
_PAIR = "\x1f"


class _Norms(NamedTuple):
    customer_id: int
    name: str
    kana: str
    name_norm: str
    kana_norm: str


def _split(value: str | None) -> list[str]:
    return value.split(_SEP) if value else []


def _source_of_sqlite(row: tuple[Any, ...]) -> tuple[Source, _Norms]:
    (
        cid,
        live,
        kana,
        name,
        contact,
        code,
        phones,
        emails,
        postal,
        address,
        family,
        tags,
        items,
        interests,
        memo,
        department,
        notes,
        history,
        name_norm,
        kana_norm,
    ) = row
    members = [member.partition(_PAIR) for member in _split(family)]
    source = Source(
        customer_id=cid,
        live=bool(live),
        kana=kana or "",
        names=(name, contact) if contact else (name,),
        code=code,
        phones=_split(phones),
        emails=_split(emails),
        postal=postal,
        address=address or "",
        family_names=[name for name, _pair, _reading in members],
        family_readings=[reading for _name, _pair, reading in members],
        tags=_split(tags),
        items=_split(items),
        notes=(interests, memo, department, *_split(notes)),
        history=_split(history),
    )
    return source, _Norms(cid, name or "", kana or "", name_norm or "", kana_norm or "")


_PARAMETER = re.compile(r":(\w+)")


@lru_cache(maxsize=64)
def _positional(sql: str) -> str:
    return _PARAMETER.sub("?", sql)


class _Sql:
    """Statements straight through the driver on SQLite (a rebuild moves a million rows), SQLAlchemy elsewhere.

    SQL is written with :named parameters, which both accept.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        connection = session.connection()
        self.sqlite = connection.dialect.name == "sqlite"
        self.raw: Any = connection.connection.driver_connection if self.sqlite else None

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        if self.sqlite:
            return list(self.raw.execute(sql, params or {}).fetchall())
        return [tuple(row) for row in self.session.execute(text(sql), params or {})]

    def run(self, sql: str, params: dict[str, Any] | None = None) -> None:
        if self.sqlite:
            self.raw.execute(sql, params or {})
        else:
            self.session.execute(text(sql), params or {})

    def many(self, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
        """`sql` once per row; its :named parameters take the row's values in the order they appear."""
        if not rows:
            return
        if self.sqlite:  # positional: no dict per row
            self.raw.executemany(_positional(sql), rows)
        else:
            names = _PARAMETER.findall(sql)
            self.session.execute(text(sql), [dict(zip(names, row, strict=True)) for row in rows])

    def in_list(self, sql: str, ids: Sequence[int]) -> list[tuple[Any, ...]]:
        """`sql` with an `{ids}` placeholder for a list of ids."""
        if self.sqlite:
            return list(self.raw.execute(sql.format(ids=", ".join("?" * len(ids))), list(ids)).fetchall())
        statement = text(sql.format(ids=":ids")).bindparams(bindparam("ids", expanding=True))
        return [tuple(row) for row in self.session.execute(statement, {"ids": list(ids)})]


def _chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def read_sources(session: Session, ids: Sequence[int]) -> list[tuple[Source, _Norms]]:
    """The sources of these customers (missing ids are left out)."""
    sql = _Sql(session)
    found: list[tuple[Source, _Norms]] = []
    for chunk in _chunks(ids):
        if sql.sqlite:
            rows = sql.in_list(_SOURCE_COLUMNS + " WHERE c.id IN ({ids})", chunk)
            found.extend(_source_of_sqlite(row) for row in rows)
        else:
            found.extend(_read_portable(sql, chunk))
    return found


_PORTABLE_READS = {
    "customer": "SELECT id, deleted_at, code, name, name_kana, company_contact, company_department, postal_code, "
    "address1, address2, interests, memo, name_norm, kana_norm FROM customer WHERE id IN ({ids})",
    "contact": "SELECT customer_id, kind, value_norm, value FROM contact_point WHERE customer_id IN ({ids}) "
    "ORDER BY id",
    "family": "SELECT customer_id, name, name_kana FROM family_member WHERE customer_id IN ({ids}) ORDER BY id",
    "item": "SELECT customer_id, name, identifier FROM owned_item WHERE customer_id IN ({ids}) ORDER BY id",
    "tag": "SELECT ct.customer_id, t.name FROM customer_tag ct JOIN tag t ON t.id = ct.tag_id "
    "WHERE ct.customer_id IN ({ids})",
    "note": "SELECT customer_id, text FROM personality_note WHERE customer_id IN ({ids}) ORDER BY id",
    "history": "SELECT customer_id, summary, body, menu, stylist, treatment_notes, products FROM history_event "
    "WHERE customer_id IN ({ids}) ORDER BY id",
}


def _read_portable(sql: _Sql, chunk: list[int]) -> list[tuple[Source, _Norms]]:
    """The same sources with one plain query per table (PostgreSQL)."""
    lists: dict[str, dict[int, list[Any]]] = {}
    for what in ("contact", "family", "item", "tag", "note", "history"):
        grouped: dict[int, list[Any]] = {}
        for cid, *values in sql.in_list(_PORTABLE_READS[what], chunk):
            grouped.setdefault(cid, []).append(values)
        lists[what] = grouped
    found: list[tuple[Source, _Norms]] = []
    for row in sql.in_list(_PORTABLE_READS["customer"], chunk):
        cid, deleted, code, name, kana, contact, department, postal, a1, a2, interests, memo, nn, kn = row
        contacts = lists["contact"].get(cid, [])
        family = lists["family"].get(cid, [])
        source = Source(
            customer_id=cid,
            live=deleted is None,
            kana=kana or "",
            names=(name, contact) if contact else (name,),
            code=code,
            phones=[norm or value for kind, norm, value in contacts if kind in PHONE_KINDS],
            emails=[value for kind, _norm, value in contacts if kind not in PHONE_KINDS],
            postal=postal,
            address=f"{a1 or ''}{a2 or ''}",
            family_names=[member_name or "" for member_name, _reading in family],
            family_readings=[reading or "" for _name, reading in family],
            tags=[tag for (tag,) in lists["tag"].get(cid, [])],
            items=[value or "" for item in lists["item"].get(cid, []) for value in item],
            notes=(
                interests or "",
                memo or "",
                department or "",
                *(n for (n,) in lists["note"].get(cid, [])),
            ),
            history=[value or "" for event in lists["history"].get(cid, []) for value in event],
        )
        found.append((source, _Norms(cid, name or "", kana or "", nn or "", kn or "")))
    return found


def _stale_norms(norms: Iterable[_Norms]) -> list[tuple[str, str, int]]:
    stale: list[tuple[str, str, int]] = []
    for cid, name, kana, name_norm, kana_norm in norms:
        fresh_name, fresh_kana = _normalize(name), _normalize(kana)
        if (fresh_name, fresh_kana) != (name_norm, kana_norm):
            stale.append((fresh_name, fresh_kana, cid))
    return stale


def _write_norms(sql: _Sql, stale: list[tuple[str, str, int]]) -> None:
    """The model's normalised name columns, also on a card loaded in this session."""
    sql.many("UPDATE customer SET name_norm = :name_norm, kana_norm = :kana_norm WHERE id = :id", stale)
    identity = sql.session.identity_map
    for name_norm, kana_norm, cid in stale:
        loaded = identity.get(sql.session.identity_key(Customer, cid))  # type: ignore[no-untyped-call]
        if loaded is not None:
            set_committed_value(loaded, "name_norm", name_norm)
            set_committed_value(loaded, "kana_norm", kana_norm)


# ------------------------------------------------------------------------------------------ writing
_TEXT_INSERT = "INSERT INTO search_text (id, text, grams) VALUES (:id, :text, :grams)"
_KEY_INSERT = "INSERT INTO search_key (key, field, customer_id, kana, live) VALUES (:key, :field, :customer_id, :kana, :live)"
_SORT_INSERT = "INSERT INTO search_sort (customer_id, kana, live, row_base) VALUES (:customer_id, :kana, :live, :row_base)"
_TEXT_DELETE = "DELETE FROM search_text WHERE id = :id"
_TEXT_UPDATE = "UPDATE search_text SET text = :text, grams = :grams WHERE id = :id"
_TEXT_ONLY = "UPDATE search_text SET text = :text WHERE id = :id"
_GRAMS_ONLY = "UPDATE search_text SET grams = :grams WHERE id = :id"
_RANGES = " OR ".join(f"id BETWEEN :low{band} AND :high{band}" for band in range(fts.BANDS))


def _range_params(base: int) -> dict[str, int]:
    params: dict[str, int] = {}
    for band, (low, high) in enumerate(fts.row_ranges(base)):
        params[f"low{band}"] = low
        params[f"high{band}"] = high
    return params


def _store(sql: _Sql, docs: Sequence[Doc]) -> None:
    """Write these customers' search data, rewriting only what changed since it was last written."""
    old_sort: dict[int, tuple[str, bool, int]] = {}
    old_keys: dict[int, set[tuple[str, int]]] = {}
    for chunk in _chunks([doc.customer_id for doc in docs]):
        for cid, kana, live, base in sql.in_list(
            "SELECT customer_id, kana, live, row_base FROM search_sort WHERE customer_id IN ({ids})", chunk
        ):
            old_sort[cid] = (kana, bool(live), base)
        for cid, key, field in sql.in_list(
            "SELECT customer_id, key, field FROM search_key WHERE customer_id IN ({ids})", chunk
        ):
            old_keys.setdefault(cid, set()).add((key, int(field)))
    texts: list[tuple[int, str, tuple[Any, ...]]] = []  # (row id, statement, values)
    key_delete: list[tuple[str, int, int]] = []
    key_insert: list[tuple[str, int, int, str, bool]] = []
    key_restate: list[tuple[str, bool, int]] = []
    sort_delete: list[tuple[int]] = []
    sort_insert: list[tuple[int, str, bool, int]] = []
    sort_update: list[tuple[bool, int]] = []
    for doc in docs:
        cid = doc.customer_id
        base = fts.row_base(cid, doc.kana)
        old = old_sort.get(cid)
        existing: dict[int, tuple[str, str]] = {}
        if old is not None:
            old_kana, old_live, old_base = old
            existing = {
                row_id: (body, gram)
                for row_id, body, gram in sql.rows(
                    f"SELECT id, text, grams FROM search_text WHERE {_RANGES}", _range_params(old_base)
                )
            }
            if old_kana != doc.kana or old_base != base:
                sort_delete.append((cid,))
                sort_insert.append((cid, doc.kana, doc.live, base))
                key_restate.append((doc.kana, doc.live, cid))
            elif old_live != doc.live:
                sort_update.append((doc.live, cid))
                key_restate.append((doc.kana, doc.live, cid))
        else:
            sort_insert.append((cid, doc.kana, doc.live, base))
        wanted = {fts.row_id(base, field): (body, gram) for field, body, gram in doc.rows}
        for row_id, (body, gram) in existing.items():
            now = wanted.get(row_id)
            if now is None:
                texts.append((row_id, _TEXT_DELETE, (row_id,)))
            elif now[0] != body and now[1] != gram:
                texts.append((row_id, _TEXT_UPDATE, (now[0], now[1], row_id)))
            elif now[0] != body:
                texts.append((row_id, _TEXT_ONLY, (now[0], row_id)))
            elif now[1] != gram:
                texts.append((row_id, _GRAMS_ONLY, (now[1], row_id)))
        texts.extend(
            (row_id, _TEXT_INSERT, (row_id, body, gram))
            for row_id, (body, gram) in wanted.items()
            if row_id not in existing
        )
        keys_before = old_keys.get(cid, set())
        keys_now = set(doc.keys)
        key_delete.extend((key, field, cid) for key, field in keys_before - keys_now)
        key_insert.extend(
            (key, field, cid, doc.kana, doc.live)
            for key, field in doc.keys
            if (key, field) not in keys_before
        )
    _write_texts(sql, texts)
    sql.many(
        "DELETE FROM search_key WHERE key = :key AND field = :field AND customer_id = :customer_id",
        key_delete,
    )
    sql.many("UPDATE search_key SET kana = :kana, live = :live WHERE customer_id = :customer_id", key_restate)
    sql.many(_KEY_INSERT, key_insert)
    sql.many("DELETE FROM search_sort WHERE customer_id = :customer_id", sort_delete)
    sql.many("UPDATE search_sort SET live = :live WHERE customer_id = :customer_id", sort_update)
    sql.many(_SORT_INSERT, sort_insert)


# On SQLite every kind of change to search_text is one statement over a JSON list of rows, in row id order: the
# FTS triggers then run inside one statement, and FTS5 keeps the new entries in memory until the commit. Statement
# by statement (executemany), each row is its own statement with its own savepoint, at which FTS5 writes out what
# it holds: 57 µs a row instead of 7 (importing 100,000 cards took minutes).
_JSON_TEXTS = {
    _TEXT_DELETE: "DELETE FROM search_text WHERE id IN (SELECT value ->> 0 FROM json_each(:rows))",
    _TEXT_UPDATE: "UPDATE search_text SET text = j.value ->> 1, grams = j.value ->> 2 FROM json_each(:rows) AS j "
    "WHERE search_text.id = j.value ->> 0",
    _TEXT_ONLY: "UPDATE search_text SET text = j.value ->> 1 FROM json_each(:rows) AS j "
    "WHERE search_text.id = j.value ->> 0",
    _GRAMS_ONLY: "UPDATE search_text SET grams = j.value ->> 1 FROM json_each(:rows) AS j "
    "WHERE search_text.id = j.value ->> 0",
    _TEXT_INSERT: "INSERT INTO search_text (id, text, grams) "
    "SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(:rows) ORDER BY 1",
}


def _row_id_first(statement: str, values: tuple[Any, ...]) -> tuple[Any, ...]:
    """The values of a statement with the row id first, as the JSON lists carry them."""
    if statement in (_TEXT_DELETE, _TEXT_INSERT):
        return values
    return (values[-1], *values[:-1])


def _write_texts(sql: _Sql, texts: list[tuple[int, str, tuple[Any, ...]]]) -> None:
    """Apply (row id, statement, values) changes to search_text: deletes, updates, then inserts."""
    order = (_TEXT_DELETE, _TEXT_UPDATE, _TEXT_ONLY, _GRAMS_ONLY, _TEXT_INSERT)
    texts.sort(key=lambda change: (order.index(change[1]), change[0]))
    for statement, run in itertools.groupby(texts, key=itemgetter(1)):
        values = [change[2] for change in run]
        if sql.sqlite:
            rows = json.dumps([_row_id_first(statement, row) for row in values], ensure_ascii=False)
            sql.run(_JSON_TEXTS[statement], {"rows": rows})
        else:
            sql.many(statement, values)


def _forget(sql: _Sql, customer_ids: Sequence[int]) -> None:
    """Remove the search data of customers that no longer exist (the purge trigger does it on SQLite)."""
    for cid in customer_ids:
        for (base,) in sql.rows("SELECT row_base FROM search_sort WHERE customer_id = :cid", {"cid": cid}):
            sql.run(f"DELETE FROM search_text WHERE {_RANGES}", _range_params(base))
        sql.run("DELETE FROM search_key WHERE customer_id = :cid", {"cid": cid})
        sql.run("DELETE FROM search_sort WHERE customer_id = :cid", {"cid": cid})


def reindex_customers(session: Session, customer_ids: Iterable[int]) -> None:
    """Recompute the search data of these customers (called by every service that changes them)."""
    wanted = sorted(set(customer_ids))
    if not wanted:
        return
    session.flush()
    sql = _Sql(session)
    collecting = gc.isenabled() and len(wanted) > 100
    if collecting:  # an import's batch: thousands of short-lived rows, no cycles
        gc.disable()
    try:
        sources = read_sources(session, wanted)
        _write_norms(sql, _stale_norms(norms for _source, norms in sources))
        found = {source.customer_id for source, _norms in sources}
        gone = [cid for cid in wanted if cid not in found]
        if gone:  # purged in this transaction: the purge trigger did it already (belt and braces)
            _forget(sql, gone)
        _store(sql, [build_doc(source) for source, _norms in sources])
    finally:
        if collecting:
            gc.enable()


# ------------------------------------------------------------------------------------------ rebuild
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
    session.flush()
    connection = session.connection()
    tuned: dict[str, Any] = {}
    if connection.dialect.name == "sqlite":
        # derived data: no need to zero the freed pages (this SQLite is built with SECURE_DELETE), and a larger
        # page cache for the million-row index writes; both put back afterwards
        for pragma, value in (("secure_delete", 0), ("cache_size", -131072)):
            tuned[pragma] = connection.exec_driver_sql(f"PRAGMA {pragma}").scalar()
            connection.exec_driver_sql(f"PRAGMA {pragma} = {value}")
    collecting = gc.isenabled()
    gc.disable()  # a million short-lived rows and strings, no cycles: the collector would only rescan them
    try:
        count = _rebuild(session)
    finally:
        if collecting:
            gc.enable()
        for pragma, value in tuned.items():
            connection.exec_driver_sql(f"PRAGMA {pragma} = {int(value)}")
        clear_caches()
    return RebuildReport(count, time.perf_counter() - started)


def _all_sources(session: Session) -> Iterator[list[tuple[Source, _Norms]]]:
    """Every customer, a batch at a time, in id order."""
    sql = _Sql(session)
    if sql.sqlite:
        cursor = sql.raw.execute(_SOURCE_COLUMNS + " ORDER BY c.id")
        while batch := cursor.fetchmany(REBUILD_BATCH):
            yield [_source_of_sqlite(row) for row in batch]
        return
    ids = [row[0] for row in sql.rows("SELECT id FROM customer ORDER BY id")]
    for chunk in _chunks(ids, REBUILD_BATCH):
        yield read_sources(session, chunk)


_SEARCH_TABLES = ("search_key", "search_sort", "search_text")


def _emptied(sql: _Sql) -> list[str]:
    """Empty the search tables the quickest way. On SQLite each is dropped and made again from its own definition
    (a DELETE of half a million keys takes seconds); its indexes are returned, to be built once the rows are in."""
    if not sql.sqlite:
        for name in _SEARCH_TABLES:
            sql.run(f"DELETE FROM {name}")
        return []
    later: list[str] = []
    for name in _SEARCH_TABLES:
        objects = sql.rows(
            "SELECT type, sql FROM sqlite_master WHERE tbl_name = :name AND sql IS NOT NULL "
            "ORDER BY type = 'table' DESC",
            {"name": name},
        )
        sql.run(f"DROP TABLE {name}")
        sql.run(objects[0][1])
        later.extend(definition for _kind, definition in objects[1:])
    return later


class NewRows:
    """The search rows of customers that have none yet, built from their sources (all the Python work) and
    written later with `write` (the driver's work only): a bulk writer builds one batch while the last one is
    being written. No reading back, no diffing."""

    def __init__(self, sources: Iterable[Source]) -> None:
        self.texts: list[tuple[int, str, str]] = []
        self.keys: list[tuple[str, int, int, str, bool]] = []
        self.sorts: list[tuple[int, str, bool, int]] = []
        for source in sources:
            cid, kana, live, rows, doc_keys = build_doc(source)
            base = fts.row_base(cid, kana)
            self.texts.extend((fts.row_id(base, field), body, gram) for field, body, gram in rows)
            self.keys.extend((key, field, cid, kana, live) for key, field in doc_keys)
            self.sorts.append((cid, kana, live, base))

    def write(self, session: Session) -> None:
        self._write(_Sql(session))

    def _write(self, sql: _Sql) -> None:
        # in each table's key order: the b-trees take them page by page instead of all over the file
        self.texts.sort()
        self.keys.sort()
        sql.many(_TEXT_INSERT, self.texts)
        sql.many(_KEY_INSERT, self.keys)
        sql.many(_SORT_INSERT, self.sorts)


def _rebuild(session: Session) -> int:
    connection = session.connection()
    sql = _Sql(session)
    use_fts = fts.has_fts(connection)
    if use_fts:
        fts.drop_index_triggers(connection)  # refilled in one go below, not row by row
    indexes = _emptied(sql)
    count = 0
    stale: list[tuple[str, str, int]] = []
    for batch in _all_sources(session):
        NewRows(source for source, _norms in batch)._write(sql)
        stale.extend(_stale_norms(norms for _source, norms in batch))
        count += len(batch)
    for definition in indexes:
        sql.run(definition)
    if stale:  # only the cards whose normalised columns are out of date (the demo writes them already)
        _write_norms(sql, stale)
    if use_fts:
        fts.rebuild_indexes(connection)
    return count


# ------------------------------------------------------------------------------------------ bulk writers
def begin_bulk(session: Session) -> None:
    """Before a bulk writer's batches: rows written from now on skip the FTS indexes (`end_bulk` fills them once;
    should the process die first, the next start sees the missing triggers and refills them)."""
    fts.drop_index_triggers(session.connection())


def index_new_customers(session: Session, sources: Iterable[Source]) -> None:
    """The search data of customers just written by a bulk writer, from the values it has in hand (same rows as
    `reindex_customers` would write, without reading anything back). Call between `begin_bulk` and `end_bulk`;
    `NewRows` does the same in two steps."""
    NewRows(sources).write(session)


def clear_caches() -> None:
    """Let go of the folded texts kept while indexing (after a bulk write they hold every phone number and
    address of the store: tens of megabytes)."""
    for cached in (_fold, _loose, _normalize, _piece_grams):
        cached.cache_clear()


def end_bulk(session: Session) -> None:
    """Fill the FTS indexes from every search row in one go and put their triggers back."""
    clear_caches()
    connection = session.connection()
    if fts.has_fts(connection):
        cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
        connection.exec_driver_sql("PRAGMA cache_size = -131072")
        try:
            fts.rebuild_indexes(connection)
        finally:
            connection.exec_driver_sql(f"PRAGMA cache_size = {int(cache or -2000)}")


def ensure_indexed(session: Session) -> int:
    """Index the customers that have no search data yet (a database migrated from before the index). Cheap."""
    missing = [
        row[0]
        for row in _Sql(session).rows(
            "SELECT id FROM customer WHERE NOT EXISTS "
            "(SELECT 1 FROM search_sort s WHERE s.customer_id = customer.id) ORDER BY id"
        )
    ]
    if len(missing) > REBUILD_BATCH:  # a whole store: one rebuild is far quicker than row-by-row index writes
        rebuild_report(session)
        return len(missing)
    reindex_customers(session, missing)
    return len(missing)


__all__ = [
    "MAIN_KEY_FIELDS",
    "Doc",
    "NewRows",
    "RebuildReport",
    "Source",
    "begin_bulk",
    "build_doc",
    "clear_caches",
    "end_bulk",
    "ensure_indexed",
    "grams",
    "index_new_customers",
    "read_sources",
    "rebuild_all",
    "rebuild_report",
    "reindex_customers",
]
