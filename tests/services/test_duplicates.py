"""Likely duplicate cards, and merging two without losing history, family, items, notes or follow-ups."""

from __future__ import annotations

from datetime import UTC, date, datetime

from crmdesk.domain.records import (
    Consent,
    ContactPoint,
    CustomerDraft,
    EventDraft,
    FamilyMember,
    FollowUpDraft,
    OwnedItem,
)
from crmdesk.domain.values import ContactKind, EventKind, FollowUpKind
from crmdesk.services.bundle import Services
from crmdesk.services.duplicates import DuplicateService


def make(services: Services, **fields: object) -> int:
    return services.customers.create(CustomerDraft(**fields)).id  # type: ignore[arg-type]


def test_variant_kanji_with_the_same_birthday_and_a_shared_mobile_are_listed_as_likely_pairs(
    services: Services,
) -> None:
    a = make(services, name="髙橋 一郎", name_kana="タカハシ イチロウ", birthday=date(1980, 1, 2))
    b = make(services, name="高橋 一郎", birthday=date(1980, 1, 2))
    c = make(services, name="鈴木 花子", contacts=[ContactPoint(ContactKind.MOBILE, "090-1111-2222")])
    d = make(
        services,
        name="鈴木 花子",
        name_kana="スズキ ハナコ",
        contacts=[ContactPoint(ContactKind.MOBILE, "09011112222")],
    )
    make(services, name="佐藤 健", birthday=date(1970, 5, 5))
    pairs = DuplicateService(services.ctx).find()
    found = {(p.first.id, p.second.id): p for p in pairs}
    assert set(found) == {(a, b), (c, d)}
    assert "氏名が同じ（異体字を含む）" in found[(a, b)].reasons and "生年月日が同じ" in found[(a, b)].reasons
    assert "同じ携帯電話" in found[(c, d)].reasons


def test_a_family_sharing_a_home_phone_and_address_is_not_a_duplicate(services: Services) -> None:
    home = [ContactPoint(ContactKind.PHONE, "03-1111-2222")]
    make(services, name="森 太郎", postal_code="1000001", address1="千代田1-1", contacts=home)
    make(services, name="森 花子", postal_code="1000001", address1="千代田1-1", contacts=home)
    make(services, name="佐藤 健", birthday=date(1970, 5, 5))
    make(services, name="佐藤 健", birthday=date(1990, 7, 7))  # two different people of the same name
    assert DuplicateService(services.ctx).find() == []


def test_a_pair_marked_as_different_customers_is_not_listed_again(services: Services) -> None:
    a = make(services, name="林 誠", birthday=date(1980, 1, 2))
    b = make(services, name="林 誠", birthday=date(1980, 1, 2))
    finder = DuplicateService(services.ctx)
    assert len(finder.find()) == 1
    finder.dismiss(b, a)
    assert finder.find() == []


def test_merging_keeps_everything_of_both_cards_on_the_first(services: Services) -> None:
    keep = make(
        services,
        name="髙橋 一郎",
        code="A-1",
        birthday=date(1980, 1, 2),
        contacts=[ContactPoint(ContactKind.MOBILE, "090-1111-2222")],
        tags=["VIP"],
        memo="元のメモ",
        consent=Consent(letter=True),
    )
    other = make(
        services,
        name="高橋 一郎",
        name_kana="タカハシ イチロウ",
        code="B-9",
        birthday=date(1980, 1, 3),
        postal_code="1000001",
        address1="千代田1-1",
        contacts=[
            ContactPoint(ContactKind.MOBILE, "09011112222"),
            ContactPoint(ContactKind.EMAIL, "ichiro@example.jp"),
        ],
        tags=["紹介"],
        memo="もう一枚のカードのメモ",
        consent=Consent(letter=False, phone=True),
        family=[FamilyMember("妻", "高橋 花子")],
        items=[OwnedItem("プリウス")],
    )
    services.customers.add_note(other, "辛口が好き")
    event = services.history.add(
        other, EventDraft(EventKind.PURCHASE, "納車", occurred_at=datetime(2025, 3, 1, tzinfo=UTC))
    )
    services.history.attach_photo(event.id, "car.png", "image/png", b"png")
    follow = services.followups.add(
        other, FollowUpDraft(date(2026, 12, 1), FollowUpKind.VISIT, "点検のご案内")
    )
    merged = DuplicateService(services.ctx).merge(keep, other)
    assert merged.id == keep and merged.name == "髙橋 一郎"
    assert merged.name_kana == "タカハシ イチロウ"
    assert merged.address1 == "千代田1-1" and merged.postal_code == "1000001"
    assert merged.birthday == date(1980, 1, 2)
    assert {(c.kind, c.value) for c in merged.contacts} == {
        (ContactKind.MOBILE, "090-1111-2222"),
        (ContactKind.EMAIL, "ichiro@example.jp"),
    }
    assert set(merged.tags) == {"VIP", "紹介"}
    assert [f.name for f in merged.family] == ["高橋 花子"]
    assert [i.name for i in merged.items] == ["プリウス"]
    assert [n.text for n in merged.notes] == ["辛口が好き"]
    assert [e.summary for e in merged.events] == ["納車"] and merged.events[0].photo_count == 1
    assert [f.id for f in merged.follow_ups] == [follow.id]
    assert merged.consent.letter is False and merged.consent.phone is True
    for kept in (
        "元のメモ",
        "もう一枚のカードのメモ",
        "生年月日: 1980/01/03",
        "顧客コード: B-9",
        "別の表記の氏名: 高橋 一郎",
    ):
        assert kept in merged.memo
    gone = services.customers.card(other)
    assert gone.deleted_at is not None and "に統合しました" in gone.memo
    assert gone.code is None
    assert DuplicateService(services.ctx).find() == []


def test_the_code_of_the_second_card_moves_when_the_first_has_none(services: Services) -> None:
    keep = make(services, name="林 誠")
    other = make(services, name="林 誠", code="K-7")
    merged = DuplicateService(services.ctx).merge(keep, other)
    assert merged.code == "K-7"
    assert services.customers.find_by_code("K-7") == keep
