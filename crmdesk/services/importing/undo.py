"""Taking back a whole import, in one transaction, without losing anything the store did since.

- A card the import created is deleted — unless it was edited, given history, notes or follow-ups after the
  import: then it goes to the trash, where it can be restored.
- A card the import changed is put back as it was — unless it was edited since (its version moved on): then it is
  left as it is and listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from crmdesk.domain.errors import NotFoundError, ValidationError
from crmdesk.services.changes import Changes
from crmdesk.services.context import ServiceContext
from crmdesk.services.importing.results import UndoResult
from crmdesk.services.search_index import reindex_customers
from crmdesk.storage.models import (
    ContactPointRow,
    Customer,
    FamilyMemberRow,
    FollowUpRow,
    HistoryEventRow,
    ImportBatch,
    ImportChange,
    OwnedItemRow,
    PersonalityNoteRow,
    Tag,
    customer_tag,
)

CHUNK = 500
# follow-ups first: they point at the events, items and family members
_ADDED_CHILDREN: tuple[tuple[str, Any], ...] = (
    ("follow_ups", FollowUpRow),
    ("notes", PersonalityNoteRow),
    ("events", HistoryEventRow),
    ("items", OwnedItemRow),
    ("family", FamilyMemberRow),
)
_RESTORED_COLUMNS = (
    "code",
    "kind",
    "name",
    "name_kana",
    "honorific",
    "company_contact",
    "company_department",
    "sex",
    "postal_code",
    "address1",
    "address2",
    "phase",
    "staff_id",
    "consent_letter",
    "consent_phone",
    "consent_email",
    "interests",
    "memo",
)


def _chunks(values: Sequence[int]) -> list[Sequence[int]]:
    return [values[i : i + CHUNK] for i in range(0, len(values), CHUNK)]


def undo_import(ctx: ServiceContext, import_id: int | None) -> tuple[UndoResult, Changes]:
    with ctx.db.transaction() as session:
        batch = _batch(session, import_id)
        changes = list(
            session.scalars(
                select(ImportChange).where(ImportChange.batch_id == batch.id).order_by(ImportChange.id)
            )
        )
        # the cards it made: by their import_batch_id (older imports also listed them in import_change)
        created = sorted(
            {c.customer_id for c in changes if c.action == "created"}
            | set(session.scalars(select(Customer.id).where(Customer.import_batch_id == batch.id)))
        )
        # a backup's history, notes and follow-ups came with the card: they are not the store's work since
        came_with: set[tuple[str, int]] = {
            (kind, int(i))
            for c in changes
            if c.action == "created"
            for kind, ids in ((c.before or {}).get("restored") or {}).items()
            for i in ids
        }
        updated = [c for c in changes if c.action == "updated"]
        # codes first: a restored card may take back a code that a deleted card of the import had
        deleted, trashed = _remove_created(ctx, session, batch.id, created, came_with)
        restored, kept = _restore_updated(ctx, session, updated)
        reindex_customers(session, restored)
        batch.undone_at = ctx.now()
        ctx.audit(
            session,
            "undo_import",
            "import_batch",
            batch.id,
            None,
            deleted=len(deleted),
            restored=len(restored),
            trashed=len(trashed),
            kept=len(kept),
        )
        result = UndoResult(batch.id, len(deleted), len(restored), len(trashed), tuple(kept))
    gone = frozenset(deleted) | frozenset(trashed)
    return result, Changes(customers=gone | frozenset(restored), deleted=gone, bulk=True)


def _batch(session: Session, import_id: int | None) -> ImportBatch:
    if import_id is None:
        batch = session.scalar(
            select(ImportBatch)
            .where(ImportBatch.undone_at.is_(None))
            .order_by(ImportBatch.id.desc())
            .limit(1)
        )
        if batch is None:
            raise NotFoundError("取り消せる取り込みがありません", code="no_import")
        return batch
    found = session.get(ImportBatch, import_id)
    if found is None:
        raise NotFoundError(f"取り込み #{import_id} が見つかりません", code="not_found")
    if found.undone_at is not None:
        raise ValidationError(
            "取り込み", import_id, "この取り込みはすでに取り消されています", code="already_undone"
        )
    return found


def _remove_created(
    ctx: ServiceContext,
    session: Session,
    import_id: int,
    created: list[int],
    came_with: set[tuple[str, int]] | None = None,
) -> tuple[list[int], list[int]]:
    if not created:
        return [], []
    came_with = came_with or set()
    alive: dict[int, tuple[int, datetime | None]] = {}
    touched: set[int] = set()
    for chunk in _chunks(created):
        for cid, version, deleted_at in session.execute(
            select(Customer.id, Customer.version, Customer.deleted_at).where(Customer.id.in_(chunk))
        ):
            alive[cid] = (version, deleted_at)
            if version != 1:
                touched.add(cid)
        for event_id, cid, details in session.execute(
            select(HistoryEventRow.id, HistoryEventRow.customer_id, HistoryEventRow.details).where(
                HistoryEventRow.customer_id.in_(chunk)
            )
        ):
            if (details or {}).get("import_id") != import_id and ("events", event_id) not in came_with:
                touched.add(cid)
        for kind, model in (("follow_ups", FollowUpRow), ("notes", PersonalityNoteRow)):
            for row_id, cid in session.execute(
                select(model.id, model.customer_id).where(model.customer_id.in_(chunk))
            ):
                if (kind, row_id) not in came_with:
                    touched.add(cid)
    to_delete = [cid for cid in alive if cid not in touched]
    to_trash = [cid for cid in alive if cid in touched and alive[cid][1] is None]
    for chunk in _chunks(to_delete):
        session.execute(delete(Customer).where(Customer.id.in_(chunk)))
    now = ctx.now()
    for chunk in _chunks(to_trash):
        for customer in session.scalars(select(Customer).where(Customer.id.in_(chunk))):
            customer.deleted_at = now
            customer.version += 1
    return to_delete, to_trash


def _restore_updated(
    ctx: ServiceContext, session: Session, updated: list[ImportChange]
) -> tuple[list[int], list[int]]:
    restored: list[int] = []
    kept: list[int] = []
    now = ctx.now()
    tags: dict[str, int] = {}
    for change in updated:
        before: dict[str, Any] = dict(change.before or {})
        customer = session.get(Customer, change.customer_id)
        if customer is None:
            continue
        if customer.version != before.get("after_version"):
            kept.append(customer.id)
            continue
        for column in _RESTORED_COLUMNS:
            if column in before:
                setattr(customer, column, before[column])
        customer.birthday = date.fromisoformat(before["birthday"]) if before.get("birthday") else None
        last = before.get("last_contact_at")
        customer.last_contact_at = datetime.fromisoformat(last) if last else None
        customer.version += 1
        customer.updated_at = now
        session.execute(delete(ContactPointRow).where(ContactPointRow.customer_id == customer.id))
        contacts = [dict(c, customer_id=customer.id) for c in before.get("contacts", [])]
        if contacts:
            session.execute(insert(ContactPointRow), contacts)
        session.execute(delete(customer_tag).where(customer_tag.c.customer_id == customer.id))
        tag_rows = [
            {"customer_id": customer.id, "tag_id": _tag_id(session, name, tags)}
            for name in before.get("tags", [])
        ]
        if tag_rows:
            session.execute(insert(customer_tag), tag_rows)
        added = [int(i) for i in before.get("added_events", [])]
        if added:
            session.execute(delete(HistoryEventRow).where(HistoryEventRow.id.in_(added)))
        restored_children = before.get("added_children") or {}
        for kind, model in _ADDED_CHILDREN:  # what a backup added to the card
            ids = [int(i) for i in restored_children.get(kind, [])]
            if ids:
                session.execute(delete(model).where(model.id.in_(ids)))
        restored.append(customer.id)
    session.flush()
    return restored, kept


def _tag_id(session: Session, name: str, cache: dict[str, int]) -> int:
    if name not in cache:
        found = session.scalar(select(Tag.id).where(Tag.name == name))
        if found is None:
            tag = Tag(name=name)
            session.add(tag)
            session.flush()
            found = tag.id
        cache[name] = int(found)
    return cache[name]


__all__ = ["undo_import"]
