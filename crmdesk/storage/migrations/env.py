"""Alembic environment: migrations run inside the app on a connection it hands over."""

from __future__ import annotations

from alembic import context

from crmdesk.storage.models import Base
from crmdesk.storage.schema_filter import include_object

config = context.config
target_metadata = Base.metadata


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
