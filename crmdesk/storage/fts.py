"""The SQLite FTS5 indexes over `search_text` and the triggers that keep them current.

`search_text` holds one row per customer and field (id = customer_id * 16 + field number), so one MATCH returns
the customer and the field together (rowid >> 4, rowid & 15): no per-column queries.

- `search_fts`: trigram index over `text` (queries of 3 characters or more). SQLite 3.40's trigram tokenizer finds
  nothing for 1–2 character MATCH queries (and its LIKE path returns no rows for 1–2 non-ASCII characters until
  3.41), so:
- `search_gram`: unicode61 index over `grams`, which holds each position's bigram (or a piece's last character)
  as a word: a 2-character query is one word, a 1-character query a prefix query on the 1-character prefix index.

Both are external-content tables over `search_text`, so the text is stored once; triggers on `search_text` keep
them in the same transaction as every write, and a customer purged from the trash cascades out of them. A trigger
on `customer` keeps `search_sort` (reading and trash state) current when a card is trashed or restored.
`ensure_search_objects` is idempotent and runs after every migration (a post-migrate hook): it re-creates what is
missing or out of date and refills a re-created index from `search_text`.
"""

from __future__ import annotations

import logging
import sqlite3

from sqlalchemy import Connection, text

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
ROW_SHIFT = 4  # search_text.id = customer_id << ROW_SHIFT | field

MIN_SQLITE_FOR_TRIGRAM = (3, 34, 0)


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
            f"CREATE TRIGGER {index}_au AFTER UPDATE ON search_text BEGIN {delete} {insert} END",
        )
    objects["search_text_customer_ad"] = (
        "trigger",
        "CREATE TRIGGER search_text_customer_ad AFTER DELETE ON customer BEGIN "
        f"DELETE FROM search_text WHERE id BETWEEN old.id << {ROW_SHIFT} AND (old.id << {ROW_SHIFT}) | 15; END",
    )
    objects["search_sort_customer_au"] = (
        "trigger",
        "CREATE TRIGGER search_sort_customer_au AFTER UPDATE OF deleted_at, name_kana ON customer BEGIN "
        "UPDATE search_sort SET live = (new.deleted_at IS NULL), kana = new.name_kana "
        "WHERE customer_id = new.id; "
        "UPDATE search_key SET live = (new.deleted_at IS NULL), kana = new.name_kana "
        "WHERE customer_id = new.id; END",
    )
    return objects


INDEX_TRIGGERS = tuple(name for name in _objects() if name.startswith(("search_fts_", "search_gram_")))


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
    made: list[str] = []
    for name, (kind, sql) in _objects().items():
        if existing.get(name) == sql:
            continue
        if name in existing:
            connection.execute(text(f"DROP {kind.upper()} {name}"))
        connection.execute(text(sql))
        made.append(name)
    for index in ("search_fts", "search_gram"):
        if index in made:
            connection.execute(text(f"INSERT INTO {index}({index}) VALUES ('rebuild')"))
    if made:
        log.info("search index objects (re)created: %s", ", ".join(made))
    return made


def drop_index_triggers(connection: Connection) -> None:
    """For a bulk rebuild: write `search_text` without per-row index work, then `rebuild_indexes`."""
    for name in INDEX_TRIGGERS:
        connection.execute(text(f"DROP TRIGGER IF EXISTS {name}"))


def rebuild_indexes(connection: Connection) -> None:
    """Refill both FTS indexes from `search_text` and put the triggers back (same transaction)."""
    if not has_fts(connection):
        return
    for index in ("search_fts", "search_gram"):
        connection.execute(text(f"INSERT INTO {index}({index}) VALUES ('rebuild')"))
    ensure_search_objects(connection)


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
