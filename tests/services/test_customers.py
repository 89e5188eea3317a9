"""Customer cards: what a store sees when it creates, edits, trashes and restores customers."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from crmdesk.domain.errors import ConflictError, ValidationError
from crmdesk.domain.records import (
    Consent,
    ContactPoint,
    CustomerDraft,
    FamilyMember,
    FollowUpDraft,
    OwnedItem,
)
from crmdesk.domain.values import ContactKind, CustomerKind, FollowUpKind, Honorific, ItemCategory, Phase
from crmdesk.services import customers as customers_module
from crmdesk.services.bundle import Services
from crmdesk.storage.models import AuditLog, ContactPointRow, Customer


def _yamada(**changes: object) -> CustomerDraft:
    draft = CustomerDraft(
        name="山田 太郎",
        name_kana="やまだ たろう",
        code="C0001",
        birthday=date(1985, 4, 3),
        postal_code="〒１５４－００２４",
        address1="東京都世田谷区三軒茶屋1-2-3",
        phase=Phase.EXISTING,
        staff="大野",
        consent=Consent(letter=True, phone=True, email=False),
        tags=["VIP", "紹介者"],
        contacts=[
            ContactPoint(ContactKind.MOBILE, "０９０（１２３４）５６７８"),
            ContactPoint(ContactKind.EMAIL, "taro@example.jp"),
        ],
        family=[FamilyMember("長女", "山田 花子", "ヤマダ ハナコ", date(2009, 5, 1), "来春に免許取得予定")],
        items=[
            OwnedItem(
                "プリウス",
                ItemCategory.CAR,
                "品川 300 あ 12-34",
                date(2023, 12, 10),
                inspection_expiry=date(2026, 12, 10),
            )
        ],
    )
    for key, value in changes.items():
        setattr(draft, key, value)
    return draft


def test_a_new_card_keeps_everything_the_store_typed(services: Services) -> None:
    card = services.customers.create(_yamada())
    assert card.name == "山田 太郎"
    assert card.name_kana == "ヤマダ タロウ"  # hiragana reading stored as katakana
    assert card.honorific is Honorific.SAMA
    assert card.postal_code == "1540024"
    assert card.phones == ("０９０（１２３４）５６７８",)
    assert card.email == "taro@example.jp"
    assert card.staff == "大野"
    assert set(card.tags) == {"VIP", "紹介者"}
    assert card.family[0].notes == "来春に免許取得予定"
    assert card.items[0].inspection_expiry == date(2026, 12, 10)
    assert card.consent.email is False
    assert card.version == 1


def test_phone_numbers_are_searchable_as_digits(services: Services) -> None:
    services.customers.create(_yamada())
    with services.ctx.db.read() as session:
        norms = set(session.scalars(select(ContactPointRow.value_norm)))
    assert "09012345678" in norms


def test_a_company_is_addressed_onchu_with_a_contact_person(services: Services) -> None:
    card = services.customers.create(
        CustomerDraft(
            name="株式会社さくら商事",
            kind=CustomerKind.COMPANY,
            honorific=Honorific.ONCHU,
            company_contact="総務部 佐藤様",
            company_department="総務部",
        )
    )
    assert card.kind is CustomerKind.COMPANY and card.honorific is Honorific.ONCHU
    assert card.company_contact == "総務部 佐藤様"


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"name": "  "}, "名前", "required"),
        ({"postal_code": "12-345"}, "郵便番号", "postal"),
        ({"birthday": date(2099, 1, 1)}, "生年月日", "future_date"),
        ({"contacts": [ContactPoint(ContactKind.MOBILE, "090-12")]}, "電話番号", "phone"),
        ({"contacts": [ContactPoint(ContactKind.EMAIL, "taro@@example")]}, "メールアドレス", "email"),
        ({"name_kana": "山田"}, "フリガナ", "kana"),
        ({"memo": "あ" * 10_000_000}, "メモ", "too_long"),
    ],
)
def test_a_bad_value_is_refused_naming_the_field_and_nothing_is_stored(
    services: Services, changes: dict[str, object], field: str, code: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        services.customers.create(_yamada(**changes))
    assert raised.value.field == field
    assert raised.value.code == code
    assert field in raised.value.message
    assert services.customers.count() == 0


def test_editing_a_card_saves_the_change_and_records_who_made_it(services: Services) -> None:
    card = services.customers.create(_yamada())
    draft = card.to_draft()
    draft.address2 = "サンハイツ101号"
    draft.tags = ["VIP"]
    edited = services.customers.update(card.id, draft)
    assert edited.address == "東京都世田谷区三軒茶屋1-2-3 サンハイツ101号"
    assert edited.tags == ("VIP",)
    assert edited.version == 2
    assert edited.family[0].id == card.family[0].id  # unchanged family members keep their identity
    with services.ctx.db.read() as session:
        staff, customer_id = session.execute(
            select(AuditLog.staff, AuditLog.customer_id).where(AuditLog.action == "update")
        ).one()
    assert staff == "村上" and customer_id == card.id


def test_a_stale_draft_is_refused_instead_of_overwriting_a_newer_edit(services: Services) -> None:
    card = services.customers.create(_yamada())
    first, second = card.to_draft(), card.to_draft()
    first.memo = "最初の編集"
    services.customers.update(card.id, first)
    second.memo = "古い画面からの編集"
    with pytest.raises(ConflictError):
        services.customers.update(card.id, second)
    assert services.customers.card(card.id).memo == "最初の編集"


def test_a_failure_in_the_middle_of_saving_leaves_the_card_as_it_was(services: Services) -> None:
    services.customers.create(_yamada(code="C0002", name="佐藤 花子", contacts=[]))
    card = services.customers.create(_yamada())
    draft = card.to_draft()
    draft.address1 = "大阪府大阪市北区梅田1-1-1"
    draft.contacts = [ContactPoint(ContactKind.MOBILE, "080-1111-2222")]
    draft.family = []
    draft.code = "C0002"  # taken by another customer
    with pytest.raises(ConflictError):
        services.customers.update(card.id, draft)
    after = services.customers.card(card.id)
    assert after.address1 == "東京都世田谷区三軒茶屋1-2-3"
    assert after.phones == ("０９０（１２３４）５６７８",)
    assert len(after.family) == 1
    assert after.version == 1


def test_a_crash_after_rows_were_written_rolls_the_whole_save_back(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = services.customers.create(_yamada())
    draft = card.to_draft()
    draft.address1 = "大阪府大阪市北区梅田1-1-1"
    draft.contacts = [ContactPoint(ContactKind.MOBILE, "080-1111-2222")]
    draft.family = []

    def crash(session: object, ids: object) -> None:
        session.flush()  # type: ignore[attr-defined]  # customer, contacts and family rows are written by now
        raise RuntimeError("power cut")

    monkeypatch.setattr(customers_module, "reindex_customers", crash)
    with pytest.raises(RuntimeError):
        services.customers.update(card.id, draft)
    after = services.customers.card(card.id)
    assert after.address1 == "東京都世田谷区三軒茶屋1-2-3"
    assert after.phones == ("０９０（１２３４）５６７８",)
    assert len(after.family) == 1 and after.version == 1


def test_the_same_customer_code_cannot_be_used_twice(services: Services) -> None:
    services.customers.create(_yamada())
    with pytest.raises(ConflictError) as raised:
        services.customers.create(_yamada(name="別人"))
    assert "C0001" in raised.value.message
    assert services.customers.count() == 1


def test_a_trashed_customer_disappears_from_lists_and_comes_back_on_restore(services: Services) -> None:
    card = services.customers.create(_yamada())
    services.customers.delete(card.id)
    assert services.customers.browse_ids() == []
    assert [row.id for row in services.customers.trash()] == [card.id]
    services.customers.restore(card.id)
    assert services.customers.browse_ids() == [card.id]
    assert services.customers.trash() == []


def test_only_a_trashed_customer_can_be_deleted_for_good(services: Services) -> None:
    card = services.customers.create(_yamada())
    with pytest.raises(ValidationError):
        services.customers.purge(card.id)
    services.customers.delete(card.id)
    services.customers.purge(card.id)
    with services.ctx.db.read() as session:
        assert session.scalar(select(func.count(Customer.id))) == 0


def test_personality_notes_are_dated_entries_newest_first(services: Services) -> None:
    card = services.customers.create(_yamada())
    services.customers.add_note(card.id, "ゴルフが趣味", noted_on=date(2024, 5, 1))
    services.customers.add_note(card.id, "お子様が来春に免許取得予定", noted_on=date(2026, 10, 1))
    notes = services.customers.card(card.id).notes
    assert [n.text for n in notes] == ["お子様が来春に免許取得予定", "ゴルフが趣味"]
    assert notes[0].staff == "村上"


def test_a_ten_megabyte_note_is_refused_with_its_size(services: Services) -> None:
    card = services.customers.create(_yamada())
    with pytest.raises(ValidationError) as raised:
        services.customers.add_note(card.id, "x" * 10 * 1024 * 1024)
    assert "10,485,760" in raised.value.message
    assert services.customers.card(card.id).notes == ()


def test_list_rows_come_back_in_the_order_asked_with_phone_and_next_follow_up(services: Services) -> None:
    a = services.customers.create(_yamada())
    b = services.customers.create(CustomerDraft(name="佐藤 花子", name_kana="サトウ ハナコ"))
    rows = services.customers.rows([b.id, a.id, 999])
    assert [r.id for r in rows] == [b.id, a.id]
    assert rows[1].phone == "０９０（１２３４）５６７８"
    assert services.customers.browse_ids() == [b.id, a.id]  # サトウ before ヤマダ (五十音)


def test_a_list_row_shows_the_first_phone_the_next_open_follow_up_the_tags_and_the_last_contact(
    services: Services,
) -> None:
    card = services.customers.create(
        _yamada(
            tags=["紹介者", "VIP", "ゴルフ"],
            contacts=[
                ContactPoint(ContactKind.EMAIL, "taro@example.jp"),
                ContactPoint(ContactKind.WORK, "03-1111-2222"),
                ContactPoint(ContactKind.MOBILE, "090-1234-5678"),
            ],
        )
    )
    plain = services.customers.create(CustomerDraft(name="佐藤 花子", name_kana="サトウ ハナコ"))
    done = services.followups.add(card.id, FollowUpDraft(date(2026, 11, 25), FollowUpKind.CALL, "お礼"))
    services.followups.complete(done.id, "済み")
    services.followups.add(card.id, FollowUpDraft(date(2027, 1, 10), FollowUpKind.LETTER, "年賀状"))
    services.followups.add(card.id, FollowUpDraft(date(2026, 12, 5), FollowUpKind.CALL, "点検のご案内"))
    row, empty = services.customers.rows([card.id, plain.id])
    assert row.phone == "03-1111-2222"
    assert row.next_follow_up == date(2026, 12, 5)
    assert row.tags == ("VIP", "ゴルフ", "紹介者")
    assert row.last_contact == services.ctx.now().astimezone().date()  # the completed call
    assert row.birthday == date(1985, 4, 3)
    assert (row.honorific, row.phase, row.staff) == (Honorific.SAMA, Phase.EXISTING, "大野")
    assert (empty.phone, empty.next_follow_up, empty.tags, empty.last_contact) == (None, None, (), None)
    with services.ctx.db.read() as session:  # the portable queries (PostgreSQL) give the same rows
        portable = customers_module._load_rows_generic(session, [card.id, plain.id])
    assert [portable[card.id], portable[plain.id]] == [row, empty]


def test_every_change_is_reported_for_the_screens_to_refresh(services: Services) -> None:
    seen = []
    services.ctx.bus.subscribe(seen.append)
    card = services.customers.create(_yamada())
    services.customers.delete(card.id)
    assert seen[0].customers == {card.id}
    assert seen[1].deleted == {card.id}
