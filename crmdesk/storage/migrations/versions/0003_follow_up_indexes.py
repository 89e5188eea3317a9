"""indexes for the Today list of one staff member: dates that carry the customer id, staff with last contact

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

The Today list finds birthdays, 車検・点検・保証 dates and follow-ups on date indexes. For one staff member's list each
row found must be checked against its customer: with the customer id in the date index that check needs no read of
the (large) row itself. The 休眠 count of one staff member reads (staff, last contact) from one index. Each new index
starts with the column of the one it replaces, so every earlier query keeps its index.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, old index, new index, new columns)
_REPLACED = (
    ("customer", "ix_customer_birthday", "ix_customer_birthday_staff", ["birthday", "staff_id"]),
    ("customer", "ix_customer_staff_id", "ix_customer_staff_last_contact", ["staff_id", "last_contact_at"]),
    (
        "family_member",
        "ix_family_member_birthday",
        "ix_family_member_birthday_customer",
        ["birthday", "customer_id"],
    ),
    (
        "owned_item",
        "ix_owned_item_inspection_expiry",
        "ix_owned_item_inspection_expiry_customer",
        ["inspection_expiry", "customer_id"],
    ),
    (
        "owned_item",
        "ix_owned_item_next_service_date",
        "ix_owned_item_next_service_date_customer",
        ["next_service_date", "customer_id"],
    ),
    (
        "owned_item",
        "ix_owned_item_warranty_end",
        "ix_owned_item_warranty_end_customer",
        ["warranty_end", "customer_id"],
    ),
    (
        "follow_up",
        "ix_follow_up_staff_id",
        "ix_follow_up_staff_status_due",
        ["staff_id", "status", "due_date"],
    ),
)


def upgrade() -> None:
    for table, old, new, columns in _REPLACED:
        op.create_index(new, table, columns)
        op.drop_index(old, table_name=table)


def downgrade() -> None:
    for table, old, new, columns in reversed(_REPLACED):
        op.create_index(old, table, columns[:1])
        op.drop_index(new, table_name=table)
