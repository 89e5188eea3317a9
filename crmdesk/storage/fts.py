"""The SQLite FTS5 indexes over `search_doc` and the triggers that keep them current.

- `search_fts`: trigram index over the folded text columns (queries of 3 characters or more). SQLite 3.40's trigram
  tokenizer finds nothing for 1–2 character MATCH queries (and its LIKE path returns no rows for 1–2 non-ASCII
  characters until 3.41), so:
- `search_gram`: unicode61 index over the `g_*` columns, which hold each position's bigram (or last single
  character) as a word; a 2-character query is one word, a 1-character query a prefix query served by the
  1-character prefix index.

Both are external-content tables over `search_doc`, so the text is stored once; triggers on `search_doc` keep them
in the same transaction as every write (and a customer purged from the trash cascades to `search_doc` and out of
the indexes). `ensure_search_objects` is idempotent and runs after every migration (a post-migrate hook); it
re-creates what is missing or out of date and refills a re-created index from `search_doc`.
"""

from __future__ import annotations

import logging
import sqlite3

from sqlalchemy import Connection, text

from crmdesk.storage.migrate import post_migrate_hooks

log = logging.getLogger(__name__)

# search_doc columns: the folded text of each field (pieces separated by one space)
DOC_COLUMNS: tuple[str, ...] = (
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
# fields also indexed for 1–2 character queries (history needs 3 characters: one kanji matches half the store)
GRAM_FIELDS: tuple[str, ...] = ("name", "kana", "family", "address", "tag", "item", "notes")
GRAM_COLUMNS: tuple[str, ...] = tuple(f"g_{name}" for name in GRAM_FIELDS)

MIN_SQLITE_FOR_TRIGRAM = (3, 34, 0)


def _fts_sql(table: str, columns: tuple[str, ...], tokenize: str, extra: str = "") -> str:
    return (
        f"CREATE VIRTUAL TABLE {table} USING fts5({', '.join(columns)}, content='search_doc', "
        f"content_rowid='customer_id', tokenize=\"{tokenize}\"{extra})"
    )


def _objects() -> dict[str, tuple[str, str]]:
    """name → (type, CREATE statement) of every object this module owns."""
    objects: dict[str, tuple[str, str]] = {
        # no bm25 ranking is used, so no column sizes; grams are single-word queries, so no positions either
        "search_fts": ("table", _fts_sql("search_fts", DOC_COLUMNS, "trigram", ", columnsize=0")),
        "search_gram": (
            "table",
            _fts_sql(
                "search_gram",
                GRAM_COLUMNS,
                "unicode61 remove_diacritics 0",
                ", prefix='1', detail='column', columnsize=0",
            ),
        ),
    }
    for index, columns in (("search_fts", DOC_COLUMNS), ("search_gram", GRAM_COLUMNS)):
        cols = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        insert = f"INSERT INTO {index}(rowid, {cols}) VALUES (new.customer_id, {new});"
        delete = f"INSERT INTO {index}({index}, rowid, {cols}) VALUES ('delete', old.customer_id, {old});"
        objects[f"{index}_ai"] = (
            "trigger",
            f"CREATE TRIGGER {index}_ai AFTER INSERT ON search_doc BEGIN {insert} END",
        )
        objects[f"{index}_ad"] = (
            "trigger",
            f"CREATE TRIGGER {index}_ad AFTER DELETE ON search_doc BEGIN {delete} END",
        )
        objects[f"{index}_au"] = (
            "trigger",
            f"CREATE TRIGGER {index}_au AFTER UPDATE ON search_doc BEGIN {delete} {insert} END",
        )
    return objects


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
    if "search_doc" not in existing:
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


def drop_triggers(connection: Connection) -> None:
    """For a bulk rebuild: write `search_doc` without per-row index work, then `rebuild_indexes`."""
    for name, (kind, _sql) in _objects().items():
        if kind == "trigger":
            connection.execute(text(f"DROP TRIGGER IF EXISTS {name}"))


def rebuild_indexes(connection: Connection) -> None:
    """Refill both FTS indexes from `search_doc` and put the triggers back (same transaction)."""
    if connection.dialect.name != "sqlite" or not has_fts(connection):
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


if not any(
    getattr(hook, "__qualname__", "") == "_post_migrate" and hook.__module__ == __name__
    for hook in post_migrate_hooks
):
    post_migrate_hooks.append(_post_migrate)
