"""The SQLite FTS5 indexes over `search_text`, the layout of its row ids, and the triggers that keep them current.

`search_text` holds one row per customer and field. The row id says which, and puts the rows in the order
search ranks them, so a MATCH can stop as soon as it has the first page:

    id = band << 61 | bucket << 34 | customer_id << 4 | field

- `field` (0–11, `FIELDS`): one MATCH returns the customer and the field together;
- `band` (0–2): how much a match in that field counts — the name, reading, code, phone or e-mail (0), the postal
  code, address, family, tags or items (1), the notes or history (2). Rows come band by band, best first;
- `bucket`: the reading's first three characters, as a number in the same order as the reading (`kana_bucket`).
  Within a band rows come in 五十音 order of buckets; only the customers of one bucket need sorting by their whole
  reading (`search_sort.kana`). A customer's rows move only when the start of its reading changes.

`search_sort.row_base` keeps `bucket << 34 | customer_id << 4` of each customer, so its rows are found without
knowing its reading.

- `search_fts`: trigram index over `text` (queries of 3 characters or more). SQLite 3.40's trigram tokenizer finds
  nothing for 1–2 character MATCH queries (and its LIKE path returns no rows for 1–2 non-ASCII characters until
  3.41), so:
- `search_gram`: unicode61 index over `grams`, which holds each position's bigram (or a piece's last character)
  as a word: a 2-character query is one word, a 1-character query a prefix query on the 1-character prefix index.

Both are external-content tables over `search_text`, so the text is stored once; triggers on `search_text` keep
them in the same transaction as every write (an update re-indexes only the column that changed), and a customer
purged from the trash takes its rows with it. A trigger on `customer` keeps the trash state of `search_sort` and
`search_key` current when a card is trashed or restored. `ensure_search_objects` is idempotent and runs after
every migration (a post-migrate hook): it re-creates what is missing or out of date and refills a re-created index
from `search_text`.
"""

from __future__ import annotations

import logging
import sqlite3

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from crmdesk.storage.migrate import post_migrate_hooks

log = logging.getLogger(__name__)

# field numbers (stable: they are part of the stored row ids)
FIELDS: tuple[str, ...] = (
    "name",
    "kana",
    "code",
    "phone",
    "email",
    "postal",
    "address",
    "family",
    "tag",
    "item",
    "notes",
    "history",
)
FIELD_NUMBER: dict[str, int] = {name: number for number, name in enumerate(FIELDS)}
# fields also indexed for 1–2 character queries (history needs 3 characters: one kanji matches half the store)
GRAM_FIELDS: frozenset[str] = frozenset({"name", "kana", "family", "address", "tag", "item", "notes"})
GRAM_FIELD_NUMBERS: frozenset[int] = frozenset(FIELD_NUMBER[name] for name in GRAM_FIELDS)
# the fields whose whole values are also keys for exact and prefix matches (`search_key`): band 0
KEY_FIELD_NUMBERS: frozenset[int] = frozenset(range(5))

FIELD_BITS = 4
FIELD_MASK = (1 << FIELD_BITS) - 1
CUSTOMER_BITS = 30
CUSTOMER_MASK = (1 << CUSTOMER_BITS) - 1
BUCKET_SHIFT = FIELD_BITS + CUSTOMER_BITS  # 34
BUCKET_BITS = 27
BAND_SHIFT = BUCKET_SHIFT + BUCKET_BITS  # 61
BANDS = 3
MAX_CUSTOMER_ID = CUSTOMER_MASK

MIN_SQLITE_FOR_TRIGRAM = (3, 34, 0)


def band_of(field: int) -> int:
    return 0 if field <= 4 else 1 if field <= 9 else 2


BAND_OF_FIELD: tuple[int, ...] = tuple(band_of(field) for field in range(len(FIELDS)))


def _rank(ch: str) -> tuple[int, bool]:
    """A 9-bit number in the order of the character (code point order, as SQLite compares text); True when no
    other character has the same number (ASCII, hiragana, katakana — what readings are written in)."""
    c = ord(ch)
    if c < 0x20:
        return 0, False
    if c < 0x7F:
        return 1 + c - 0x20, True  # 1…95
    if c < 0x3040:
        return 96, False
    if c < 0x3100:
        return 97 + c - 0x3040, True  # 97…288
    if c < 0x4E00:
        return 289, False
    if c < 0xA000:
        return 290 + (c - 0x4E00) * 200 // 0x5200, False  # 290…489
    return min(511, 490 + ((c - 0xA000) >> 12)), False


def kana_bucket(kana: str) -> int:
    """The reading's first three characters as a 27-bit number: a <= b gives bucket(a) <= bucket(b).

    After a character that shares its number with others, the rest counts as nothing (else 'X' + 'ン' could come
    after 'Y' + 'ア' for two such characters X < Y).
    """
    bucket = 0
    exact = True
    for position in range(3):
        bucket <<= 9
        if exact and position < len(kana):
            rank, exact = _rank(kana[position])
            bucket |= rank
    return bucket


def row_base(customer_id: int, kana: str) -> int:
    """`bucket << 34 | customer_id << 4`: add `band << 61 | field` for a row id (`row_id`)."""
    if not 0 < customer_id <= MAX_CUSTOMER_ID:
        raise ValueError(f"customer id {customer_id} does not fit the search index (max {MAX_CUSTOMER_ID})")
    return (kana_bucket(kana) << BUCKET_SHIFT) | (customer_id << FIELD_BITS)


def row_id(base: int, field: int) -> int:
    return (BAND_OF_FIELD[field] << BAND_SHIFT) | base | field


def row_ranges(base: int) -> list[tuple[int, int]]:
    """The id ranges that hold every row of the customer with this base (one per band)."""
    return [((band << BAND_SHIFT) | base, (band << BAND_SHIFT) | base | FIELD_MASK) for band in range(BANDS)]


# SQL expressions on a search_text row id
SQL_FIELD = f"({{id}} & {FIELD_MASK})"
SQL_CUSTOMER = f"(({{id}} >> {FIELD_BITS}) & {CUSTOMER_MASK})"
SQL_TIER = (
    f"(({{id}} >> {BAND_SHIFT}) + 2)"  # search ranks: 2 main fields, 3 other fields, 4 notes and history
)


def _objects() -> dict[str, tuple[str, str]]:
    """name → (type, CREATE statement) of every object this module owns."""
    objects: dict[str, tuple[str, str]] = {
        # no bm25 ranking is used: no column sizes; grams are one-word queries: no positions either
        "search_fts": (
            "table",
            "CREATE VIRTUAL TABLE search_fts USING fts5(text, content='search_text', content_rowid='id', "
            'tokenize="trigram", columnsize=0)',
        ),
        "search_gram": (
            "table",
            "CREATE VIRTUAL TABLE search_gram USING fts5(grams, content='search_text', content_rowid='id', "
            "tokenize=\"unicode61 remove_diacritics 0\", prefix='1', detail='none', columnsize=0)",
        ),
    }
    for index, column in (("search_fts", "text"), ("search_gram", "grams")):
        insert = f"INSERT INTO {index}(rowid, {column}) VALUES (new.id, new.{column});"
        delete = f"INSERT INTO {index}({index}, rowid, {column}) VALUES ('delete', old.id, old.{column});"
        objects[f"{index}_ai"] = (
            "trigger",
            f"CREATE TRIGGER {index}_ai AFTER INSERT ON search_text BEGIN {insert} END",
        )
        objects[f"{index}_ad"] = (
            "trigger",
            f"CREATE TRIGGER {index}_ad AFTER DELETE ON search_text BEGIN {delete} END",
        )
        objects[f"{index}_au"] = (
            "trigger",
            f"CREATE TRIGGER {index}_au AFTER UPDATE OF id, {column} ON search_text BEGIN {delete} {insert} END",
        )
    base = "(SELECT row_base FROM search_sort WHERE customer_id = old.id)"
    purge = " ".join(
        f"DELETE FROM search_text WHERE id BETWEEN ({band << BAND_SHIFT} | {base}) "
        f"AND ({band << BAND_SHIFT} | {base} | {FIELD_MASK});"
        for band in range(BANDS)
    )
    objects["search_text_customer_bd"] = (
        "trigger",
        f"CREATE TRIGGER search_text_customer_bd BEFORE DELETE ON customer BEGIN {purge} END",
    )
    objects["search_sort_customer_au"] = (
        "trigger",
        "CREATE TRIGGER search_sort_customer_au AFTER UPDATE OF deleted_at ON customer BEGIN "
        "UPDATE search_sort SET live = (new.deleted_at IS NULL) WHERE customer_id = new.id; "
        "UPDATE search_key SET live = (new.deleted_at IS NULL) WHERE customer_id = new.id; END",
    )
    return objects


INDEX_TRIGGERS = tuple(name for name in _objects() if name.startswith(("search_fts_", "search_gram_")))
OBSOLETE_TRIGGERS = ("search_text_customer_ad",)  # before row ids carried the band and bucket


def _existing(connection: Connection) -> dict[str, str]:
    rows = connection.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE 'search_%'"
        )
    )
    return {name: sql or "" for name, sql in rows}


def ensure_search_objects(connection: Connection) -> list[str]:
    """Create (or re-create, when their definition changed) the FTS indexes and triggers. Returns what was made."""
    if connection.dialect.name != "sqlite":
        return []
    if sqlite3.sqlite_version_info < MIN_SQLITE_FOR_TRIGRAM:
        log.warning("SQLite %s has no trigram tokenizer: search falls back to LIKE", sqlite3.sqlite_version)
        return []
    existing = _existing(connection)
    if "search_text" not in existing:
        return []  # before migration 0002
    for name in OBSOLETE_TRIGGERS:
        if name in existing:
            connection.execute(text(f"DROP TRIGGER {name}"))
    made: list[str] = []
    for name, (kind, sql) in _objects().items():
        if existing.get(name) == sql:
            continue
        if name in existing:
            connection.execute(text(f"DROP {kind.upper()} {name}"))
        connection.execute(text(sql))
        made.append(name)
    for index in ("search_fts", "search_gram"):
        # a re-created index is empty; one whose triggers were missing (a bulk write that never finished) may lack
        # rows: both are refilled from search_text
        if any(name == index or name.startswith(f"{index}_") for name in made):
            _refill(connection, index)
    if made:
        log.info("search index objects (re)created: %s", ", ".join(made))
    return made


def drop_index_triggers(connection: Connection) -> None:
    """For a bulk rebuild: write `search_text` without per-row index work, then `rebuild_indexes`."""
    if connection.dialect.name != "sqlite":
        return  # no FTS5 (PostgreSQL): nothing to drop
    for name in INDEX_TRIGGERS:
        connection.execute(text(f"DROP TRIGGER IF EXISTS {name}"))


# FTS5's in-memory buffer of new entries while refilling (its 'hashsize' setting; 1 MB otherwise)
REFILL_HASH_BYTES = {"search_fts": 8 << 20, "search_gram": 4 << 20}
DEFAULT_HASH_BYTES = 1 << 20


def _hash_size(connection: Connection, index: str, size: int) -> None:
    try:
        connection.execute(text(f"INSERT INTO {index}({index}, rank) VALUES ('hashsize', {size})"))
    except DBAPIError:  # an FTS5 without the setting: a slower refill, same index
        log.info("FTS5 of SQLite %s has no hashsize setting", sqlite3.sqlite_version)


def _refill(connection: Connection, index: str) -> None:
    """Fill an index from `search_text`, then merge it into one segment ('optimize').

    FTS5 writes a segment each time its buffer fills and merges segments level by level. The buffer size is a
    trade: with the default 1 MB a refill at 100,000 customers takes 8 s; with one big buffer (one segment) 3 s,
    but that segment then sits on the lowest level, and within a few hundred card saves FTS5 merges it with the
    saves' small segments all at once (a save taking 1–3 s). A buffer of a few MB refills in about 6 s and
    leaves four levels: 'optimize' puts the merged segment on the top one, out of reach of the merges of ordinary
    saves for tens of thousands of saves (1,500 saves measured: median 0.4 ms, max 40 ms).
    """
    _hash_size(connection, index, REFILL_HASH_BYTES[index])
    connection.execute(text(f"INSERT INTO {index}({index}) VALUES ('rebuild')"))
    connection.execute(text(f"INSERT INTO {index}({index}) VALUES ('optimize')"))
    _hash_size(connection, index, DEFAULT_HASH_BYTES)


def rebuild_indexes(connection: Connection) -> None:
    """Put the triggers back and refill both FTS indexes from `search_text` (same transaction)."""
    if not has_fts(connection):
        return
    made = ensure_search_objects(connection)  # refills an index whose triggers it had to put back
    for index in ("search_fts", "search_gram"):
        if not any(name == index or name.startswith(f"{index}_") for name in made):
            _refill(connection, index)


def has_fts(connection: Connection) -> bool:
    if connection.dialect.name != "sqlite":
        return False
    found = connection.execute(
        text(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('search_fts', 'search_gram')"
        )
    ).scalar()
    return found == 2


def drop_search_objects(connection: Connection) -> None:
    for name, (kind, _sql) in reversed(list(_objects().items())):
        connection.execute(text(f"DROP {kind.upper()} IF EXISTS {name}"))


def _post_migrate(connection: Connection) -> None:
    ensure_search_objects(connection)


if not any(getattr(hook, "__module__", "") == __name__ for hook in post_migrate_hooks):
    post_migrate_hooks.append(_post_migrate)
