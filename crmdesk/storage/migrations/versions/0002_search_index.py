"""search index: folded search text per customer and field, exact/prefix keys, and the list order

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

Not modelled by the ORM (names start with `search_`, see `crmdesk.storage.schema_filter`): the services write them
with SQL in `crmdesk.services.search_index`. On SQLite the FTS5 indexes over `search_text` and their triggers are
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


# 64-bit ids; on SQLite exactly INTEGER, so the column is the table's rowid
_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _customer_fk(table: str) -> sa.ForeignKey:
    return sa.ForeignKey("customer.id", ondelete="CASCADE", name=f"fk_{table}_customer_id_customer")


def upgrade() -> None:
    # one row per customer and field, ids in ranking order (band, reading's start, customer, field: see
    # crmdesk.storage.fts); no foreign key or customer index, so a rebuild writes a million rows quickly: a trigger
    # removes a purged customer's rows
    op.create_table(
        "search_text",
        sa.Column("id", _BIG_ID, primary_key=True, autoincrement=False),
        sa.Column("text", sa.Text(), nullable=False, server_default=""),
        sa.Column("grams", sa.Text(), nullable=False, server_default=""),
    )
    # whole values for exact and prefix matches (name, reading, code, phone, e-mail)
    op.create_table(
        "search_key",
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("field", sa.SmallInteger(), nullable=False),
        sa.Column("customer_id", sa.Integer(), _customer_fk("search_key"), nullable=False),
        # copies of search_sort's, so the first page of a name search needs no lookup per hit
        sa.Column("kana", sa.String(200), nullable=False, server_default=""),
        sa.Column("live", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.PrimaryKeyConstraint("key", "field", "customer_id", name="pk_search_key"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_search_key_customer_id", "search_key", ["customer_id"])
    # what ranking needs for every hit: the reading (五十音 order), whether in the trash, and where the
    # customer's search_text rows are (row_base = bucket << 34 | customer_id << 4)
    op.create_table(
        "search_sort",
        sa.Column(
            "customer_id", sa.Integer(), _customer_fk("search_sort"), primary_key=True, autoincrement=False
        ),
        sa.Column("kana", sa.String(200), nullable=False, server_default=""),
        sa.Column("live", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("row_base", sa.BigInteger(), nullable=False, server_default="0"),
    )
    op.create_index("ix_search_sort_kana", "search_sort", ["kana", "customer_id"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        fts.ensure_search_objects(bind)
    # customers that existed before are indexed on the next start (crmdesk.services.search_index.ensure_indexed)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        fts.drop_search_objects(bind)
    op.drop_index("ix_search_sort_kana", table_name="search_sort")
    op.drop_table("search_sort")
    op.drop_index("ix_search_key_customer_id", table_name="search_key")
    op.drop_table("search_key")
    op.drop_table("search_text")
