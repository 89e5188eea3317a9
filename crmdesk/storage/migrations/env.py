"""Alembic environment: migrations run inside the app on a connection it hands over."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy.schema import SchemaItem

from crmdesk.storage.models import Base

config = context.config
target_metadata = Base.metadata

# Tables and triggers the ORM does not model (the FTS5 search index and its shadow tables) are not the
# migrations' business: autogenerate would otherwise propose dropping them.
UNMODELLED_PREFIXES = ("search_", "sqlite_", "fts_")


def include_object(obj: SchemaItem, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    return not (type_ == "table" and name and name.startswith(UNMODELLED_PREFIXES))


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("crmdesk runs its migrations with a connection from crmdesk.storage.migrate")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
