"""Taking everything out: CSV that Japanese Excel opens as it is, .xlsx, vCard with readings, JSON of everything.

- CSV: UTF-8 with BOM and CRLF (Excel reads Japanese correctly and keeps line breaks in quoted notes). Cells that
  Excel would run as a formula (=, +, -, @) get a leading apostrophe, which the import takes off again.
- The columns of CSV and .xlsx are named with the words the import recognises, so an exported file imports back
  into the same cards.
- JSON: the store's own backup in an open format — every table of every customer (card, family, items, notes,
  history with photos, follow-ups), the store, staff, tags, scenarios, templates and settings.
- vCard 3.0 with X-PHONETIC-LAST-NAME / X-PHONETIC-FIRST-NAME and SORT-STRING, as phones read them.

`export_file(ctx, path)` picks the format from the suffix (.csv .tsv .xlsx .json .vcf .ics).
"""

from __future__ import annotations

import base64
import csv
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crmdesk import __version__
from crmdesk.domain.errors import ValidationError
from crmdesk.domain.postal import format_postal
from crmdesk.domain.values import PHASE_LABELS_JA, ContactKind, CustomerKind, Phase, Sex
from crmdesk.services.context import ServiceContext
from crmdesk.storage.models import (
    AttachmentRow,
    ContactPointRow,
    Customer,
    FamilyMemberRow,
    FollowUpRow,
    HistoryEventRow,
    ImportBatch,
    LetterTemplate,
    OwnedItemRow,
    PersonalityNoteRow,
    Scenario,
    ScenarioStep,
    Staff,
    StoreProfileRow,
    StoreSetting,
    Tag,
    customer_tag,
)

CHUNK = 500
SUFFIXES = (".csv", ".tsv", ".xlsx", ".json", ".vcf", ".ics")
_FORMULA_START = re.compile(r"^'*[=+\-@]")
SEX_LABELS = {Sex.MALE.value: "男性", Sex.FEMALE.value: "女性", Sex.OTHER.value: "その他"}
KIND_LABELS = {CustomerKind.INDIVIDUAL.value: "個人", CustomerKind.COMPANY.value: "法人"}

Progress = Callable[[int, int], None]

# (header, key in the flat row) — headers are words the import maps back to the same field
TABLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("顧客コード", "code"),
    ("氏名", "name"),
    ("フリガナ", "name_kana"),
    ("敬称", "honorific"),
    ("個人・法人", "kind"),
    ("ご担当者名", "company_contact"),
    ("部署", "company_department"),
    ("性別", "sex"),
    ("生年月日", "birthday"),
    ("郵便番号", "postal_code"),
    ("住所", "address1"),
    ("方書・建物名", "address2"),
    ("自宅電話", "phone"),
    ("携帯電話", "mobile"),
    ("勤務先電話", "work"),
    ("FAX", "fax"),
    ("メール", "email"),
    ("LINE", "line"),
    ("SNS", "sns"),
    ("DM可否", "consent_letter"),
    ("電話連絡可否", "consent_phone"),
    ("メール配信可否", "consent_email"),
    ("段階", "phase"),
    ("担当スタッフ", "staff"),
    ("タグ", "tags"),
    ("趣味・関心", "interests"),
    ("メモ", "memo"),
)
TABLE_HEADERS = tuple(header for header, _ in TABLE_COLUMNS)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str  # csv | tsv | xlsx | json | vcard | ics
    count: int  # customers (or events for .ics) written

    def summary_ja(self) -> str:
        return f"{self.path.name} に {self.count:,}件を書き出しました"


# ------------------------------------------------------------------------------------------------ dispatch
def export_file(
    ctx: ServiceContext,
    path: Path | str,
    *,
    customer_ids: Sequence[int] | None = None,
    include_deleted: bool = False,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the customers (all of them by default) in the format the file's suffix names."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".ics":
        import importlib

        calendar_ics = importlib.import_module(
            "crmdesk.services.calendar_ics"
        )  # written by the calendar feature
        written = calendar_ics.export_ics(ctx, target, staff=None)
        count = written if isinstance(written, int) else int(getattr(written, "count", 0) or 0)
        return ExportResult(target, "ics", count)
    if suffix == ".csv":
        return export_csv(
            ctx, target, customer_ids=customer_ids, include_deleted=include_deleted, progress=progress
        )
    if suffix in (".tsv", ".txt"):
        return export_csv(
            ctx,
            target,
            customer_ids=customer_ids,
            include_deleted=include_deleted,
            progress=progress,
            delimiter="\t",
        )
    if suffix == ".xlsx":
        return export_xlsx(
            ctx, target, customer_ids=customer_ids, include_deleted=include_deleted, progress=progress
        )
    if suffix == ".json":
        return export_json(ctx, target, customer_ids=customer_ids, progress=progress)
    if suffix in (".vcf", ".vcard"):
        return export_vcard(
            ctx, target, customer_ids=customer_ids, include_deleted=include_deleted, progress=progress
        )
    raise ValidationError(
        "書き出し先",
        target.name,
        "この形式には書き出せません（.csv .tsv .xlsx .json .vcf .ics のいずれかにしてください）",
        code="export_format",
    )


# ------------------------------------------------------------------------------------------------ reading
def _ids(session: Session, customer_ids: Sequence[int] | None, include_deleted: bool) -> list[int]:
    query = select(Customer.id).order_by(Customer.name_kana, Customer.id)
    if not include_deleted:
        query = query.where(Customer.deleted_at.is_(None))
    found = list(session.scalars(query))
    if customer_ids is None:
        return found
    wanted = set(customer_ids)
    return [cid for cid in found if cid in wanted]


def _flat_rows(session: Session, ids: Sequence[int]) -> Iterator[dict[str, Any]]:
    """Customers as flat rows for a table (one dict per customer), in the order of `ids`."""
    staff = dict(session.execute(select(Staff.id, Staff.name)).all())
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        contacts: dict[int, dict[str, list[str]]] = {}
        for cid, kind, value in session.execute(
            select(ContactPointRow.customer_id, ContactPointRow.kind, ContactPointRow.value)
            .where(ContactPointRow.customer_id.in_(chunk))
            .order_by(ContactPointRow.customer_id, ContactPointRow.position, ContactPointRow.id)
        ):
            contacts.setdefault(cid, {}).setdefault(kind, []).append(value)
        tags: dict[int, list[str]] = {}
        for cid, name in session.execute(
            select(customer_tag.c.customer_id, Tag.name)
            .join(Tag, Tag.id == customer_tag.c.tag_id)
            .where(customer_tag.c.customer_id.in_(chunk))
            .order_by(Tag.name)
        ):
            tags.setdefault(cid, []).append(name)
        customers = {c.id: c for c in session.scalars(select(Customer).where(Customer.id.in_(chunk)))}
        for cid in chunk:
            c = customers[cid]
            mine = contacts.get(cid, {})
            yield {
                "id": c.id,
                "code": c.code or "",
                "name": c.name,
                "name_kana": c.name_kana,
                "honorific": c.honorific,
                "kind": KIND_LABELS.get(c.kind, c.kind),
                "company_contact": c.company_contact,
                "company_department": c.company_department,
                "sex": SEX_LABELS.get(c.sex or "", ""),
                "birthday": c.birthday,
                "postal_code": format_postal(c.postal_code) if c.postal_code else "",
                "address1": c.address1,
                "address2": c.address2,
                "phone": " / ".join(mine.get(ContactKind.PHONE.value, [])),
                "mobile": " / ".join(mine.get(ContactKind.MOBILE.value, [])),
                "work": " / ".join(mine.get(ContactKind.WORK.value, [])),
                "fax": " / ".join(mine.get(ContactKind.FAX.value, [])),
                "email": " / ".join(mine.get(ContactKind.EMAIL.value, [])),
                "line": " / ".join(mine.get(ContactKind.LINE.value, [])),
                "sns": "\n".join(mine.get(ContactKind.SNS.value, [])),
                "consent_letter": _mark(c.consent_letter),
                "consent_phone": _mark(c.consent_phone),
                "consent_email": _mark(c.consent_email),
                "phase": PHASE_LABELS_JA[Phase(c.phase)],
                "staff": staff.get(c.staff_id, "") if c.staff_id else "",
                "tags": "、".join(tags.get(cid, [])),
                "interests": c.interests,
                "memo": c.memo,
                "_contacts": mine,
                "_kind": c.kind,
            }


def _mark(value: bool | None) -> str:
    return "" if value is None else ("○" if value else "×")


def _guard(value: str) -> str:
    """A cell Excel would run as a formula is written with a leading apostrophe (taken off again on import)."""
    return "'" + value if _FORMULA_START.match(value) else value


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%Y/%m/%d")
    return _guard(str(value))


# ------------------------------------------------------------------------------------------------ CSV / xlsx
def export_csv(
    ctx: ServiceContext,
    path: Path,
    *,
    customer_ids: Sequence[int] | None = None,
    include_deleted: bool = False,
    progress: Progress | None = None,
    delimiter: str = ",",
) -> ExportResult:
    """A CSV Japanese Excel opens correctly: UTF-8 with BOM, CRLF, every cell quoted where needed."""
    count = 0
    with ctx.db.read() as session:
        ids = _ids(session, customer_ids, include_deleted)
        with _atomic(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
            writer.writerow(TABLE_HEADERS)
            for row in _flat_rows(session, ids):
                writer.writerow([_cell_text(row[key]).replace("\r\n", "\n") for _, key in TABLE_COLUMNS])
                count += 1
                if progress is not None and count % CHUNK == 0:
                    progress(count, len(ids))
    if progress is not None:
        progress(count, count)
    return ExportResult(path, "tsv" if delimiter == "\t" else "csv", count)


def export_xlsx(
    ctx: ServiceContext,
    path: Path,
    *,
    customer_ids: Sequence[int] | None = None,
    include_deleted: bool = False,
    progress: Progress | None = None,
) -> ExportResult:
    """An Excel workbook: one sheet 顧客一覧, text cells (phone numbers and codes keep their zeros), real dates."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("顧客一覧")
    widths = {"name": 16, "name_kana": 18, "address1": 36, "address2": 20, "memo": 50, "email": 26}
    for index, (_, key) in enumerate(TABLE_COLUMNS, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = widths.get(key, 13)
    sheet.freeze_panes = "C2"
    bold = Font(bold=True)
    header_cells = []
    for header in TABLE_HEADERS:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    with ctx.db.read() as session:
        ids = _ids(session, customer_ids, include_deleted)
        for row in _flat_rows(session, ids):
            cells: list[Any] = []
            for _, key in TABLE_COLUMNS:
                value = row[key]
                if isinstance(value, date):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = "yyyy/mm/dd"
                    cells.append(cell)
                else:
                    text = "" if value is None else str(value)
                    cells.append(_xlsx_text(sheet, WriteOnlyCell, text))
            sheet.append(cells)
            count += 1
            if progress is not None and count % CHUNK == 0:
                progress(count, len(ids))
    target = path.with_name(path.name + ".part")
    workbook.save(target)
    target.replace(path)
    if progress is not None:
        progress(count, count)
    return ExportResult(path, "xlsx", count)


def _xlsx_text(sheet: Any, cell_type: Any, text: str) -> Any:
    cell = cell_type(sheet, value=_guard(text) if text else None)
    if text:
        cell.data_type = "s"  # always text: '090…' and '00123' keep their leading zero
        cell.number_format = "@"
    return cell


# ------------------------------------------------------------------------------------------------ vCard
def export_vcard(
    ctx: ServiceContext,
    path: Path,
    *,
    customer_ids: Sequence[int] | None = None,
    include_deleted: bool = False,
    progress: Progress | None = None,
) -> ExportResult:
    """vCard 3.0, UTF-8, one card per customer, with phonetic names for phones' address books."""
    count = 0
    with ctx.db.read() as session:
        ids = _ids(session, customer_ids, include_deleted)
        with _atomic(path, "w", encoding="utf-8", newline="") as handle:
            for row in _flat_rows(session, ids):
                handle.write(vcard_text(row))
                count += 1
                if progress is not None and count % CHUNK == 0:
                    progress(count, len(ids))
    if progress is not None:
        progress(count, count)
    return ExportResult(path, "vcard", count)


def vcard_text(row: dict[str, Any]) -> str:
    """One vCard 3.0 (CRLF, folded at 75 octets) from a flat customer row."""
    family, given = _split(row["name"])
    kana_family, kana_given = _split(row["name_kana"])
    company = row["_kind"] == CustomerKind.COMPANY.value
    lines = ["BEGIN:VCARD", "VERSION:3.0"]
    if company:
        lines.append("N:;;;;")
        lines.append(f"FN:{_esc(row['name'])}")
        org = _esc(row["name"]) + (f";{_esc(row['company_department'])}" if row["company_department"] else "")
        lines.append(f"ORG:{org}")
        lines.append("X-ABShowAs:COMPANY")
    else:
        lines.append(f"N:{_esc(family)};{_esc(given)};;;")
        lines.append(f"FN:{_esc(row['name'])}")
    if row["name_kana"]:
        lines.append(f"X-PHONETIC-LAST-NAME:{_esc(kana_family)}")
        if kana_given:
            lines.append(f"X-PHONETIC-FIRST-NAME:{_esc(kana_given)}")
        lines.append(f"SORT-STRING:{_esc(row['name_kana'])}")
    types = {"phone": "HOME,VOICE", "mobile": "CELL,VOICE", "work": "WORK,VOICE", "fax": "FAX"}
    contacts: dict[str, list[str]] = row["_contacts"]
    for kind, type_ in types.items():
        for value in contacts.get(kind, []):
            lines.append(f"TEL;TYPE={type_}:{_esc(value)}")
    for value in contacts.get(ContactKind.EMAIL.value, []):
        lines.append(f"EMAIL;TYPE=INTERNET:{_esc(value)}")
    if row["postal_code"] or row["address1"] or row["address2"]:
        lines.append(
            f"ADR;TYPE=HOME:;{_esc(row['address2'])};{_esc(row['address1'])};;;{_esc(row['postal_code'])};Japan"
        )
    if row["birthday"]:
        lines.append(f"BDAY:{row['birthday'].isoformat()}")
    if row["memo"]:
        lines.append(f"NOTE:{_esc(row['memo'])}")
    if row["tags"]:
        lines.append("CATEGORIES:" + ",".join(_esc(t) for t in row["tags"].split("、")))
    if row["code"]:
        lines.append(f"X-CRMDESK-CODE:{_esc(row['code'])}")
    lines.append(f"X-CRMDESK-HONORIFIC:{_esc(row['honorific'])}")
    lines.append(f"UID:crmdesk-{row['id']}")
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _split(name: str) -> tuple[str, str]:
    parts = name.replace("\u3000", " ").strip().split(" ", 1)
    return (parts[0], parts[1].strip()) if len(parts) == 2 else (parts[0], "")


def _esc(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > (75 if not out else 74):
            out.append(current)
            current, size = "", 0
        current += ch
        size += width
    out.append(current)
    return "\r\n ".join(out)


# ------------------------------------------------------------------------------------------------ JSON
def export_json(
    ctx: ServiceContext,
    path: Path,
    *,
    customer_ids: Sequence[int] | None = None,
    include_photos: bool = True,
    progress: Progress | None = None,
) -> ExportResult:
    """Everything, as JSON: the store, and every table of every customer (the trash too, marked by deleted_at)."""
    count = 0
    with ctx.db.read() as session:
        ids = _ids(session, customer_ids, include_deleted=True)
        staff = dict(session.execute(select(Staff.id, Staff.name)).all())
        with _atomic(path, "w", encoding="utf-8", newline="\n") as handle:
            head = {
                "format": "crmdesk-export",
                "format_version": 1,
                "app_version": __version__,
                "exported_at": ctx.now().isoformat(),
                "exported_by": ctx.staff_name,
                "store": _store(session),
                "staff": [
                    {"id": s.id, "name": s.name, "active": s.active}
                    for s in session.scalars(select(Staff).order_by(Staff.id))
                ],
                "tags": list(session.scalars(select(Tag.name).order_by(Tag.name))),
                "scenarios": _scenarios(session),
                "letter_templates": [
                    _columns(t, ("id", "name", "title", "body", "layout", "updated_at"))
                    for t in session.scalars(select(LetterTemplate).order_by(LetterTemplate.id))
                ],
                "settings": {
                    s.key: s.value for s in session.scalars(select(StoreSetting).order_by(StoreSetting.key))
                },
                "imports": [
                    _columns(b, ("id", "filename", "started_at", "staff", "counts", "mapping", "undone_at"))
                    for b in session.scalars(select(ImportBatch).order_by(ImportBatch.id))
                ],
            }
            text = json.dumps(head, ensure_ascii=False, indent=1, default=_json_default)
            handle.write(text[: text.rfind("}")].rstrip() + ',\n "customers": [\n')
            first = True
            for customer in _full_customers(session, ids, staff, include_photos):
                handle.write(
                    ("" if first else ",\n") + json.dumps(customer, ensure_ascii=False, default=_json_default)
                )
                first = False
                count += 1
                if progress is not None and count % CHUNK == 0:
                    progress(count, len(ids))
            handle.write("\n ]\n}\n")
    if progress is not None:
        progress(count, count)
    return ExportResult(path, "json", count)


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _columns(row: object, names: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in names}


def _store(session: Session) -> dict[str, Any]:
    profile = session.get(StoreProfileRow, 1)
    if profile is None:
        return {}
    return _columns(
        profile, ("name", "postal_code", "address", "phone", "relationship_word", "signature", "kind")
    )


def _scenarios(session: Session) -> list[dict[str, Any]]:
    steps: dict[int, list[dict[str, Any]]] = {}
    for step in session.scalars(
        select(ScenarioStep).order_by(ScenarioStep.scenario_id, ScenarioStep.position)
    ):
        steps.setdefault(step.scenario_id, []).append(
            _columns(step, ("position", "offset", "kind", "reason_template", "letter_template"))
        )
    return [
        _columns(s, ("id", "name", "trigger", "trigger_filter", "active", "builtin"))
        | {"steps": steps.get(s.id, [])}
        for s in session.scalars(select(Scenario).order_by(Scenario.id))
    ]


_CUSTOMER_COLUMNS = (
    "id",
    "code",
    "kind",
    "name",
    "name_kana",
    "honorific",
    "company_contact",
    "company_department",
    "sex",
    "birthday",
    "postal_code",
    "address1",
    "address2",
    "phase",
    "interests",
    "memo",
    "last_contact_at",
    "import_batch_id",
    "created_at",
    "updated_at",
    "deleted_at",
    "version",
)


def _full_customers(
    session: Session, ids: Sequence[int], staff: dict[int, str], include_photos: bool
) -> Iterator[dict[str, Any]]:
    """Every table of each customer, with a handful of set queries per chunk."""

    def staff_name(staff_id: int | None) -> str | None:
        return staff.get(staff_id) if staff_id else None

    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        grouped: dict[str, dict[int, list[dict[str, Any]]]] = {
            "contacts": {},
            "family": {},
            "items": {},
            "notes": {},
            "events": {},
            "follow_ups": {},
            "tags": {},
        }
        for contact in session.scalars(
            select(ContactPointRow)
            .where(ContactPointRow.customer_id.in_(chunk))
            .order_by(ContactPointRow.position, ContactPointRow.id)
        ):
            grouped["contacts"].setdefault(contact.customer_id, []).append(
                _columns(contact, ("kind", "label", "value"))
            )
        for member in session.scalars(
            select(FamilyMemberRow).where(FamilyMemberRow.customer_id.in_(chunk)).order_by(FamilyMemberRow.id)
        ):
            grouped["family"].setdefault(member.customer_id, []).append(
                _columns(
                    member,
                    (
                        "id",
                        "relation",
                        "name",
                        "name_kana",
                        "birthday",
                        "notes",
                        "joint_addressee",
                        "honorific",
                    ),
                )
            )
        for i in session.scalars(
            select(OwnedItemRow).where(OwnedItemRow.customer_id.in_(chunk)).order_by(OwnedItemRow.id)
        ):
            grouped["items"].setdefault(i.customer_id, []).append(
                _columns(
                    i,
                    (
                        "id",
                        "category",
                        "name",
                        "identifier",
                        "purchase_date",
                        "warranty_end",
                        "next_service_date",
                        "inspection_expiry",
                        "notes",
                    ),
                )
            )
        for n in session.scalars(
            select(PersonalityNoteRow)
            .where(PersonalityNoteRow.customer_id.in_(chunk))
            .order_by(PersonalityNoteRow.id)
        ):
            grouped["notes"].setdefault(n.customer_id, []).append(
                _columns(n, ("id", "noted_on", "text", "created_at")) | {"staff": staff_name(n.staff_id)}
            )
        photos: dict[int, list[dict[str, Any]]] = {}
        photo_columns: tuple[Any, ...] = (
            AttachmentRow.id,
            AttachmentRow.event_id,
            AttachmentRow.filename,
            AttachmentRow.mime_type,
            AttachmentRow.created_at,
        )
        if include_photos:
            photo_columns = (*photo_columns, AttachmentRow.data)
        for photo in session.execute(
            select(*photo_columns)
            .join(HistoryEventRow, HistoryEventRow.id == AttachmentRow.event_id)
            .where(HistoryEventRow.customer_id.in_(chunk))
            .order_by(AttachmentRow.id)
        ):
            entry = {"id": photo.id, "filename": photo.filename, "mime_type": photo.mime_type}
            entry["created_at"] = photo.created_at
            if include_photos:
                entry["data_base64"] = photo.data
            photos.setdefault(photo.event_id, []).append(entry)
        for e in session.scalars(
            select(HistoryEventRow)
            .where(HistoryEventRow.customer_id.in_(chunk))
            .order_by(HistoryEventRow.occurred_at, HistoryEventRow.id)
        ):
            grouped["events"].setdefault(e.customer_id, []).append(
                _columns(
                    e,
                    (
                        "id",
                        "kind",
                        "occurred_at",
                        "summary",
                        "body",
                        "amount_yen",
                        "menu",
                        "stylist",
                        "treatment_notes",
                        "products",
                        "outcome",
                        "details",
                        "created_at",
                    ),
                )
                | {"staff": staff_name(e.staff_id), "attachments": photos.get(e.id, [])}
            )
        for follow in session.scalars(
            select(FollowUpRow)
            .where(FollowUpRow.customer_id.in_(chunk))
            .order_by(FollowUpRow.due_date, FollowUpRow.id)
        ):
            grouped["follow_ups"].setdefault(follow.customer_id, []).append(
                _columns(
                    follow,
                    (
                        "id",
                        "due_date",
                        "kind",
                        "reason",
                        "status",
                        "result",
                        "source_event_id",
                        "item_id",
                        "family_member_id",
                        "scenario_step_id",
                        "result_event_id",
                        "completed_at",
                        "created_at",
                        "updated_at",
                    ),
                )
                | {"staff": staff_name(follow.staff_id)}
            )
        tags: dict[int, list[str]] = {}
        for cid, name in session.execute(
            select(customer_tag.c.customer_id, Tag.name)
            .join(Tag, Tag.id == customer_tag.c.tag_id)
            .where(customer_tag.c.customer_id.in_(chunk))
            .order_by(Tag.name)
        ):
            tags.setdefault(cid, []).append(name)
        customers = {c.id: c for c in session.scalars(select(Customer).where(Customer.id.in_(chunk)))}
        for cid in chunk:
            row = customers[cid]
            yield _columns(row, _CUSTOMER_COLUMNS) | {
                "staff": staff_name(row.staff_id),
                "consent": {
                    "letter": row.consent_letter,
                    "phone": row.consent_phone,
                    "email": row.consent_email,
                },
                "tags": tags.get(cid, []),
                "contacts": grouped["contacts"].get(cid, []),
                "family": grouped["family"].get(cid, []),
                "items": grouped["items"].get(cid, []),
                "notes": grouped["notes"].get(cid, []),
                "events": grouped["events"].get(cid, []),
                "follow_ups": grouped["follow_ups"].get(cid, []),
            }


# ------------------------------------------------------------------------------------------------ files
class _atomic:  # noqa: N801 - used like open()
    """Write to FILE.part and rename over FILE at the end, so a failed export never leaves half a file."""

    def __init__(self, path: Path, mode: str, **kwargs: Any) -> None:
        self.path = path
        self.part = path.with_name(path.name + ".part")
        self.mode = mode
        self.kwargs = kwargs
        self.handle: IO[Any] | None = None

    def __enter__(self) -> IO[Any]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(self.part, self.mode, **self.kwargs)
        return self.handle

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        assert self.handle is not None
        self.handle.close()
        if exc_type is None:
            self.part.replace(self.path)
        else:
            self.part.unlink(missing_ok=True)


__all__ = [
    "SUFFIXES",
    "TABLE_COLUMNS",
    "TABLE_HEADERS",
    "ExportResult",
    "export_csv",
    "export_file",
    "export_json",
    "export_vcard",
    "export_xlsx",
    "vcard_text",
]
