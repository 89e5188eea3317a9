"""SQLAlchemy 2.x typed models: the data model of the store's notebook.

Every schema change comes with an Alembic migration (`crmdesk/storage/migrations/versions/`); a test fails when the
models and the migrations disagree. Times are stored in UTC; dates (birthdays, due dates) as dates; money as yen.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (naive storage) and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware datetime (UTC)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


customer_tag = Table(
    "customer_tag",
    Base.metadata,
    Column("customer_id", ForeignKey("customer.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_customer_tag_tag_id", "tag_id"),
)


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StoreProfileRow(Base):
    """The store's own profile: one row (id = 1)."""

    __tablename__ = "store_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(8), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    relationship_word: Mapped[str] = mapped_column(String(40), default="")
    signature: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(20), default="dealer")


class StoreSetting(Base):
    """Store-wide settings shared by every PC of the store (typed in `crmdesk.settings`)."""

    __tablename__ = "store_setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class Tag(Base):
    __tablename__ = "tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class ImportBatch(Base):
    """One import of a file; every customer it created or changed can be undone together."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(500))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    staff: Mapped[str | None] = mapped_column(String(100))
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ImportChange(Base):
    """What an import did to one customer, with the card as it was before (for undo)."""

    __tablename__ = "import_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id", ondelete="CASCADE"), index=True)
    customer_id: Mapped[int] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(20))  # created | updated
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Customer(Base):
    __tablename__ = "customer"
    __table_args__ = (
        Index("ix_customer_name_kana", "name_kana"),
        Index("ix_customer_deleted_at", "deleted_at"),
        Index("ix_customer_birthday_staff", "birthday", "staff_id"),  # 0003: one staff member's birthdays
        Index("ix_customer_staff_last_contact", "staff_id", "last_contact_at"),  # 0003: their 休眠 customers
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(String(50), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="individual")
    name: Mapped[str] = mapped_column(String(200))
    name_kana: Mapped[str] = mapped_column(String(200), default="")
    honorific: Mapped[str] = mapped_column(String(10), default="様")
    company_contact: Mapped[str] = mapped_column(String(200), default="")
    company_department: Mapped[str] = mapped_column(String(200), default="")
    sex: Mapped[str | None] = mapped_column(String(10))
    birthday: Mapped[date | None] = mapped_column(Date)
    postal_code: Mapped[str | None] = mapped_column(String(7), index=True)
    address1: Mapped[str] = mapped_column(String(300), default="")
    address2: Mapped[str] = mapped_column(String(300), default="")
    phase: Mapped[str] = mapped_column(String(20), default="prospect", index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    consent_letter: Mapped[bool | None] = mapped_column(Boolean)
    consent_phone: Mapped[bool | None] = mapped_column(Boolean)
    consent_email: Mapped[bool | None] = mapped_column(Boolean)
    interests: Mapped[str] = mapped_column(Text, default="")
    memo: Mapped[str] = mapped_column(Text, default="")
    # normalised search columns, written in the same transaction as the data they index
    name_norm: Mapped[str] = mapped_column(String(200), default="", index=True)
    kana_norm: Mapped[str] = mapped_column(String(200), default="", index=True)
    last_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    import_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    staff: Mapped[Staff | None] = relationship(lazy="raise")
    contacts: Mapped[list[ContactPointRow]] = relationship(
        back_populates="customer",
        cascade="all, delete-orphan",
        order_by="ContactPointRow.position",
        lazy="raise",
    )
    family: Mapped[list[FamilyMemberRow]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="FamilyMemberRow.id", lazy="raise"
    )
    items: Mapped[list[OwnedItemRow]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", order_by="OwnedItemRow.id", lazy="raise"
    )
    notes: Mapped[list[PersonalityNoteRow]] = relationship(
        back_populates="customer", cascade="all, delete-orphan", lazy="raise"
    )
    tags: Mapped[list[Tag]] = relationship(secondary=customer_tag, order_by="Tag.name", lazy="raise")


class ContactPointRow(Base):
    __tablename__ = "contact_point"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(100), default="")
    value: Mapped[str] = mapped_column(String(300))
    value_norm: Mapped[str] = mapped_column(String(300), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    customer: Mapped[Customer] = relationship(back_populates="contacts", lazy="raise")


class FamilyMemberRow(Base):
    __tablename__ = "family_member"
    __table_args__ = (Index("ix_family_member_birthday_customer", "birthday", "customer_id"),)  # 0003

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(200))
    name_kana: Mapped[str] = mapped_column(String(200), default="")
    name_norm: Mapped[str] = mapped_column(String(200), default="")
    birthday: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    joint_addressee: Mapped[bool] = mapped_column(Boolean, default=False)
    honorific: Mapped[str] = mapped_column(String(10), default="様")

    customer: Mapped[Customer] = relationship(back_populates="family", lazy="raise")


class OwnedItemRow(Base):
    __tablename__ = "owned_item"
    __table_args__ = (  # 0003: the dates carry the customer id (one staff member's Today list)
        Index("ix_owned_item_inspection_expiry_customer", "inspection_expiry", "customer_id"),
        Index("ix_owned_item_next_service_date_customer", "next_service_date", "customer_id"),
        Index("ix_owned_item_warranty_end_customer", "warranty_end", "customer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(20), default="other")
    name: Mapped[str] = mapped_column(String(200))
    identifier: Mapped[str] = mapped_column(String(100), default="")
    identifier_norm: Mapped[str] = mapped_column(String(100), default="", index=True)
    purchase_date: Mapped[date | None] = mapped_column(Date)
    warranty_end: Mapped[date | None] = mapped_column(Date)
    next_service_date: Mapped[date | None] = mapped_column(Date)
    inspection_expiry: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    customer: Mapped[Customer] = relationship(back_populates="items", lazy="raise")


class PersonalityNoteRow(Base):
    """性格・好み: dated entries, newest first on the card."""

    __tablename__ = "personality_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    noted_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    customer: Mapped[Customer] = relationship(back_populates="notes", lazy="raise")
    staff: Mapped[Staff | None] = relationship(lazy="raise")


class HistoryEventRow(Base):
    __tablename__ = "history_event"
    __table_args__ = (Index("ix_history_event_customer_occurred", "customer_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"), index=True)
    summary: Mapped[str] = mapped_column(String(500), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    amount_yen: Mapped[int | None] = mapped_column(Integer)
    menu: Mapped[str] = mapped_column(String(300), default="")
    stylist: Mapped[str] = mapped_column(String(100), default="")
    treatment_notes: Mapped[str] = mapped_column(Text, default="")
    products: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(50), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    staff: Mapped[Staff | None] = relationship(lazy="raise")


class AttachmentRow(Base):
    """A photo or file attached to a history event (a hairstyle, a scratch on the car)."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("history_event.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    mime_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Scenario(Base):
    """A store-editable plan of follow-up steps relative to a trigger (シナリオ)."""

    __tablename__ = "scenario"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    trigger: Mapped[str] = mapped_column(
        String(50)
    )  # purchase | first_visit | visit | birthday | item_date | ...
    trigger_filter: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)

    steps: Mapped[list[ScenarioStep]] = relationship(
        back_populates="scenario",
        cascade="all, delete-orphan",
        order_by="ScenarioStep.position",
        lazy="raise",
    )


class ScenarioStep(Base):
    __tablename__ = "scenario_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenario.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    offset: Mapped[str] = mapped_column(String(50))  # e.g. "+3d", "+1m", "-7d", "+3y", "every 2y"
    kind: Mapped[str] = mapped_column(String(20))
    reason_template: Mapped[str] = mapped_column(Text)
    letter_template: Mapped[str | None] = mapped_column(String(100))

    scenario: Mapped[Scenario] = relationship(back_populates="steps", lazy="raise")


class FollowUpRow(Base):
    __tablename__ = "follow_up"
    __table_args__ = (
        Index("ix_follow_up_status_due", "status", "due_date"),
        Index("ix_follow_up_staff_status_due", "staff_id", "status", "due_date"),  # 0003
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"), index=True)
    due_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")
    result: Mapped[str] = mapped_column(Text, default="")
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    source_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("history_event.id", ondelete="SET NULL"), index=True
    )
    item_id: Mapped[int | None] = mapped_column(ForeignKey("owned_item.id", ondelete="SET NULL"), index=True)
    family_member_id: Mapped[int | None] = mapped_column(ForeignKey("family_member.id", ondelete="SET NULL"))
    scenario_step_id: Mapped[int | None] = mapped_column(ForeignKey("scenario_step.id", ondelete="SET NULL"))
    result_event_id: Mapped[int | None] = mapped_column(ForeignKey("history_event.id", ondelete="SET NULL"))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    staff: Mapped[Staff | None] = relationship(lazy="raise")
    customer: Mapped[Customer] = relationship(lazy="raise")


class LetterTemplate(Base):
    """The store's own edits of letter templates (shipped defaults live in resources/templates/)."""

    __tablename__ = "letter_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    layout: Mapped[str] = mapped_column(String(50), default="letter")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditLog(Base):
    """Who changed what, when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    staff: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    customer_id: Mapped[int | None] = mapped_column(Integer, index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


__all__ = [
    "AttachmentRow",
    "AuditLog",
    "Base",
    "ContactPointRow",
    "Customer",
    "FamilyMemberRow",
    "FollowUpRow",
    "HistoryEventRow",
    "ImportBatch",
    "ImportChange",
    "LetterTemplate",
    "OwnedItemRow",
    "PersonalityNoteRow",
    "Scenario",
    "ScenarioStep",
    "Staff",
    "StoreProfileRow",
    "StoreSetting",
    "Tag",
    "customer_tag",
    "utcnow",
]
