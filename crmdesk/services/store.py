"""The store itself: its profile, its staff members, and its shared settings."""

from __future__ import annotations

from sqlalchemy import select

from crmdesk.domain.errors import ValidationError
from crmdesk.domain.records import StoreProfile
from crmdesk.services.context import ServiceContext
from crmdesk.settings import StoreSettings
from crmdesk.storage.models import Staff, StoreProfileRow, StoreSetting

STORE_SETTINGS_KEY = "store"


class StoreService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def profile(self) -> StoreProfile:
        with self.ctx.db.read() as session:
            row = session.get(StoreProfileRow, 1)
            if row is None:
                return StoreProfile()
            return StoreProfile(
                row.name,
                row.postal_code,
                row.address,
                row.phone,
                row.relationship_word,
                row.signature,
                row.kind,
            )

    def save_profile(self, profile: StoreProfile) -> None:
        with self.ctx.db.transaction() as session:
            row = session.get(StoreProfileRow, 1) or StoreProfileRow(id=1)
            row.name, row.postal_code, row.address = profile.name, profile.postal_code, profile.address
            row.phone, row.relationship_word, row.signature = (
                profile.phone,
                profile.relationship_word,
                profile.signature,
            )
            row.kind = profile.kind
            session.add(row)
            self.ctx.audit(session, "update", "store_profile", 1)

    def staff_names(self, *, active_only: bool = True) -> list[str]:
        with self.ctx.db.read() as session:
            query = select(Staff.name).order_by(Staff.id)
            if active_only:
                query = query.where(Staff.active.is_(True))
            return list(session.scalars(query))

    def add_staff(self, name: str) -> None:
        cleaned = name.strip()
        if not cleaned:
            raise ValidationError("スタッフ名", name, "名前を入力してください", code="required")
        with self.ctx.db.transaction() as session:
            existing = session.scalar(select(Staff).where(Staff.name == cleaned))
            if existing is not None:
                existing.active = True
                return
            session.add(Staff(name=cleaned, active=True, created_at=self.ctx.now()))
            self.ctx.audit(session, "add", "staff", None, name=cleaned)

    def settings(self) -> StoreSettings:
        with self.ctx.db.read() as session:
            row = session.get(StoreSetting, STORE_SETTINGS_KEY)
            return StoreSettings.from_dict(row.value if row else None)

    def save_settings(self, settings: StoreSettings) -> None:
        with self.ctx.db.transaction() as session:
            row = session.get(StoreSetting, STORE_SETTINGS_KEY)
            if row is None:
                session.add(StoreSetting(key=STORE_SETTINGS_KEY, value=settings.to_dict()))
            else:
                row.value = settings.to_dict()
            self.ctx.audit(session, "update", "store_setting", None)

    def is_empty(self) -> bool:
        """No customer yet (a first start)."""
        from crmdesk.storage.models import Customer

        with self.ctx.db.read() as session:
            return session.scalar(select(Customer.id).limit(1)) is None
