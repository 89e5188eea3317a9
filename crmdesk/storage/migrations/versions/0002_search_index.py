"""search index: the folded search document of each customer and its exact/prefix keys

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

Not modelled by the ORM (names start with `search_`, see `crmdesk.storage.schema_filter`): the services write them
with SQL in `crmdesk.services.search_index`. On SQLite the FTS5 indexes over `search_doc` and their triggers are
created by `crmdesk.storage.fts` (also after every later migration, by a post-migrate hook).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crmdesk.storage import fts

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "search_doc",
        sa.Column(
            "customer_id",
            sa.Integer(),
            sa.ForeignKey("customer.id", ondelete="CASCADE", name="fk_search_doc_customer_id_customer"),
            primary_key=True,
            autoincrement=False,
        ),
        *[sa.Column(name, sa.Text(), nullable=False, server_default="") for name in fts.DOC_COLUMNS],
        *[sa.Column(name, sa.Text(), nullable=False, server_default="") for name in fts.GRAM_COLUMNS],
    )
    op.create_table(
        "search_key",
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("field", sa.String(20), nullable=False),
        sa.Column(
            "customer_id",
            sa.Integer(),
            sa.ForeignKey("customer.id", ondelete="CASCADE", name="fk_search_key_customer_id_customer"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("key", "field", "customer_id", name="pk_search_key"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_search_key_customer_id", "search_key", ["customer_id"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        fts.ensure_search_objects(bind)
    # existing customers are indexed on the next start: `crmdesk.services.search_index.ensure_indexed`


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        fts.drop_search_objects(bind)
    op.drop_index("ix_search_key_customer_id", table_name="search_key")
    op.drop_table("search_key")
    op.drop_table("search_doc")
