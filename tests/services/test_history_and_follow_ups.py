"""The timeline and follow-ups as staff use them: log what happened, plan what comes next, and why."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crmdesk.domain.errors import ValidationError
from crmdesk.domain.records import Consent, CustomerDraft, EventDraft, FollowUpDraft
from crmdesk.domain.values import EventKind, FollowUpKind, FollowUpStatus
from crmdesk.services.bundle import Services


@pytest.fixture
def customer_id(services: Services) -> int:
    return services.customers.create(CustomerDraft(name="齋藤 美咲", name_kana="サイトウ ミサキ")).id


def test_a_salon_visit_shows_menu_stylist_price_and_colour_formula(
    services: Services, customer_id: int
) -> None:
    services.history.add(
        customer_id,
        EventDraft(
            EventKind.VISIT,
            "カット＋カラー",
            occurred_at=datetime(2026, 11, 20, 2, 0, tzinfo=UTC),
            menu="カット＋カラー",
            stylist="ミカ",
            amount_yen=9900,
            treatment_notes="7N:8G=2:1 6% 30分",
            products="N. ポリッシュオイル",
        ),
    )
    event = services.customers.card(customer_id).events[0]
    assert (event.menu, event.stylist, event.amount_yen) == ("カット＋カラー", "ミカ", 9900)
    assert event.treatment_notes == "7N:8G=2:1 6% 30分"
    assert event.staff == "村上"


def test_the_timeline_is_newest_first_and_filters_by_kind_and_staff(
    services: Services, customer_id: int
) -> None:
    for day, kind in ((1, EventKind.CALL), (3, EventKind.PURCHASE), (2, EventKind.NOTE)):
        services.history.add(
            customer_id, EventDraft(kind, f"{kind.value}", occurred_at=datetime(2026, 11, day, tzinfo=UTC))
        )
    events = services.history.events(customer_id)
    assert [e.kind for e in events] == [EventKind.PURCHASE, EventKind.NOTE, EventKind.CALL]
    assert [e.kind for e in services.history.events(customer_id, kinds=[EventKind.CALL])] == [EventKind.CALL]
    assert services.history.events(customer_id, staff="大野") == []


def test_a_call_counts_as_the_last_contact_but_a_note_does_not(services: Services, customer_id: int) -> None:
    services.history.add(customer_id, EventDraft(EventKind.CALL, "点検のご案内", outcome="reached"))
    services.history.add(
        customer_id, EventDraft(EventKind.NOTE, "メモ", occurred_at=datetime(2026, 11, 23, tzinfo=UTC))
    )
    row = services.customers.rows([customer_id])[0]
    assert row.last_contact == date(2026, 11, 22)


def test_a_follow_up_carries_its_reason_and_finishing_it_goes_onto_the_timeline(
    services: Services, customer_id: int
) -> None:
    follow_up = services.followups.add(
        customer_id, FollowUpDraft(date(2026, 12, 1), FollowUpKind.CALL, "12月が車検の満了日です")
    )
    assert services.customers.rows([customer_id])[0].next_follow_up == date(2026, 12, 1)
    assert [f.reason for f in services.followups.due(date(2026, 11, 1), date(2026, 12, 31))] == [
        "12月が車検の満了日です"
    ]
    done = services.followups.complete(follow_up.id, "車検の予約をいただいた")
    assert done.status is FollowUpStatus.DONE
    timeline = services.customers.card(customer_id).events
    assert timeline[0].kind is EventKind.CALL
    assert "12月が車検の満了日です" in timeline[0].summary
    assert timeline[0].body == "車検の予約をいただいた"
    assert services.followups.due(date(2026, 11, 1), date(2026, 12, 31)) == []


def test_a_follow_up_can_be_moved_to_another_day(services: Services, customer_id: int) -> None:
    follow_up = services.followups.add(
        customer_id, FollowUpDraft(date(2026, 12, 1), FollowUpKind.VISIT, "納車1か月点検")
    )
    moved = services.followups.reschedule(follow_up.id, date(2026, 12, 5))
    assert moved.due_date == date(2026, 12, 5)


def test_a_follow_up_needs_a_reason(services: Services, customer_id: int) -> None:
    with pytest.raises(ValidationError) as raised:
        services.followups.add(customer_id, FollowUpDraft(date(2026, 12, 1), FollowUpKind.CALL, " "))
    assert raised.value.field == "理由"


def test_no_letter_follow_up_for_a_customer_who_refused_letters(services: Services) -> None:
    refused = services.customers.create(CustomerDraft(name="森 林", consent=Consent(letter=False)))
    with pytest.raises(ValidationError) as raised:
        services.followups.add(refused.id, FollowUpDraft(date(2026, 12, 1), FollowUpKind.LETTER, "お礼状"))
    assert raised.value.code == "consent"
    assert "DM不可" in raised.value.message
    assert services.followups.due() == []


def test_trashed_customers_follow_ups_are_not_due(services: Services, customer_id: int) -> None:
    services.followups.add(customer_id, FollowUpDraft(date(2026, 12, 1), FollowUpKind.CALL, "ご挨拶"))
    services.customers.delete(customer_id)
    assert services.followups.due() == []


def test_a_photo_over_ten_megabytes_is_refused(services: Services, customer_id: int) -> None:
    event = services.history.add(customer_id, EventDraft(EventKind.VISIT, "カット"))
    with pytest.raises(ValidationError) as raised:
        services.history.attach_photo(event.id, "after.jpg", "image/jpeg", b"\xff" * (11 * 1024 * 1024))
    assert "after.jpg" in raised.value.message
    services.history.attach_photo(event.id, "after.jpg", "image/jpeg", b"\xff\xd8\xff" + b"0" * 1000)
    assert services.customers.card(customer_id).events[0].photo_count == 1
