"""The search rows of the cards an import batch has just created, from the values in hand.

A new card has no search rows yet, so nothing is read back and nothing is compared: its rows are built the way
the demo generator builds them (`search_index.build_doc`, as `NewRows`: the same rows `reindex_customers` would
write) and
inserted in the batch's own transaction. On SQLite the `search_text` rows go in as ONE statement over a JSON list:
the FTS triggers then run inside that statement and FTS5 keeps the new entries in memory until the commit (one
statement per row would make it write out its buffer at every row). So after each committed batch the index is
current, and undoing the import removes the rows with the cards (the purge trigger on `customer`).

Cards changed by the batch (already in the database, or made by an earlier batch) still go through
`reindex_customers`, which rewrites only what changed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from crmdesk.services.search_index import Doc
from crmdesk.storage import fts

_TEXT_JSON = (
    "INSERT INTO search_text (id, text, grams) "
    "SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(:rows) ORDER BY 1"
)
_TEXT = "INSERT INTO search_text (id, text, grams) VALUES (:id, :text, :grams)"
_KEY = (
    "INSERT INTO search_key (key, field, customer_id, kana, live) "
    "VALUES (:key, :field, :customer_id, :kana, :live)"
)
_SORT = "INSERT INTO search_sort (customer_id, kana, live, row_base) VALUES (:customer_id, :kana, :live, :row_base)"
_NAMES = {
    _TEXT: ("id", "text", "grams"),
    _KEY: ("key", "field", "customer_id", "kana", "live"),
    _SORT: ("customer_id", "kana", "live", "row_base"),
}


def write_new_docs(session: Session, docs: Sequence[Doc]) -> None:
    """Insert the search rows of customers that have none yet (in the caller's transaction): the rows, keys and
    sort row `search_index.NewRows` makes of each `Doc`."""
    if not docs:
        return
    texts: list[tuple[int, str, str]] = []
    keys: list[tuple[str, int, int, str, bool]] = []
    sorts: list[tuple[int, str, bool, int]] = []
    for cid, kana, live, rows, doc_keys in docs:
        base = fts.row_base(cid, kana)
        texts.extend((fts.row_id(base, field), body, gram) for field, body, gram in rows)
        keys.extend((key, field, cid, kana, live) for key, field in doc_keys)
        sorts.append((cid, kana, live, base))
    session.flush()
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        raw: Any = connection.connection.driver_connection
        texts.sort()  # in row id order: FTS5 writes out what it holds when a row id is lower than the one before
        raw.execute(_TEXT_JSON.replace(":rows", "?"), (json.dumps(texts, ensure_ascii=False),))
        raw.executemany(_positional(_KEY), keys)
        raw.executemany(_positional(_SORT), sorts)
        return
    for statement, values in ((_TEXT, texts), (_KEY, keys), (_SORT, sorts)):
        if values:
            names = _NAMES[statement]
            session.execute(text(statement), [dict(zip(names, row, strict=True)) for row in values])


def _positional(statement: str) -> str:
    values = statement[statement.index("VALUES") :]
    marks = "(" + ", ".join("?" for _ in values.split(",")) + ")"
    return statement[: statement.index("VALUES")] + "VALUES " + marks


__all__ = ["write_new_docs"]
