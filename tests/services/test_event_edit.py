"""Correcting a history event: its date (the open follow-ups planned from it move with it) or deleting it (with or
without those follow-ups), each in one transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crmdesk.domain.errors import NotFoundError
from crmdesk.domain.records import CustomerDraft, EventDraft
from crmdesk.domain.values import EventKind, FollowUpKind, FollowUpStatus
from crmdesk.services import history as history_module
from crmdesk.services import scenarios as scenarios_module
from crmdesk.services.bundle import Services
from crmdesk.services.changes import Changes


@pytest.fixture
def auto(services: Services) -> Services:
    services.scenarios.enable_auto()
    return services


def at(day: date, hour: int = 11) -> datetime:
    return datetime(day.year, day.month, day.day, hour).astimezone().astimezone(UTC)


def customer(services: Services) -> int:
    return services.customers.create(CustomerDraft(name="山田 太郎", name_kana="ヤマダ タロウ")).id


def buy_car(services: Services, customer_id: int, day: date) -> int:
    return services.history.add(
        customer_id, EventDraft(EventKind.PURCHASE, "新車ご購入", occurred_at=at(day), amount_yen=3_000_000)
    ).id


def open_dues(services: Services, customer_id: int) -> dict[int, date]:
    card = services.customers.card(customer_id)
    return {f.id: f.due_date for f in card.follow_ups if f.status is FollowUpStatus.OPEN}


def last_contact(services: Services, customer_id: int) -> date | None:
    return services.customers.rows([customer_id])[0].last_contact


def test_changing_the_purchase_date_moves_the_event_the_last_contact_and_the_open_follow_ups(
    auto: Services,
) -> None:
    cid = customer(auto)
    event_id = buy_car(auto, cid, date(2026, 11, 19))
    before = open_dues(auto, cid)
    assert len(before) == 6
    seen: list[Changes] = []
    auto.ctx.bus.subscribe(seen.append)
    report = auto.scenarios.change_trigger_date(event_id, date(2026, 11, 21))
    assert len(report.replanned) == 6
    after = open_dues(auto, cid)
    assert set(after) == set(before)  # the same follow-ups, moved, none added
    assert all(after[fid] > before[fid] for fid in before)
    letter = next(f for f in report.replanned if f.kind is FollowUpKind.LETTER)
    assert letter.due_date == date(2026, 11, 24)  # +3 days from the corrected day
    assert auto.history.events(cid)[0].occurred_at == at(date(2026, 11, 21))
    assert last_contact(auto, cid) == date(2026, 11, 21)
    assert any(cid in c.customers and event_id in c.events for c in seen)  # the card and Today refresh


def test_a_failing_replan_leaves_the_event_date_as_it_was(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = customer(services)
    event_id = buy_car(services, cid, date(2026, 11, 19))
    services.scenarios.apply_for_event(event_id)
    before = open_dues(services, cid)

    def broken(*_args: object, **_kwargs: object) -> list[object]:
        raise RuntimeError("disk full")

    monkeypatch.setattr(scenarios_module.ScenarioService, "_replan_rows", broken)
    with pytest.raises(RuntimeError):
        services.scenarios.change_trigger_date(event_id, date(2026, 11, 12))
    assert services.history.events(cid)[0].occurred_at == at(date(2026, 11, 19))
    assert open_dues(services, cid) == before
    assert last_contact(services, cid) == date(2026, 11, 19)


def test_deleting_a_purchase_with_its_follow_ups_keeps_the_done_ones_and_the_earlier_contact(
    auto: Services,
) -> None:
    cid = customer(auto)
    auto.history.add(cid, EventDraft(EventKind.CALL, "お見積りのご連絡", occurred_at=at(date(2026, 11, 1))))
    event_id = buy_car(auto, cid, date(2026, 11, 19))
    letter = next(f for f in auto.customers.card(cid).follow_ups if f.kind is FollowUpKind.LETTER)
    auto.followups.complete(letter.id, "お送りしました")
    assert len(auto.scenarios.planned_from(event_id=event_id)) == 5
    assert auto.history.delete(event_id, drop_planned=True) == 5
    card = auto.customers.card(cid)
    assert [f.id for f in card.follow_ups if f.status is FollowUpStatus.OPEN] == []
    assert [f.id for f in card.follow_ups if f.status is FollowUpStatus.DONE] == [letter.id]
    assert [e.summary for e in card.events if e.kind is not EventKind.LETTER] == ["お見積りのご連絡"]
    assert last_contact(auto, cid) == date(2026, 11, 22)  # the letter sent today
    with pytest.raises(NotFoundError):
        auto.history.delete(event_id)


def test_deleting_a_purchase_but_keeping_its_follow_ups_leaves_them_on_their_dates(auto: Services) -> None:
    cid = customer(auto)
    auto.history.add(cid, EventDraft(EventKind.CALL, "お見積りのご連絡", occurred_at=at(date(2026, 11, 1))))
    event_id = buy_car(auto, cid, date(2026, 11, 19))
    before = open_dues(auto, cid)
    assert auto.history.delete(event_id) == 0
    assert open_dues(auto, cid) == before  # the automatic re-planning leaves them alone without their event
    assert [e.summary for e in auto.customers.card(cid).events] == ["お見積りのご連絡"]
    assert last_contact(auto, cid) == date(2026, 11, 1)  # the mistaken purchase is no longer the last contact


def test_a_failing_delete_keeps_both_the_event_and_its_follow_ups(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = customer(services)
    event_id = buy_car(services, cid, date(2026, 11, 19))
    services.scenarios.apply_for_event(event_id)
    before = open_dues(services, cid)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(history_module, "reindex_customers", broken)
    with pytest.raises(RuntimeError):
        services.history.delete(event_id, drop_planned=True)
    assert open_dues(services, cid) == before
    assert [e.id for e in services.customers.card(cid).events] == [event_id]
