"""A realistic demo store: a car dealership or a hair salon, with families, cars, visits and follow-ups.

Fast enough for 100,000 customers with about ten history events each in under a minute, search index included:
rows are generated in plain Python (history events straight as tuples, values already in SQLite's stored form)
and written with bulk `executemany` inserts, in batches, each batch one transaction. Each batch also writes its
customers' search rows from the values in hand (`search_index.NewRows`, the same rows a rebuild would make, nothing
read back); the FTS indexes are filled once at the end (`begin_bulk` / `end_bulk`).
"""

from __future__ import annotations

import gc
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import JSON, Date, Table, func, insert, select, text
from sqlalchemy.orm import Session

from crmdesk.domain.textnorm import normalize_text
from crmdesk.paths import resource_path
from crmdesk.services.changes import Changes
from crmdesk.services.context import ServiceContext
from crmdesk.services.search_index import NewRows, Source, begin_bulk, end_bulk
from crmdesk.storage.models import (
    Base,
    ContactPointRow,
    Customer,
    FamilyMemberRow,
    FollowUpRow,
    HistoryEventRow,
    OwnedItemRow,
    PersonalityNoteRow,
    Staff,
    StoreProfileRow,
    Tag,
    UTCDateTime,
    customer_tag,
)

if TYPE_CHECKING:
    from _typeshed import SupportsLenAndGetItem

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?
_T = TypeVar("_T")
BATCH = 5000


@dataclass(frozen=True)
class DemoResult:
    customers: int
    events: int
    follow_ups: int
    cancelled: bool = False


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


class _QuickRandom(random.Random):
    """`randint` and `choice` from one `random()` each: a third of the library's cost (100,000 customers draw
    about ten million numbers)."""

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq: SupportsLenAndGetItem[_T]) -> _T:
        return seq[int(self.random() * len(seq))]


class DemoGenerator:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.data: dict[str, Any] = json.loads(
            resource_path("data", "demo_names.json").read_text(encoding="utf-8")
        )

    def generate(
        self,
        customers: int = 200,
        *,
        kind: str = "dealer",
        seed: int = 1,
        events_per_customer: int = 10,
        progress: Progress | None = None,
    ) -> DemoResult:
        if kind not in ("dealer", "salon"):
            raise ValueError(f"kind must be dealer or salon, not {kind!r}")
        rng = _QuickRandom(seed)
        today = self.ctx.today()
        now = self.ctx.now().astimezone(UTC).replace(tzinfo=None)  # naive UTC: cheap to format in bulk
        with self.ctx.db.transaction() as session:
            staff_ids = self._staff(session, kind)
            tag_ids = self._tags(session)
            self._profile(session, kind)
            first_id = int(session.scalar(select(func.coalesce(func.max(Customer.id), 0))) or 0) + 1
            next_ids: dict[type[Base], int] = {
                model: int(session.scalar(select(func.coalesce(func.max(model.id), 0))) or 0) + 1
                for model in (HistoryEventRow, FollowUpRow, OwnedItemRow, FamilyMemberRow)
            }
            # the search rows are written with each batch, the FTS indexes filled once at the end
            begin_bulk(session)
        tag_names = dict(zip(tag_ids, self.data["tags"], strict=True))
        made_events = made_follow_ups = done = 0
        cancelled = False
        collecting = gc.isenabled()
        gc.disable()  # millions of short-lived rows and no cycles: the collector would only rescan them
        try:
            for start in range(0, customers, BATCH):
                count = min(BATCH, customers - start)
                rows = _Rows()
                for offset in range(count):
                    cid = first_id + start + offset
                    self._customer(
                        rows, rng, cid, kind, today, now, staff_ids, tag_names, events_per_customer, next_ids
                    )
                batch = _Batch(rows, self.ctx.db.dialect == "sqlite")
                with self.ctx.db.transaction() as session:
                    batch.write(session)
                made_events += len(rows.events)
                made_follow_ups += len(rows.follow_ups)
                done += count
                if progress is not None and not progress(done, customers):
                    cancelled = True
                    break
        finally:
            if collecting:
                gc.enable()
            with self.ctx.db.transaction() as session:
                end_bulk(session)
                _advance_sequences(session)
        self.ctx.publish(Changes(bulk=True))
        return DemoResult(done, made_events, made_follow_ups, cancelled)

    # ------------------------------------------------------------------ set-up rows
    def _staff(self, session: Session, kind: str) -> list[int]:
        names = self.data["dealer_staff" if kind == "dealer" else "salon_staff"]
        ids = []
        for name in names:
            staff_id = session.scalar(select(Staff.id).where(Staff.name == name))
            if staff_id is None:
                staff = Staff(name=name, active=True, created_at=self.ctx.now())
                session.add(staff)
                session.flush()
                staff_id = staff.id
            ids.append(staff_id)
        return ids

    def _tags(self, session: Session) -> list[int]:
        ids = []
        for name in self.data["tags"]:
            tag_id = session.scalar(select(Tag.id).where(Tag.name == name))
            if tag_id is None:
                tag = Tag(name=name)
                session.add(tag)
                session.flush()
                tag_id = tag.id
            ids.append(tag_id)
        return ids

    def _profile(self, session: Session, kind: str) -> None:
        if session.get(StoreProfileRow, 1) is not None:
            return
        if kind == "dealer":
            profile = StoreProfileRow(
                id=1,
                name="トヨサン自動車 世田谷店",
                postal_code="154-0024",
                address="東京都世田谷区三軒茶屋1-2-3",
                phone="03-1234-5678",
                relationship_word="親友",
                signature="トヨサン自動車 世田谷店\n店長 村上 誠",
                kind="dealer",
            )
        else:
            profile = StoreProfileRow(
                id=1,
                name="hair salon Sakura",
                postal_code="150-0001",
                address="東京都渋谷区神宮前4-5-6 サクラビル2F",
                phone="03-9876-5432",
                relationship_word="かかりつけ",
                signature="hair salon Sakura\nスタイリスト一同",
                kind="salon",
            )
        session.add(profile)

    # ------------------------------------------------------------------ one customer
    def _customer(
        self,
        rows: _Rows,
        rng: random.Random,
        cid: int,
        kind: str,
        today: date,
        now: datetime,
        staff_ids: list[int],
        tag_names: dict[int, str],
        events_per_customer: int,
        next_ids: dict[type[Base], int],
    ) -> None:
        d = self.data
        surname, surname_kana = rng.choice(d["surnames"])
        female = rng.random() < (0.65 if kind == "salon" else 0.35)
        given, given_kana = rng.choice(d["female" if female else "male"])
        age = rng.randint(20, 82) if kind == "dealer" else rng.randint(16, 75)
        birthday = _safe_date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
        address = rng.choice(d["addresses"])
        street = f"{rng.randint(1, 9)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}"
        created = now - timedelta(days=rng.randint(30, 3650))
        phase = rng.choices(["prospect", "new", "existing", "dormant", "lost"], weights=[10, 15, 60, 12, 3])[
            0
        ]
        staff_id = rng.choice(staff_ids)
        name = f"{surname} {given}"
        kana = f"{surname_kana} {given_kana}"
        refuses_letters = rng.random() < 0.05
        rows.customers.append(
            {
                "id": cid,
                "code": f"C{cid:06d}",
                "kind": "individual",
                "name": name,
                "name_kana": kana,
                "honorific": "様",
                "company_contact": "",
                "company_department": "",
                "sex": "female" if female else "male",
                "birthday": birthday,
                "postal_code": address["postal"],
                "address1": f"{address['prefecture']}{address['city']}{address['town']}{street}",
                "address2": rng.choice(d["buildings"]) if rng.random() < 0.3 else "",
                "phase": phase,
                "staff_id": staff_id,
                "consent_letter": False if refuses_letters else rng.choice([True, True, None]),
                "consent_phone": not rng.random() < 0.03,
                "consent_email": rng.choice([True, None, False]),
                "interests": "、".join(rng.sample(d["interests"], rng.randint(0, 3))),
                "memo": "",
                "name_norm": normalize_text(name),
                "kana_norm": normalize_text(kana),
                "last_contact_at": None,
                "import_batch_id": None,
                "created_at": created,
                "updated_at": created,
                "deleted_at": None,
                "version": 1,
            }
        )
        mobile = f"0{rng.choice('789')}0{rng.randint(1000, 9999)}{rng.randint(1000, 9999)}"
        rows.contacts.append(_contact(cid, "mobile", f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}", mobile, 0))
        phones = [mobile]
        emails: list[str] = []
        if rng.random() < 0.4:
            home = f"0{rng.randint(3, 9)}{rng.randint(10000000, 99999999)}"
            rows.contacts.append(_contact(cid, "phone", f"{home[:2]}-{home[2:6]}-{home[6:]}", home, 1))
            phones.append(home)
        if rng.random() < 0.5:
            email = f"user{cid}@example.jp"
            rows.contacts.append(_contact(cid, "email", email, email, 2))
            emails.append(email)
        if rng.random() < 0.2:
            rows.contacts.append(_contact(cid, "line", f"line_{cid}", f"line_{cid}", 3))
            emails.append(f"line_{cid}")
        tags = sorted(rng.sample(list(tag_names), rng.choice([0, 0, 1, 1, 2])))
        # the DM不可 tag says what the consent says (no random draw of its own: the same store as before)
        no_dm = next((tag_id for tag_id, name in tag_names.items() if name == "DM不可"), None)
        if no_dm is not None and (no_dm in tags) != refuses_letters:
            tags = sorted(set(tags) ^ {no_dm})
        for tag_id in tags:
            rows.tags.append({"customer_id": cid, "tag_id": tag_id})
        family_start, notes_start, items_start = len(rows.family), len(rows.notes), len(rows.items)
        # family
        if rng.random() < (0.7 if kind == "dealer" else 0.3):
            spouse_given, spouse_kana = rng.choice(d["male" if female else "female"])
            rows.family.append(
                _family(
                    next_ids,
                    cid,
                    "配偶者",
                    f"{surname} {spouse_given}",
                    f"{surname_kana} {spouse_kana}",
                    _safe_date(birthday.year + rng.randint(-4, 4), rng.randint(1, 12), rng.randint(1, 28)),
                    True,
                )
            )
            for _ in range(rng.choice([0, 1, 1, 2])):
                child_female = rng.random() < 0.5
                child_given, child_kana = rng.choice(d["female" if child_female else "male"])
                child_year = min(today.year - 1, birthday.year + rng.randint(25, 40))
                rows.family.append(
                    _family(
                        next_ids,
                        cid,
                        "長女" if child_female else "長男",
                        f"{surname} {child_given}",
                        f"{surname_kana} {child_kana}",
                        _safe_date(child_year, rng.randint(1, 12), rng.randint(1, 28)),
                        False,
                        "来春に免許取得予定" if today.year - child_year == 17 else "",
                    )
                )
        # personality notes
        for _ in range(rng.choice([0, 1, 1, 2])):
            noted = (created + timedelta(days=rng.randint(0, 600))).date()
            rows.notes.append(
                {
                    "customer_id": cid,
                    "noted_on": min(noted, today),
                    "text": rng.choice(d["personality"]),
                    "staff_id": staff_id,
                    "created_at": now,
                }
            )
        # owned items and history
        item_id = None
        n_events = max(1, int(rng.gauss(events_per_customer, 2)))
        first_day = datetime(created.year, created.month, created.day, 1)  # 10:00 in Japan, in UTC
        span = max(1, (now - created).days - 1)
        times = sorted(  # during opening hours (10:00–19:00 JST)
            first_day + timedelta(days=rng.randint(0, span), minutes=rng.randint(0, 540))
            for _ in range(n_events)
        )
        if kind == "dealer" and phase != "prospect":
            purchase = times[0].date()
            item_id = next_ids[OwnedItemRow]
            next_ids[OwnedItemRow] += 1
            expiry = _safe_date(purchase.year + 3, purchase.month, min(purchase.day, 28))
            while expiry < today:
                expiry = _safe_date(expiry.year + 2, expiry.month, expiry.day)
            service = _safe_date(today.year, today.month, 1) + timedelta(days=rng.randint(0, 330))
            region = rng.choice(d["plate_regions"])
            rows.items.append(
                {
                    "id": item_id,
                    "customer_id": cid,
                    "category": "car",
                    "name": rng.choice(d["cars"]),
                    "identifier": f"{region} {rng.randint(300, 599)} {rng.choice(d['plate_kana'])} "
                    f"{rng.randint(10, 99)}-{rng.randint(10, 99)}",
                    "identifier_norm": "",
                    "purchase_date": purchase,
                    "warranty_end": _safe_date(purchase.year + 5, purchase.month, min(purchase.day, 28)),
                    "next_service_date": service,
                    "inspection_expiry": expiry,
                    "notes": "",
                }
            )
            rows.items[-1]["identifier_norm"] = normalize_text(rows.items[-1]["identifier"])
        last_contact = None
        history: list[str] = []
        event_id = next_ids[HistoryEventRow]
        for index, when in enumerate(times):
            event = self._event(rng, kind, index, when, event_id, cid, staff_id, d, item_id is not None)
            event_id += 1
            rows.events.append(event)
            history.extend(event[_EVENT_TEXTS])
            last_contact = when
        next_ids[HistoryEventRow] = event_id
        rows.customers[-1]["last_contact_at"] = last_contact
        # follow-ups: one open ahead (or overdue), sometimes one done
        due = today + timedelta(days=rng.randint(-10, 90))
        fkind, reason = self._follow_up_reason(rng, kind, rows, item_id)
        if not (refuses_letters and fkind in ("letter", "gift")):
            rows.follow_ups.append(
                {
                    "id": next_ids[FollowUpRow],
                    "customer_id": cid,
                    "due_date": due,
                    "kind": fkind,
                    "reason": reason,
                    "status": "open",
                    "result": "",
                    "staff_id": staff_id,
                    "source_event_id": None,
                    "item_id": item_id,
                    "family_member_id": None,
                    "scenario_step_id": None,
                    "result_event_id": None,
                    "completed_at": None,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            next_ids[FollowUpRow] += 1
        customer = rows.customers[-1]
        family = rows.family[family_start:]
        rows.sources.append(  # what search reads from these rows (see crmdesk.services.search_index.read_sources)
            Source(
                customer_id=cid,
                live=True,
                kana=kana,
                names=(name,),
                code=customer["code"],
                phones=phones,
                emails=emails,
                postal=customer["postal_code"],
                address=customer["address1"] + customer["address2"],
                family_names=[member["name"] for member in family],
                family_readings=[member["name_kana"] for member in family],
                tags=[tag_names[tag_id] for tag_id in tags],
                items=[
                    value for item in rows.items[items_start:] for value in (item["name"], item["identifier"])
                ],
                notes=(customer["interests"], "", "", *(note["text"] for note in rows.notes[notes_start:])),
                history=history,
            )
        )

    def _event(
        self,
        rng: random.Random,
        kind: str,
        index: int,
        when: datetime,
        event_id: int,
        cid: int,
        staff_id: int,
        d: dict[str, Any],
        has_car: bool,
    ) -> tuple[Any, ...]:
        """One history row, in `EVENT_COLUMNS` order (a tuple: a million of them are made)."""
        menu = stylist = treatment = products = outcome = ""
        amount: int | None = None
        if kind == "salon":
            if rng.random() < 0.75:
                event_kind = "visit"
                menu, amount = rng.choice(d["salon_menus"])
                stylist = rng.choice(d["salon_staff"])
                summary = f"{menu}（{stylist}）"
                if "カラー" in menu or "ハイライト" in menu:
                    treatment = rng.choice(d["colour_formulas"])
                products = rng.choice(d["salon_products"]) if rng.random() < 0.3 else ""
            else:
                event_kind = rng.choice(["call", "letter", "note", "gift"])
                summary = rng.choice(d["call_topics"])
                if event_kind == "call":
                    outcome = rng.choice(["reached", "no_answer", "voicemail"])
        elif index == 0 and has_car:
            event_kind, summary, amount = "purchase", "新車ご購入", rng.randint(180, 600) * 10000
        else:
            roll = rng.random()
            if roll < 0.35:
                event_kind = "call"
                summary = rng.choice(d["call_topics"])
                outcome = rng.choice(["reached", "reached", "no_answer", "voicemail", "call_back"])
            elif roll < 0.6:
                event_kind = "visit"
                summary = rng.choice(
                    ["12か月点検", "6か月点検", "オイル交換", "タイヤ交換", "ご来店（商談）"]
                )
                amount = rng.choice([None, 5500, 8800, 22000, 48000])
            elif roll < 0.8:
                event_kind = "letter"
                summary = rng.choice(["お礼状", "点検のご案内", "年賀状", "暑中見舞い"])
            elif roll < 0.9:
                event_kind = "gift"
                summary = rng.choice(["お誕生日のプレゼント", "納車記念品", "ご成約のお礼"])
            else:
                event_kind = "note"
                summary = rng.choice(["次回はSUVを検討したいとのこと", "奥様と一緒に来店予定"])
        return (
            event_id,
            cid,
            event_kind,
            when,
            staff_id,
            amount,
            outcome,
            {},
            when,
            summary,
            "",
            menu,
            stylist,
            treatment,
            products,
        )

    def _follow_up_reason(
        self, rng: random.Random, kind: str, rows: _Rows, item_id: int | None
    ) -> tuple[str, str]:
        if kind == "salon":
            return rng.choice(
                [
                    ("call", "前回のカラーから2か月になります"),
                    ("letter", "前回のご来店から3か月、季節のご案内"),
                    ("gift", "お誕生日のプレゼントをお渡しする"),
                ]
            )
        if item_id is not None and rows.items:
            expiry: date = rows.items[-1]["inspection_expiry"]
            return rng.choice(
                [
                    ("inspection", f"{expiry.month}月が車検の満了日です"),
                    ("call", "12か月点検の時期です"),
                    ("letter", "納車から1年のお礼状"),
                ]
            )
        return ("call", "お見積りのその後をお伺いする")


EVENT_COLUMNS = (
    "id",
    "customer_id",
    "kind",
    "occurred_at",
    "staff_id",
    "amount_yen",
    "outcome",
    "details",
    "created_at",
    "summary",
    "body",
    "menu",
    "stylist",
    "treatment_notes",
    "products",
)
_EVENT_TEXTS = slice(9, 15)  # summary … products: what search reads of an event


class _Rows:
    def __init__(self) -> None:
        self.customers: list[dict[str, Any]] = []
        self.contacts: list[dict[str, Any]] = []
        self.tags: list[dict[str, Any]] = []
        self.family: list[dict[str, Any]] = []
        self.items: list[dict[str, Any]] = []
        self.notes: list[dict[str, Any]] = []
        self.events: list[tuple[Any, ...]] = []  # in EVENT_COLUMNS order
        self.follow_ups: list[dict[str, Any]] = []
        self.sources: list[Source] = []


class _Batch:
    """A batch of rows ready for the driver: on SQLite every value already as stored, and the search rows built."""

    def __init__(self, rows: _Rows, sqlite: bool) -> None:
        self.sqlite = sqlite
        self.tables: list[tuple[Table, Sequence[str], Sequence[tuple[Any, ...]]]] = []
        dict_rows = {
            "customer": rows.customers,
            "contact_point": rows.contacts,
            "family_member": rows.family,
            "owned_item": rows.items,
            "personality_note": rows.notes,
            "follow_up": rows.follow_ups,
            "customer_tag": rows.tags,
        }
        # in foreign-key order: the follow-ups name the cars
        for table in (
            _table(Customer),
            _table(ContactPointRow),
            _table(FamilyMemberRow),
            _table(OwnedItemRow),
            _table(PersonalityNoteRow),
            _table(HistoryEventRow),
            _table(FollowUpRow),
            customer_tag,
        ):
            if table.name == "history_event":  # made as tuples already
                columns: Sequence[str] = EVENT_COLUMNS
                tuples: Sequence[tuple[Any, ...]] = rows.events
            else:
                found = dict_rows[table.name]
                if not found:
                    continue
                columns = [c.name for c in table.columns if c.name in found[0]]
                getter = itemgetter(*columns)
                tuples = [getter(row) for row in found]
            if tuples:
                self.tables.append(
                    (table, columns, _sqlite_values(table, columns, tuples) if sqlite else tuples)
                )
        self.search = NewRows(rows.sources)

    def write(self, session: Session) -> None:
        if self.sqlite:
            raw = session.connection().connection.driver_connection
            assert raw is not None
            for table, columns, values in self.tables:
                marks = ", ".join("?" * len(columns))
                raw.executemany(f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})", values)
        else:
            for table, columns, values in self.tables:
                session.execute(
                    insert(table), [_aware(dict(zip(columns, row, strict=True))) for row in values]
                )
        self.search.write(session)


def _sqlite_values(
    table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> list[tuple[Any, ...]]:
    """Values converted exactly as SQLAlchemy stores them on SQLite (ISO dates, naive UTC datetimes, JSON text), for
    executemany on the driver: SQLAlchemy's per-value type processing would be most of the time here."""
    converters: list[Callable[[Any], Any] | None] = []
    stamp = _DatetimeText()
    for name in columns:
        column_type = table.c[name].type
        if isinstance(column_type, UTCDateTime):
            converters.append(stamp)
        elif isinstance(column_type, JSON):
            converters.append(_json_text)
        elif isinstance(column_type, Date):
            converters.append(_iso_date)
        else:
            converters.append(None)
    special = [(i, conv) for i, conv in enumerate(converters) if conv is not None]
    values: list[tuple[Any, ...]] = []
    for row in rows:
        record = list(row)
        for i, conv in special:
            record[i] = conv(record[i])
        values.append(tuple(record))
    return values


class _DatetimeText:
    """`_sqlite_datetime`, remembering the last value: an event's occurred_at is its created_at, a card's created_at
    its updated_at, every follow-up's created_at the same `now`."""

    def __init__(self) -> None:
        self.last: datetime | None = None
        self.text: str | None = None

    def __call__(self, value: datetime | None) -> str | None:
        if value is not self.last:
            self.last, self.text = value, _sqlite_datetime(value)
        return self.text


def _sqlite_datetime(value: datetime | None) -> str | None:
    """Generated times are naive UTC already (see `generate`); aware ones are converted."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(" ", "microseconds")


def _aware(row: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v.replace(tzinfo=UTC) if isinstance(v, datetime) and v.tzinfo is None else v
        for k, v in row.items()
    }


def _iso_date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _json_text(value: Any) -> str:
    return "{}" if not value else json.dumps(value, ensure_ascii=False)


def _advance_sequences(session: Session) -> None:
    """Rows were written with explicit ids: move PostgreSQL's id sequences past them (SQLite needs nothing)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in (
        Customer,
        ContactPointRow,
        FamilyMemberRow,
        OwnedItemRow,
        PersonalityNoteRow,
        HistoryEventRow,
        FollowUpRow,
    ):
        name = _table(model).name
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM {name}), false)"
            )
        )


def _contact(cid: int, kind: str, value: str, norm: str, position: int) -> dict[str, Any]:
    return {
        "customer_id": cid,
        "kind": kind,
        "label": "",
        "value": value,
        "value_norm": norm,
        "position": position,
    }


def _family(
    next_ids: dict[type[Base], int],
    cid: int,
    relation: str,
    name: str,
    kana: str,
    birthday: date,
    joint: bool,
    notes: str = "",
) -> dict[str, Any]:
    fid = next_ids[FamilyMemberRow]
    next_ids[FamilyMemberRow] += 1
    return {
        "id": fid,
        "customer_id": cid,
        "relation": relation,
        "name": name,
        "name_kana": kana,
        "name_norm": normalize_text(name),
        "birthday": birthday,
        "notes": notes,
        "joint_addressee": joint,
        "honorific": "様",
    }


def _safe_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, 28)


def local_midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time()).astimezone().astimezone(UTC)
