"""Keeps the normalised search columns current, in the same transaction as the change they index."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from crmdesk.domain.textnorm import normalize_text
from crmdesk.storage.models import Customer


def reindex_customers(session: Session, customer_ids: Iterable[int]) -> None:
    """Recompute the search columns of these customers (called by every service that changes them)."""
    wanted = list(customer_ids)
    if not wanted:
        return
    session.flush()
    for customer in session.scalars(select(Customer).where(Customer.id.in_(wanted))):
        customer.name_norm = normalize_text(customer.name)
        customer.kana_norm = normalize_text(customer.name_kana)
    session.flush()


def rebuild_all(session: Session) -> int:
    """Recompute every customer's search data from scratch (after the demo generator or a restore).

    Bulk writers (demo, import) call this once instead of `reindex_customers` per row. Returns the number of
    customers indexed.
    """
    table = Customer.__table__
    rows = session.execute(select(Customer.id, Customer.name, Customer.name_kana)).all()
    session.execute(
        table.update()
        .where(table.c.id == bindparam("cid"))
        .values(name_norm=bindparam("n"), kana_norm=bindparam("k")),
        [{"cid": cid, "n": normalize_text(name), "k": normalize_text(kana)} for cid, name, kana in rows],
    )
    return len(rows)
