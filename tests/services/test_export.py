"""Exports a store can open elsewhere: CSV for Japanese Excel, .xlsx, vCard with readings, JSON of everything."""

from __future__ import annotations

import base64
import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
import vobject

from crmdesk.domain.errors import ValidationError
from crmdesk.domain.records import (
    ContactPoint,
    CustomerDraft,
    EventDraft,
    FamilyMember,
    FollowUpDraft,
    OwnedItem,
)
from crmdesk.domain.values import ContactKind, EventKind, FollowUpKind, ItemCategory, Sex
from crmdesk.services.bundle import Services
from crmdesk.services.exporting import TABLE_HEADERS, export_file


@pytest.fixture
def ichiro(services: Services) -> int:
    card = services.customers.create(
        CustomerDraft(
            name="髙橋 一郎",
            name_kana="タカハシ イチロウ",
            code="00123",
            sex=Sex.MALE,
            birthday=date(1985, 4, 3),
            postal_code="1540024",
            address1="東京都世田谷区三軒茶屋1-2-3",
            address2="サンハイツ101",
            contacts=[
                ContactPoint(ContactKind.MOBILE, "090-1234-5678"),
                ContactPoint(ContactKind.PHONE, "03-1111-2222"),
                ContactPoint(ContactKind.EMAIL, "ichiro@example.jp"),
            ],
            tags=["VIP", "紹介"],
            memo='=SUM(A1) のような書き方も、\n改行も, カンマも "引用符" も',
            staff="大野",
            family=[FamilyMember("妻", "髙橋 花子", "タカハシ ハナコ", date(1987, 6, 1))],
            items=[
                OwnedItem(
                    "プリウス", ItemCategory.CAR, "品川 300 あ 12-34", inspection_expiry=date(2027, 3, 31)
                )
            ],
        )
    )
    services.customers.add_note(card.id, "辛口のカレーが好き", date(2026, 1, 10))
    event = services.history.add(
        card.id,
        EventDraft(
            EventKind.PURCHASE,
            "プリウス納車",
            occurred_at=datetime(2025, 3, 1, 3, 0, tzinfo=UTC),
            amount_yen=3200000,
        ),
    )
    services.history.attach_photo(event.id, "nousha.png", "image/png", b"\x89PNG fake")
    services.followups.add(card.id, FollowUpDraft(date(2026, 12, 1), FollowUpKind.CALL, "1年点検のご案内"))
    services.customers.create(CustomerDraft(name="鈴木 花子", name_kana="スズキ ハナコ"))
    return card.id


def test_the_csv_opens_in_japanese_excel_with_bom_crlf_quoted_notes_and_no_formulas(
    services: Services, ichiro: int, tmp_path: Path
) -> None:
    out = tmp_path / "顧客.csv"
    result = export_file(services.ctx, out)
    assert result.count == 2 and result.format == "csv"
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == 3  # header + 2 customers; the memo's own line break stays a bare \n
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == TABLE_HEADERS
    ichiro_row = dict(zip(rows[0], rows[2], strict=True))  # sorted by reading: スズキ before タカハシ
    assert ichiro_row["顧客コード"] == "00123"
    assert ichiro_row["生年月日"] == "1985/04/03"
    assert ichiro_row["郵便番号"] == "154-0024"
    assert ichiro_row["携帯電話"] == "090-1234-5678"
    assert ichiro_row["DM可否"] == ""
    assert ichiro_row["タグ"] == "VIP、紹介"
    assert ichiro_row["メモ"].startswith("'=SUM(A1)")
    assert '\n改行も, カンマも "引用符" も' in ichiro_row["メモ"]
    assert not (tmp_path / "顧客.csv.part").exists()


def test_the_xlsx_keeps_leading_zeros_as_text_and_birthdays_as_dates(
    services: Services, ichiro: int, tmp_path: Path
) -> None:
    out = tmp_path / "顧客.xlsx"
    export_file(services.ctx, out)
    sheet = openpyxl.load_workbook(out).active
    assert sheet.title == "顧客一覧"
    headers = [c.value for c in sheet[1]]
    values = {h: c.value for h, c in zip(headers, sheet[3], strict=True)}
    assert values["顧客コード"] == "00123"
    assert values["携帯電話"] == "090-1234-5678"
    assert values["生年月日"] == datetime(1985, 4, 3)


def test_the_vcard_carries_phonetic_names_for_a_phones_address_book(
    services: Services, ichiro: int, tmp_path: Path
) -> None:
    out = tmp_path / "contacts.vcf"
    export_file(services.ctx, out)
    raw = out.read_bytes()
    assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))
    cards = list(vobject.readComponents(raw.decode("utf-8")))
    card = next(c for c in cards if c.fn.value == "髙橋 一郎")
    assert card.x_phonetic_last_name.value == "タカハシ"
    assert card.x_phonetic_first_name.value == "イチロウ"
    assert card.sort_string.value == "タカハシ イチロウ"
    assert card.n.value.family == "髙橋" and card.n.value.given == "一郎"
    assert {t.value for t in card.contents["tel"]} == {"090-1234-5678", "03-1111-2222"}
    assert card.bday.value == "1985-04-03"
    assert card.note.value.startswith("=SUM(A1)")


def test_the_json_holds_every_table_of_every_customer(
    services: Services, ichiro: int, tmp_path: Path
) -> None:
    out = tmp_path / "backup.json"
    result = export_file(services.ctx, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert result.count == 2 and data["format"] == "crmdesk-export"
    assert {"store", "staff", "tags", "scenarios", "letter_templates", "settings", "imports"} <= set(data)
    card = next(c for c in data["customers"] if c["id"] == ichiro)
    assert card["family"][0]["name"] == "髙橋 花子"
    assert card["items"][0]["inspection_expiry"] == "2027-03-31"
    assert card["notes"][0]["text"] == "辛口のカレーが好き"
    purchase = next(e for e in card["events"] if e["kind"] == "purchase")
    assert purchase["amount_yen"] == 3200000
    assert base64.b64decode(purchase["attachments"][0]["data_base64"]) == b"\x89PNG fake"
    assert card["follow_ups"][0]["reason"] == "1年点検のご案内"
    assert card["staff"] == "大野"
    assert {c["value"] for c in card["contacts"]} == {"090-1234-5678", "03-1111-2222", "ichiro@example.jp"}
    assert card["consent"] == {"letter": None, "phone": None, "email": None}


def test_customers_in_the_trash_are_left_out_of_lists_but_kept_in_the_json_backup(
    services: Services, ichiro: int, tmp_path: Path
) -> None:
    services.customers.delete(ichiro)
    assert export_file(services.ctx, tmp_path / "a.csv").count == 1
    assert export_file(services.ctx, tmp_path / "a.csv", include_deleted=True).count == 2
    export_file(services.ctx, tmp_path / "b.json")
    data = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert any(c["deleted_at"] for c in data["customers"])


def test_an_unknown_suffix_is_refused_naming_the_formats(services: Services, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        export_file(services.ctx, tmp_path / "out.pdf")
    assert ".xlsx" in caught.value.reason


def test_an_ics_export_is_handed_to_the_calendar(services: Services, ichiro: int, tmp_path: Path) -> None:
    pytest.importorskip("crmdesk.services.calendar_ics")
    out = tmp_path / "follow_ups.ics"
    result = export_file(services.ctx, out)
    assert result.format == "ics"
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")
