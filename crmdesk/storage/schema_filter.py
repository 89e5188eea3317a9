"""Which database objects the migrations manage. The FTS5 search index and SQLite's own tables are not modelled
by the ORM: autogenerate would otherwise propose dropping them."""

from __future__ import annotations

from typing import Any

UNMODELLED_PREFIXES = ("search_", "sqlite_", "fts_")


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    return not (type_ == "table" and name is not None and name.startswith(UNMODELLED_PREFIXES))
