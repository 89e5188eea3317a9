"""Customer cards: create, edit, trash and restore, load the whole card, list rows by id."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from crmdesk.domain.errors import ConflictError, NotFoundError, ValidationError
from crmdesk.domain.records import CustomerCard, CustomerDraft, CustomerRow, PersonalityNote
from crmdesk.domain.textnorm import normalize_text
from crmdesk.domain.values import CustomerKind, FollowUpStatus, Honorific, Phase, Sex
from crmdesk.services.changes import Changes
from crmdesk.services.context import ServiceContext
from crmdesk.services.records_map import (
    consent_of,
    contact_of,
    event_of,
    family_of,
    follow_up_of,
    item_of,
    note_of,
)
from crmdesk.services.search_index import reindex_customers
from crmdesk.services.validation import MAX_TEXT, check_text, clean_contact, clean_reading, validate_customer
from crmdesk.storage.models import (
    AttachmentRow,
    ContactPointRow,
    Customer,
    FamilyMemberRow,
    FollowUpRow,
    HistoryEventRow,
    OwnedItemRow,
    PersonalityNoteRow,
    Staff,
    Tag,
    customer_tag,
)


class CustomerService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # ----------------------------------------------------------------- writing
    def create(self, draft: CustomerDraft) -> CustomerCard:
        clean = validate_customer(draft, self.ctx.today())
        with self.ctx.db.transaction() as session:
            now = self.ctx.now()
            customer = Customer(
                created_at=now, updated_at=now, version=1, contacts=[], family=[], items=[], tags=[], notes=[]
            )
            session.add(customer)
            self._apply(session, customer, clean)
            self._flush_unique(session, clean)
            reindex_customers(session, [customer.id])
            self.ctx.audit(session, "create", "customer", customer.id, customer.id, name=clean.name)
            customer_id = customer.id
        self.ctx.publish(Changes(customers=frozenset({customer_id})))
        return self.card(customer_id)

    def update(self, customer_id: int, draft: CustomerDraft) -> CustomerCard:
        clean = validate_customer(draft, self.ctx.today())
        with self.ctx.db.transaction() as session:
            customer = self._load_for_edit(session, customer_id)
            if clean.version is not None and clean.version != customer.version:
                raise ConflictError(
                    f"{customer.name}様のカードは他の画面またはPCで先に変更されました。"
                    "最新の内容を読み込んでからもう一度編集してください。",
                    code="stale",
                )
            before = {"name": customer.name, "phase": customer.phase}
            self._apply(session, customer, clean)
            customer.updated_at = self.ctx.now()
            customer.version += 1
            self._flush_unique(session, clean)
            reindex_customers(session, [customer.id])
            self.ctx.audit(session, "update", "customer", customer.id, customer.id, before=before)
        self.ctx.publish(Changes(customers=frozenset({customer_id})))
        return self.card(customer_id)

    def delete(self, customer_id: int) -> None:
        """Move to the trash (can be restored)."""
        with self.ctx.db.transaction() as session:
            customer = self._get(session, customer_id)
            customer.deleted_at = self.ctx.now()
            customer.version += 1
            self.ctx.audit(session, "trash", "customer", customer_id, customer_id, name=customer.name)
        self.ctx.publish(Changes(customers=frozenset({customer_id}), deleted=frozenset({customer_id})))

    def restore(self, customer_id: int) -> None:
        with self.ctx.db.transaction() as session:
            customer = self._get(session, customer_id)
            customer.deleted_at = None
            customer.version += 1
            self.ctx.audit(session, "restore", "customer", customer_id, customer_id, name=customer.name)
        self.ctx.publish(Changes(customers=frozenset({customer_id}), deleted=frozenset({customer_id})))

    def purge(self, customer_id: int) -> None:
        """Delete for good — only from the trash."""
        with self.ctx.db.transaction() as session:
            customer = self._get(session, customer_id)
            if customer.deleted_at is None:
                raise ValidationError("顧客", customer.name, "ごみ箱に入っていない顧客は完全に削除できません")
            self.ctx.audit(session, "purge", "customer", customer_id, customer_id, name=customer.name)
            session.delete(customer)
        self.ctx.publish(Changes(customers=frozenset({customer_id}), deleted=frozenset({customer_id})))

    def add_note(self, customer_id: int, text: str, noted_on: date | None = None) -> PersonalityNote:
        """A dated personality note (性格・好み)."""
        cleaned = check_text("性格・好みメモ", text.strip(), MAX_TEXT)
        if not cleaned:
            raise ValidationError("性格・好みメモ", text, "メモが空です", code="required")
        with self.ctx.db.transaction() as session:
            self._get(session, customer_id)
            row = PersonalityNoteRow(
                customer_id=customer_id,
                noted_on=noted_on or self.ctx.today(),
                text=cleaned,
                staff_id=self.ctx.staff_id(session),
                created_at=self.ctx.now(),
            )
            session.add(row)
            session.flush()
            reindex_customers(session, [customer_id])
            self.ctx.audit(session, "add", "personality_note", row.id, customer_id)
            note = note_of(row, self.ctx.staff_name)
        self.ctx.publish(Changes(customers=frozenset({customer_id})))
        return note

    def delete_note(self, note_id: int) -> None:
        with self.ctx.db.transaction() as session:
            row = session.get(PersonalityNoteRow, note_id)
            if row is None:
                raise NotFoundError(f"メモ {note_id} が見つかりません")
            customer_id = row.customer_id
            session.delete(row)
            reindex_customers(session, [customer_id])
            self.ctx.audit(session, "delete", "personality_note", note_id, customer_id, text=row.text[:200])
        self.ctx.publish(Changes(customers=frozenset({customer_id})))

    # ----------------------------------------------------------------- reading
    def card(self, customer_id: int, *, event_limit: int | None = None) -> CustomerCard:
        with self.ctx.db.read() as session:
            return load_card(session, customer_id, event_limit=event_limit)

    def rows(self, customer_ids: Sequence[int]) -> list[CustomerRow]:
        """List rows for these ids, in the order given (missing ids are left out)."""
        with self.ctx.db.read() as session:
            found = load_rows(session, customer_ids)
        return [found[i] for i in customer_ids if i in found]

    def browse_ids(self, *, include_deleted: bool = False) -> list[int]:
        """Every customer id in 五十音 order of the reading (the default list)."""
        with self.ctx.db.read() as session:
            query = select(Customer.id).order_by(Customer.name_kana, Customer.id)
            if not include_deleted:
                query = query.where(Customer.deleted_at.is_(None))
            return list(session.scalars(query))

    def trash(self) -> list[CustomerRow]:
        with self.ctx.db.read() as session:
            ids = list(
                session.scalars(
                    select(Customer.id)
                    .where(Customer.deleted_at.is_not(None))
                    .order_by(Customer.deleted_at.desc())
                )
            )
            found = load_rows(session, ids)
        return [found[i] for i in ids]

    def count(self) -> int:
        with self.ctx.db.read() as session:
            return int(
                session.scalar(select(func.count(Customer.id)).where(Customer.deleted_at.is_(None))) or 0
            )

    def find_by_code(self, code: str) -> int | None:
        with self.ctx.db.read() as session:
            return session.scalar(select(Customer.id).where(Customer.code == code))

    # ----------------------------------------------------------------- internals
    def _get(self, session: Session, customer_id: int) -> Customer:
        customer = session.get(Customer, customer_id)
        if customer is None:
            raise NotFoundError(f"顧客 {customer_id} が見つかりません", code="not_found")
        return customer

    def _load_for_edit(self, session: Session, customer_id: int) -> Customer:
        customer = session.scalar(
            select(Customer)
            .where(Customer.id == customer_id)
            .options(
                selectinload(Customer.contacts),
                selectinload(Customer.family),
                selectinload(Customer.items),
                selectinload(Customer.tags),
            )
        )
        if customer is None:
            raise NotFoundError(f"顧客 {customer_id} が見つかりません", code="not_found")
        return customer

    def _flush_unique(self, session: Session, draft: CustomerDraft) -> None:
        try:
            session.flush()
        except IntegrityError as exc:
            raise ConflictError(
                f"顧客コード「{draft.code}」は別の顧客が使っています", code="duplicate_code"
            ) from exc

    def _apply(self, session: Session, customer: Customer, draft: CustomerDraft) -> None:
        with session.no_autoflush:
            self._apply_fields(session, customer, draft)

    def _apply_fields(self, session: Session, customer: Customer, draft: CustomerDraft) -> None:
        if draft.code:
            query = select(Customer.id).where(Customer.code == draft.code)
            if customer.id is not None:
                query = query.where(Customer.id != customer.id)
            if session.scalar(query) is not None:
                raise ConflictError(
                    f"顧客コード「{draft.code}」は別の顧客が使っています", code="duplicate_code"
                )
        customer.code = draft.code
        customer.kind = draft.kind.value
        customer.name = draft.name
        customer.name_kana = draft.name_kana
        customer.honorific = draft.honorific.value
        customer.company_contact = draft.company_contact
        customer.company_department = draft.company_department
        customer.sex = draft.sex.value if draft.sex else None
        customer.birthday = draft.birthday
        customer.postal_code = draft.postal_code
        customer.address1 = draft.address1
        customer.address2 = draft.address2
        customer.phase = draft.phase.value
        customer.staff_id = self.ctx.staff_id(session, draft.staff) if draft.staff else None
        customer.consent_letter = draft.consent.letter
        customer.consent_phone = draft.consent.phone
        customer.consent_email = draft.consent.email
        customer.interests = draft.interests
        customer.memo = draft.memo
        # contacts: replaced as a list, keeping rows whose id is given
        existing_contacts = {c.id: c for c in customer.contacts}
        new_contacts: list[ContactPointRow] = []
        for position, contact in enumerate(draft.contacts):
            cleaned, norm = clean_contact(contact)
            row = existing_contacts.get(contact.id) if contact.id else None
            if row is None:
                row = ContactPointRow(kind=cleaned.kind.value, value=cleaned.value)
            row.kind, row.label, row.value = cleaned.kind.value, cleaned.label, cleaned.value
            row.value_norm = norm
            row.position = position
            new_contacts.append(row)
        customer.contacts = new_contacts
        existing_family = {f.id: f for f in customer.family}
        family_rows: list[FamilyMemberRow] = []
        for member in draft.family:
            frow = existing_family.get(member.id) if member.id else None
            if frow is None:
                frow = FamilyMemberRow(relation=member.relation, name=member.name)
            frow.relation = member.relation.strip()
            frow.name = member.name.strip()
            frow.name_kana = member.name_kana and _kana(member.name_kana)
            frow.name_norm = normalize_text(member.name)
            frow.birthday = member.birthday
            frow.notes = member.notes
            frow.joint_addressee = member.joint_addressee
            frow.honorific = member.honorific.value
            family_rows.append(frow)
        customer.family = family_rows
        existing_items = {i.id: i for i in customer.items}
        item_rows: list[OwnedItemRow] = []
        for item in draft.items:
            irow = existing_items.get(item.id) if item.id else None
            if irow is None:
                irow = OwnedItemRow(name=item.name)
            irow.category = item.category.value
            irow.name = item.name.strip()
            irow.identifier = item.identifier.strip()
            irow.identifier_norm = normalize_text(item.identifier)
            irow.purchase_date = item.purchase_date
            irow.warranty_end = item.warranty_end
            irow.next_service_date = item.next_service_date
            irow.inspection_expiry = item.inspection_expiry
            irow.notes = item.notes
            item_rows.append(irow)
        customer.items = item_rows
        customer.tags = [_tag(session, name) for name in draft.tags]


def _kana(text: str) -> str:
    return clean_reading(text, "家族のフリガナ")


def _tag(session: Session, name: str) -> Tag:
    tag = session.scalar(select(Tag).where(Tag.name == name))
    if tag is None:
        tag = Tag(name=name)
        session.add(tag)
        session.flush()
    return tag


def load_card(session: Session, customer_id: int, *, event_limit: int | None = None) -> CustomerCard:
    customer = session.scalar(
        select(Customer)
        .where(Customer.id == customer_id)
        .options(
            selectinload(Customer.contacts),
            selectinload(Customer.family),
            selectinload(Customer.items),
            selectinload(Customer.tags),
            selectinload(Customer.notes).selectinload(PersonalityNoteRow.staff),
            selectinload(Customer.staff),
        )
    )
    if customer is None:
        raise NotFoundError(f"顧客 {customer_id} が見つかりません", code="not_found")
    staff_names = dict(session.execute(select(Staff.id, Staff.name)).all())
    event_query = (
        select(HistoryEventRow)
        .where(HistoryEventRow.customer_id == customer_id)
        .order_by(HistoryEventRow.occurred_at.desc(), HistoryEventRow.id.desc())
    )
    if event_limit is not None:
        event_query = event_query.limit(event_limit)
    events = list(session.scalars(event_query))
    photos: dict[int, int] = {}
    if events:
        photos = dict(
            session.execute(
                select(AttachmentRow.event_id, func.count(AttachmentRow.id))
                .join(HistoryEventRow, HistoryEventRow.id == AttachmentRow.event_id)
                .where(HistoryEventRow.customer_id == customer_id)
                .group_by(AttachmentRow.event_id)
            ).all()
        )
    follow_ups = list(
        session.scalars(
            select(FollowUpRow)
            .where(FollowUpRow.customer_id == customer_id)
            .order_by((FollowUpRow.status != FollowUpStatus.OPEN.value), FollowUpRow.due_date)
        )
    )
    notes = sorted(customer.notes, key=lambda n: (n.noted_on, n.id), reverse=True)
    return CustomerCard(
        id=customer.id,
        code=customer.code,
        kind=CustomerKind(customer.kind),
        name=customer.name,
        name_kana=customer.name_kana,
        honorific=Honorific(customer.honorific),
        company_contact=customer.company_contact,
        company_department=customer.company_department,
        sex=Sex(customer.sex) if customer.sex else None,
        birthday=customer.birthday,
        postal_code=customer.postal_code,
        address1=customer.address1,
        address2=customer.address2,
        phase=Phase(customer.phase),
        staff=customer.staff.name if customer.staff else None,
        consent=consent_of(customer),
        interests=customer.interests,
        memo=customer.memo,
        tags=tuple(t.name for t in customer.tags),
        contacts=tuple(contact_of(c) for c in customer.contacts),
        family=tuple(family_of(f) for f in customer.family),
        items=tuple(item_of(i) for i in customer.items),
        notes=tuple(note_of(n, n.staff.name if n.staff else None) for n in notes),
        events=tuple(event_of(e, staff_names.get(e.staff_id or -1), photos.get(e.id, 0)) for e in events),
        follow_ups=tuple(
            follow_up_of(f, customer.name, staff_names.get(f.staff_id or -1)) for f in follow_ups
        ),
        created_at=customer.created_at,
        updated_at=customer.updated_at,
        deleted_at=customer.deleted_at,
        version=customer.version,
    )


def load_rows(session: Session, customer_ids: Sequence[int]) -> dict[int, CustomerRow]:
    """Rows for a window of a list: one query per 500 ids, whatever the number of ids."""
    if not customer_ids:
        return {}
    wanted = list(dict.fromkeys(customer_ids))
    session.flush()
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        raw = connection.connection.driver_connection
        assert raw is not None
        result: dict[int, CustomerRow] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            sql = _ROWS_SQL.format(ids=", ".join("?" * len(chunk)))
            for row in raw.execute(sql, chunk):
                result[row[0]] = _row_of_sqlite(row)
        return result
    return _load_rows_generic(session, wanted)


# One statement for the whole window: the first phone, the next open follow-up and the tags come from correlated
# subqueries on the customer's own index entries (the status test sits inside the aggregate: in WHERE, SQLite
# picks the (status, due_date) index and scans every open follow-up).
_ROWS_SQL = (
    "SELECT c.id, c.code, c.name, c.name_kana, c.honorific, c.phase, st.name, c.birthday, c.address1, "
    "c.last_contact_at, "
    "(SELECT p.value FROM contact_point p WHERE p.customer_id = c.id AND p.kind IN ('mobile', 'phone', 'work') "
    "ORDER BY p.position, p.id LIMIT 1), "
    f"(SELECT min(CASE WHEN f.status = '{FollowUpStatus.OPEN.value}' THEN f.due_date END) FROM follow_up f "
    "WHERE f.customer_id = c.id), "
    "(SELECT json_group_array(t.name) FROM customer_tag ct JOIN tag t ON t.id = ct.tag_id "
    "WHERE ct.customer_id = c.id) "
    "FROM customer c LEFT JOIN staff st ON st.id = c.staff_id WHERE c.id IN ({ids})"
)


def _row_of_sqlite(row: tuple[Any, ...]) -> CustomerRow:
    """A list row from `_ROWS_SQL`, values converted as SQLAlchemy stores them on SQLite (ISO text)."""
    cid, code, name, kana, honorific, phase, staff, birthday, address, last_contact, phone, due, tags = row
    return CustomerRow(
        id=cid,
        code=code,
        name=name,
        name_kana=kana,
        honorific=Honorific(honorific),
        phase=Phase(phase),
        staff=staff,
        phone=phone,
        birthday=date.fromisoformat(birthday) if birthday else None,
        address=address,
        last_contact=_local_date(datetime.fromisoformat(last_contact).replace(tzinfo=UTC))
        if last_contact
        else None,
        next_follow_up=date.fromisoformat(due) if due else None,
        tags=tuple(sorted(json.loads(tags))) if tags and tags != "[]" else (),
    )


def _load_rows_generic(session: Session, wanted: list[int]) -> dict[int, CustomerRow]:
    """The same rows with portable queries (PostgreSQL)."""
    result: dict[int, CustomerRow] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        customers = session.execute(
            select(
                Customer.id,
                Customer.code,
                Customer.name,
                Customer.name_kana,
                Customer.honorific,
                Customer.phase,
                Staff.name,
                Customer.birthday,
                Customer.address1,
                Customer.last_contact_at,
            )
            .outerjoin(Staff, Staff.id == Customer.staff_id)
            .where(Customer.id.in_(chunk))
        ).all()
        phones: dict[int, str] = {}
        for cid, value in session.execute(
            select(ContactPointRow.customer_id, ContactPointRow.value)
            .where(
                ContactPointRow.customer_id.in_(chunk),
                ContactPointRow.kind.in_(("mobile", "phone", "work")),
            )
            .order_by(ContactPointRow.customer_id, ContactPointRow.position)
        ):
            phones.setdefault(cid, value)
        next_due: dict[int, date] = dict(
            session.execute(
                # the status test sits inside the aggregate: in WHERE, SQLite picks the (status, due_date)
                # index and scans every open follow-up (130 ms at 100,000 customers instead of 1 ms)
                select(
                    FollowUpRow.customer_id,
                    func.min(case((FollowUpRow.status == FollowUpStatus.OPEN.value, FollowUpRow.due_date))),
                )
                .where(FollowUpRow.customer_id.in_(chunk))
                .group_by(FollowUpRow.customer_id)
            ).all()
        )
        tags: dict[int, list[str]] = {}
        for cid, tag_name in session.execute(
            select(customer_tag.c.customer_id, Tag.name)
            .join(Tag, Tag.id == customer_tag.c.tag_id)
            .where(customer_tag.c.customer_id.in_(chunk))
            .order_by(Tag.name)
        ):
            tags.setdefault(cid, []).append(tag_name)
        for cid, code, name, kana, honorific, phase, staff, birthday, address, last_contact in customers:
            result[cid] = CustomerRow(
                id=cid,
                code=code,
                name=name,
                name_kana=kana,
                honorific=Honorific(honorific),
                phase=Phase(phase),
                staff=staff,
                phone=phones.get(cid),
                birthday=birthday,
                address=address,
                last_contact=_local_date(last_contact),
                next_follow_up=next_due.get(cid),
                tags=tuple(tags.get(cid, ())),
            )
    return result


def _local_date(value: datetime | None) -> date | None:
    return value.astimezone().date() if value else None
