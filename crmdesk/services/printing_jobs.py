"""Printing letters, postcards, envelopes, labels and gift cards for many customers at once.

The flow a user goes through, one method each:
1. `plan(request)` gathers the customers (chosen ids, a search, or the letter follow-ups due in a date range),
   leaves out and lists those without letter consent or without an address, merges the template for each, and
   runs the address check (宛名チェック) — before anything prints. A template naming an unknown field is refused.
2. `render(plan, skip=…)` makes the PDF for a preview; `print_to(plan, path, skip=…)` makes it and logs every
   printed piece on its customer's timeline as a letter event (template, layout, when, by whom).
3. `confirm_sent(follow_up_ids)` marks the printed follow-ups done, only when the user says they went out.
Templates: the shipped defaults with the store's own edits from the `letter_template` table on top.
出受記録: `mark_received` and `exchange` (this year's 年賀状 sent and received, per customer).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from crmdesk.domain.errors import NotFoundError, ValidationError
from crmdesk.domain.postal import format_postal
from crmdesk.domain.records import EventDraft, FollowUp, StoreProfile
from crmdesk.domain.textnorm import nfkc
from crmdesk.domain.values import CustomerKind, EventKind, FollowUpKind, FollowUpStatus, Honorific
from crmdesk.printing.document import Layout, RenderResult, render_pdf
from crmdesk.printing.drawing import Offset
from crmdesk.printing.fonts import FontLibrary, GlyphMissingError
from crmdesk.printing.layouts import LAYOUT_LABELS, LayoutKind, layout_kind, make_layout
from crmdesk.printing.pieces import Addressee, JointName, LetterContent, Piece, StoreInfo, split_name
from crmdesk.printing.template_merge import MissingMergeValueError, era_year, format_date, merge
from crmdesk.printing.templates import LetterTemplate, shipped_templates
from crmdesk.printing.vertical import Numerals
from crmdesk.services import postal_lookup
from crmdesk.services.changes import Changes
from crmdesk.services.context import ServiceContext
from crmdesk.services.history import add_event_row
from crmdesk.services.records_map import follow_up_of
from crmdesk.services.store import StoreService
from crmdesk.settings import PrinterOffset
from crmdesk.storage.models import (
    Customer,
    FamilyMemberRow,
    FollowUpRow,
    HistoryEventRow,
    OwnedItemRow,
    Staff,
)
from crmdesk.storage.models import (
    LetterTemplate as LetterTemplateRow,
)

SearchFunction = Callable[[str], Sequence[int]]


# ---------------------------------------------------------------------------------------------- what to print
@dataclass(frozen=True)
class Selection:
    """Whom to print for: chosen ids, a search, or the follow-ups due in a date range (inclusive)."""

    customer_ids: tuple[int, ...] = ()
    query: str | None = None
    due: tuple[date, date] | None = None
    follow_up_kinds: tuple[FollowUpKind, ...] = (FollowUpKind.LETTER,)

    def describe(self) -> str:
        if self.due:
            return f"{self.due[0].isoformat()}〜{self.due[1].isoformat()} のフォロー"
        if self.query:
            return f"検索「{self.query}」"
        return f"{len(self.customer_ids)}人の選択"


@dataclass(frozen=True)
class PrintRequest:
    layout: LayoutKind
    selection: Selection
    template: str | None = None  # None: an address-only layout, or each follow-up's own scenario template
    household: bool = True  # 連名: family members marked for joint address print on the same piece
    labels_per_sheet: int = 12
    numerals: Numerals | None = None
    guides: bool = False  # draw the pre-printed boxes (previews, plain paper)
    offset: Offset | None = None  # None: the store's saved offset for this layout
    options: dict[str, Any] = field(default_factory=dict)  # further layout options (e.g. vertical=False)


class ProblemKind(StrEnum):
    POSTAL_UNKNOWN = "postal_unknown"
    POSTAL_MISMATCH = "postal_mismatch"
    NO_STREET_NUMBER = "no_street_number"
    MISSING_GLYPH = "missing_glyph"
    HONORIFIC = "honorific"
    EMPTY_READING = "empty_reading"
    MISSING_VALUE = "missing_value"


BLOCKING = frozenset({ProblemKind.MISSING_GLYPH, ProblemKind.MISSING_VALUE})


@dataclass(frozen=True)
class AddressProblem:
    """One thing the address check found on one customer's piece."""

    customer_id: int
    customer_name: str
    kind: ProblemKind
    field: str
    value: str
    message: str

    @property
    def blocking(self) -> bool:
        """True when the piece cannot print as it is (it must be fixed or skipped)."""
        return self.kind in BLOCKING


@dataclass(frozen=True)
class LeftOut:
    customer_id: int
    customer_name: str
    code: str  # "no_consent" | "no_address" | "deleted" | "not_found"
    reason: str


@dataclass(frozen=True)
class PlannedPiece:
    customer_id: int
    customer_name: str
    piece: Piece
    follow_up_id: int | None = None
    template: str | None = None


@dataclass(frozen=True)
class PrintPlan:
    request: PrintRequest
    layout: Layout
    store: StoreInfo
    pieces: tuple[PlannedPiece, ...]
    left_out: tuple[LeftOut, ...]
    problems: tuple[AddressProblem, ...]
    templates: dict[str, LetterTemplate] = field(default_factory=dict)

    @property
    def customer_ids(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(p.customer_id for p in self.pieces))

    def problems_of(self, customer_id: int) -> list[AddressProblem]:
        return [p for p in self.problems if p.customer_id == customer_id]

    def printable(self, skip: Collection[int] = ()) -> list[PlannedPiece]:
        return [p for p in self.pieces if p.customer_id not in skip]


@dataclass(frozen=True)
class PrintResult:
    path: Path | None
    pages: int
    printed: tuple[int, ...]  # customer ids, in print order
    skipped: tuple[int, ...]
    left_out: tuple[LeftOut, ...]
    event_ids: tuple[int, ...]
    follow_up_ids: tuple[int, ...]  # printed follow-ups waiting for confirm_sent


@dataclass(frozen=True)
class ExchangeRow:
    """出受記録 of one occasion and year for one customer."""

    customer_id: int
    customer_name: str
    sent_at: datetime | None
    received_at: datetime | None


# ---------------------------------------------------------------------------------------------- the service
class PrintingService:
    def __init__(
        self,
        ctx: ServiceContext,
        *,
        fonts: FontLibrary | None = None,
        search: SearchFunction | None = None,
        templates_folder: Path | None = None,
    ) -> None:
        self.ctx = ctx
        self.fonts = fonts or FontLibrary()
        self._search = search
        self._templates_folder = templates_folder

    # ------------------------------------------------------------------ templates
    def templates(self) -> list[LetterTemplate]:
        """Every template: the shipped defaults, with the store's own edits (and additions) in their place."""
        merged = dict(shipped_templates(self._templates_folder))
        with self.ctx.db.read() as session:
            for row in session.scalars(select(LetterTemplateRow).order_by(LetterTemplateRow.name)):
                shipped = merged.get(row.name)
                merged[row.name] = LetterTemplate(
                    name=row.name,
                    label=shipped.label if shipped else row.name,
                    title=row.title,
                    body=row.body,
                    layout=row.layout,
                    edited=True,
                )
        return list(merged.values())

    def template(self, name: str) -> LetterTemplate:
        """A template by its name (thanks) or its Japanese label (お礼状)."""
        wanted = name.strip()
        templates = self.templates()
        for template in templates:
            if wanted in (template.name, template.label):
                return template
        names = "、".join(f"{t.name}（{t.label}）" for t in templates)
        raise NotFoundError(
            f"テンプレート「{name}」はありません。使えるもの: {names}", code="template_not_found"
        )

    def save_template(self, name: str, title: str, body: str, layout: str = "letter") -> LetterTemplate:
        """Store the store's version. A template naming an unknown merge field is refused, naming the field."""
        key = name.strip()
        if not re.fullmatch(r"[\w\-ぁ-んァ-ヶ一-龠ー]{1,100}", key):
            raise ValidationError(
                "テンプレート名", name, "空白や記号のない名前にしてください", code="template_name"
            )
        layout_kind(layout)
        label = next((t.label for t in self.templates() if t.name == key), key)
        template = LetterTemplate(key, label, title.strip(), body.strip("\n"), layout, edited=True).validate()
        with self.ctx.db.transaction() as session:
            row = session.scalar(select(LetterTemplateRow).where(LetterTemplateRow.name == key))
            if row is None:
                row = LetterTemplateRow(name=key, body="")
                session.add(row)
            row.title, row.body, row.layout, row.updated_at = (
                template.title,
                template.body,
                layout,
                self.ctx.now(),
            )
            self.ctx.audit(session, "update", "letter_template", None, template=key)
        return template

    def reset_template(self, name: str) -> LetterTemplate | None:
        """Forget the store's edit: the shipped default is used again (None: the store's own template is gone)."""
        with self.ctx.db.transaction() as session:
            row = session.scalar(select(LetterTemplateRow).where(LetterTemplateRow.name == name))
            if row is not None:
                session.delete(row)
                self.ctx.audit(session, "reset", "letter_template", None, template=name)
        return shipped_templates(self._templates_folder).get(name)

    # ------------------------------------------------------------------ printer offsets
    def offset(self, kind: LayoutKind) -> Offset:
        saved = StoreService(self.ctx).settings().printer_offsets.get(kind.value)
        return Offset(saved.dx_mm, saved.dy_mm) if saved else Offset()

    def save_offset(self, kind: LayoutKind, offset: Offset) -> None:
        if abs(offset.x_mm) > 20 or abs(offset.y_mm) > 20:
            raise ValidationError(
                "印刷位置の調整",
                f"{offset.x_mm}, {offset.y_mm}",
                "±20 mm 以内で指定してください",
                code="offset",
            )
        store = StoreService(self.ctx)
        settings = store.settings()
        settings.printer_offsets[kind.value] = PrinterOffset(offset.x_mm, offset.y_mm)
        store.save_settings(settings)

    # ------------------------------------------------------------------ planning
    def store_info(self, profile: StoreProfile | None = None) -> StoreInfo:
        profile = profile or StoreService(self.ctx).profile()
        return StoreInfo(
            name=profile.name,
            postal_code=profile.postal_code,
            address=profile.address,
            phone=profile.phone,
            signature=profile.signature,
        )

    def make_layout(self, request: PrintRequest) -> Layout:
        offset = request.offset if request.offset is not None else self.offset(request.layout)
        return make_layout(
            request.layout,
            offset=offset,
            guides=request.guides,
            numerals=request.numerals,
            labels_per_sheet=request.labels_per_sheet if request.layout is LayoutKind.LABELS else None,
            **request.options,
        )

    def plan(self, request: PrintRequest) -> PrintPlan:
        """Gather, leave out, merge and check — nothing is printed or written."""
        layout = self.make_layout(request)
        needs_text = layout.needs_content
        chosen: LetterTemplate | None = None
        if request.template:
            chosen = self.template(request.template).validate()
        elif needs_text and request.selection.due is None:
            raise ValidationError(
                "テンプレート", "", f"{layout.label}にはテンプレートを指定してください", code="template"
            )
        profile = StoreService(self.ctx).profile()
        store = self.store_info(profile)
        targets = self._targets(request.selection)
        pieces: list[PlannedPiece] = []
        left_out: list[LeftOut] = []
        problems: list[AddressProblem] = []
        templates: dict[str, LetterTemplate] = {}
        scenario_templates: dict[int, str | None] = {}
        if request.selection.due is not None and chosen is None:
            scenario_templates = self._scenario_templates([f.id for _c, f in targets if f is not None])
        with self.ctx.db.read() as session:
            customers = _load_customers(session, {cid for cid, _f in targets})
            needs_address = request.layout is not LayoutKind.GIFTCARD
            seen: set[tuple[int, int | None]] = set()
            for customer_id, follow_up in targets:
                if (customer_id, follow_up.id if follow_up else None) in seen:
                    continue
                seen.add((customer_id, follow_up.id if follow_up else None))
                customer = customers.get(customer_id)
                if customer is None:
                    left_out.append(
                        LeftOut(customer_id, str(customer_id), "not_found", "顧客が見つかりません")
                    )
                    continue
                why = _left_out_reason(customer, needs_address)
                if why is not None:
                    left_out.append(LeftOut(customer_id, customer.name, why[0], why[1]))
                    continue
                template = chosen
                if template is None and follow_up is not None and needs_text:
                    name = scenario_templates.get(follow_up.id)
                    if not name:
                        problems.append(
                            AddressProblem(
                                customer_id,
                                customer.name,
                                ProblemKind.MISSING_VALUE,
                                "テンプレート",
                                "",
                                f"{customer.name}様: このフォロー（{follow_up.reason}）に使うテンプレートが決まっていません",
                            )
                        )
                        continue
                    template = self.template(name).validate()
                if template is not None:
                    templates[template.name] = template
                addressee = _addressee(customer, request, follow_up)
                content: LetterContent | None = None
                if template is not None and needs_text:
                    values = self._merge_values(customer, follow_up, profile)
                    try:
                        content = _content(template, values, addressee.who, self.ctx.today())
                    except MissingMergeValueError as exc:
                        problems.append(
                            AddressProblem(
                                customer_id, customer.name, ProblemKind.MISSING_VALUE, exc.key, "", exc.reason
                            )
                        )
                piece = Piece(addressee=addressee, content=content, key=str(customer_id))
                pieces.append(
                    PlannedPiece(
                        customer_id,
                        customer.name,
                        piece,
                        follow_up.id if follow_up else None,
                        template.name if template else None,
                    )
                )
                problems.extend(self._check(customer, piece, layout, store, needs_address))
        return PrintPlan(
            request=request,
            layout=layout,
            store=store,
            pieces=tuple(pieces),
            left_out=tuple(left_out),
            problems=tuple(problems),
            templates=templates,
        )

    def check_addresses(
        self, customer_ids: Sequence[int], layout: LayoutKind = LayoutKind.POSTCARD
    ) -> list[AddressProblem]:
        """宛名チェック on its own, for a list of customers."""
        request = PrintRequest(layout=layout, selection=Selection(customer_ids=tuple(customer_ids)))
        return list(self.plan(request).problems)

    # ------------------------------------------------------------------ rendering and printing
    def render(self, plan: PrintPlan, *, skip: Collection[int] = (), only: int | None = None) -> RenderResult:
        """The PDF of the plan (or of one piece by its index) — for previews; nothing is logged."""
        chosen = plan.printable(skip)
        if only is not None:
            chosen = chosen[only : only + 1]
        self._refuse_blocked(plan, chosen)
        return render_pdf(
            [p.piece for p in chosen],
            plan.layout,
            plan.store,
            fonts=self.fonts,
            title=self._title(plan),
            author=self.ctx.staff_name or "",
        )

    def print_to(self, plan: PrintPlan, path: Path, *, skip: Collection[int] = ()) -> PrintResult:
        """Make the PDF and log each printed piece on its customer's timeline, in one transaction."""
        chosen = plan.printable(skip)
        self._refuse_blocked(plan, chosen)
        result = render_pdf(
            [p.piece for p in chosen],
            plan.layout,
            plan.store,
            fonts=self.fonts,
            title=self._title(plan),
            author=self.ctx.staff_name or "",
        )
        now = self.ctx.now()
        event_ids: list[int] = []
        with self.ctx.db.transaction() as session:
            customers = {
                c.id: c for c in session.scalars(select(Customer).where(Customer.id.in_(plan.customer_ids)))
            }
            for planned in chosen:
                customer = customers[planned.customer_id]
                template = plan.templates.get(planned.template or "")
                row = add_event_row(
                    self.ctx,
                    session,
                    customer,
                    EventDraft(
                        kind=EventKind.LETTER,
                        summary=_summary(template, plan.layout),
                        occurred_at=now,
                        body=planned.piece.content.body if planned.piece.content else "",
                        details={
                            "direction": "sent",
                            "template": template.name if template else None,
                            "template_label": template.label if template else None,
                            "layout": plan.layout.kind,
                            "layout_label": plan.layout.label,
                            "occasion_year": _occasion_year(template, self.ctx.today()),
                            "follow_up_id": planned.follow_up_id,
                            "file": path.name,
                        },
                    ),
                )
                event_ids.append(row.id)
            path.parent.mkdir(parents=True, exist_ok=True)
            result.write(path)  # a failed write rolls the log back
        printed = tuple(p.customer_id for p in chosen)
        self.ctx.publish(Changes(customers=frozenset(printed), events=frozenset(event_ids)))
        return PrintResult(
            path=path,
            pages=result.pages,
            printed=printed,
            skipped=tuple(cid for cid in plan.customer_ids if cid in set(skip)),
            left_out=plan.left_out,
            event_ids=tuple(event_ids),
            follow_up_ids=tuple(p.follow_up_id for p in chosen if p.follow_up_id is not None),
        )

    def confirm_sent(
        self, follow_up_ids: Iterable[int], result: str = "印刷して発送しました"
    ) -> list[FollowUp]:
        """Mark printed follow-ups done — only when the user confirms they went out."""
        wanted = list(dict.fromkeys(follow_up_ids))
        done: list[FollowUp] = []
        with self.ctx.db.transaction() as session:
            for follow_up_id in wanted:
                row = session.get(FollowUpRow, follow_up_id)
                if row is None:
                    raise NotFoundError(f"フォロー {follow_up_id} が見つかりません")
                customer = session.get(Customer, row.customer_id)
                assert customer is not None
                if row.status != FollowUpStatus.OPEN.value:
                    raise ValidationError(
                        "フォロー",
                        follow_up_id,
                        f"{customer.name}様のこのフォローはすでに完了しています",
                        code="closed",
                    )
                printed = _print_event_of(session, row.customer_id, follow_up_id)
                if printed is None:
                    raise ValidationError(
                        "フォロー",
                        follow_up_id,
                        f"{customer.name}様の「{row.reason}」はまだ印刷されていません",
                        code="not_printed",
                    )
                row.status = FollowUpStatus.DONE.value
                row.result = result
                row.completed_at = self.ctx.now()
                row.updated_at = self.ctx.now()
                row.result_event_id = printed
                self.ctx.audit(session, "done", "follow_up", row.id, row.customer_id, via="print")
                staff = session.get(Staff, row.staff_id) if row.staff_id else None
                done.append(follow_up_of(row, customer.name, staff.name if staff else None))
        self.ctx.publish(
            Changes(
                customers=frozenset(f.customer_id for f in done), follow_ups=frozenset(f.id for f in done)
            )
        )
        return done

    # ------------------------------------------------------------------ 出受記録
    def mark_received(self, customer_id: int, template: str, year: int | None = None) -> int:
        """Note that the customer's card for this occasion arrived (e.g. their 年賀状 to the store)."""
        chosen = self.template(template)
        occasion_year = year or _occasion_year(chosen, self.ctx.today())
        with self.ctx.db.transaction() as session:
            customer = session.get(Customer, customer_id)
            if customer is None:
                raise NotFoundError(f"顧客 {customer_id} が見つかりません")
            row = add_event_row(
                self.ctx,
                session,
                customer,
                EventDraft(
                    kind=EventKind.LETTER,
                    summary=f"{chosen.label}をいただきました（{occasion_year}年）",
                    details={
                        "direction": "received",
                        "template": chosen.name,
                        "template_label": chosen.label,
                        "occasion_year": occasion_year,
                    },
                ),
            )
            event_id = row.id
        self.ctx.publish(Changes(customers=frozenset({customer_id}), events=frozenset({event_id})))
        return event_id

    def exchange(self, template: str, year: int | None = None) -> list[ExchangeRow]:
        """Who got the store's card for this occasion and year, and who sent one to the store."""
        chosen = self.template(template)
        occasion_year = year or _occasion_year(chosen, self.ctx.today())
        rows: dict[int, ExchangeRow] = {}
        with self.ctx.db.read() as session:
            query = (
                select(
                    HistoryEventRow.customer_id,
                    Customer.name,
                    HistoryEventRow.occurred_at,
                    HistoryEventRow.details,
                )
                .join(Customer, Customer.id == HistoryEventRow.customer_id)
                .where(HistoryEventRow.kind == EventKind.LETTER.value, Customer.deleted_at.is_(None))
                .order_by(HistoryEventRow.occurred_at)
            )
            for customer_id, name, occurred, details in session.execute(query):
                info = details or {}
                if info.get("template") != chosen.name or info.get("occasion_year") != occasion_year:
                    continue
                row = rows.get(customer_id) or ExchangeRow(customer_id, name, None, None)
                if info.get("direction") == "received":
                    row = replace(row, received_at=row.received_at or occurred)
                else:
                    row = replace(row, sent_at=row.sent_at or occurred)
                rows[customer_id] = row
        return sorted(rows.values(), key=lambda r: r.customer_id)

    # ------------------------------------------------------------------ internals
    def _targets(self, selection: Selection) -> list[tuple[int, FollowUp | None]]:
        if selection.due is not None:
            start, end = selection.due
            if end < start:
                raise ValidationError(
                    "期間", f"{start}..{end}", "終わりの日が始まりより前です", code="date_range"
                )
            from crmdesk.services.followups import FollowUpService

            due = FollowUpService(self.ctx).due(start, end)
            kinds = set(selection.follow_up_kinds)
            return [(f.customer_id, f) for f in due if f.kind in kinds]
        if selection.query is not None:
            return [(cid, None) for cid in self._search_ids(selection.query)]
        return [(cid, None) for cid in selection.customer_ids]

    def _search_ids(self, query: str) -> list[int]:
        if self._search is not None:
            return list(self._search(query))
        return search_customer_ids(self.ctx, query)

    def _scenario_templates(self, follow_up_ids: Sequence[int]) -> dict[int, str | None]:
        from crmdesk.storage.models import ScenarioStep

        if not follow_up_ids:
            return {}
        with self.ctx.db.read() as session:
            query = (
                select(FollowUpRow.id, ScenarioStep.letter_template)
                .outerjoin(ScenarioStep, ScenarioStep.id == FollowUpRow.scenario_step_id)
                .where(FollowUpRow.id.in_(follow_up_ids))
            )
            return {fid: name for fid, name in session.execute(query)}

    def _merge_values(
        self, customer: Customer, follow_up: FollowUp | None, profile: StoreProfile
    ) -> dict[str, str | date | None]:
        family, given = split_name(customer.name)
        company = customer.kind == CustomerKind.COMPANY.value
        member = _family_member(customer, follow_up)
        item = _item(customer, follow_up)
        today = self.ctx.today()
        staff = (follow_up.staff if follow_up else None) or (customer.staff.name if customer.staff else None)
        staff = staff or self.ctx.staff_name
        shown_name = (customer.company_contact or customer.name) if company else customer.name
        honorific = customer.honorific
        new_year = today.year + 1 if today.month >= 10 else today.year
        return {
            "宛名": f"{shown_name} {honorific}",
            "お名前": shown_name,
            "姓": family if not company else shown_name,
            "名": given if not company else "",
            "敬称": honorific,
            "会社名": customer.name if company else "",
            "ご担当者": customer.company_contact if company else "",
            "お誕生日": customer.birthday,
            "最終来店日": customer.last_contact_at.astimezone().date() if customer.last_contact_at else None,
            "ご家族名": member.name if member else None,
            "ご家族続柄": member.relation if member else None,
            "ご家族誕生日": member.birthday if member else None,
            "商品名": item.name if item else None,
            "登録番号": item.identifier if item else None,
            "購入日": item.purchase_date if item else None,
            "保証期限": item.warranty_end if item else None,
            "次回点検日": item.next_service_date if item else None,
            "車検満了日": item.inspection_expiry if item else None,
            "理由": follow_up.reason if follow_up else None,
            "予定日": follow_up.due_date if follow_up else None,
            "担当者": staff,
            "店名": profile.name,
            "店舗郵便番号": format_postal(profile.postal_code) if profile.postal_code else "",
            "店舗住所": profile.address,
            "店舗電話": profile.phone,
            "署名": profile.signature,
            "店のひとこと": profile.relationship_word,
            "今日": today,
            "年": era_year(today),
            "新年": era_year(date(new_year, 1, 1)),
        }

    def _check(
        self, customer: Customer, piece: Piece, layout: Layout, store: StoreInfo, needs_address: bool
    ) -> list[AddressProblem]:
        found: list[AddressProblem] = []
        name = customer.name

        def add(kind: ProblemKind, field_name: str, value: str, message: str) -> None:
            found.append(AddressProblem(customer.id, name, kind, field_name, value, f"{name}様: {message}"))

        if needs_address and customer.postal_code:
            address = postal_lookup.lookup(customer.postal_code)
            shown = format_postal(customer.postal_code)
            if address is None:
                add(ProblemKind.POSTAL_UNKNOWN, "郵便番号", shown, f"郵便番号 {shown} は存在しません")
            elif not _address_matches(customer.address1, address):
                add(
                    ProblemKind.POSTAL_MISMATCH,
                    "住所",
                    customer.address1,
                    f"郵便番号 {shown}（{address.text}）と住所「{customer.address1}」が合っていません",
                )
        if needs_address and not _has_street_number(f"{customer.address1}{customer.address2}"):
            add(ProblemKind.NO_STREET_NUMBER, "住所", customer.address1, "住所に番地がありません")
        for char in self.fonts.missing(piece.all_text(), layout.roles):
            add(
                ProblemKind.MISSING_GLYPH,
                "文字",
                char,
                f"「{char}」(U+{ord(char):04X}) を印刷できるフォントがありません",
            )
        company = customer.kind == CustomerKind.COMPANY.value
        if company and not customer.company_contact and customer.honorific == Honorific.SAMA.value:
            add(
                ProblemKind.HONORIFIC,
                "敬称",
                customer.honorific,
                "会社宛には「様」ではなく「御中」を使います",
            )
        elif company and customer.company_contact and customer.honorific == Honorific.ONCHU.value:
            add(
                ProblemKind.HONORIFIC,
                "敬称",
                customer.honorific,
                "ご担当者名がある場合は「御中」ではなく「様」を使います",
            )
        elif not company and customer.honorific == Honorific.ONCHU.value:
            add(ProblemKind.HONORIFIC, "敬称", customer.honorific, "個人のお客様に「御中」が付いています")
        if not customer.name_kana.strip():
            add(ProblemKind.EMPTY_READING, "フリガナ", "", "フリガナが空です")
        return found

    def _refuse_blocked(self, plan: PrintPlan, chosen: Sequence[PlannedPiece]) -> None:
        ids = {p.customer_id for p in chosen}
        blocked = [p for p in plan.problems if p.blocking and p.customer_id in ids]
        if not blocked:
            return
        first = blocked[0]
        more = f"（ほか{len(blocked) - 1}件）" if len(blocked) > 1 else ""
        if first.kind is ProblemKind.MISSING_GLYPH:
            raise GlyphMissingError(first.value, "", f"{first.customer_name}様")
        raise ValidationError(
            first.field,
            first.value,
            f"{first.message}{more}。直すか、この方を外して印刷してください",
            code=first.kind.value,
        )

    def _title(self, plan: PrintPlan) -> str:
        names = "・".join(t.label for t in plan.templates.values())
        return f"{names} {plan.layout.label}".strip()


# ---------------------------------------------------------------------------------------------- helpers
def search_customer_ids(ctx: ServiceContext, query: str, limit: int = 5000) -> list[int]:
    """Customers for `--search QUERY`: the search service's ranked matches."""
    from crmdesk.services.search import SearchService

    return [hit.customer_id for hit in SearchService(ctx).search_ids(query, limit=limit)]


def _load_customers(session: Session, ids: Collection[int]) -> dict[int, Customer]:
    found: dict[int, Customer] = {}
    wanted = sorted(ids)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        query = (
            select(Customer)
            .where(Customer.id.in_(chunk))
            .options(
                selectinload(Customer.family), selectinload(Customer.items), selectinload(Customer.staff)
            )
        )
        for customer in session.scalars(query):
            found[customer.id] = customer
    return found


def _left_out_reason(customer: Customer, needs_address: bool) -> tuple[str, str] | None:
    if customer.deleted_at is not None:
        return "deleted", "ごみ箱に入っています"
    if customer.consent_letter is False:
        return "no_consent", "郵送物を希望されていません（DM不可）"
    if needs_address and (not customer.postal_code or not customer.address1.strip()):
        missing = "郵便番号" if not customer.postal_code else "住所"
        return "no_address", f"{missing}が登録されていません"
    return None


def _family_member(customer: Customer, follow_up: FollowUp | None) -> FamilyMemberRow | None:
    if follow_up is not None and follow_up.family_member_id is not None:
        for member in customer.family:
            if member.id == follow_up.family_member_id:
                return member
    joint = [m for m in customer.family if m.joint_addressee]
    return joint[0] if joint else None


def _item(customer: Customer, follow_up: FollowUp | None) -> OwnedItemRow | None:
    if follow_up is not None and follow_up.item_id is not None:
        for item in customer.items:
            if item.id == follow_up.item_id:
                return item
    if not customer.items:
        return None
    dated = [i for i in customer.items if i.inspection_expiry or i.next_service_date]
    return (dated or list(customer.items))[0]


def _addressee(customer: Customer, request: PrintRequest, follow_up: FollowUp | None) -> Addressee:
    label = f"{customer.name}様（ID {customer.id}）"
    base = Addressee(
        name=customer.name,
        honorific=customer.honorific,
        postal_code=customer.postal_code or "",
        address1=customer.address1,
        address2=customer.address2,
        label=label,
    )
    if customer.kind == CustomerKind.COMPANY.value:
        return replace(
            base,
            name=customer.company_contact,
            organization=customer.name,
            department=customer.company_department,
        )
    if request.layout is LayoutKind.GIFTCARD and follow_up is not None:
        member = _family_member(customer, follow_up) if follow_up.family_member_id else None
        if member is not None:  # the card greets the family member whose day it is
            family, _given = split_name(customer.name)
            shown = member.name if " " in member.name.strip() or not family else f"{family} {member.name}"
            return replace(base, name=shown, honorific=member.honorific)
    joint: tuple[JointName, ...] = ()
    if request.household:
        joint = tuple(JointName(m.name, m.honorific) for m in customer.family if m.joint_addressee)
    return replace(base, joint=joint)


def _content(
    template: LetterTemplate, values: dict[str, str | date | None], who: str, today: date
) -> LetterContent:
    title = merge(template.title, values, who, template.label)
    body = merge(template.body, values, who, template.label)
    dated_in_body = "{{新年" in template.body or "{{今日" in template.body
    staff = values.get("担当者")
    return LetterContent(
        title=title,
        body=body,
        date_text="" if dated_in_body else format_date(today),
        staff=staff if isinstance(staff, str) else "",
    )


def _summary(template: LetterTemplate | None, layout: Layout) -> str:
    what = template.label if template else "宛名"
    return f"{what}を印刷（{layout.label}）"


def _occasion_year(template: LetterTemplate | None, today: date) -> int:
    """The year a seasonal card is for: a 年賀状 printed from October on is for the next year."""
    if template is not None and template.name == "new_year" and today.month >= 10:
        return today.year + 1
    return today.year


def _print_event_of(session: Session, customer_id: int, follow_up_id: int) -> int | None:
    query = (
        select(HistoryEventRow.id, HistoryEventRow.details)
        .where(HistoryEventRow.customer_id == customer_id, HistoryEventRow.kind == EventKind.LETTER.value)
        .order_by(HistoryEventRow.occurred_at.desc(), HistoryEventRow.id.desc())
    )
    for event_id, details in session.execute(query):
        if (details or {}).get("follow_up_id") == follow_up_id and (details or {}).get("direction") == "sent":
            return int(event_id)
    return None


_PAREN = re.compile(r"[（(].*?[)）]")
_STREET_NUMBER = re.compile(r"[0-9０-９]|[一二三四五六七八九十〇百千]+\s*(?:丁目|番地?|号|の)")


def _fold_address(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    for variant, plain in (("ヶ", "ケ"), ("ヵ", "カ"), ("が", "ケ"), ("之", "ノ"), ("の", "ノ"), (" ", "")):
        folded = folded.replace(variant, plain)
    return folded


def _address_matches(address1: str, address: postal_lookup.Address) -> bool:
    """Does the address agree with what the postal code stands for (city and town; prefecture if written)?"""
    text = _fold_address(nfkc(address1))
    prefecture = _fold_address(address.prefecture)
    city = _fold_address(address.city)
    if text.startswith(prefecture):
        text = text[len(prefecture) :]
    elif _PREFECTURE.match(text):  # another prefecture written out
        return False
    if not text.startswith(city):
        # 郡 is often left out: 北海道虻田郡ニセコ町 written ニセコ町
        short = city.split("郡", 1)[1] if "郡" in city else None
        if not short or not text.startswith(short):
            return False
        text = text[len(short) :]
    else:
        text = text[len(city) :]
    town = _fold_address(_PAREN.sub("", address.town))
    if not town:
        return True
    return text.startswith(town) or text.startswith(re.sub(r"[0-9]+丁目$", "", town))


def _has_street_number(text: str) -> bool:
    return bool(_STREET_NUMBER.search(nfkc(text)))


_PREFECTURE = re.compile(r"^(?:北海道|東京都|京都府|大阪府|[^\s都道府県]{2,3}県)")


__all__ = [
    "LAYOUT_LABELS",
    "AddressProblem",
    "ExchangeRow",
    "LayoutKind",
    "LeftOut",
    "PlannedPiece",
    "PrintPlan",
    "PrintRequest",
    "PrintResult",
    "PrintingService",
    "ProblemKind",
    "Selection",
    "search_customer_ids",
]
