"""Messy values: each is read when it can be, and when it cannot the row is kept, the text kept and reported."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from crmdesk.domain.records import ContactPoint
from crmdesk.domain.values import ContactKind, CustomerKind, Honorific, Sex
from crmdesk.services.bundle import Services
from crmdesk.services.importing import Bucket, ImportResult, ImportService
from crmdesk.services.importing.rows import quick_contact
from crmdesk.services.validation import clean_contact


def run_csv(services: Services, tmp_path: Path, text: str) -> ImportResult:
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    service = ImportService(services.ctx)
    return service.run(service.open(path))


def only_card(services: Services, result: ImportResult):  # type: ignore[no-untyped-def]
    assert len(result.created_ids) == 1
    return services.customers.card(next(iter(result.created_ids)))


def test_full_width_digits_phones_postal_codes_and_readings_are_tidied(
    services: Services, tmp_path: Path
) -> None:
    result = run_csv(
        services,
        tmp_path,
        "お名前,ﾌﾘｶﾞﾅ,TEL,携帯,〒,住所,誕生日,性別\n"
        "渡邊　健一 様,ﾜﾀﾅﾍﾞ ｹﾝｲﾁ,０３－７８７５－３６６７,090(5570)1490,〒４１９－８２１０,静岡県富士宮市1-2,"
        "１９７８／１２／２２,男性\n",
    )
    assert result.imported == 1 and result.reported == 0
    card = only_card(services, result)
    assert card.name == "渡邊 健一"
    assert card.honorific is Honorific.SAMA
    assert card.name_kana == "ワタナベ ケンイチ"
    assert [(c.kind, c.value) for c in card.contacts] == [
        (ContactKind.PHONE, "03-7875-3667"),
        (ContactKind.MOBILE, "090(5570)1490"),
    ]
    assert card.postal_code == "4198210"
    assert card.birthday == date(1978, 12, 22)
    assert card.sex is Sex.MALE


def test_a_mobile_number_in_a_plain_phone_column_is_stored_as_a_mobile(
    services: Services, tmp_path: Path
) -> None:
    card = only_card(
        services, run_csv(services, tmp_path, "氏名,電話\n山田 太郎,080 6325 5007 / 03-1111-2222\n")
    )
    assert [(c.kind, c.value) for c in card.contacts] == [
        (ContactKind.MOBILE, "080 6325 5007"),
        (ContactKind.PHONE, "03-1111-2222"),
    ]


def test_yes_no_columns_and_an_inverted_header_set_consent(services: Services, tmp_path: Path) -> None:
    result = run_csv(
        services,
        tmp_path,
        "氏名,DM可否,電話連絡不可,メルマガ\n甲,○,×,不可\n乙,不可,○,可\n丙,,,\n",
    )
    cards = {services.customers.card(i).name: services.customers.card(i) for i in result.created_ids}
    assert (cards["甲"].consent.letter, cards["甲"].consent.phone, cards["甲"].consent.email) == (
        True,
        True,
        False,
    )
    assert (cards["乙"].consent.letter, cards["乙"].consent.phone, cards["乙"].consent.email) == (
        False,
        False,
        True,
    )
    assert (cards["丙"].consent.letter, cards["丙"].consent.phone) == (None, None)


def test_an_unreadable_value_keeps_the_row_leaves_the_field_empty_keeps_the_text_and_is_reported(
    services: Services, tmp_path: Path
) -> None:
    result = run_csv(
        services,
        tmp_path,
        "顧客コード,氏名,生年月日,Eメール,郵便番号,携帯\nC1,小林 健一,2023/02/30,yamada@@example,12-345,0901\n",
    )
    assert (result.rows, result.imported, result.reported) == (1, 0, 1)
    card = only_card(services, result)
    assert card.birthday is None and card.postal_code is None and card.contacts == ()
    for text in ("2023/02/30", "yamada@@example", "12-345", "0901"):
        assert text in card.memo
    problems = {(p.line, p.column, p.value) for p in result.problems}
    assert problems == {
        (2, "生年月日", "2023/02/30"),
        (2, "Eメール", "yamada@@example"),
        (2, "郵便番号", "12-345"),
        (2, "携帯", "0901"),
    }
    reasons = " ".join(p.reason for p in result.problems)
    assert "2023年2月30日という日は存在しません" in reasons


def test_words_that_only_say_unknown_are_read_as_empty_and_not_reported(
    services: Services, tmp_path: Path
) -> None:
    result = run_csv(services, tmp_path, "氏名,生年月日,性別,電話\n田中 大輔,不明,ー,なし\n")
    assert (result.imported, result.reported) == (1, 0)
    card = only_card(services, result)
    assert card.birthday is None and card.sex is None and card.contacts == ()


def test_columns_that_map_to_nothing_are_kept_in_the_memo(services: Services, tmp_path: Path) -> None:
    card = only_card(
        services,
        run_csv(services, tmp_path, "氏名,備考,会社名,車種\n森 花子,ゴルフ好き,森商店,プリウス\n"),
    )
    assert card.memo == "ゴルフ好き\n会社名: 森商店\n車種: プリウス"


def test_a_row_without_name_or_reading_is_reported_with_its_whole_text(
    services: Services, tmp_path: Path
) -> None:
    result = run_csv(services, tmp_path, "氏名,フリガナ,電話\n,,03-1234-5678\n,スズキ,03-1234-9999\n")
    assert (result.rows, result.imported, result.reported) == (2, 0, 2)
    rejected, from_kana = result.outcomes
    assert rejected.action.value == "rejected" and rejected.customer_id is None
    assert rejected.raw == ("", "", "03-1234-5678")
    assert from_kana.action.value == "created" and from_kana.bucket is Bucket.REPORTED
    assert services.customers.card(from_kana.customer_id).name == "スズキ"  # type: ignore[arg-type]


def test_the_town_is_filled_from_the_postal_code_when_the_row_has_no_address(
    services: Services, tmp_path: Path
) -> None:
    result = run_csv(services, tmp_path, "氏名,郵便番号\n佐藤 一郎,100-0001\n鈴木 二郎,999-9999\n")
    cards = {services.customers.card(i).name: services.customers.card(i) for i in result.created_ids}
    assert cards["佐藤 一郎"].address1 == "東京都千代田区千代田"
    assert cards["鈴木 二郎"].address1 == ""


def test_an_address_in_parts_is_joined_once(services: Services, tmp_path: Path) -> None:
    card = only_card(
        services,
        run_csv(
            services,
            tmp_path,
            "氏名,都道府県,市区町村,番地,建物名\n林 誠,東京都,世田谷区,桜新町1-2-3,サンハイツ101\n",
        ),
    )
    assert (card.address1, card.address2) == ("東京都世田谷区桜新町1-2-3", "サンハイツ101")


def test_a_company_name_is_recognised_as_a_company_addressed_onchu(
    services: Services, tmp_path: Path
) -> None:
    card = only_card(services, run_csv(services, tmp_path, "顧客名,電話\n株式会社山田商事,03-1111-2222\n"))
    assert card.kind is CustomerKind.COMPANY
    assert card.honorific is Honorific.ONCHU


def test_last_visit_becomes_a_visit_on_the_timeline(services: Services, tmp_path: Path) -> None:
    card = only_card(services, run_csv(services, tmp_path, "氏名,最終来店日,担当\n森 蓮,R6.5.14,大野\n"))
    assert [(e.kind.value, e.occurred_at.astimezone().date(), e.summary) for e in card.events] == [
        ("visit", date(2024, 5, 14), "最終来店（取り込み）")
    ]
    assert card.staff == "大野"
    rows = services.customers.rows([card.id])
    assert rows[0].last_contact == date(2024, 5, 14)


def test_a_birthday_in_the_future_is_reported(services: Services, tmp_path: Path) -> None:
    result = run_csv(services, tmp_path, "氏名,生年月日\n未来 太郎,2030/1/1\n")
    assert result.reported == 1
    assert result.problems[0].reason == "未来の日付です"


CONTACT_TEXT = st.one_of(
    st.text(alphabet="0123456789０１２-－ー +()81@.aZ_\x00\u3000", max_size=24),
    st.from_regex(r"0[0-9-]{8,16}", fullmatch=True),
    st.from_regex(r" ?[a-zA-Z0-9._+@-]{1,10}@[a-zA-Z.]{1,8}\.[a-z]{2,3} ?", fullmatch=True),
)


@given(st.sampled_from(list(ContactKind)), CONTACT_TEXT)
def test_the_quick_reading_of_plain_phones_and_mail_is_the_same_as_the_full_check(
    kind: ContactKind, typed: str
) -> None:
    quick = quick_contact(kind, typed)
    if quick is None:
        return  # the full check decides
    cleaned, norm = clean_contact(ContactPoint(kind, typed))
    assert quick == (cleaned.value, norm)


def test_plain_phones_and_mail_take_the_quick_reading() -> None:
    assert quick_contact(ContactKind.MOBILE, "090-1234-5678") == ("090-1234-5678", "09012345678")
    assert quick_contact(ContactKind.PHONE, "0312345678") == ("0312345678", "0312345678")
    assert quick_contact(ContactKind.EMAIL, "Taro@Example.jp") == ("Taro@Example.jp", "taro@example.jp")
    assert quick_contact(ContactKind.PHONE, "+81 90 1234 5678") is None
    assert quick_contact(ContactKind.PHONE, "03-1234") is None  # too short: the full check reports it
