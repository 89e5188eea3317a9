"""Reading and writing cards for an import, inside the caller's transaction, in sets (never one query per row).

New cards are inserted with the data model's tables in bulk, their search rows built from the values in hand
(`index_bulk`); changed cards are loaded as ORM objects, with their state before the change saved in
`import_change` for undo, and their search rows refreshed with `reindex_customers`. All in the batch's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, time
from functools import lru_cache
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session, selectinload

from crmdesk.domain.textnorm import fold, normalize_text
from crmdesk.domain.values import ContactKind, CustomerKind, EventKind, Honorific, Phase, Sex
from crmdesk.services.context import ServiceContext
from crmdesk.services.history import CONTACT_KINDS
from crmdesk.services.importing import backup_json
from crmdesk.services.importing.backup_json import child_key, pieces
from crmdesk.services.importing.cards import CardState, MatchIndex, Slot
from crmdesk.services.importing.index_bulk import write_new_docs
from crmdesk.services.importing.rows import PHONE_KINDS, ContactValue, Visit
from crmdesk.services.search_index import Doc, Source, build_doc, reindex_customers
from crmdesk.storage.models import (
    AttachmentRow,
    ContactPointRow,
    Customer,
    FamilyMemberRow,
    FollowUpRow,
    HistoryEventRow,
    ImportBatch,
    ImportChange,
    OwnedItemRow,
    PersonalityNoteRow,
    Staff,
    Tag,
    customer_tag,
)

_PHONE_KINDS = tuple(kind.value for kind in ContactKind if kind.is_phone)
CHUNK = 500


def _chunks(values: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


@lru_cache(maxsize=4096)
def visit_time(day: date) -> datetime:
    """A visit imported as a date is placed at local noon, so that it shows on that day in every time zone."""
    return datetime.combine(day, time(12, 0)).astimezone().astimezone(UTC)


def _table(model: type[Any]) -> Table:
    return cast(Table, model.__table__)


def bulk_insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows with the same keys. On SQLite straight through the driver with the columns' own value
    conversions (SQLAlchemy's per-row machinery costs more than the insert itself for 100,000 rows)."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        session.execute(table.insert(), rows)
        return
    columns = list(rows[0])
    getter = itemgetter(*columns)
    conversions: list[tuple[int, Callable[[Any], Any], dict[Any, Any], dict[int, tuple[Any, Any]]]] = []
    for position, name in enumerate(columns):
        processor = table.c[name].type.dialect_impl(connection.dialect).bind_processor(connection.dialect)
        if processor is not None:
            conversions.append((position, processor, {}, {}))
    single = len(columns) == 1
    data: list[Any] = []
    append = data.append
    for row in rows:
        values = getter(row)
        if single:
            values = (values,)
        if conversions:
            converted = list(values)
            for position, convert, seen, objects in conversions:
                # the same value (a batch's one "now", a birthday, a day of visit) is converted once
                value = converted[position]
                try:
                    converted[position] = seen[value]
                except KeyError:
                    converted[position] = seen[value] = convert(value)
                except TypeError:  # not hashable (JSON): the very same object is converted once
                    if id(value) not in objects:
                        objects[id(value)] = (value, convert(value))  # kept alive: its id stays its own
                    converted[position] = objects[id(value)][1]
            values = tuple(converted)
        append(values)
    marks = ", ".join("?" for _ in columns)
    connection.exec_driver_sql(f'INSERT INTO "{table.name}" ({", ".join(columns)}) VALUES ({marks})', data)


def insert_rows(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> list[int]:
    """Insert many rows of one table and return their ids, in order.

    On SQLite the ids are given explicitly after the current largest one (the transaction holds the write lock
    from its first write, and a concurrent writer would make this one fail, never share an id); RETURNING for
    every row is far slower there. Other databases use RETURNING.
    """
    if not rows:
        return []
    table = _table(model)
    session.flush()
    if session.get_bind().dialect.name == "sqlite":
        start = int(session.scalar(select(func.max(table.c.id))) or 0) + 1
        ids = list(range(start, start + len(rows)))
        for row, cid in zip(rows, ids, strict=True):
            row["id"] = cid
        bulk_insert(session, table, rows)
        return ids
    return list(session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows))


# ------------------------------------------------------------------------------------------------ reading
def load_index(session: Session) -> tuple[MatchIndex, dict[int, Slot]]:
    """Every customer's keys (code, phones, name, reading, birthday), for matching rows against the database."""
    index = MatchIndex()
    slots: dict[int, Slot] = {}
    for cid, code, name, kana, birthday, address, deleted_at in session.execute(
        select(
            Customer.id,
            Customer.code,
            Customer.name,
            Customer.name_kana,
            Customer.birthday,
            Customer.address1,
            Customer.deleted_at,
        )
    ):
        slot = Slot(
            cid,
            code,
            fold(name),
            fold(kana),
            birthday,
            trashed=deleted_at is not None,
            address_key=fold(address),
        )
        if slot.trashed:
            if code:
                index.by_code.setdefault(code, slot)
            continue
        slots[cid] = slot
    phones: dict[int, list[str]] = {}
    for cid, norm in session.execute(
        select(ContactPointRow.customer_id, ContactPointRow.value_norm).where(
            ContactPointRow.kind.in_(_PHONE_KINDS)
        )
    ):
        phones.setdefault(cid, []).append(norm)
    for cid, slot in slots.items():
        index.add(slot, phones.get(cid, []))
    for (rows,) in session.execute(
        select(ImportBatch.mapping).where(ImportBatch.undone_at.is_(None)).order_by(ImportBatch.id)
    ):
        for fingerprint, cid in dict((rows or {}).get("rows") or {}).items():
            found = slots.get(int(cid))
            if found is not None:
                index.by_fingerprint[fingerprint] = found
    return index, slots


def load_states(session: Session, slots: Sequence[Slot], *, children: bool = False) -> None:
    """Fill `slot.state` for cards in the database (a set of queries for the whole batch). With `children`, also
    the keys of their family, items, notes, events and follow-ups (a backup adds only what a card lacks)."""
    wanted = [s.customer_id for s in slots if s.customer_id is not None and s.state is None]
    if not wanted:
        return
    by_id = {s.customer_id: s for s in slots if s.customer_id is not None}
    staff_names = dict(session.execute(select(Staff.id, Staff.name)).all())
    for chunk in _chunks(wanted):
        contacts: dict[int, list[ContactValue]] = {}
        for cid, kind, value, norm in session.execute(
            select(
                ContactPointRow.customer_id,
                ContactPointRow.kind,
                ContactPointRow.value,
                ContactPointRow.value_norm,
            )
            .where(ContactPointRow.customer_id.in_(chunk))
            .order_by(ContactPointRow.customer_id, ContactPointRow.position, ContactPointRow.id)
        ):
            contacts.setdefault(cid, []).append(ContactValue(ContactKind(kind), value, norm))
        tags: dict[int, list[str]] = {}
        for cid, name in session.execute(
            select(customer_tag.c.customer_id, Tag.name)
            .join(Tag, Tag.id == customer_tag.c.tag_id)
            .where(customer_tag.c.customer_id.in_(chunk))
            .order_by(Tag.name)
        ):
            tags.setdefault(cid, []).append(name)
        visits: dict[int, set[date]] = {}
        for cid, occurred in session.execute(
            select(HistoryEventRow.customer_id, HistoryEventRow.occurred_at).where(
                HistoryEventRow.customer_id.in_(chunk), HistoryEventRow.kind == EventKind.VISIT.value
            )
        ):
            visits.setdefault(cid, set()).add(occurred.astimezone().date())
        for customer in session.scalars(select(Customer).where(Customer.id.in_(chunk))):
            slot = by_id[customer.id]
            slot.state = CardState(
                customer_id=customer.id,
                code=customer.code,
                name=customer.name,
                name_kana=customer.name_kana,
                honorific=Honorific(customer.honorific),
                kind=CustomerKind(customer.kind),
                company_contact=customer.company_contact,
                company_department=customer.company_department,
                sex=Sex(customer.sex) if customer.sex else None,
                birthday=customer.birthday,
                postal_code=customer.postal_code,
                address1=customer.address1,
                address2=customer.address2,
                phase=Phase(customer.phase),
                staff=staff_names.get(customer.staff_id) if customer.staff_id else None,
                consent_letter=customer.consent_letter,
                consent_phone=customer.consent_phone,
                consent_email=customer.consent_email,
                interests=customer.interests,
                memo=customer.memo,
                contacts=contacts.get(customer.id, []),
                tags=tags.get(customer.id, []),
                visit_days=visits.get(customer.id, set()),
                created_here=slot.created_here,
                first_line=slot.first_line,
            )
        if children:
            for cid, keys in _child_keys(session, chunk).items():
                state = by_id[cid].state
                if state is not None:
                    state.child_keys.update(keys)


def _child_keys(session: Session, ids: Sequence[int]) -> dict[int, dict[tuple[Any, ...], int]]:
    """The keys (`backup_json.child_key`) of these cards' family, items, notes, events and follow-ups → ids."""
    queries: tuple[tuple[str, Any], ...] = (
        (
            "family",
            select(
                FamilyMemberRow.id,
                FamilyMemberRow.customer_id,
                FamilyMemberRow.name,
                FamilyMemberRow.relation,
            ).where(FamilyMemberRow.customer_id.in_(ids)),
        ),
        (
            "items",
            select(
                OwnedItemRow.id, OwnedItemRow.customer_id, OwnedItemRow.name, OwnedItemRow.identifier
            ).where(OwnedItemRow.customer_id.in_(ids)),
        ),
        (
            "notes",
            select(
                PersonalityNoteRow.id,
                PersonalityNoteRow.customer_id,
                PersonalityNoteRow.noted_on,
                PersonalityNoteRow.text,
            ).where(PersonalityNoteRow.customer_id.in_(ids)),
        ),
        (
            "events",
            select(
                HistoryEventRow.id,
                HistoryEventRow.customer_id,
                HistoryEventRow.kind,
                HistoryEventRow.occurred_at,
                HistoryEventRow.summary,
            ).where(HistoryEventRow.customer_id.in_(ids)),
        ),
        (
            "follow_ups",
            select(
                FollowUpRow.id,
                FollowUpRow.customer_id,
                FollowUpRow.due_date,
                FollowUpRow.kind,
                FollowUpRow.reason,
            ).where(FollowUpRow.customer_id.in_(ids)),
        ),
    )
    names = {
        "family": ("name", "relation"),
        "items": ("name", "identifier"),
        "notes": ("noted_on", "text"),
        "events": ("kind", "occurred_at", "summary"),
        "follow_ups": ("due_date", "kind", "reason"),
    }
    found: dict[int, dict[tuple[Any, ...], int]] = {}
    for kind, query in queries:
        for row_id, cid, *values in session.execute(query):
            entry = dict(zip(names[kind], (_plain(v) for v in values), strict=True))
            found.setdefault(cid, {})[child_key(kind, entry)] = row_id
    return found


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


# ------------------------------------------------------------------------------------------------ writing
class BatchWriter:
    """Writes one batch of planned cards. Caches staff and tag ids for the whole import."""

    def __init__(self, ctx: ServiceContext, import_id: int) -> None:
        self.ctx = ctx
        self.import_id = import_id
        self._staff: dict[str, int | None] = {}
        self._tags: dict[str, int] = {}
        self.changes: dict[int, int] = {}  # customer id → import_change id (for cards this import changed)
        self._visit_details: dict[str, dict[str, Any]] = {}

    def staff_id(self, session: Session, name: str | None) -> int | None:
        if not name:
            return None
        if name not in self._staff:
            self._staff[name] = self.ctx.staff_id(session, name)
        return self._staff[name]

    def tag_ids(self, session: Session, names: Iterable[str]) -> list[int]:
        result: list[int] = []
        for name in names:
            if name not in self._tags:
                found = session.scalar(select(Tag.id).where(Tag.name == name))
                if found is None:
                    tag = Tag(name=name)
                    session.add(tag)
                    session.flush()
                    found = tag.id
                self._tags[name] = int(found)
            result.append(self._tags[name])
        return result

    def insert_new(self, session: Session, states: Sequence[CardState]) -> list[int]:
        """Insert new cards with their contacts, tags and imported visits. Returns their ids, in order."""
        if not states:
            return []
        now = self.ctx.now()
        params = [
            self._columns(session, state) | {"created_at": now, "updated_at": now, "version": 1}
            for state in states
        ]
        for row, state in zip(params, states, strict=True):
            row["import_batch_id"] = self.import_id
            row["last_contact_at"] = _latest(state)
        ids = insert_rows(session, Customer, params)
        for cid, state in zip(ids, states, strict=True):
            state.customer_id = cid
        self._insert_children(session, states, replace_contacts=False)
        restored = self._insert_restored(session, states)
        write_new_docs(session, [self._doc(state) for state in states])
        # the new cards are known by their import_batch_id; a card from a backup also lists what came with it
        # (not the store's work since: undo deletes it with the card)
        bulk_insert(
            session,
            _table(ImportChange),
            [
                {
                    "batch_id": self.import_id,
                    "customer_id": cid,
                    "action": "created",
                    "before": {"after_version": 1, "restored": added},
                }
                for cid, added in restored.items()
            ],
        )
        for state in states:
            state.new_visits = []
            state.new_children = []
        return ids

    def _doc(self, state: CardState) -> Doc:
        """A new card's search data, from the values in hand (its tags in the order of their ids); worked out ahead
        by the parsing process when the card is still as its row made it."""
        assert state.customer_id is not None
        if state.fresh_doc is not None:
            return cast(Doc, state.fresh_doc)._replace(customer_id=state.customer_id)
        tags = sorted(set(state.tags), key=lambda name: self._tags[name])
        return build_doc(source_of(state, state.customer_id, tags))

    def update_existing(self, session: Session, states: Sequence[CardState]) -> list[int]:
        """Write changed cards that were already in the database (or made by an earlier batch of this import)."""
        if not states:
            return []
        by_id = {s.customer_id: s for s in states if s.customer_id is not None}
        customers = {
            c.id: c
            for c in session.scalars(
                select(Customer)
                .where(Customer.id.in_(list(by_id)))
                .options(selectinload(Customer.contacts), selectinload(Customer.tags))
            )
        }
        now = self.ctx.now()
        first_change: list[tuple[Customer, dict[str, Any]]] = []
        for cid, state in by_id.items():
            customer = customers[cid]
            if not state.created_here and cid not in self.changes:
                first_change.append((customer, before_of(customer)))
            for key, value in self._columns(session, state).items():
                setattr(customer, key, value)
            if not state.created_here and cid not in self.changes:
                customer.version += 1
                customer.updated_at = now
            latest = _latest(state)
            if latest is not None and (customer.last_contact_at is None or latest > customer.last_contact_at):
                customer.last_contact_at = latest
        session.flush()
        events = self._insert_children(session, list(by_id.values()), replace_contacts=True)
        restored = self._insert_restored(session, list(by_id.values()))
        first_ids = {customer.id for customer, _ in first_change}
        self._note_restored(session, {cid: r for cid, r in restored.items() if cid not in first_ids})
        for customer, before in first_change:
            before["added_events"] = events.get(customer.id, [])
            before["added_children"] = restored.get(customer.id, {})
            before["after_version"] = customer.version
            change = ImportChange(
                batch_id=self.import_id, customer_id=customer.id, action="updated", before=before
            )
            session.add(change)
            session.flush()
            self.changes[customer.id] = change.id
        for cid, added in events.items():
            if cid in self.changes and not by_id[cid].created_here and added:
                earlier = session.get(ImportChange, self.changes[cid])
                if (
                    earlier is not None
                    and earlier.before is not None
                    and earlier.before.get("added_events") != added
                ):
                    merged = dict(earlier.before)
                    merged["added_events"] = sorted(set(merged.get("added_events", [])) | set(added))
                    earlier.before = merged
        for state in states:
            state.new_visits = []
            state.new_children = []
        return list(by_id)

    def _note_restored(self, session: Session, restored: dict[int, dict[str, list[int]]]) -> None:
        """Entries of a backup added to a card this import made or changed in an earlier batch: kept with that
        change, so that undo knows them."""
        for cid, added in restored.items():
            change = session.scalar(
                select(ImportChange).where(
                    ImportChange.batch_id == self.import_id, ImportChange.customer_id == cid
                )
            )
            if change is None:  # a card made by an earlier batch of this import, from a row without any
                change = ImportChange(
                    batch_id=self.import_id, customer_id=cid, action="created", before={"after_version": 1}
                )
                session.add(change)
            before = dict(change.before or {})
            slot = "restored" if change.action == "created" else "added_children"
            merged = {kind: list(ids) for kind, ids in (before.get(slot) or {}).items()}
            for kind, ids in added.items():
                merged[kind] = [*merged.get(kind, []), *ids]
            before[slot] = merged
            change.before = before

    def _insert_restored(
        self, session: Session, states: Sequence[CardState]
    ) -> dict[int, dict[str, list[int]]]:
        """Write the backup entries these cards do not have yet. Returns the new ids per card and kind."""
        work = [s for s in states if s.customer_id is not None and s.new_children]
        added: dict[int, dict[str, list[int]]] = {}
        if not work:
            return added
        now = self.ctx.now()
        written: dict[int, dict[tuple[str, int], int]] = {}  # card → (kind, id in the backup) → id here
        for kind in ("family", "items", "events", "notes", "follow_ups"):  # follow-ups point at the others
            rows: list[dict[str, Any]] = []
            owners: list[tuple[CardState, dict[str, Any]]] = []
            for state in work:
                for entry_kind, entry in state.new_children:
                    if entry_kind == kind:
                        rows.append(self._restored_row(session, kind, state, entry, now))
                        owners.append((state, entry))
            if not rows:
                continue
            ids = insert_rows(session, _CHILD_MODELS[kind], rows)
            photos: list[dict[str, Any]] = []
            for (state, entry), new_id in zip(owners, ids, strict=True):
                assert state.customer_id is not None
                added.setdefault(state.customer_id, {}).setdefault(kind, []).append(new_id)
                state.child_keys[child_key(kind, entry)] = new_id
                if isinstance(entry.get("id"), int):
                    written.setdefault(state.customer_id, {})[(kind, entry["id"])] = new_id
                if kind == "events":
                    photos.extend(self._photo_rows(new_id, entry, now))
            if photos:
                insert_rows(session, AttachmentRow, photos)
        return added

    def _restored_row(
        self, session: Session, kind: str, state: CardState, entry: dict[str, Any], now: datetime
    ) -> dict[str, Any]:
        cid = state.customer_id

        def text(name: str) -> str:
            return str(entry.get(name) or "")

        if kind == "family":
            return {
                "customer_id": cid,
                "relation": text("relation"),
                "name": text("name"),
                "name_kana": text("name_kana"),
                "name_norm": normalize_text(text("name")),
                "birthday": backup_json.as_date(entry.get("birthday")),
                "notes": text("notes"),
                "joint_addressee": bool(entry.get("joint_addressee")),
                "honorific": text("honorific") or Honorific.SAMA.value,
            }
        if kind == "items":
            return {
                "customer_id": cid,
                "category": text("category") or "other",
                "name": text("name"),
                "identifier": text("identifier"),
                "identifier_norm": normalize_text(text("identifier")),
                "purchase_date": backup_json.as_date(entry.get("purchase_date")),
                "warranty_end": backup_json.as_date(entry.get("warranty_end")),
                "next_service_date": backup_json.as_date(entry.get("next_service_date")),
                "inspection_expiry": backup_json.as_date(entry.get("inspection_expiry")),
                "notes": text("notes"),
            }
        if kind == "notes":
            return {
                "customer_id": cid,
                "noted_on": backup_json.as_date(entry.get("noted_on")) or now.date(),
                "text": text("text"),
                "staff_id": self.staff_id(session, entry.get("staff")),
                "created_at": backup_json.as_datetime(entry.get("created_at"), now),
            }
        if kind == "events":
            return {
                "customer_id": cid,
                "kind": text("kind"),
                "occurred_at": backup_json.as_datetime(entry.get("occurred_at"), now),
                "staff_id": self.staff_id(session, entry.get("staff")),
                "summary": text("summary"),
                "body": text("body"),
                "amount_yen": entry.get("amount_yen") if isinstance(entry.get("amount_yen"), int) else None,
                "menu": text("menu"),
                "stylist": text("stylist"),
                "treatment_notes": text("treatment_notes"),
                "products": text("products"),
                "outcome": text("outcome"),
                "details": entry.get("details") if isinstance(entry.get("details"), dict) else {},
                "created_at": backup_json.as_datetime(entry.get("created_at"), now),
            }
        return {
            "customer_id": cid,
            "due_date": backup_json.as_date(entry.get("due_date")) or now.date(),
            "kind": text("kind"),
            "reason": text("reason"),
            "status": text("status") or "open",
            "result": text("result"),
            "staff_id": self.staff_id(session, entry.get("staff")),
            "source_event_id": self._written(state, "events", entry.get("source_event_id")),
            "item_id": self._written(state, "items", entry.get("item_id")),
            "family_member_id": self._written(state, "family", entry.get("family_member_id")),
            "scenario_step_id": None,  # the store's scenarios are not part of a card
            "result_event_id": self._written(state, "events", entry.get("result_event_id")),
            "completed_at": backup_json.as_datetime(entry.get("completed_at")),
            "created_at": backup_json.as_datetime(entry.get("created_at"), now),
            "updated_at": backup_json.as_datetime(entry.get("updated_at"), now),
        }

    @staticmethod
    def _written(state: CardState, kind: str, backup_id: object) -> int | None:
        """The id here of the entry a follow-up pointed at in the backup (written now or already there)."""
        if not isinstance(backup_id, int):
            return None
        key = state.backup_keys.get((kind, backup_id))
        found = state.child_keys.get(key, 0) if key is not None else 0
        return found or None

    @staticmethod
    def _photo_rows(event_id: int, entry: dict[str, Any], now: datetime) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for photo in entry.get("attachments") or []:
            data = backup_json.photo_bytes(photo) if isinstance(photo, dict) else None
            if data is None:
                continue  # exported without photos
            rows.append(
                {
                    "event_id": event_id,
                    "filename": str(photo.get("filename") or "photo"),
                    "mime_type": str(photo.get("mime_type") or "application/octet-stream"),
                    "data": data,
                    "created_at": backup_json.as_datetime(photo.get("created_at"), now),
                }
            )
        return rows

    def _columns(self, session: Session, state: CardState) -> dict[str, Any]:
        return {
            "code": state.code,
            "kind": state.kind.value,
            "name": state.name,
            "name_kana": state.name_kana,
            "honorific": state.honorific.value,
            "company_contact": state.company_contact,
            "company_department": state.company_department,
            "sex": state.sex.value if state.sex else None,
            "birthday": state.birthday,
            "postal_code": state.postal_code,
            "address1": state.address1,
            "address2": state.address2,
            "phase": state.phase.value,
            "staff_id": self.staff_id(session, state.staff),
            "consent_letter": state.consent_letter,
            "consent_phone": state.consent_phone,
            "consent_email": state.consent_email,
            "interests": state.interests,
            "memo": state.memo,
            "name_norm": normalize_text(state.name),
            "kana_norm": normalize_text(state.name_kana),
        }

    def _insert_children(
        self, session: Session, states: Sequence[CardState], *, replace_contacts: bool
    ) -> dict[int, list[int]]:
        """Contacts, tags and visits of these cards. Returns the ids of the history events added, per card."""
        ids = [s.customer_id for s in states if s.customer_id is not None]
        if replace_contacts:
            existing: dict[int, set[tuple[str, str]]] = {}
            for cid, kind, norm in session.execute(
                select(ContactPointRow.customer_id, ContactPointRow.kind, ContactPointRow.value_norm).where(
                    ContactPointRow.customer_id.in_(ids)
                )
            ):
                existing.setdefault(cid, set()).add((kind, norm))
            tagged: dict[int, set[int]] = {}
            for cid, tag_id in session.execute(
                select(customer_tag.c.customer_id, customer_tag.c.tag_id).where(
                    customer_tag.c.customer_id.in_(ids)
                )
            ):
                tagged.setdefault(cid, set()).add(tag_id)
        else:
            existing, tagged = {}, {}
        contact_rows: list[dict[str, Any]] = []
        tag_rows: list[dict[str, Any]] = []
        visit_rows: list[dict[str, Any]] = []
        owners: list[int] = []
        now = self.ctx.now()
        for state in states:
            if state.customer_id is None:
                continue
            cid = state.customer_id
            have = existing.get(cid, set())
            position = len(have)
            for contact in state.contacts:
                if (contact.kind.value, contact.norm) in have:
                    continue
                contact_rows.append(
                    {
                        "customer_id": cid,
                        "kind": contact.kind.value,
                        "label": "",
                        "value": contact.value,
                        "value_norm": contact.norm,
                        "position": position,
                    }
                )
                have.add((contact.kind.value, contact.norm))
                position += 1
            have_tags = tagged.get(cid, set())
            for tag_id in self.tag_ids(session, state.tags):
                if tag_id not in have_tags:
                    tag_rows.append({"customer_id": cid, "tag_id": tag_id})
                    have_tags.add(tag_id)
            for visit in state.new_visits:
                visit_rows.append(self._visit_row(cid, visit, now))
                owners.append(cid)
        if contact_rows:
            bulk_insert(session, _table(ContactPointRow), contact_rows)
        if tag_rows:
            bulk_insert(session, customer_tag, tag_rows)
        added: dict[int, list[int]] = {}
        if visit_rows:
            event_ids = insert_rows(session, HistoryEventRow, visit_rows)
            for cid, event_id in zip(owners, event_ids, strict=True):
                added.setdefault(cid, []).append(event_id)
        return added

    def _visit_row(self, customer_id: int, visit: Visit, now: datetime) -> dict[str, Any]:
        return {
            "customer_id": customer_id,
            "kind": EventKind.VISIT.value,
            "occurred_at": visit_time(visit.day),
            "staff_id": None,
            "summary": visit.summary,
            "body": "",
            "menu": "",
            "stylist": "",
            "treatment_notes": "",
            "products": "",
            "outcome": "",
            # one object per kind of visit: bulk_insert writes a repeated value's JSON once
            "details": self._visit_details.setdefault(
                visit.which, {"import_id": self.import_id, "source": f"{visit.which}_visit"}
            ),
            "created_at": now,
        }

    def reindex(self, session: Session, customer_ids: Iterable[int]) -> None:
        reindex_customers(session, customer_ids)


def source_of(state: CardState, customer_id: int, tags: Sequence[str]) -> Source:
    """What search reads of a new card (as `search_index.read_sources` would read it back); `tags` in the order
    of their ids."""
    phones = [c.norm or c.value for c in state.contacts if c.kind in PHONE_KINDS]
    others = [c.value for c in state.contacts if c.kind not in PHONE_KINDS]
    children: dict[str, list[dict[str, Any]]] = {kind: [] for kind in backup_json.CHILDREN}
    for kind, entry in state.new_children:
        children[kind].append(entry)
    return Source(
        customer_id=customer_id,
        live=True,
        kana=state.name_kana,
        names=(state.name, state.company_contact) if state.company_contact else (state.name,),
        code=state.code,
        phones=phones,
        emails=others,
        postal=state.postal_code,
        address=state.address1 + state.address2,
        tags=tags,
        notes=(state.interests, state.memo, state.company_department, *pieces(children["notes"], "text")),
        history=[
            *pieces(children["events"], *_EVENT_TEXTS),
            *(visit.summary for visit in state.new_visits),
        ],
        family_names=pieces(children["family"], "name"),
        family_readings=pieces(children["family"], "name_kana"),
        items=pieces(children["items"], "name", "identifier"),
    )


_CHILD_MODELS: dict[str, type[Any]] = {
    "family": FamilyMemberRow,
    "items": OwnedItemRow,
    "notes": PersonalityNoteRow,
    "events": HistoryEventRow,
    "follow_ups": FollowUpRow,
}
_EVENT_TEXTS = ("summary", "body", "menu", "stylist", "treatment_notes", "products")
_CONTACT_KINDS = frozenset(kind.value for kind in CONTACT_KINDS)


def _latest(state: CardState) -> datetime | None:
    """The newest contact among what the import adds to a card: imported visits, a backup's history."""
    times = [visit_time(v.day) for v in state.new_visits]
    for kind, entry in state.new_children:
        if kind == "events" and entry.get("kind") in _CONTACT_KINDS:
            occurred = backup_json.as_datetime(entry.get("occurred_at"))
            if occurred is not None:
                times.append(occurred)
    return max(times, default=None)


_BEFORE_COLUMNS = (
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


def before_of(customer: Customer) -> dict[str, Any]:
    """A card's state as JSON, enough to put it back as it was (undo)."""
    data: dict[str, Any] = {column: getattr(customer, column) for column in _BEFORE_COLUMNS}
    data["birthday"] = customer.birthday.isoformat() if customer.birthday else None
    data["last_contact_at"] = customer.last_contact_at.isoformat() if customer.last_contact_at else None
    data["updated_at"] = customer.updated_at.isoformat() if customer.updated_at else None
    data["contacts"] = [
        {
            "kind": c.kind,
            "label": c.label,
            "value": c.value,
            "value_norm": c.value_norm,
            "position": c.position,
        }
        for c in customer.contacts
    ]
    data["tags"] = [t.name for t in customer.tags]
    return data


__all__ = ["BatchWriter", "before_of", "load_index", "load_states", "visit_time"]
