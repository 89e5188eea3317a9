"""Keeps the normalised search columns current, in the same transaction as the change they index."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
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
