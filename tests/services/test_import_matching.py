"""Rows that match a customer already in the database, rows that repeat within the file, and importing twice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from crmdesk.domain.records import ContactPoint, CustomerDraft
from crmdesk.domain.values import ContactKind
from crmdesk.services.bundle import Services
from crmdesk.services.importing import (
    Bucket,
    DuplicateAction,
    ImportOptions,
    ImportResult,
    ImportService,
    RowAction,
)
from crmdesk.storage.models import ContactPointRow, Customer, HistoryEventRow


def run_csv(
    services: Services,
    tmp_path: Path,
    text: str,
    options: ImportOptions | None = None,
    name: str = "list.csv",
) -> ImportResult:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    service = ImportService(services.ctx)
    return service.run(service.open(path), options=options)


def existing(services: Services) -> int:
    return services.customers.create(
        CustomerDraft(
            name="髙橋 一郎",
            name_kana="タカハシ イチロウ",
            code="A-001",
            birthday=date(1980, 1, 2),
            address1="東京都世田谷区桜新町1-2-3",
            contacts=[
                ContactPoint(ContactKind.MOBILE, "090-1234-5678"),
                ContactPoint(ContactKind.PHONE, "03-1111-2222"),
            ],
            memo="以前からのお客様",
        )
    ).id


def test_a_row_with_the_same_code_updates_the_card_filling_and_correcting_its_fields(
    services: Services, tmp_path: Path
) -> None:
    cid = existing(services)
    result = run_csv(
        services,
        tmp_path,
        "顧客コード,氏名,メール,住所,備考\nA-001,髙橋 一郎,ichiro@example.jp,東京都港区1-1,紹介あり\n",
    )
    assert (result.updated, result.imported) == (1, 0)
    assert result.outcomes[0].matched_by == "顧客コード"
    card = services.customers.card(cid)
    assert card.address1 == "東京都港区1-1"
    assert card.email == "ichiro@example.jp"
    assert [c.value for c in card.contacts][:2] == ["090-1234-5678", "03-1111-2222"]
    assert card.memo == "以前からのお客様\n紹介あり"
    assert card.version == 2
    assert result.updated_ids == frozenset({cid})


def test_the_user_can_choose_to_skip_customers_already_there(services: Services, tmp_path: Path) -> None:
    cid = existing(services)
    result = run_csv(
        services,
        tmp_path,
        "顧客コード,氏名,住所\nA-001,髙橋 一郎,東京都港区1-1\n",
        ImportOptions(on_duplicate=DuplicateAction.SKIP),
    )
    assert (result.skipped, result.updated) == (1, 0)
    assert result.outcomes[0].action is RowAction.SKIPPED
    assert services.customers.card(cid).address1 == "東京都世田谷区桜新町1-2-3"


def test_the_same_mobile_and_name_match_even_written_differently(services: Services, tmp_path: Path) -> None:
    cid = existing(services)
    result = run_csv(
        services, tmp_path, "氏名,フリガナ,携帯\n髙橋　一郎,たかはし いちろう,０９０－１２３４－５６７８\n"
    )
    assert result.outcomes[0].customer_id == cid
    assert result.outcomes[0].matched_by == "電話番号と氏名"
    assert result.skipped == 1  # nothing new to write


def test_a_family_member_sharing_the_home_phone_is_a_new_card_listed_as_a_possible_duplicate(
    services: Services, tmp_path: Path
) -> None:
    cid = existing(services)
    result = run_csv(services, tmp_path, "氏名,電話\n髙橋 花子,03-1111-2222\n")
    assert result.imported == 1
    assert [d.customer_id for d in result.possible_duplicates] == [cid]


def test_the_same_name_and_birthday_match(services: Services, tmp_path: Path) -> None:
    cid = existing(services)
    result = run_csv(services, tmp_path, "氏名,生年月日,LINE\n高橋 一郎,S55.1.2,ichiro-line\n")
    assert result.outcomes[0].customer_id == cid
    assert result.outcomes[0].matched_by == "氏名と生年月日"
    assert result.updated == 1
    card = services.customers.card(cid)
    assert card.name == "髙橋 一郎"  # the card keeps its own kanji
    assert [c.value for c in card.contacts][-1] == "ichiro-line"


def test_two_people_with_the_same_reading_and_birthday_but_different_names_stay_two_cards(
    services: Services, tmp_path: Path
) -> None:
    result = run_csv(
        services,
        tmp_path,
        "氏名,フリガナ,生年月日\n渡辺 誠,ワタナベ マコト,1980/1/2\n渡部 誠,ワタナベ マコト,1980/1/2\n",
    )
    assert (result.imported, result.reported) == (2, 0)
    assert services.customers.count() == 2


def test_a_row_with_only_the_reading_meets_the_card_with_that_reading_and_birthday(
    services: Services, tmp_path: Path
) -> None:
    cid = existing(services)
    result = run_csv(services, tmp_path, "フリガナ,生年月日,メモ\nたかはし いちろう,S55.1.2,予約サイトから\n")
    assert result.outcomes[0].customer_id == cid
    assert result.outcomes[0].matched_by.endswith("と生年月日")
    assert services.customers.count() == 1
    assert "予約サイトから" in services.customers.card(cid).memo


def test_two_different_codes_never_match_even_with_the_same_name_and_birthday(
    services: Services, tmp_path: Path
) -> None:
    existing(services)
    result = run_csv(services, tmp_path, "顧客コード,氏名,生年月日\nB-777,髙橋 一郎,1980/1/2\n")
    assert result.imported == 1


def test_rows_repeating_within_the_file_are_merged_into_one_card_and_reported(
    services: Services, tmp_path: Path
) -> None:
    result = run_csv(
        services,
        tmp_path,
        "顧客コード,氏名,携帯,メール,生年月日,備考\n"
        "K1,森 花子,090-1111-2222,,1980/1/1,一行目\n"
        "K1,森 花子,,hana@example.jp,1981/1/1,二行目\n",
    )
    assert (result.rows, result.imported, result.reported) == (2, 1, 1)
    merged = result.outcomes[1]
    assert merged.action is RowAction.MERGED and merged.merged_into_line == 2
    assert merged.customer_id == result.outcomes[0].customer_id
    card = services.customers.card(merged.customer_id)  # type: ignore[arg-type]
    assert card.birthday == date(1980, 1, 1)
    assert card.email == "hana@example.jp"
    assert "一行目" in card.memo and "二行目" in card.memo
    assert "生年月日（3行目）: 1981/01/01" in card.memo
    reasons = [p.reason for p in merged.problems]
    assert any("2行目と同じお客様" in r for r in reasons)


def test_a_merge_into_a_card_of_an_earlier_batch_of_the_same_import_works(
    services: Services, tmp_path: Path
) -> None:
    result = run_csv(
        services,
        tmp_path,
        "顧客コード,氏名,携帯\nK1,森 花子,090-1111-2222\nK2,林 誠,080-0000-1111\nK1,森 花子,03-5555-6666\n",
        ImportOptions(batch_size=1),
    )
    assert (result.imported, result.reported) == (2, 1)
    card = services.customers.card(result.outcomes[0].customer_id)  # type: ignore[arg-type]
    assert [c.value for c in card.contacts] == ["090-1111-2222", "03-5555-6666"]
    assert card.version == 1


def test_importing_the_same_file_again_changes_nothing(
    services: Services, db_path: Path, tmp_path: Path
) -> None:
    existing(services)
    text = (
        "顧客コード,氏名,携帯,生年月日,最終来店,DM,タグ,備考,車種\n"
        "A-001,髙橋 一郎,090-1234-5678,1980/1/2,2024/5/1,○,VIP,紹介,プリウス\n"
        "B-1,森 花子,080-1111-2222,2023/02/30,2024/6/1,×,新規,,\n"
        "B-1,森 花子,03-0000-1111,,,,,追記,\n"
    )
    first = run_csv(services, tmp_path, text)
    assert first.balanced

    def state() -> list[tuple[object, ...]]:
        with services.ctx.db.read() as session:
            customers = session.execute(
                select(Customer.id, Customer.version, Customer.updated_at, Customer.memo).order_by(
                    Customer.id
                )
            ).all()
            counts = (
                session.scalar(select(func.count(ContactPointRow.id))),
                session.scalar(select(func.count(HistoryEventRow.id))),
            )
        return [*map(tuple, customers), counts]

    before = state()
    again = run_csv(services, tmp_path, text)
    assert state() == before
    assert again.imported == 0 and again.updated == 0
    assert again.created_ids == frozenset() and again.updated_ids == frozenset()
    assert again.skipped + again.reported == 3


def test_a_code_used_by_a_card_in_the_trash_is_reported_not_imported(
    services: Services, tmp_path: Path
) -> None:
    cid = existing(services)
    services.customers.delete(cid)
    result = run_csv(services, tmp_path, "顧客コード,氏名\nA-001,髙橋 一郎\n")
    assert (result.reported, result.imported) == (1, 0)
    assert result.outcomes[0].bucket is Bucket.REPORTED
    assert "ごみ箱" in result.problems[0].reason
