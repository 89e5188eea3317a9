"""Scenarios on a real database: defaults, applying, consent, re-planning, deleting a trigger, repetition."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from crmdesk.domain.errors import ConflictError, ValidationError
from crmdesk.domain.records import Consent, CustomerDraft, EventDraft, FamilyMember, OwnedItem, StoreProfile
from crmdesk.domain.scenario_rules import Trigger
from crmdesk.domain.values import EventKind, FollowUpKind, FollowUpStatus, ItemCategory
from crmdesk.services.bundle import Services
from crmdesk.services.scenarios import CONSENT_SKIP_PREFIX, DEFAULT_SCENARIOS, ScenarioDraft, ScenarioStepInfo

TODAY = date(2026, 11, 22)  # the fixed clock of the `services` fixture (a Sunday)


@pytest.fixture
def auto(services: Services) -> Services:
    services.scenarios.enable_auto()
    return services


def at(day: date, hour: int = 11) -> datetime:
    """A local (Japan) time on a day, as the app stores it."""
    return datetime(day.year, day.month, day.day, hour).astimezone().astimezone(UTC)


def customer(services: Services, name: str = "山田 太郎", **fields: object) -> int:
    return services.customers.create(CustomerDraft(name=name, name_kana="ヤマダ タロウ", **fields)).id  # type: ignore[arg-type]


def open_follow_ups(services: Services, customer_id: int) -> list[tuple[date, FollowUpKind, str]]:
    card = services.customers.card(customer_id)
    return [(f.due_date, f.kind, f.reason) for f in card.follow_ups if f.status is FollowUpStatus.OPEN]


def buy_car(services: Services, customer_id: int, day: date) -> int:
    return services.history.add(
        customer_id, EventDraft(EventKind.PURCHASE, "新車ご購入", occurred_at=at(day), amount_yen=3_000_000)
    ).id


def test_the_shipped_scenarios_are_created_once_and_a_store_edit_survives(services: Services) -> None:
    assert services.scenarios.ensure_defaults() == len(DEFAULT_SCENARIOS)
    assert services.scenarios.ensure_defaults() == 0
    car = services.scenarios.find("お車のご購入後")
    assert car is not None and car.builtin and car.trigger is Trigger.PURCHASE
    assert [s.offset for s in car.steps] == ["+3d", "+7d", "+1m", "+6m", "+12m", "+3y every 2y, 2m before"]
    assert car.steps[-1].timing == "3年後、以後2年ごと（2か月前）"
    edited = ScenarioDraft(car.name, car.trigger, car.steps[:2], car.trigger_filter)
    services.scenarios.save(edited, car.id)
    services.scenarios.set_active(car.id, False)
    assert services.scenarios.ensure_defaults() == 0
    again = services.scenarios.get(car.id)
    assert len(again.steps) == 2 and not again.active


def test_a_shipped_scenario_cannot_be_deleted_only_switched_off(services: Services) -> None:
    birthday = services.scenarios.find("お誕生日のプレゼント")
    assert birthday is not None
    with pytest.raises(ValidationError) as caught:
        services.scenarios.delete(birthday.id)
    assert caught.value.code == "builtin"
    assert not services.scenarios.set_active(birthday.id, False).active


def test_a_store_scenario_is_checked_when_saved_and_can_be_deleted(services: Services) -> None:
    step = ScenarioStepInfo("+2w", FollowUpKind.CALL, "{trigger_month}月のご購入から2週間")
    made = services.scenarios.save(ScenarioDraft("カメラご購入後", Trigger.PURCHASE, (step,)))
    assert not made.builtin and made.steps[0].timing == "2週間後"
    with pytest.raises(ConflictError):
        services.scenarios.save(ScenarioDraft("カメラご購入後", Trigger.PURCHASE, (step,)))
    bad = ScenarioStepInfo("two weeks", FollowUpKind.CALL, "理由")
    with pytest.raises(ValidationError) as caught:
        services.scenarios.save(ScenarioDraft("だめな例", Trigger.PURCHASE, (bad,)))
    assert caught.value.field == "タイミング"
    services.scenarios.delete(made.id)
    assert services.scenarios.find("カメラご購入後") is None


def test_logging_a_car_purchase_plans_the_dealer_follow_ups_with_their_reasons(auto: Services) -> None:
    cid = customer(auto, items=[OwnedItem("プリウス", ItemCategory.CAR, purchase_date=date(2026, 11, 19))])
    buy_car(auto, cid, date(2026, 11, 19))
    assert open_follow_ups(auto, cid) == [
        # +3d is 11/22 (today, a Sunday: open by default)
        (date(2026, 11, 22), FollowUpKind.LETTER, "11月19日にプリウスをご購入いただいたお礼状"),
        (date(2026, 11, 26), FollowUpKind.CALL, "お礼状が届いた頃です。プリウスの乗り心地をお伺いする"),
        (date(2026, 12, 19), FollowUpKind.INSPECTION, "ご納車から1か月、1か月点検の時期です（プリウス）"),
        (date(2027, 5, 19), FollowUpKind.INSPECTION, "ご納車から6か月、6か月点検の時期です（プリウス）"),
        (date(2027, 11, 19), FollowUpKind.INSPECTION, "ご納車から1年、12か月点検の時期です（プリウス）"),
        (date(2029, 9, 19), FollowUpKind.INSPECTION, "11月が車検の満了日です（プリウス）"),
    ]


def test_applying_a_scenario_twice_plans_nothing_twice(auto: Services) -> None:
    cid = customer(auto)
    event_id = buy_car(auto, cid, date(2026, 11, 20))
    report = auto.scenarios.apply_for_event(event_id)
    assert report.created == () and report.already_planned == 6
    assert len(open_follow_ups(auto, cid)) == 6


def test_follow_ups_falling_on_holidays_and_closed_days_move_to_an_open_day(services: Services) -> None:
    settings = services.store.settings()
    settings.closed_weekdays = [2]  # closed on Wednesdays
    settings.holiday_shift = "after"
    services.store.save_settings(settings)
    friday = customer(services, "山田 太郎")
    created = services.scenarios.apply_for_event(buy_car(services, friday, date(2026, 11, 20))).created
    assert created[0].due_date == date(2026, 11, 24)  # +3d = Monday 11/23, 勤労感謝の日 → Tuesday
    wednesday = customer(services, "鈴木 一郎")
    created = services.scenarios.apply_for_event(buy_car(services, wednesday, date(2026, 11, 18))).created
    assert [f.due_date for f in created] == [
        date(2026, 11, 22),  # +3d = 11/21 had passed when the purchase was entered: today
        date(2026, 11, 26),  # +7d = Wednesday 11/25 → Thursday
        date(2026, 12, 18),
        date(2027, 5, 18),
        date(2027, 11, 18),
        date(2029, 9, 18),
    ]


def test_customers_who_refused_letters_get_no_letter_and_the_skip_says_why(auto: Services) -> None:
    cid = customer(auto, consent=Consent(letter=False, phone=True))
    buy_car(auto, cid, date(2026, 11, 19))
    kinds = [kind for _, kind, _ in open_follow_ups(auto, cid)]
    assert FollowUpKind.LETTER not in kinds and FollowUpKind.CALL in kinds
    skipped = [f for f in auto.customers.card(cid).follow_ups if f.status is FollowUpStatus.SKIPPED]
    assert [(f.kind, f.result) for f in skipped] == [
        (FollowUpKind.LETTER, f"{CONSENT_SKIP_PREFIX}郵送物を希望されていません（DM不可）")
    ]
    assert auto.history.events(cid, kinds=[EventKind.NOTE]) == []  # nothing on the timeline for it


def test_customers_who_refused_calls_get_no_call(services: Services) -> None:
    cid = customer(services, consent=Consent(letter=True, phone=False))
    report = services.scenarios.apply_for_event(buy_car(services, cid, date(2026, 11, 19)))
    assert FollowUpKind.CALL not in {f.kind for f in report.created}
    assert [f.kind for f in report.skipped_consent] == [FollowUpKind.CALL]
    assert report.skipped_consent[0].result.endswith("電話連絡を希望されていません")


def test_correcting_the_purchase_date_replans_the_open_follow_ups_only(auto: Services) -> None:
    cid = customer(auto)
    event_id = buy_car(auto, cid, date(2026, 11, 19))
    letter = next(f for f in auto.customers.card(cid).follow_ups if f.kind is FollowUpKind.LETTER)
    auto.followups.complete(letter.id, "お送りしました")
    report = auto.scenarios.change_trigger_date(event_id, date(2026, 11, 24))
    assert len(report.replanned) == 5
    follow_ups = auto.customers.card(cid).follow_ups
    done = next(f for f in follow_ups if f.id == letter.id)
    assert done.status is FollowUpStatus.DONE and done.due_date == date(2026, 11, 22)
    opened = {(f.due_date, f.reason) for f in follow_ups if f.status is FollowUpStatus.OPEN}
    assert opened == {
        (date(2026, 12, 1), "お礼状が届いた頃です。お車の乗り心地をお伺いする"),
        (date(2026, 12, 24), "ご納車から1か月、1か月点検の時期です（お車）"),
        (date(2027, 5, 24), "ご納車から6か月、6か月点検の時期です（お車）"),
        (date(2027, 11, 24), "ご納車から1年、12か月点検の時期です（お車）"),
        # 2029-09-24 is a 振替休日 (秋分の日 falls on Sunday 23rd): the Saturday before
        (date(2029, 9, 22), "11月が車検の満了日です（お車）"),
    }
    assert auto.history.events(cid, kinds=[EventKind.PURCHASE])[0].occurred_at == at(date(2026, 11, 24))


def test_a_new_shaken_date_on_the_card_replans_and_a_date_moved_by_hand_survives_saving(
    auto: Services,
) -> None:
    warranty = auto.scenarios.find("保証終了のご案内")
    assert warranty is not None
    cid = customer(auto, items=[OwnedItem("アクア", ItemCategory.CAR, warranty_end=date(2027, 3, 31))])
    card = auto.customers.card(cid)
    item_id = card.items[0].id
    assert item_id is not None
    planned = auto.scenarios.apply(warranty.id, cid, item_id=item_id).created
    assert [(f.due_date, f.reason) for f in planned] == [
        (date(2027, 2, 28), "3月にアクアの保証が終わります。延長保証と点検のご案内を")
    ]
    moved = auto.followups.reschedule(planned[0].id, date(2027, 2, 20))
    draft = auto.customers.card(cid).to_draft()
    draft.memo = "メモだけ変更"
    auto.customers.update(cid, draft)
    assert auto.customers.card(cid).follow_ups[0].due_date == moved.due_date
    draft = auto.customers.card(cid).to_draft()
    draft.items = [OwnedItem("アクア", ItemCategory.CAR, warranty_end=date(2027, 6, 30), id=item_id)]
    auto.customers.update(cid, draft)
    replanned = auto.customers.card(cid).follow_ups[0]
    assert (replanned.due_date, replanned.reason) == (
        date(2027, 5, 30),
        "6月にアクアの保証が終わります。延長保証と点検のご案内を",
    )


def test_deleting_a_purchase_can_keep_or_delete_what_it_planned(services: Services) -> None:
    first = customer(services, "山田 太郎")
    second = customer(services, "鈴木 一郎")
    kept_event = buy_car(services, first, date(2026, 11, 20))
    dropped_event = buy_car(services, second, date(2026, 11, 20))
    services.scenarios.apply_for_event(kept_event)
    services.scenarios.apply_for_event(dropped_event)
    assert len(services.scenarios.planned_from(event_id=dropped_event)) == 6
    assert services.scenarios.release_trigger(event_id=kept_event, delete_open=False) == 0
    services.history.delete(kept_event)
    assert len(open_follow_ups(services, first)) == 6
    assert services.scenarios.release_trigger(event_id=dropped_event, delete_open=True) == 6
    services.history.delete(dropped_event)
    assert open_follow_ups(services, second) == []


def test_finishing_the_shaken_follow_up_plans_the_next_one_two_years_later(auto: Services) -> None:
    cid = customer(auto)
    buy_car(auto, cid, date(2024, 1, 20))  # first 車検 2027-01-20: call two months ahead, that is now
    shaken = [f for f in auto.customers.card(cid).follow_ups if f.status is FollowUpStatus.OPEN]
    assert [(f.due_date, f.reason) for f in shaken] == [(date(2026, 11, 22), "1月が車検の満了日です（お車）")]
    auto.followups.complete(shaken[0].id, "車検のご予約をいただきました")
    assert open_follow_ups(auto, cid) == [
        (date(2028, 11, 20), FollowUpKind.INSPECTION, "1月が車検の満了日です（お車）")
    ]
    following = next(f for f in auto.customers.card(cid).follow_ups if f.status is FollowUpStatus.OPEN)
    auto.followups.complete(following.id, "", skipped=True)
    assert open_follow_ups(auto, cid)[0][0] == date(2030, 11, 20)


def salon(services: Services) -> None:
    services.store.save_profile(StoreProfile(name="hair salon Sakura", kind="salon"))


def visit(services: Services, cid: int, day: date, menu: str) -> int:
    return services.history.add(
        cid, EventDraft(EventKind.VISIT, f"{menu}（田中）", occurred_at=at(day), menu=menu, amount_yen=9900)
    ).id


def test_a_salon_visit_plans_a_thank_you_note_and_a_call_when_the_usual_interval_has_passed(
    services: Services,
) -> None:
    salon(services)
    cid = customer(services, "佐藤 花子")
    for day in (date(2026, 3, 21), date(2026, 5, 21), date(2026, 7, 21), date(2026, 9, 20)):
        visit(services, cid, day, "カット")
    report = services.scenarios.apply_for_event(visit(services, cid, date(2026, 11, 20), "カット＋カラー"))
    assert [(f.due_date, f.kind, f.reason) for f in report.created] == [
        (date(2026, 11, 22), FollowUpKind.LETTER, "11月20日のご来店（カラー）のお礼状"),  # 11/21 had passed
        (date(2027, 1, 20), FollowUpKind.CALL, "前回のカラーから2か月"),  # every 61 days
    ]


def test_a_new_visit_replaces_the_call_planned_after_the_previous_one(auto: Services) -> None:
    salon(auto)
    cid = customer(auto, "佐藤 花子")
    visit(auto, cid, date(2026, 10, 1), "パーマ")
    assert [k for _, k, _ in open_follow_ups(auto, cid)] == [FollowUpKind.CALL]  # the note's day has passed
    visit(auto, cid, date(2026, 11, 21), "カット")
    assert open_follow_ups(auto, cid) == [
        (date(2026, 11, 22), FollowUpKind.LETTER, "11月21日のご来店（カット）のお礼状"),
        (date(2027, 1, 21), FollowUpKind.CALL, "前回のカットから2か月"),
    ]


def test_the_car_scenario_does_not_run_in_a_salon(services: Services) -> None:
    salon(services)
    cid = customer(services)
    assert services.scenarios.apply_for_event(buy_car(services, cid, date(2026, 11, 20))).created == ()


def test_upcoming_birthdays_and_milestones_get_their_follow_ups_once(services: Services) -> None:
    cid = customer(
        services,
        birthday=date(1966, 12, 1),  # 還暦 on 2026-12-01
        family=[
            FamilyMember("長男", "山田 翔", birthday=date(2009, 1, 20)),  # 18 on 2027-01-20
            FamilyMember("長女", "山田 咲", birthday=date(2006, 5, 5)),  # 成人式 2027-01-11
        ],
    )
    report = services.scenarios.plan_upcoming()
    assert sorted((f.due_date, f.kind, f.reason) for f in report.created) == [
        # the lead times of these three have passed, their days have not: today
        (
            TODAY,
            FollowUpKind.CALL,
            "長男の山田 翔様が2027年1月に18歳になられます。免許の取得と初めてのお車のご相談を",
        ),
        (TODAY, FollowUpKind.GIFT, "山田 太郎様が12月1日に還暦（60歳）を迎えられます。お祝いの品を"),
        (
            TODAY,
            FollowUpKind.LETTER,
            "長女の山田 咲様が2027年1月11日に成人式を迎えられます。お祝いのお手紙を",
        ),
        (
            date(2026, 11, 24),
            FollowUpKind.GIFT,
            "12月1日がお誕生日です（60歳）。割引券ではなく、ささやかなプレゼントをお贈りする",
        ),
    ]
    assert services.scenarios.plan_upcoming().created == ()
    assert len(open_follow_ups(services, cid)) == 4


def test_a_corrected_birthday_replans_the_gift(auto: Services) -> None:
    cid = customer(auto, birthday=date(1980, 12, 1))
    auto.scenarios.plan_upcoming()
    assert open_follow_ups(auto, cid)[0][0] == date(2026, 11, 24)
    draft = auto.customers.card(cid).to_draft()
    draft.birthday = date(1980, 12, 3)
    auto.customers.update(cid, draft)
    assert open_follow_ups(auto, cid) == [
        (
            date(2026, 11, 26),
            FollowUpKind.GIFT,
            "12月3日がお誕生日です（46歳）。割引券ではなく、ささやかなプレゼントをお贈りする",
        )
    ]


def test_the_automatic_planning_never_breaks_the_action_that_triggered_it(
    auto: Services, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(_: int) -> None:
        raise RuntimeError("boom")

    broken_apply: Callable[[int], None] = broken
    monkeypatch.setattr(auto.scenarios, "apply_for_event", broken_apply)
    cid = customer(auto)
    buy_car(auto, cid, date(2026, 11, 20))
    assert len(auto.history.events(cid)) == 1
    assert "scenario planning" in caplog.text


def test_a_new_visit_keeps_the_thank_you_note_of_the_visit_before(auto: Services) -> None:
    salon(auto)
    cid = customer(auto, "佐藤 花子")
    visit(auto, cid, date(2026, 11, 21), "カット")
    visit(auto, cid, date(2026, 11, 22), "トリートメント")
    reasons = [reason for _, _, reason in open_follow_ups(auto, cid)]
    assert "11月21日のご来店（カット）のお礼状" in reasons
    assert "11月22日のご来店（トリートメント）のお礼状" in reasons
    assert [r for r in reasons if r.startswith("前回の")] == ["前回のトリートメントから2か月"]
