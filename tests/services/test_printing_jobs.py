"""Batch printing as the store uses it: who gets a piece, what the address check says, what the card shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from crmdesk.domain.errors import NotFoundError, ValidationError
from crmdesk.domain.records import (
    Consent,
    CustomerDraft,
    FamilyMember,
    FollowUpDraft,
    OwnedItem,
    StoreProfile,
)
from crmdesk.domain.values import (
    CustomerKind,
    EventKind,
    FollowUpKind,
    FollowUpStatus,
    Honorific,
    ItemCategory,
)
from crmdesk.printing.drawing import Offset
from crmdesk.printing.fonts import GlyphMissingError
from crmdesk.printing.layouts import LayoutKind
from crmdesk.services.bundle import Services
from crmdesk.services.printing_jobs import (
    PrintingService,
    PrintRequest,
    ProblemKind,
    Selection,
)
from crmdesk.storage.models import LetterTemplate as LetterTemplateRow
from tests.printing.pdf_tools import page_sizes_mm, pdf_fonts, pdf_text, squeeze


@dataclass
class Store:
    services: Services
    printing: PrintingService
    takahashi: int
    yamazaki: int
    no_consent: int
    no_address: int
    company: int
    mismatch: int
    yoshida: int
    inspection_follow_up: int
    call_follow_up: int


@pytest.fixture
def store(services: Services) -> Store:
    services.store.save_profile(
        StoreProfile(
            name="カーショップ山﨑",
            postal_code="1500001",
            address="東京都渋谷区神宮前1-2-3",
            phone="03-1234-5678",
            relationship_word="親友",
            signature="店長 鈴木 一郎",
        )
    )
    add = services.customers.create
    takahashi = add(
        CustomerDraft(
            name="髙橋 太郎",
            name_kana="タカハシ タロウ",
            postal_code="100-0001",
            address1="東京都千代田区千代田1-1",
            address2="コーポ千代田 101号室",
            staff="鈴木",
            family=[FamilyMember("妻", "髙橋 花子", "タカハシ ハナコ", joint_addressee=True)],
            items=[
                OwnedItem(
                    "プリウス",
                    ItemCategory.CAR,
                    identifier="品川 300 あ 12-34",
                    inspection_expiry=date(2026, 12, 20),
                )
            ],
        )
    ).id
    yamazaki = add(
        CustomerDraft(
            name="山﨑 美咲",
            name_kana="ヤマザキ ミサキ",
            postal_code="1500001",
            address1="東京都渋谷区神宮前3-2-1",
        )
    ).id
    no_consent = add(
        CustomerDraft(
            name="佐藤 次郎",
            name_kana="サトウ ジロウ",
            postal_code="1000001",
            address1="東京都千代田区千代田2-2",
            consent=Consent(letter=False),
        )
    ).id
    no_address = add(CustomerDraft(name="鈴木 三郎", name_kana="スズキ サブロウ")).id
    company = add(
        CustomerDraft(
            name="株式会社 山﨑商事",
            name_kana="ヤマザキショウジ",
            kind=CustomerKind.COMPANY,
            honorific=Honorific.SAMA,
            postal_code="5300001",
            address1="大阪府大阪市北区梅田3丁目4番5号",
        )
    ).id
    mismatch = add(
        CustomerDraft(
            name="田中 四郎",
            name_kana="",
            postal_code="1000001",
            address1="大阪府大阪市北区梅田",
        )
    ).id
    yoshida = add(
        CustomerDraft(
            name="𠮷田 五郎",
            name_kana="ヨシダ ゴロウ",
            postal_code="1500001",
            address1="東京都渋谷区神宮前5-5-5",
        )
    ).id
    inspection = services.followups.add(
        takahashi, FollowUpDraft(date(2026, 12, 1), FollowUpKind.LETTER, "12月20日が車検の満了日です")
    ).id
    call = services.followups.add(yamazaki, FollowUpDraft(date(2026, 12, 2), FollowUpKind.CALL, "お礼の電話"))
    return Store(
        services=services,
        printing=PrintingService(services.ctx),
        takahashi=takahashi,
        yamazaki=yamazaki,
        no_consent=no_consent,
        no_address=no_address,
        company=company,
        mismatch=mismatch,
        yoshida=yoshida,
        inspection_follow_up=inspection,
        call_follow_up=call.id,
    )


def _request(kind: LayoutKind, *ids: int, template: str | None = "thanks") -> PrintRequest:
    return PrintRequest(layout=kind, template=template, selection=Selection(customer_ids=ids))


def test_customers_without_letter_consent_or_address_are_left_out_and_listed(store: Store) -> None:
    plan = store.printing.plan(
        _request(LayoutKind.LETTER, store.takahashi, store.no_consent, store.no_address, store.yamazaki)
    )

    assert [p.customer_id for p in plan.pieces] == [store.takahashi, store.yamazaki]
    reasons = {o.customer_id: o for o in plan.left_out}
    assert reasons[store.no_consent].code == "no_consent"
    assert "DM不可" in reasons[store.no_consent].reason
    assert reasons[store.no_address].code == "no_address"
    assert reasons[store.no_address].customer_name == "鈴木 三郎"


def test_a_batch_of_letters_is_one_pdf_with_the_merged_names_and_addresses(
    store: Store, tmp_path: Path
) -> None:
    plan = store.printing.plan(_request(LayoutKind.LETTER, store.takahashi, store.yamazaki))
    out = store.printing.print_to(plan, tmp_path / "letters.pdf").path
    assert out is not None

    text = pdf_text(out)
    assert "髙橋" in text and "山﨑 美咲" in text
    assert "東京都千代田区千代田1-1" in text
    assert "東京都渋谷区神宮前3-2-1" in text
    assert "カーショップ山﨑" in text  # the store, merged from its profile
    assert "担当鈴木" in squeeze(text)  # the customer's staff member signs
    assert page_sizes_mm(out) == [pytest.approx((210.0, 297.0), abs=0.01)] * 2
    assert all(font.embedded and font.subset for font in pdf_fonts(out))


def test_each_printed_piece_is_on_the_customers_timeline_with_template_layout_and_staff(
    store: Store, tmp_path: Path
) -> None:
    plan = store.printing.plan(_request(LayoutKind.POSTCARD_MESSAGE, store.takahashi, template="new_year"))
    result = store.printing.print_to(plan, tmp_path / "nenga.pdf")

    card = store.services.customers.card(store.takahashi)
    letter = next(e for e in card.events if e.kind is EventKind.LETTER)
    assert letter.id in result.event_ids
    assert letter.summary == "年賀状を印刷（はがき 通信面）"
    assert letter.staff == "村上"
    assert letter.details["template"] == "new_year"
    assert letter.details["layout"] == "postcard-message"
    assert letter.details["occasion_year"] == 2027  # printed in November: the coming year's card


def test_letter_follow_ups_due_in_a_range_print_with_their_reason_and_close_only_when_confirmed(
    store: Store, tmp_path: Path
) -> None:
    request = PrintRequest(
        layout=LayoutKind.LETTER,
        template="inspection",
        selection=Selection(due=(date(2026, 11, 22), date(2026, 12, 31))),
    )
    plan = store.printing.plan(request)
    assert [(p.customer_id, p.follow_up_id) for p in plan.pieces] == [
        (store.takahashi, store.inspection_follow_up)
    ]  # the call follow-up is not a letter

    result = store.printing.print_to(plan, tmp_path / "inspection.pdf")
    text = squeeze(pdf_text(tmp_path / "inspection.pdf"))
    assert "プリウスは、12月20日が車検の満了日です。" in text
    still_open = store.services.followups.due(date(2026, 11, 22), date(2026, 12, 31))
    assert store.inspection_follow_up in [f.id for f in still_open]

    done = store.printing.confirm_sent(result.follow_up_ids)

    assert [f.status for f in done] == [FollowUpStatus.DONE]
    open_now = store.services.followups.due(date(2026, 11, 22), date(2026, 12, 31))
    assert store.inspection_follow_up not in [f.id for f in open_now]
    letters = [e for e in store.services.customers.card(store.takahashi).events if e.kind is EventKind.LETTER]
    assert len(letters) == 1  # confirming does not log the letter twice


def test_confirming_a_follow_up_that_was_never_printed_is_refused(store: Store) -> None:
    with pytest.raises(ValidationError) as caught:
        store.printing.confirm_sent([store.inspection_follow_up])
    assert caught.value.code == "not_printed"


def test_the_address_check_lists_every_kind_of_problem_before_printing(store: Store) -> None:
    plan = store.printing.plan(
        _request(
            LayoutKind.POSTCARD,
            store.takahashi,
            store.company,
            store.mismatch,
            store.yoshida,
            template=None,
        )
    )

    kinds = {(p.customer_id, p.kind) for p in plan.problems}
    assert (store.mismatch, ProblemKind.POSTAL_MISMATCH) in kinds
    assert (store.mismatch, ProblemKind.NO_STREET_NUMBER) in kinds
    assert (store.mismatch, ProblemKind.EMPTY_READING) in kinds
    assert (store.company, ProblemKind.HONORIFIC) in kinds
    assert (store.yoshida, ProblemKind.MISSING_GLYPH) in kinds
    assert not plan.problems_of(store.takahashi)
    glyph = next(p for p in plan.problems if p.kind is ProblemKind.MISSING_GLYPH)
    assert glyph.value == "𠮷" and "𠮷田 五郎" in glyph.message and "U+20BB7" in glyph.message
    honorific = next(p for p in plan.problems if p.kind is ProblemKind.HONORIFIC)
    assert "御中" in honorific.message


def test_a_missing_character_stops_the_print_naming_the_customer_and_nothing_is_logged(
    store: Store, tmp_path: Path
) -> None:
    plan = store.printing.plan(_request(LayoutKind.POSTCARD, store.takahashi, store.yoshida, template=None))

    with pytest.raises(GlyphMissingError) as caught:
        store.printing.print_to(plan, tmp_path / "cards.pdf")

    assert "𠮷田 五郎" in caught.value.message and "𠮷" in caught.value.message
    assert not (tmp_path / "cards.pdf").exists()
    assert not [
        e for e in store.services.customers.card(store.takahashi).events if e.kind is EventKind.LETTER
    ]


def test_skipping_the_flagged_customer_prints_the_rest(store: Store, tmp_path: Path) -> None:
    plan = store.printing.plan(_request(LayoutKind.POSTCARD, store.takahashi, store.yoshida, template=None))

    result = store.printing.print_to(plan, tmp_path / "cards.pdf", skip={store.yoshida})

    assert result.printed == (store.takahashi,)
    assert result.skipped == (store.yoshida,)
    assert page_sizes_mm(tmp_path / "cards.pdf") == [pytest.approx((100.0, 148.0), abs=0.01)]


def test_a_household_postcard_carries_every_joint_name(store: Store, tmp_path: Path) -> None:
    plan = store.printing.plan(_request(LayoutKind.POSTCARD, store.takahashi, template=None))
    store.printing.print_to(plan, tmp_path / "household.pdf")

    text = squeeze(pdf_text(tmp_path / "household.pdf", raw=True))
    assert "髙橋太郎様" in text
    assert "花子様" in text  # under the family name, not repeating it
    assert text.count("髙橋") == 1

    single = store.printing.plan(
        PrintRequest(LayoutKind.POSTCARD, Selection(customer_ids=(store.takahashi,)), household=False)
    )
    assert single.pieces[0].piece.addressee.joint == ()


def test_a_template_naming_an_unknown_field_is_refused_with_its_name(store: Store) -> None:
    with pytest.raises(ValidationError) as caught:
        store.printing.save_template("thanks", "お礼", "{{お名前}}様\n{{ペットの名前}}ちゃんはお元気ですか")

    assert "ペットの名前" in caught.value.message
    assert caught.value.code == "unknown_field"
    with store.services.ctx.db.read() as session:
        assert session.query(LetterTemplateRow).count() == 0


def test_the_stores_own_template_text_is_stored_and_used_until_reset(store: Store, tmp_path: Path) -> None:
    store.printing.save_template("thanks", "ありがとうございました", "{{宛名}}\nいつもありがとうございます。")
    edited = store.printing.template("お礼状")
    assert edited.edited and edited.title == "ありがとうございました"

    plan = store.printing.plan(_request(LayoutKind.LETTER, store.yamazaki))
    store.printing.print_to(plan, tmp_path / "edited.pdf")
    assert "いつもありがとうございます。" in pdf_text(tmp_path / "edited.pdf")

    default = store.printing.reset_template("thanks")
    assert default is not None and not default.edited and default.title == "ご来店のお礼"
    assert store.printing.template("thanks").title == "ご来店のお礼"


def test_an_empty_field_the_template_needs_blocks_only_that_piece(store: Store, tmp_path: Path) -> None:
    plan = store.printing.plan(
        _request(LayoutKind.LETTER, store.takahashi, store.yamazaki, template="inspection")
    )

    blocked = [p for p in plan.problems if p.blocking]
    assert [(p.customer_id, p.kind, p.field) for p in blocked] == [
        (store.takahashi, ProblemKind.MISSING_VALUE, "理由"),
        (store.yamazaki, ProblemKind.MISSING_VALUE, "商品名"),
    ]
    with pytest.raises(ValidationError):
        store.printing.print_to(plan, tmp_path / "x.pdf")


def test_an_unknown_template_name_lists_the_ones_there_are(store: Store) -> None:
    with pytest.raises(NotFoundError) as caught:
        store.printing.plan(_request(LayoutKind.LETTER, store.takahashi, template="kansha"))
    assert "thanks（お礼状）" in caught.value.message


def test_new_year_cards_sent_and_received_show_in_the_exchange_record(store: Store, tmp_path: Path) -> None:
    plan = store.printing.plan(
        _request(LayoutKind.POSTCARD, store.takahashi, store.yamazaki, template="new_year")
    )
    store.printing.print_to(plan, tmp_path / "nenga.pdf")
    store.printing.mark_received(store.yamazaki, "年賀状")
    store.printing.mark_received(store.company, "new_year")

    rows = {r.customer_id: r for r in store.printing.exchange("new_year", 2027)}

    assert rows[store.takahashi].sent_at is not None and rows[store.takahashi].received_at is None
    assert rows[store.yamazaki].sent_at is not None and rows[store.yamazaki].received_at is not None
    assert rows[store.company].sent_at is None and rows[store.company].received_at is not None
    assert store.printing.exchange("new_year", 2026) == []


def test_a_search_selects_the_customers_to_print_for(store: Store) -> None:
    plan = store.printing.plan(
        PrintRequest(LayoutKind.LABELS, Selection(query="ヤマザキ"), template=None, labels_per_sheet=24)
    )
    assert {p.customer_id for p in plan.pieces} == {store.yamazaki, store.company}


def test_the_printer_offset_saved_for_a_layout_is_used_for_it(store: Store) -> None:
    store.printing.save_offset(LayoutKind.POSTCARD, Offset(1.5, -0.5))

    plan = store.printing.plan(_request(LayoutKind.POSTCARD, store.takahashi, template=None))
    other = store.printing.plan(_request(LayoutKind.ENVELOPE, store.takahashi, template=None))

    assert plan.layout.offset == Offset(1.5, -0.5)
    assert other.layout.offset == Offset()
    with pytest.raises(ValidationError):
        store.printing.save_offset(LayoutKind.POSTCARD, Offset(30, 0))


def test_a_gift_card_for_a_family_members_birthday_greets_that_member(store: Store, tmp_path: Path) -> None:
    card = store.services.customers.card(store.takahashi)
    wife = card.family[0]
    assert wife.id is not None
    follow_up = store.services.followups.add(
        store.takahashi,
        FollowUpDraft(date(2026, 11, 30), FollowUpKind.GIFT, "奥様のお誕生日", family_member_id=wife.id),
    )
    request = PrintRequest(
        LayoutKind.GIFTCARD,
        Selection(due=(date(2026, 11, 22), date(2026, 11, 30)), follow_up_kinds=(FollowUpKind.GIFT,)),
        template="birthday",
    )
    plan = store.printing.plan(request)
    assert [p.follow_up_id for p in plan.pieces] == [follow_up.id]

    store.printing.print_to(plan, tmp_path / "gift.pdf")
    text = pdf_text(tmp_path / "gift.pdf")
    assert "髙橋 花子 様" in text
    assert "お誕生日おめでとうございます" in text
