"""The Today list on fixed data: what is due, birthdays, items, life events, dormant customers, consent notes."""

from __future__ import annotations

from datetime import UTC, date, datetime

from crmdesk.domain.calendar_rules import Milestone
from crmdesk.domain.records import (
    Consent,
    ContactPoint,
    CustomerDraft,
    EventDraft,
    FamilyMember,
    FollowUpDraft,
    OwnedItem,
)
from crmdesk.domain.values import ContactKind, EventKind, FollowUpKind, ItemCategory, Phase
from crmdesk.services.bundle import Services
from crmdesk.storage.models import Customer

TODAY = date(2026, 11, 22)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 11).astimezone().astimezone(UTC)


def add(services: Services, name: str, **fields: object) -> int:
    return services.customers.create(CustomerDraft(name=name, **fields)).id  # type: ignore[arg-type]


def follow(
    services: Services, cid: int, due: date, kind: FollowUpKind, reason: str, staff: str | None = None
) -> int:
    return services.followups.add(cid, FollowUpDraft(due, kind, reason, staff=staff)).id


def contacted(services: Services, cid: int, day: date) -> None:
    services.history.add(cid, EventDraft(EventKind.CALL, "近況のお電話", occurred_at=at(day)))


def test_follow_ups_due_today_and_overdue_are_grouped_by_kind_with_customer_reason_and_phone(
    services: Services,
) -> None:
    yamada = add(services, "山田 太郎", contacts=[ContactPoint(ContactKind.MOBILE, "090-1234-5678")])
    sato = add(services, "佐藤 花子")
    gone = add(services, "削除 済子")
    call = follow(services, yamada, TODAY, FollowUpKind.CALL, "お礼状が届いた頃のお電話")
    letter = follow(services, sato, date(2026, 11, 19), FollowUpKind.LETTER, "12月が車検の満了日です")
    follow(services, sato, date(2026, 11, 23), FollowUpKind.CALL, "明日の予定")
    done = follow(services, yamada, date(2026, 11, 20), FollowUpKind.GIFT, "お誕生日のプレゼント")
    services.followups.complete(done, "お渡ししました")
    follow(services, gone, TODAY, FollowUpKind.CALL, "ごみ箱の顧客")
    services.customers.delete(gone)

    today = services.today.today()

    assert [(g.label, g.total, g.overdue) for g in today.groups] == [
        ("お電話", 1, 0),
        ("印刷するお手紙", 1, 1),
        ("ギフト・プレゼント", 0, 0),
        ("訪問・ご来店", 0, 0),
        ("点検・車検のご案内", 0, 0),
    ]
    (due_call,) = today.group(FollowUpKind.CALL).items
    assert (due_call.id, due_call.customer_name, due_call.reason, due_call.phone, due_call.days_overdue) == (
        call,
        "山田 太郎",
        "お礼状が届いた頃のお電話",
        "090-1234-5678",
        0,
    )
    (due_letter,) = today.group(FollowUpKind.LETTER).items
    assert (due_letter.id, due_letter.customer_name, due_letter.days_overdue) == (letter, "佐藤 花子", 3)
    assert (today.due_total, today.overdue_total) == (2, 1)


def test_a_long_group_shows_the_oldest_first_and_says_how_many_there_are(services: Services) -> None:
    cid = add(services, "山田 太郎")
    for days_ago in range(5):
        follow(services, cid, date(2026, 11, 22 - days_ago), FollowUpKind.CALL, f"{days_ago}日前の予定")
    calls = services.today.today(limit=3).group(FollowUpKind.CALL)
    assert calls.total == 5 and calls.overdue == 4
    assert [i.reason for i in calls.items] == ["4日前の予定", "3日前の予定", "2日前の予定"]


def test_birthdays_of_customers_and_their_family_in_the_coming_days(services: Services) -> None:
    add(
        services,
        "山田 太郎",
        birthday=date(1966, 11, 25),
        family=[
            FamilyMember("長男", "山田 翔", birthday=date(2008, 12, 2)),
            FamilyMember("配偶者", "山田 花子", birthday=date(1970, 12, 20)),  # too far ahead
        ],
    )
    add(services, "佐藤 花子", birthday=date(1990, 11, 21))  # yesterday
    gone = add(services, "削除 済子", birthday=date(1980, 11, 24))
    services.customers.delete(gone)

    today = services.today.today()

    assert [
        (b.person_name, b.relation, b.day, b.age, b.days_until, b.milestone) for b in today.birthdays
    ] == [
        ("山田 太郎", "", date(2026, 11, 25), 60, 3, "還暦"),
        ("山田 翔", "長男", date(2026, 12, 2), 18, 10, "運転免許が取れる年齢"),
    ]
    assert today.birthdays_total == 2
    assert all(b.customer_name == "山田 太郎" for b in today.birthdays)


def test_the_number_of_days_ahead_is_a_store_setting(services: Services) -> None:
    add(services, "山田 花子", birthday=date(1970, 12, 20))
    assert services.today.today().birthdays == ()
    settings = services.store.settings()
    settings.birthday_days = 30
    services.store.save_settings(settings)
    today = services.today.today()
    assert [b.person_name for b in today.birthdays] == ["山田 花子"]
    assert today.birthday_days == 30


def test_birthdays_across_the_new_year_and_a_leap_day_birthday(services: Services) -> None:
    settings = services.store.settings()
    settings.birthday_days = 100
    services.store.save_settings(settings)
    add(services, "新年 生子", birthday=date(1985, 1, 3))
    add(services, "閏 日子", birthday=date(2004, 2, 29))  # celebrated on 2027-02-28
    add(services, "大晦 日男", birthday=date(1975, 12, 31))
    today = services.today.today()
    assert [(b.person_name, b.day) for b in today.birthdays] == [
        ("大晦 日男", date(2026, 12, 31)),
        ("新年 生子", date(2027, 1, 3)),
        ("閏 日子", date(2027, 2, 28)),
    ]


def test_life_events_in_the_coming_days(services: Services) -> None:
    add(
        services,
        "山田 太郎",
        birthday=date(1956, 12, 10),  # 古希 2026-12-10
        family=[
            FamilyMember("長男", "山田 翔", birthday=date(2009, 1, 5)),  # 18 on 2027-01-05
            FamilyMember("長女", "山田 咲", birthday=date(2006, 7, 7)),  # 成人式 2027-01-11
        ],
    )
    events = services.today.today().life_events
    assert [(e.person_name, e.milestone, e.day, e.age) for e in events] == [
        ("山田 太郎", Milestone.KOKI, date(2026, 12, 10), 70),
        ("山田 翔", Milestone.LICENCE, date(2027, 1, 5), 18),
        ("山田 咲", Milestone.SEIJIN, date(2027, 1, 11), 20),
    ]
    assert events[2].label == "成人式" and events[2].relation == "長女"


def test_owned_items_whose_shaken_inspection_or_warranty_end_is_near(services: Services) -> None:
    cid = add(
        services,
        "山田 太郎",
        items=[
            OwnedItem(
                "プリウス",
                ItemCategory.CAR,
                identifier="品川 300 あ 12-34",
                inspection_expiry=date(2026, 12, 20),
                next_service_date=date(2026, 11, 27),
                warranty_end=date(2027, 6, 1),  # beyond 60 days
            )
        ],
    )
    item_id = services.customers.card(cid).items[0].id
    services.followups.add(
        cid,
        FollowUpDraft(date(2026, 12, 1), FollowUpKind.INSPECTION, "12月が車検の満了日です", item_id=item_id),
    )
    today = services.today.today()
    assert [
        (i.label, i.item_name, i.identifier, i.day, i.days_until, i.planned) for i in today.item_dates
    ] == [
        ("次回点検", "プリウス", "品川 300 あ 12-34", date(2026, 11, 27), 5, True),
        ("車検満了", "プリウス", "品川 300 あ 12-34", date(2026, 12, 20), 28, True),
    ]
    assert today.item_dates_total == 2


def test_customers_not_contacted_for_months_are_a_dormant_risk(services: Services) -> None:
    quiet = add(services, "静か 七月")
    contacted(services, quiet, date(2026, 4, 10))
    recent = add(services, "最近 五月")
    contacted(services, recent, date(2026, 6, 30))
    lost = add(services, "失注 さん", phase=Phase.LOST)
    contacted(services, lost, date(2025, 1, 10))
    never = add(services, "未連絡 さん")
    with services.ctx.db.transaction() as session:
        row = session.get(Customer, never)
        assert row is not None
        row.created_at = at(date(2025, 11, 1))
    follow(services, quiet, date(2026, 12, 15), FollowUpKind.CALL, "ご様子伺い")

    today = services.today.today()

    assert [(d.customer_name, d.last_contact, d.months, d.planned) for d in today.dormant] == [
        ("静か 七月", date(2026, 4, 10), 7, True),
        ("未連絡 さん", None, 12, False),
    ]
    assert today.dormant_total == 2


def test_the_today_list_says_why_a_letter_was_not_planned(services: Services) -> None:
    cid = add(services, "佐藤 花子", consent=Consent(letter=False))
    event = services.history.add(
        cid, EventDraft(EventKind.PURCHASE, "新車ご購入", occurred_at=at(date(2026, 11, 19)))
    )
    services.scenarios.apply_for_event(event.id)
    (skip,) = services.today.today().consent_skips
    assert (skip.customer_name, skip.kind, skip.due_date, skip.why) == (
        "佐藤 花子",
        FollowUpKind.LETTER,
        date(2026, 11, 22),
        "郵送物を希望されていません（DM不可）",
    )
    assert "お礼状" in skip.reason
    assert FollowUpKind.LETTER not in {i.kind for g in services.today.today().groups for i in g.items}


def test_one_staff_members_today_list(services: Services) -> None:
    mine = add(services, "山田 太郎", staff="村上", birthday=date(1980, 11, 30))
    theirs = add(services, "佐藤 花子", staff="田島", birthday=date(1981, 11, 30))
    follow(services, mine, TODAY, FollowUpKind.CALL, "村上さんの電話", staff="村上")
    follow(services, theirs, TODAY, FollowUpKind.CALL, "田島さんの電話", staff="田島")
    today = services.today.today(staff="田島")
    assert [i.reason for i in today.group(FollowUpKind.CALL).items] == ["田島さんの電話"]
    assert [b.person_name for b in today.birthdays] == ["佐藤 花子"]
    assert today.birthdays_total == 1
    assert services.today.today(staff="いない人").due_total == 0


def test_follow_ups_per_day_for_the_month_calendar(services: Services) -> None:
    cid = add(services, "山田 太郎")
    follow(services, cid, date(2026, 11, 24), FollowUpKind.CALL, "a")
    follow(services, cid, date(2026, 11, 24), FollowUpKind.LETTER, "b")
    follow(services, cid, date(2026, 12, 1), FollowUpKind.CALL, "c")
    follow(services, cid, date(2027, 1, 1), FollowUpKind.CALL, "d")
    counts = services.today.counts_by_day(date(2026, 11, 1), date(2026, 12, 31))
    assert counts == {date(2026, 11, 24): 2, date(2026, 12, 1): 1}


def test_one_staff_members_list_has_only_their_customers_family_items_and_quiet_ones(
    services: Services,
) -> None:
    def customer(name: str, staff: str) -> int:
        return add(
            services,
            name,
            staff=staff,
            family=[FamilyMember("長男", f"{name[:2]} 翔", birthday=date(2008, 12, 2))],
            items=[OwnedItem("プリウス", ItemCategory.CAR, inspection_expiry=date(2026, 12, 20))],
        )

    mine = customer("山田 太郎", "村上")
    theirs = customer("佐藤 花子", "田島")
    gone = customer("削除 済子", "田島")
    services.customers.delete(gone)
    with services.ctx.db.transaction() as session:  # cards made long ago, never contacted: 休眠
        for cid in (mine, theirs, gone):
            row = session.get(Customer, cid)
            assert row is not None
            row.created_at = at(date(2025, 1, 10))

    for staff, cid in (("村上", mine), ("田島", theirs)):
        today = services.today.today(staff=staff)
        assert {b.customer_id for b in today.birthdays} == {cid} and today.birthdays_total == 1
        assert {e.customer_id for e in today.life_events} == {cid}  # the son turns 18
        assert {i.customer_id for i in today.item_dates} == {cid} and today.item_dates_total == 1
        assert {d.customer_id for d in today.dormant} == {cid} and today.dormant_total == 1
    store = services.today.today()
    assert store.birthdays_total == 2 and store.item_dates_total == 2 and store.dormant_total == 2
    assert gone not in {i.customer_id for i in store.item_dates}
