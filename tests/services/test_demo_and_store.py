"""The demo store looks like a real one; the store's profile, staff and settings are kept."""

from __future__ import annotations

from crmdesk.domain.records import StoreProfile
from crmdesk.domain.values import EventKind
from crmdesk.services.bundle import Services
from crmdesk.services.demo import DemoGenerator
from crmdesk.settings import PrinterOffset


def test_a_demo_dealership_has_families_cars_inspections_calls_and_follow_ups(services: Services) -> None:
    result = DemoGenerator(services.ctx).generate(60, kind="dealer", seed=3)
    assert result.customers == 60 and result.events > 300 and result.follow_ups > 40
    cards = [services.customers.card(i) for i in services.customers.browse_ids()]
    assert all(card.name and card.name_kana for card in cards)
    assert any(card.family for card in cards)
    assert any(item.inspection_expiry for card in cards for item in card.items)
    assert any(e.kind is EventKind.CALL for card in cards for e in card.events)
    assert any(card.notes for card in cards)
    assert services.store.profile().name
    assert services.store.staff_names()


def test_a_demo_salon_has_visits_with_menus_stylists_and_colour_formulas(services: Services) -> None:
    DemoGenerator(services.ctx).generate(40, kind="salon", seed=5)
    visits = [
        e
        for i in services.customers.browse_ids()
        for e in services.customers.card(i).events
        if e.kind is EventKind.VISIT
    ]
    assert visits and all(v.menu and v.stylist and v.amount_yen for v in visits)
    assert any(v.treatment_notes for v in visits)


def test_the_same_seed_makes_the_same_store(services: Services) -> None:
    DemoGenerator(services.ctx).generate(10, seed=9)
    first = [r.name for r in services.customers.rows(services.customers.browse_ids())]
    assert len(first) == 10
    DemoGenerator(services.ctx).generate(10, seed=9)
    names = [r.name for r in services.customers.rows(services.customers.browse_ids())]
    assert sorted(names) == sorted(first * 2)


def test_demo_generation_reports_progress_and_can_be_cancelled(services: Services) -> None:
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return False

    result = DemoGenerator(services.ctx).generate(12_000, seed=1, events_per_customer=1, progress=progress)
    assert result.cancelled
    assert seen == [(5000, 12_000)]
    assert services.customers.count() == 5000


def test_the_store_profile_staff_and_settings_are_kept(services: Services) -> None:
    services.store.save_profile(StoreProfile(name="hair salon Sakura", relationship_word="かかりつけ"))
    services.store.add_staff("ミカ")
    settings = services.store.settings()
    settings.closed_weekdays = [1]
    settings.printer_offsets["postcard"] = PrinterOffset(1.5, -0.5)
    services.store.save_settings(settings)
    assert services.store.profile().relationship_word == "かかりつけ"
    assert "ミカ" in services.store.staff_names()
    again = services.store.settings()
    assert again.closed_weekdays == [1]
    assert again.printer_offsets["postcard"] == PrinterOffset(1.5, -0.5)


def test_a_demo_customer_tagged_dm_fuka_is_one_who_refused_letters_and_every_such_customer_has_the_tag(
    services: Services,
) -> None:
    DemoGenerator(services.ctx).generate(300, kind="dealer", seed=5)
    cards = [services.customers.card(i) for i in services.customers.browse_ids()]
    refused = [card for card in cards if card.consent.letter is False]
    assert refused
    assert all("DM不可" in card.tags for card in refused)
    assert all(card.consent.letter is False for card in cards if "DM不可" in card.tags)
