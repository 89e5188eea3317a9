"""Scenarios (シナリオ): store-editable plans of follow-ups relative to a trigger, and applying them.

A scenario has a trigger (a purchase, a visit, a birthday, an item's date, a life milestone) and steps ("+3d 手紙
ご購入のお礼状"). Applying it to one trigger of one customer creates the follow-ups with their reasons filled in
(`crmdesk.domain.scenario_rules` does the dates and the words). Rules kept here:

- Defaults ship with the app (`ensure_defaults`, idempotent by name); a store edits or switches them off, and the
  shipped ones cannot be deleted (only switched off), so they never come back by surprise.
- Applying twice never plans twice: a step is planned once per trigger (per year for birthdays and milestones).
- A repeating step (車検 every 2 years) has one open follow-up at a time; when it is done or skipped the next one is
  planned (`schedule_next`).
- Consent: a customer who refused letters (or calls) never gets a letter or gift (or call) planned; the step is
  recorded as skipped with the reason, so the Today list says why.
- Changing a trigger's date re-plans its open follow-ups (`change_trigger_date` for an event; `replan_customer`
  after the card's birthday or an item's date changed). Each planned follow-up's trigger date is kept in the audit
  log ("plan"/"replan" entries), so re-planning only touches follow-ups whose trigger really moved, and a date a
  staff member chose by hand survives saving the card.
- Deleting a trigger asks first: `planned_from` lists the open follow-ups, `release_trigger` keeps or deletes them.
- `enable_auto` makes it all happen by itself in the app: new purchases and visits get their scenarios, completed
  repeating steps get their next one, edited cards get re-planned.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, false, func, or_, select
from sqlalchemy.orm import Session

from crmdesk.domain.calendar_rules import (
    MILESTONE_AGES,
    Milestone,
    Shift,
    birthday_in_year,
    milestone_birth_range,
    milestones_between,
    next_birthday,
    parse_offset,
)
from crmdesk.domain.errors import ConflictError, CrmError, NotFoundError, ValidationError
from crmdesk.domain.records import FollowUp
from crmdesk.domain.scenario_rules import (
    GRACE_DAYS,
    ITEM_DATE_FIELDS,
    CalendarPolicy,
    PlannedStep,
    StepRule,
    Trigger,
    TriggerFacts,
    check_template,
    expand,
    next_after_done,
    plan_occurrence,
    usual_interval_days,
)
from crmdesk.domain.values import EventKind, FollowUpKind, FollowUpStatus, ItemCategory
from crmdesk.services.changes import Changes
from crmdesk.services.context import ServiceContext
from crmdesk.services.followups import consent_refusal
from crmdesk.services.history import CONTACT_KINDS, contact_moved
from crmdesk.services.records_map import follow_up_of
from crmdesk.services.search_index import reindex_customers
from crmdesk.services.store import STORE_SETTINGS_KEY, StoreService
from crmdesk.services.validation import check_text
from crmdesk.settings import StoreSettings
from crmdesk.storage.models import (
    AuditLog,
    Customer,
    FamilyMemberRow,
    FollowUpRow,
    HistoryEventRow,
    OwnedItemRow,
    Scenario,
    ScenarioStep,
    Staff,
    StoreProfileRow,
    StoreSetting,
)

log = logging.getLogger(__name__)

# The result text of a follow-up that was not planned because the customer refused that kind of contact.
CONSENT_SKIP_PREFIX = "【連絡の同意なし】"
# Birthdays and milestones recur: a planned follow-up within this many days of a new one is the same one.
SAME_OCCASION_DAYS = 180
FILTER_KEYS = frozenset({"store_kind", "category", "menu_contains", "field", "milestones", "who"})


# ---------------------------------------------------------------------------------------------- records


@dataclass(frozen=True)
class ScenarioStepInfo:
    offset: str  # "+3d", "-7d", "+3y every 2y, 2m before", "usual or +2m"
    kind: FollowUpKind
    reason_template: str
    position: int = 0
    letter_template: str | None = None
    id: int | None = None

    @property
    def timing(self) -> str:
        """The offset in words: "3日後", "3年後、以後2年ごと（2か月前）"."""
        try:
            return parse_offset(self.offset).describe()
        except ValidationError:
            return self.offset


@dataclass(frozen=True)
class ScenarioInfo:
    id: int
    name: str
    trigger: Trigger
    trigger_filter: dict[str, Any]
    active: bool
    builtin: bool
    steps: tuple[ScenarioStepInfo, ...]


@dataclass(frozen=True)
class ScenarioDraft:
    name: str
    trigger: Trigger
    steps: tuple[ScenarioStepInfo, ...]
    trigger_filter: dict[str, Any] = field(default_factory=dict)
    active: bool = True


@dataclass(frozen=True)
class PlanReport:
    """What applying or re-planning did."""

    created: tuple[FollowUp, ...] = ()
    skipped_consent: tuple[FollowUp, ...] = ()  # recorded as skipped, `result` says why
    replanned: tuple[FollowUp, ...] = ()
    already_planned: int = 0
    past: int = 0  # one-off steps long past when the trigger was entered
    removed: int = 0  # open follow-ups of an earlier visit, superseded by a new one

    def __or__(self, other: PlanReport) -> PlanReport:
        return PlanReport(
            self.created + other.created,
            self.skipped_consent + other.skipped_consent,
            self.replanned + other.replanned,
            self.already_planned + other.already_planned,
            self.past + other.past,
            self.removed + other.removed,
        )

    @property
    def changed(self) -> Changes:
        rows = self.created + self.skipped_consent + self.replanned
        return Changes(
            customers=frozenset(f.customer_id for f in rows),
            follow_ups=frozenset(f.id for f in rows),
        )


# ---------------------------------------------------------------------------------------------- defaults


def _steps(*rows: tuple[str, FollowUpKind, str]) -> tuple[ScenarioStepInfo, ...]:
    return tuple(
        ScenarioStepInfo(offset, kind, text, position) for position, (offset, kind, text) in enumerate(rows)
    )


DEFAULT_SCENARIOS: tuple[ScenarioDraft, ...] = (
    ScenarioDraft(
        "お車のご購入後",
        Trigger.PURCHASE,
        _steps(
            ("+3d", FollowUpKind.LETTER, "{trigger_month}月{trigger_day}日に{item}をご購入いただいたお礼状"),
            ("+7d", FollowUpKind.CALL, "お礼状が届いた頃です。{item}の乗り心地をお伺いする"),
            ("+1m", FollowUpKind.INSPECTION, "ご納車から1か月、1か月点検の時期です（{item}）"),
            ("+6m", FollowUpKind.INSPECTION, "ご納車から6か月、6か月点検の時期です（{item}）"),
            ("+12m", FollowUpKind.INSPECTION, "ご納車から1年、12か月点検の時期です（{item}）"),
            ("+3y every 2y, 2m before", FollowUpKind.INSPECTION, "{month}月が車検の満了日です（{item}）"),
        ),
        {"store_kind": "dealer", "category": ItemCategory.CAR.value},
    ),
    ScenarioDraft(
        "サロンご来店後",
        Trigger.VISIT,
        _steps(
            ("+1d", FollowUpKind.LETTER, "{trigger_month}月{trigger_day}日のご来店（{menu}）のお礼状"),
            ("usual or +2m", FollowUpKind.CALL, "前回の{menu}から{interval}"),
        ),
        {"store_kind": "salon"},
    ),
    ScenarioDraft(
        "お誕生日のプレゼント",
        Trigger.BIRTHDAY,
        _steps(
            (
                "-7d",
                FollowUpKind.GIFT,
                "{month}月{day}日がお誕生日です（{age}歳）。割引券ではなく、ささやかなプレゼントをお贈りする",
            ),
        ),
        {"who": "customer"},
    ),
    ScenarioDraft(
        "ご家族の18歳（運転免許・初めてのお車）",
        Trigger.MILESTONE,
        _steps(
            (
                "-3m",
                FollowUpKind.CALL,
                "{member}が{year}年{month}月に18歳になられます。免許の取得と初めてのお車のご相談を",
            ),
        ),
        {"milestones": [Milestone.LICENCE.value], "who": "family", "store_kind": "dealer"},
    ),
    ScenarioDraft(
        "成人式のお祝い",
        Trigger.MILESTONE,
        _steps(
            (
                "-2m",
                FollowUpKind.LETTER,
                "{member}が{year}年{month}月{day}日に成人式を迎えられます。お祝いのお手紙を",
            ),
        ),
        {"milestones": [Milestone.SEIJIN.value], "who": "any"},
    ),
    ScenarioDraft(
        "長寿のお祝い（還暦・古希・喜寿・米寿）",
        Trigger.MILESTONE,
        _steps(
            (
                "-14d",
                FollowUpKind.GIFT,
                "{member}が{month}月{day}日に{milestone}（{age}歳）を迎えられます。お祝いの品を",
            ),
        ),
        {
            "milestones": [
                m.value for m in (Milestone.KANREKI, Milestone.KOKI, Milestone.KIJU, Milestone.BEIJU)
            ],
            "who": "any",
        },
    ),
    ScenarioDraft(
        "保証終了のご案内",
        Trigger.ITEM_DATE,
        _steps(
            ("-1m", FollowUpKind.CALL, "{month}月に{item}の保証が終わります。延長保証と点検のご案内を"),
        ),
        {"field": "warranty_end"},
    ),
    ScenarioDraft(
        "車検満了のご案内（他店でご購入のお車）",
        Trigger.ITEM_DATE,
        _steps(
            ("-2m", FollowUpKind.INSPECTION, "{month}月が車検の満了日です（{item}）"),
        ),
        {"field": "inspection_expiry", "category": ItemCategory.CAR.value},
        active=False,
    ),
)


# ---------------------------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class _Source:
    """Which trigger of which customer a follow-up was planned from."""

    customer_id: int
    event_id: int | None = None
    item_id: int | None = None
    member_id: int | None = None


@dataclass
class _Loaded:
    scenario: Scenario
    trigger: Trigger
    rules: list[StepRule]


def _local_date(value: datetime) -> date:
    return value.astimezone().date()


def _json_filter(raw: dict[str, Any] | None) -> dict[str, Any]:
    return dict(raw or {})


def validate_draft(draft: ScenarioDraft) -> ScenarioDraft:
    name = check_text("シナリオ名", draft.name.strip(), 200)
    if not name:
        raise ValidationError("シナリオ名", draft.name, "名前を入力してください", code="required")
    trigger = Trigger(draft.trigger)
    flt = _json_filter(draft.trigger_filter)
    unknown = set(flt) - FILTER_KEYS
    if unknown:
        raise ValidationError("条件", sorted(unknown), "使えない条件です", code="filter")
    if trigger is Trigger.ITEM_DATE:
        flt.setdefault("field", "inspection_expiry")
        if flt["field"] not in ITEM_DATE_FIELDS:
            raise ValidationError(
                "条件（日付の項目）", flt["field"], "車検満了・次回点検・保証終了から選んでください"
            )
    if trigger is Trigger.MILESTONE:
        wanted = flt.get("milestones") or [m.value for m in Milestone]
        bad = [m for m in wanted if m not in {x.value for x in Milestone}]
        if bad:
            raise ValidationError("条件（節目）", bad, "知らない節目です", code="filter")
        flt["milestones"] = list(wanted)
    if flt.get("who", "customer") not in ("customer", "family", "any"):
        raise ValidationError(
            "条件（対象）", flt["who"], "customer / family / any のどれかです", code="filter"
        )
    if not draft.steps:
        raise ValidationError("ステップ", draft.name, "ステップを1つ以上入れてください", code="required")
    steps = []
    for position, step in enumerate(draft.steps):
        parse_offset(step.offset)
        steps.append(
            ScenarioStepInfo(
                offset=step.offset.strip(),
                kind=FollowUpKind(step.kind),
                reason_template=check_template(step.reason_template),
                position=position,
                letter_template=(step.letter_template or "").strip() or None,
                id=step.id,
            )
        )
    return ScenarioDraft(name, trigger, tuple(steps), flt, draft.active)


def _info(scenario: Scenario) -> ScenarioInfo:
    return ScenarioInfo(
        id=scenario.id,
        name=scenario.name,
        trigger=Trigger(scenario.trigger),
        trigger_filter=_json_filter(scenario.trigger_filter),
        active=scenario.active,
        builtin=scenario.builtin,
        steps=tuple(
            ScenarioStepInfo(
                s.offset, FollowUpKind(s.kind), s.reason_template, s.position, s.letter_template, s.id
            )
            for s in scenario.steps
        ),
    )


def _rule(step: ScenarioStep) -> StepRule:
    return StepRule.of(
        step.offset,
        step.kind,
        step.reason_template,
        step_id=step.id,
        position=step.position,
        letter_template=step.letter_template,
    )


_Key = tuple[
    int | None, int, int | None, int | None, int | None
]  # step, customer, event, item, family member
_RECURRING = (Trigger.BIRTHDAY, Trigger.MILESTONE, Trigger.ITEM_DATE)


@dataclass
class _Pending:
    row: FollowUpRow
    customer_name: str
    details: dict[str, Any]
    refused: bool


class _Writer:
    """Collects the follow-ups one action plans and writes them together (one flush, then their audit entries).

    Whether a step is planned already is asked of the database row by row, or, for a whole store's birthdays,
    of the follow-ups of those steps read once (`prefetch`)."""

    def __init__(
        self,
        ctx: ServiceContext,
        session: Session,
        *,
        prefetch: Sequence[int] = (),
        window: tuple[date, date] | None = None,
    ) -> None:
        self.ctx = ctx
        self.session = session
        self.staff_names = {sid: name for sid, name in session.execute(select(Staff.id, Staff.name))}
        self._current_staff: tuple[int | None] | None = None
        self.pending: list[_Pending] = []
        self.pending_dues: dict[_Key, list[date]] = {}
        self.already = 0
        self.past = 0
        self.known: dict[_Key, list[date]] | None = None
        if prefetch:
            self.known = {}
            query = select(
                FollowUpRow.scenario_step_id,
                FollowUpRow.customer_id,
                FollowUpRow.source_event_id,
                FollowUpRow.item_id,
                FollowUpRow.family_member_id,
                FollowUpRow.due_date,
            ).where(FollowUpRow.scenario_step_id.in_(list(prefetch)))
            if window is not None:
                query = query.where(FollowUpRow.due_date.between(*window))
            for step, cid, event, item, member, due in session.execute(query):
                self.known.setdefault((step, cid, event, item, member), []).append(due)

    @staticmethod
    def key(step_id: int | None, source: _Source) -> _Key:
        return (step_id, source.customer_id, source.event_id, source.item_id, source.member_id)

    def exists(self, trigger: Trigger, planned: PlannedStep, source: _Source) -> bool:
        key = self.key(planned.step.step_id, source)
        recurring = trigger in _RECURRING

        def near(dues: Sequence[date]) -> bool:
            if not recurring:
                return bool(dues)
            return any(abs((due - planned.due).days) <= SAME_OCCASION_DAYS for due in dues)

        if near(self.pending_dues.get(key, [])):
            return True
        if self.known is not None:
            return near(self.known.get(key, []))
        query = select(FollowUpRow.id).where(
            FollowUpRow.scenario_step_id == planned.step.step_id,
            FollowUpRow.customer_id == source.customer_id,
            *ScenarioService._source_clause(source),
        )
        if recurring:
            query = query.where(
                FollowUpRow.due_date.between(
                    planned.due - timedelta(days=SAME_OCCASION_DAYS),
                    planned.due + timedelta(days=SAME_OCCASION_DAYS),
                )
            )
        return self.session.scalar(query.limit(1)) is not None

    def _staff_for(self, customer: Customer) -> int | None:
        """The customer's own staff member, else whoever is working now."""
        if customer.staff_id is not None:
            return customer.staff_id
        if self._current_staff is None:
            self._current_staff = (self.ctx.staff_id(self.session),)
            if self._current_staff[0] is not None and self._current_staff[0] not in self.staff_names:
                self.staff_names[self._current_staff[0]] = self.ctx.staff_name or ""
        return self._current_staff[0]

    def add(
        self,
        customer: Customer,
        source: _Source,
        planned: PlannedStep,
        facts: TriggerFacts,
        milestone: Milestone | None,
    ) -> None:
        now = self.ctx.now()
        refusal = consent_refusal(customer, planned.step.kind)
        row = FollowUpRow(
            customer_id=customer.id,
            due_date=planned.due,
            kind=planned.step.kind.value,
            reason=check_text("理由", planned.reason, 2000),
            status=FollowUpStatus.SKIPPED.value if refusal else FollowUpStatus.OPEN.value,
            result=f"{CONSENT_SKIP_PREFIX}{refusal}" if refusal else "",
            staff_id=self._staff_for(customer),
            source_event_id=source.event_id,
            item_id=source.item_id,
            family_member_id=source.member_id,
            scenario_step_id=planned.step.step_id,
            completed_at=now if refusal else None,
            created_at=now,
            updated_at=now,
        )
        self.session.add(row)
        details: dict[str, Any] = {
            "trigger": facts.day.isoformat(),
            "occurrence": planned.occurrence,
            "step": planned.step.step_id,
            "due": planned.due.isoformat(),
        }
        if milestone is not None:
            details["milestone"] = milestone.value
        if refusal:
            details["consent"] = refusal
        self.pending.append(_Pending(row, customer.name, details, bool(refusal)))
        self.pending_dues.setdefault(self.key(planned.step.step_id, source), []).append(planned.due)

    def finish(self) -> PlanReport:
        """Write what was planned; the report of this action."""
        if self.pending:
            self.session.flush()
        created: list[FollowUp] = []
        skipped: list[FollowUp] = []
        for pending in self.pending:
            row = pending.row
            self.ctx.audit(self.session, "plan", "follow_up", row.id, row.customer_id, **pending.details)
            staff = self.staff_names.get(row.staff_id) if row.staff_id is not None else None
            (skipped if pending.refused else created).append(follow_up_of(row, pending.customer_name, staff))
        self.pending = []
        return PlanReport(tuple(created), tuple(skipped), (), self.already, self.past)


# ---------------------------------------------------------------------------------------------- service


class ScenarioService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._defaults_checked = False
        self._busy = threading.local()  # planning on this thread: our own change reports start nothing

    # ------------------------------------------------------------------ editing scenarios
    def ensure_defaults(self) -> int:
        """Create the shipped scenarios that are missing (by name). Returns how many were created."""
        created = 0
        with self.ctx.db.transaction() as session:
            existing = set(session.scalars(select(Scenario.name)))
            for draft in DEFAULT_SCENARIOS:
                if draft.name in existing:
                    continue
                session.add(self._new_row(draft, builtin=True))
                created += 1
            if created:
                session.flush()
                self.ctx.audit(session, "create", "scenario", None, count=created, defaults=True)
        self._defaults_checked = True
        return created

    def _defaults(self) -> None:
        if not self._defaults_checked:
            self.ensure_defaults()

    def scenarios(self, *, active_only: bool = False) -> list[ScenarioInfo]:
        self._defaults()
        with self.ctx.db.read() as session:
            return [_info(s) for s in self._scenarios(session, active_only=active_only)]

    def get(self, scenario_id: int) -> ScenarioInfo:
        self._defaults()
        with self.ctx.db.read() as session:
            return _info(self._scenario(session, scenario_id))

    def find(self, name: str) -> ScenarioInfo | None:
        self._defaults()
        with self.ctx.db.read() as session:
            scenario_id = session.scalar(select(Scenario.id).where(Scenario.name == name.strip()))
            return _info(self._scenario(session, scenario_id)) if scenario_id is not None else None

    def save(self, draft: ScenarioDraft, scenario_id: int | None = None) -> ScenarioInfo:
        """Create a scenario, or replace an existing one's name, trigger and steps (planned follow-ups stay)."""
        self._defaults()
        clean = validate_draft(draft)
        with self.ctx.db.transaction() as session:
            clash = select(Scenario.id).where(Scenario.name == clean.name)
            if scenario_id is not None:
                clash = clash.where(Scenario.id != scenario_id)
            if session.scalar(clash) is not None:
                raise ConflictError(f"シナリオ「{clean.name}」はすでにあります", code="duplicate_name")
            if scenario_id is None:
                row = self._new_row(clean, builtin=False)
                session.add(row)
            else:
                row = self._scenario(session, scenario_id)
                row.name, row.trigger = clean.name, clean.trigger.value
                row.trigger_filter, row.active = clean.trigger_filter, clean.active
                kept = {s.id: s for s in row.steps}
                steps = []
                for info in clean.steps:
                    step = kept.get(info.id) if info.id is not None else None
                    step = step or ScenarioStep()
                    step.position, step.offset, step.kind = info.position, info.offset, info.kind.value
                    step.reason_template, step.letter_template = info.reason_template, info.letter_template
                    steps.append(step)
                row.steps = steps
            session.flush()
            self.ctx.audit(session, "save", "scenario", row.id, name=clean.name)
            return _info(row)

    def set_active(self, scenario_id: int, active: bool) -> ScenarioInfo:
        with self.ctx.db.transaction() as session:
            row = self._scenario(session, scenario_id)
            row.active = active
            self.ctx.audit(session, "activate" if active else "deactivate", "scenario", row.id)
            return _info(row)

    def delete(self, scenario_id: int) -> None:
        with self.ctx.db.transaction() as session:
            row = self._scenario(session, scenario_id)
            if row.builtin:
                raise ValidationError(
                    "シナリオ",
                    row.name,
                    "標準のシナリオは削除できません。使わない場合は無効にしてください",
                    code="builtin",
                )
            self.ctx.audit(session, "delete", "scenario", row.id, name=row.name)
            session.delete(row)

    def _new_row(self, draft: ScenarioDraft, *, builtin: bool) -> Scenario:
        return Scenario(
            name=draft.name,
            trigger=draft.trigger.value,
            trigger_filter=dict(draft.trigger_filter),
            active=draft.active,
            builtin=builtin,
            steps=[
                ScenarioStep(
                    position=s.position,
                    offset=s.offset,
                    kind=s.kind.value,
                    reason_template=s.reason_template,
                    letter_template=s.letter_template,
                )
                for s in draft.steps
            ],
        )

    def _scenarios(self, session: Session, *, active_only: bool = False) -> list[Scenario]:
        from sqlalchemy.orm import selectinload

        query = select(Scenario).options(selectinload(Scenario.steps)).order_by(Scenario.id)
        if active_only:
            query = query.where(Scenario.active.is_(True))
        return list(session.scalars(query))

    def _scenario(self, session: Session, scenario_id: int) -> Scenario:
        from sqlalchemy.orm import selectinload

        row = session.scalar(
            select(Scenario).options(selectinload(Scenario.steps)).where(Scenario.id == scenario_id)
        )
        if row is None:
            raise NotFoundError(f"シナリオ {scenario_id} が見つかりません")
        return row

    # ------------------------------------------------------------------ applying
    def apply(
        self,
        scenario_id: int,
        customer_id: int,
        *,
        event_id: int | None = None,
        item_id: int | None = None,
        family_member_id: int | None = None,
        trigger_date: date | None = None,
    ) -> PlanReport:
        """Apply one scenario to one trigger of one customer (chosen by staff, whatever its filter says).

        The trigger date comes from the event, the item's date, the next birthday or milestone, unless given.
        """
        self._defaults()
        with self.ctx.db.transaction() as session:
            scenario = self._scenario(session, scenario_id)
            customer = self._customer(session, customer_id)
            loaded = _Loaded(scenario, Trigger(scenario.trigger), [_rule(s) for s in scenario.steps])
            policy = self._policy(session)
            source = _Source(customer_id, event_id, item_id, family_member_id)
            facts_list = self._facts_for(session, loaded, customer, source, trigger_date)
            if not facts_list:
                raise ValidationError(
                    "シナリオ",
                    scenario.name,
                    "きっかけとなる日付が分かりません（日付を指定してください）",
                    code="no_trigger",
                )
            writer = _Writer(self.ctx, session)
            for facts, milestone in facts_list:
                self._plan(writer, loaded, customer, source, facts, policy, milestone=milestone)
            report = writer.finish()
        self._publish(report.changed)
        return report

    def apply_for_event(self, event_id: int) -> PlanReport:
        """Apply every active scenario whose trigger matches this purchase or visit (what the app does when one is
        logged). An event made by completing a follow-up never triggers anything."""
        self._defaults()
        with self.ctx.db.transaction() as session:
            event = session.get(HistoryEventRow, event_id)
            if event is None or (event.details or {}).get("follow_up_id") is not None:
                return PlanReport()
            kind = EventKind(event.kind)
            if kind not in (EventKind.PURCHASE, EventKind.VISIT):
                return PlanReport()
            customer = self._customer(session, event.customer_id)
            if customer.deleted_at is not None:
                return PlanReport()
            store_kind = self._store_kind(session)
            policy = self._policy(session)
            writer = _Writer(self.ctx, session)
            removed = 0
            for scenario in self._scenarios(session, active_only=True):
                trigger = Trigger(scenario.trigger)
                if not self._event_matches(
                    session, trigger, scenario.trigger_filter or {}, event, store_kind
                ):
                    continue
                loaded = _Loaded(scenario, trigger, [_rule(s) for s in scenario.steps])
                source = _Source(customer.id, event_id=event.id)
                for facts, _ in self._facts_for(session, loaded, customer, source, None):
                    if trigger is Trigger.VISIT:
                        removed += self._supersede(session, loaded, customer.id, event)
                    self._plan(writer, loaded, customer, source, facts, policy)
            report = writer.finish() | PlanReport(removed=removed)
        self._publish(report.changed)
        return report

    def plan_upcoming(self, days: int | None = None, *, birthday_days: int | None = None) -> PlanReport:
        """Plan birthday, milestone and item-date scenarios whose follow-ups fall in the coming days.

        Birthdays look `birthday_days` ahead (store setting), milestones and items `days` (store setting
        upcoming_days). Idempotent: run it every day (the app does at start); nothing is planned twice.
        """
        self._defaults()
        settings = StoreService(self.ctx).settings()
        days = settings.upcoming_days if days is None else days
        birthday_days = settings.birthday_days if birthday_days is None else birthday_days
        today = self.ctx.today()
        with self.ctx.db.transaction() as session:
            store_kind = self._store_kind(session)
            policy = self._policy(session)
            scenarios = [
                s
                for s in self._scenarios(session, active_only=True)
                if Trigger(s.trigger) in _RECURRING
                and (s.trigger_filter or {}).get("store_kind") in (None, "", store_kind)
            ]
            horizon_end = today + timedelta(days=max(days, birthday_days))
            writer = _Writer(
                self.ctx,
                session,
                prefetch=[step.id for s in scenarios for step in s.steps],
                window=(
                    today - timedelta(days=SAME_OCCASION_DAYS + 1),
                    horizon_end + timedelta(days=SAME_OCCASION_DAYS + 1),
                ),
            )
            for scenario in scenarios:
                trigger = Trigger(scenario.trigger)
                flt = scenario.trigger_filter or {}
                loaded = _Loaded(scenario, trigger, [_rule(s) for s in scenario.steps])
                horizon = birthday_days if trigger is Trigger.BIRTHDAY else days
                last_due = today + timedelta(days=horizon)
                # Trigger dates whose steps fall due by the horizon (a gift a week ahead of a birthday).
                leads = [(r.offset.due(today) - today).days for r in loaded.rules]
                first = today - timedelta(days=max(0, max(leads)))
                last = last_due + timedelta(days=max(0, -min(leads)) + 3)
                for customer, source, facts, milestone in self._upcoming(session, loaded, flt, first, last):
                    self._plan(
                        writer, loaded, customer, source, facts, policy, milestone=milestone, until=last_due
                    )
            report = writer.finish()
        self._publish(report.changed)
        return report

    def _plan(
        self,
        writer: _Writer,
        loaded: _Loaded,
        customer: Customer,
        source: _Source,
        facts: TriggerFacts,
        policy: CalendarPolicy,
        *,
        milestone: Milestone | None = None,
        until: date | None = None,
    ) -> None:
        today = self.ctx.today()
        grace = GRACE_DAYS
        if loaded.trigger in _RECURRING and facts.day >= today:
            # The birthday or the 車検 is still ahead: even a step whose lead time has passed is worth doing now.
            grace = (facts.day - today).days + 3 * 366
        expansion = expand(loaded.rules, facts, policy, today, grace_days=grace)
        writer.past += len(expansion.past)
        for planned in expansion.planned:
            if until is not None and planned.due > until:
                continue
            if writer.exists(loaded.trigger, planned, source):
                writer.already += 1
                continue
            writer.add(customer, source, planned, facts, milestone)

    @staticmethod
    def _source_clause(source: _Source) -> list[Any]:
        return [
            FollowUpRow.source_event_id == source.event_id
            if source.event_id is not None
            else FollowUpRow.source_event_id.is_(None),
            FollowUpRow.item_id == source.item_id
            if source.item_id is not None
            else FollowUpRow.item_id.is_(None),
            FollowUpRow.family_member_id == source.member_id
            if source.member_id is not None
            else FollowUpRow.family_member_id.is_(None),
        ]

    def _supersede(self, session: Session, loaded: _Loaded, customer_id: int, event: HistoryEventRow) -> int:
        """A new visit makes the "it has been your usual interval" calls planned after earlier visits pointless
        (the thank-you notes for those visits stay)."""
        step_ids = [r.step_id for r in loaded.rules if r.step_id is not None and r.offset.usual]
        if not step_ids:
            return 0
        rows = list(
            session.scalars(
                select(FollowUpRow).where(
                    FollowUpRow.customer_id == customer_id,
                    FollowUpRow.status == FollowUpStatus.OPEN.value,
                    FollowUpRow.scenario_step_id.in_(step_ids),
                    FollowUpRow.source_event_id.is_not(None),
                    FollowUpRow.source_event_id != event.id,
                )
            )
        )
        removed = 0
        for row in rows:
            earlier = session.get(HistoryEventRow, row.source_event_id)
            if earlier is not None and earlier.occurred_at >= event.occurred_at:
                continue
            self.ctx.audit(
                session, "supersede", "follow_up", row.id, customer_id, reason=row.reason, by_event=event.id
            )
            session.delete(row)
            removed += 1
        return removed

    # ------------------------------------------------------------------ repeating steps
    def schedule_next(self, follow_up_id: int) -> FollowUp | None:
        """After a repeating step's follow-up is done or skipped, plan the next one (車検 two years later)."""
        with self.ctx.db.transaction() as session:
            row = session.get(FollowUpRow, follow_up_id)
            if row is None or row.status == FollowUpStatus.OPEN.value or row.scenario_step_id is None:
                return None
            if row.result.startswith(CONSENT_SKIP_PREFIX):
                return None
            step = session.get(ScenarioStep, row.scenario_step_id)
            if step is None:
                return None
            rule = _rule(step)
            if not rule.offset.repeats:
                return None
            source = _Source(row.customer_id, row.source_event_id, row.item_id, row.family_member_id)
            same = select(FollowUpRow).where(
                FollowUpRow.scenario_step_id == step.id,
                FollowUpRow.customer_id == row.customer_id,
                *self._source_clause(source),
            )
            siblings = list(session.scalars(same))
            if any(s.status == FollowUpStatus.OPEN.value for s in siblings):
                return None
            scenario = self._scenario(session, step.scenario_id)
            customer = self._customer(session, row.customer_id)
            loaded = _Loaded(scenario, Trigger(scenario.trigger), [rule])
            facts_list = self._facts_for(
                session, loaded, customer, source, self._planned_trigger(session, row.id, row.customer_id)
            )
            if not facts_list:
                return None
            facts, milestone = facts_list[0]
            planned = next_after_done(
                rule, facts, [s.due_date for s in siblings], self._policy(session), self.ctx.today()
            )
            if planned is None:
                return None
            writer = _Writer(self.ctx, session)
            writer.add(customer, source, planned, facts, milestone)
            made = writer.finish()
            created = (made.created + made.skipped_consent)[0]
        self._publish(Changes(customers=frozenset({created.customer_id}), follow_ups=frozenset({created.id})))
        return created

    # ------------------------------------------------------------------ re-planning
    def change_trigger_date(self, event_id: int, new_date: date) -> PlanReport:
        """Correct the date of an event (a purchase entered with the wrong day) and re-plan the open follow-ups
        planned from it, in one transaction; the customer's last contact follows when it was this event."""
        with self.ctx.db.transaction() as session:
            event = session.get(HistoryEventRow, event_id)
            if event is None:
                raise NotFoundError(f"履歴 {event_id} が見つかりません")
            old = event.occurred_at
            local = old.astimezone()
            event.occurred_at = datetime.combine(new_date, local.timetz()).astimezone(old.tzinfo)
            self.ctx.audit(
                session,
                "change_date",
                "history_event",
                event.id,
                event.customer_id,
                old=_local_date(old).isoformat(),
                new=new_date.isoformat(),
            )
            session.flush()
            if EventKind(event.kind) in CONTACT_KINDS:
                contact_moved(session, event.customer_id, old, event.occurred_at)
            reindex_customers(session, [event.customer_id])
            rows = self._open_planned(session, event.customer_id, event_id=event.id)
            replanned = self._replan_rows(session, rows, force=True)
        report = PlanReport(replanned=tuple(replanned))
        self._publish(
            report.changed | Changes(customers=frozenset({event.customer_id}), events=frozenset({event_id}))
        )
        return report

    def replan_customer(self, customer_id: int) -> PlanReport:
        """Re-plan this customer's open scenario follow-ups whose trigger date changed (a corrected birthday, an
        item's new 車検 date). Follow-ups whose trigger did not move keep their date, even one moved by hand."""
        with self.ctx.db.transaction() as session:
            rows = self._open_planned(session, customer_id)
            replanned = self._replan_rows(session, rows, force=False)
        report = PlanReport(replanned=tuple(replanned))
        self._publish(report.changed)
        return report

    def _open_planned(
        self, session: Session, customer_id: int, *, event_id: int | None = None
    ) -> list[FollowUpRow]:
        query = select(FollowUpRow).where(
            FollowUpRow.customer_id == customer_id,
            FollowUpRow.status == FollowUpStatus.OPEN.value,
            FollowUpRow.scenario_step_id.is_not(None),
        )
        if event_id is not None:
            query = query.where(FollowUpRow.source_event_id == event_id)
        return list(session.scalars(query.order_by(FollowUpRow.id)))

    def _replan_rows(self, session: Session, rows: Sequence[FollowUpRow], *, force: bool) -> list[FollowUp]:
        if not rows:
            return []
        planned_info = self._plan_details(session, [(r.id, r.customer_id) for r in rows])
        policy = self._policy(session)
        today = self.ctx.today()
        result = []
        for row in rows:
            step = session.get(ScenarioStep, row.scenario_step_id)
            if step is None:
                continue
            scenario = self._scenario(session, step.scenario_id)
            customer = self._customer(session, row.customer_id)
            source = _Source(row.customer_id, row.source_event_id, row.item_id, row.family_member_id)
            rule = _rule(step)
            loaded = _Loaded(scenario, Trigger(scenario.trigger), [rule])
            info = planned_info.get(row.id, {})
            old_trigger = date.fromisoformat(info["trigger"]) if info.get("trigger") else None
            milestone = Milestone(info["milestone"]) if info.get("milestone") else None
            facts = self._current_facts(session, loaded, customer, source, old_trigger, milestone)
            if facts is None:
                continue
            if not force and old_trigger is not None and facts.day == old_trigger:
                continue
            occurrence = int(info.get("occurrence", 0))
            planned = plan_occurrence(rule, facts, occurrence, policy, today)
            old_due = row.due_date
            row.due_date, row.reason, row.updated_at = planned.due, planned.reason, self.ctx.now()
            self.ctx.audit(
                session,
                "replan",
                "follow_up",
                row.id,
                row.customer_id,
                trigger=facts.day.isoformat(),
                occurrence=occurrence,
                step=step.id,
                old=old_due.isoformat(),
                due=planned.due.isoformat(),
                **({"milestone": milestone.value} if milestone else {}),
            )
            staff = session.get(Staff, row.staff_id).name if row.staff_id else None  # type: ignore[union-attr]
            result.append(follow_up_of(row, customer.name, staff))
        return result

    def _plan_details(
        self, session: Session, follow_ups: Sequence[tuple[int, int]]
    ) -> dict[int, dict[str, Any]]:
        """The trigger date (and occurrence, milestone) each (follow-up id, customer id) was last planned from.
        Read through the audit log's customer index: the log grows with every action of the store."""
        found: dict[int, dict[str, Any]] = {}
        for chunk_start in range(0, len(follow_ups), 500):
            chunk = [f for f, _ in follow_ups[chunk_start : chunk_start + 500]]
            customers = sorted({c for _, c in follow_ups[chunk_start : chunk_start + 500]})
            query = (
                select(AuditLog.entity_id, AuditLog.details)
                .where(
                    AuditLog.customer_id.in_(customers),
                    AuditLog.entity == "follow_up",
                    AuditLog.action.in_(("plan", "replan")),
                    AuditLog.entity_id.in_(chunk),
                )
                .order_by(AuditLog.id)
            )
            for entity_id, details in session.execute(query):
                if entity_id is not None:
                    found[entity_id] = dict(details or {})
        return found

    def _planned_trigger(self, session: Session, follow_up_id: int, customer_id: int) -> date | None:
        info = self._plan_details(session, [(follow_up_id, customer_id)]).get(follow_up_id, {})
        return date.fromisoformat(info["trigger"]) if info.get("trigger") else None

    # ------------------------------------------------------------------ deleting a trigger
    def planned_from(
        self, *, event_id: int | None = None, item_id: int | None = None, family_member_id: int | None = None
    ) -> list[FollowUp]:
        """The open follow-ups planned from this event, item or family member: ask before deleting it."""
        with self.ctx.db.read() as session:
            query = (
                select(FollowUpRow, Customer.name, Staff.name)
                .join(Customer, Customer.id == FollowUpRow.customer_id)
                .outerjoin(Staff, Staff.id == FollowUpRow.staff_id)
                .where(
                    FollowUpRow.status == FollowUpStatus.OPEN.value,
                    self._trigger_clause(event_id, item_id, family_member_id),
                )
                .order_by(FollowUpRow.due_date, FollowUpRow.id)
            )
            return [follow_up_of(r, n, s) for r, n, s in session.execute(query)]

    def release_trigger(
        self,
        *,
        event_id: int | None = None,
        item_id: int | None = None,
        family_member_id: int | None = None,
        delete_open: bool,
    ) -> int:
        """Before the trigger is deleted: keep its open follow-ups (they stay, without the link) or delete them.
        Returns how many were deleted."""
        if not delete_open:
            return 0
        with self.ctx.db.transaction() as session:
            rows = list(
                session.scalars(
                    select(FollowUpRow).where(
                        FollowUpRow.status == FollowUpStatus.OPEN.value,
                        self._trigger_clause(event_id, item_id, family_member_id),
                    )
                )
            )
            changes = self._delete_rows(session, rows)
        self._publish(changes)
        return len(changes.follow_ups)

    def delete_open(self, follow_up_ids: Iterable[int]) -> int:
        """Delete these follow-ups, those still open (the user chose to drop what a removed item or family member
        had planned, once the card is saved). One transaction; returns how many were deleted."""
        wanted = sorted(set(follow_up_ids))
        if not wanted:
            return 0
        with self.ctx.db.transaction() as session:
            rows = list(
                session.scalars(
                    select(FollowUpRow).where(
                        FollowUpRow.id.in_(wanted), FollowUpRow.status == FollowUpStatus.OPEN.value
                    )
                )
            )
            changes = self._delete_rows(session, rows)
        self._publish(changes)
        return len(changes.follow_ups)

    def _delete_rows(self, session: Session, rows: Sequence[FollowUpRow]) -> Changes:
        """Delete these follow-ups, each with its audit line; the report of what went."""
        for row in rows:
            self.ctx.audit(session, "delete", "follow_up", row.id, row.customer_id, reason=row.reason)
        ids = [r.id for r in rows]
        if ids:
            session.execute(delete(FollowUpRow).where(FollowUpRow.id.in_(ids)))
        return Changes(customers=frozenset(r.customer_id for r in rows), follow_ups=frozenset(ids))

    @staticmethod
    def _trigger_clause(event_id: int | None, item_id: int | None, family_member_id: int | None) -> Any:
        given = [
            (FollowUpRow.source_event_id, event_id),
            (FollowUpRow.item_id, item_id),
            (FollowUpRow.family_member_id, family_member_id),
        ]
        clauses = [column == value for column, value in given if value is not None]
        if len(clauses) != 1:
            raise ValueError("give exactly one of event_id, item_id, family_member_id")
        return and_(clauses[0], FollowUpRow.scenario_step_id.is_not(None))

    # ------------------------------------------------------------------ running by itself
    def enable_auto(self) -> Callable[[], None]:
        """Listen to the change reports: plan scenarios for new purchases and visits, the next 車検 after one is
        done, re-plan edited cards. Returns the function that stops it. Errors are logged, never raised into the
        action that caused them (the user's save has already succeeded)."""
        return self.ctx.bus.subscribe(self._on_changes)

    def _publish(self, changes: Changes) -> None:
        """Report what planning changed; the automatic planning does not react to its own reports."""
        was = getattr(self._busy, "on", False)
        self._busy.on = True
        try:
            self.ctx.publish(changes)
        finally:
            self._busy.on = was

    def _on_changes(self, changes: Changes) -> None:
        if getattr(self._busy, "on", False) or changes.bulk:
            return
        self._busy.on = True
        try:
            for event_id in sorted(changes.events):
                self._quietly(self.apply_for_event, event_id)
            for follow_up_id in sorted(changes.follow_ups):
                self._quietly(self.schedule_next, follow_up_id)
            if len(changes.customers) <= 50:
                for customer_id in sorted(changes.customers):
                    self._quietly(self.replan_customer, customer_id)
        finally:
            self._busy.on = False

    @staticmethod
    def _quietly(action: Callable[[int], object], value: int) -> None:
        try:
            action(value)
        except CrmError as exc:
            log.warning("scenario planning for %s skipped: %s", value, exc.message)
        except Exception:
            log.exception("scenario planning for %s failed", value)

    # ------------------------------------------------------------------ facts about triggers
    def _customer(self, session: Session, customer_id: int) -> Customer:
        customer = session.get(Customer, customer_id)
        if customer is None:
            raise NotFoundError(f"顧客 {customer_id} が見つかりません")
        return customer

    def _store_kind(self, session: Session) -> str:
        profile = session.get(StoreProfileRow, 1)
        return profile.kind if profile is not None else "dealer"

    def _policy(self, session: Session) -> CalendarPolicy:
        row = session.get(StoreSetting, STORE_SETTINGS_KEY)
        settings = StoreSettings.from_dict(row.value if row else None)
        try:
            shift = Shift(settings.holiday_shift)
        except ValueError:
            shift = Shift.BEFORE
        return CalendarPolicy(frozenset(int(d) for d in settings.closed_weekdays), shift)

    def _event_matches(
        self, session: Session, trigger: Trigger, flt: dict[str, Any], event: HistoryEventRow, store_kind: str
    ) -> bool:
        if flt.get("store_kind") and flt["store_kind"] != store_kind:
            return False
        kind = EventKind(event.kind)
        if trigger is Trigger.PURCHASE:
            if kind is not EventKind.PURCHASE:
                return False
            category = flt.get("category")
            if category:
                item = self._event_item(session, event)
                if item is not None and item.category != category:
                    return False
            return True
        if trigger in (Trigger.VISIT, Trigger.FIRST_VISIT):
            if kind is not EventKind.VISIT:
                return False
            needle = flt.get("menu_contains")
            if needle and needle not in (event.menu or event.summary):
                return False
            if trigger is Trigger.FIRST_VISIT:
                earlier = session.scalar(
                    select(func.count(HistoryEventRow.id)).where(
                        HistoryEventRow.customer_id == event.customer_id,
                        HistoryEventRow.kind.in_((EventKind.VISIT.value, EventKind.PURCHASE.value)),
                        HistoryEventRow.occurred_at < event.occurred_at,
                    )
                )
                return not earlier
            return True
        return False

    def _event_item(self, session: Session, event: HistoryEventRow) -> OwnedItemRow | None:
        """The item a purchase was about: named in the event, else the customer's item bought that day."""
        item_id = (event.details or {}).get("item_id")
        if isinstance(item_id, int):
            item = session.get(OwnedItemRow, item_id)
            if item is not None and item.customer_id == event.customer_id:
                return item
        day = _local_date(event.occurred_at)
        return session.scalar(
            select(OwnedItemRow)
            .where(OwnedItemRow.customer_id == event.customer_id, OwnedItemRow.purchase_date == day)
            .order_by(OwnedItemRow.id.desc())
            .limit(1)
        )

    def _usual_days(self, session: Session, customer_id: int, until: datetime) -> int | None:
        visits = session.scalars(
            select(HistoryEventRow.occurred_at)
            .where(
                HistoryEventRow.customer_id == customer_id,
                HistoryEventRow.kind == EventKind.VISIT.value,
                HistoryEventRow.occurred_at <= until,
            )
            .order_by(HistoryEventRow.occurred_at.desc())
            .limit(12)
        )
        return usual_interval_days(_local_date(v) for v in visits)

    def _facts_for(
        self,
        session: Session,
        loaded: _Loaded,
        customer: Customer,
        source: _Source,
        trigger_date: date | None,
    ) -> list[tuple[TriggerFacts, Milestone | None]]:
        """The trigger facts for applying a scenario: one, or for milestones one per milestone coming up."""
        trigger = loaded.trigger
        flt = loaded.scenario.trigger_filter or {}
        if trigger is Trigger.MILESTONE and trigger_date is None:
            birthday, name, relation = self._person(session, customer, source)
            if birthday is None:
                return []
            today = self.ctx.today()
            wanted = [Milestone(m) for m in flt.get("milestones") or [m.value for m in Milestone]]
            found = milestones_between(birthday, today, today + timedelta(days=3 * 366), wanted)
            return [
                (
                    TriggerFacts(
                        m.day,
                        customer.name,
                        member_name=name,
                        relation=relation,
                        milestone=m.milestone,
                        age=m.age,
                    ),
                    m.milestone,
                )
                for m in found[:1]
            ]
        facts = self._current_facts(
            session, loaded, customer, source, trigger_date, None, explicit=trigger_date
        )
        return [(facts, None)] if facts is not None else []

    def _current_facts(
        self,
        session: Session,
        loaded: _Loaded,
        customer: Customer,
        source: _Source,
        planned_trigger: date | None,
        milestone: Milestone | None,
        *,
        explicit: date | None = None,
    ) -> TriggerFacts | None:
        """The trigger's facts as they are now in the database (for planning and re-planning)."""
        trigger = loaded.trigger
        flt = loaded.scenario.trigger_filter or {}
        today = self.ctx.today()
        if trigger in (Trigger.PURCHASE, Trigger.VISIT, Trigger.FIRST_VISIT):
            event = session.get(HistoryEventRow, source.event_id) if source.event_id is not None else None
            if event is None:
                if explicit is None:
                    return None
                return TriggerFacts(explicit, customer.name)
            item = self._event_item(session, event) if trigger is Trigger.PURCHASE else None
            day = explicit or _local_date(event.occurred_at)
            if item is not None:
                item_name = item.name
            else:
                item_name = "お車" if flt.get("category") == ItemCategory.CAR.value else ""
            usual = None
            if any(r.offset.usual for r in loaded.rules):
                usual = self._usual_days(session, customer.id, event.occurred_at)
            return TriggerFacts(
                day, customer.name, item_name=item_name, menu=event.menu or event.summary, usual_days=usual
            )
        if trigger is Trigger.ITEM_DATE:
            item = session.get(OwnedItemRow, source.item_id) if source.item_id is not None else None
            if item is None:
                return TriggerFacts(explicit, customer.name) if explicit else None
            day = explicit or getattr(item, flt.get("field", "inspection_expiry"))
            if day is None:
                return None
            return TriggerFacts(day, customer.name, item_name=item.name)
        birthday, name, relation = self._person(session, customer, source)
        if trigger is Trigger.BIRTHDAY:
            if explicit is not None:
                day = explicit
            elif birthday is None:
                return None
            elif planned_trigger is not None:
                day = birthday_in_year(birthday, planned_trigger.year)
            else:
                day = next_birthday(birthday, today)
            age = day.year - birthday.year if birthday is not None else None
            return TriggerFacts(day, customer.name, member_name=name, relation=relation, age=age)
        # a milestone being re-planned: the same milestone from the (possibly corrected) birthday
        if birthday is None or milestone is None:
            return TriggerFacts(explicit, customer.name) if explicit else None
        found = milestones_between(birthday, date.min, date.max, [milestone])
        if not found:
            return None
        return TriggerFacts(
            explicit or found[0].day,
            customer.name,
            member_name=name,
            relation=relation,
            milestone=milestone,
            age=MILESTONE_AGES[milestone],
        )

    def _person(self, session: Session, customer: Customer, source: _Source) -> tuple[date | None, str, str]:
        """Birthday, name (empty = the customer) and relation of whom a birthday or milestone is about."""
        if source.member_id is not None:
            member = session.get(FamilyMemberRow, source.member_id)
            if member is None or member.customer_id != customer.id:
                raise NotFoundError(f"家族 {source.member_id} が見つかりません")
            return member.birthday, member.name, member.relation
        return customer.birthday, "", ""

    def _upcoming(
        self, session: Session, loaded: _Loaded, flt: dict[str, Any], first: date, last: date
    ) -> Iterable[tuple[Customer, _Source, TriggerFacts, Milestone | None]]:
        """Every trigger of a time-based scenario whose date falls between two dates (set-based queries)."""
        live = and_(Customer.deleted_at.is_(None), Customer.phase != "lost")
        who = flt.get("who", "customer" if loaded.trigger is Trigger.BIRTHDAY else "any")
        if loaded.trigger is Trigger.ITEM_DATE:
            column = getattr(OwnedItemRow, flt.get("field", "inspection_expiry"))
            query = (
                select(OwnedItemRow, Customer)
                .join(Customer, Customer.id == OwnedItemRow.customer_id)
                .where(live, column.between(first, last))
            )
            if flt.get("category"):
                query = query.where(OwnedItemRow.category == flt["category"])
            for item, customer in session.execute(query):
                day = getattr(item, flt.get("field", "inspection_expiry"))
                yield (
                    customer,
                    _Source(customer.id, item_id=item.id),
                    TriggerFacts(day, customer.name, item_name=item.name),
                    None,
                )
            return
        people = self._people_with_birthdays(session, live, who, loaded, flt, first, last)
        for customer, member, birthday in people:
            name, relation = (member.name, member.relation) if member is not None else ("", "")
            source = _Source(customer.id, member_id=member.id if member is not None else None)
            if loaded.trigger is Trigger.BIRTHDAY:
                day = next_birthday(birthday, first)
                if day > last:
                    continue
                yield (
                    customer,
                    source,
                    TriggerFacts(
                        day, customer.name, member_name=name, relation=relation, age=day.year - birthday.year
                    ),
                    None,
                )
                continue
            wanted = [Milestone(m) for m in flt.get("milestones") or [m.value for m in Milestone]]
            for found in milestones_between(birthday, first, last, wanted):
                yield (
                    customer,
                    source,
                    TriggerFacts(
                        found.day,
                        customer.name,
                        member_name=name,
                        relation=relation,
                        milestone=found.milestone,
                        age=found.age,
                    ),
                    found.milestone,
                )

    def _people_with_birthdays(
        self,
        session: Session,
        live: Any,
        who: str,
        loaded: _Loaded,
        flt: dict[str, Any],
        first: date,
        last: date,
    ) -> list[tuple[Customer, FamilyMemberRow | None, date]]:
        from crmdesk.services.today import birthday_clause

        def clause(column: Any) -> Any:
            if loaded.trigger is Trigger.BIRTHDAY:
                return birthday_clause(session, column, first, last)
            ranges = []
            for value in flt.get("milestones") or [m.value for m in Milestone]:
                found = milestone_birth_range(Milestone(value), first, last)
                if found is not None:
                    ranges.append(column.between(*found))
            return or_(*ranges) if ranges else false()

        people: list[tuple[Customer, FamilyMemberRow | None, date]] = []
        if who in ("customer", "any"):
            for customer in session.scalars(select(Customer).where(live, clause(Customer.birthday))):
                assert customer.birthday is not None
                people.append((customer, None, customer.birthday))
        if who in ("family", "any"):
            query = (
                select(FamilyMemberRow, Customer)
                .join(Customer, Customer.id == FamilyMemberRow.customer_id)
                .where(live, clause(FamilyMemberRow.birthday))
            )
            for member, customer in session.execute(query):
                assert member.birthday is not None
                people.append((customer, member, member.birthday))
        return people
