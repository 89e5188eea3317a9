"""Every kind of file a store brings: CSV/TSV in UTF-8 (with or without BOM), cp932, EUC-JP, .xlsx, vCard."""

from __future__ import annotations

import codecs
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from crmdesk.domain.errors import ValidationError
from crmdesk.domain.tabular import ImportField
from crmdesk.domain.values import ContactKind
from crmdesk.services.bundle import Services
from crmdesk.services.importing import ImportService

HEADER = "顧客コード,氏名,フリガナ,生年月日,携帯電話,メモ"
ROWS = [
    'A1,髙橋 一郎,たかはし いちろう,S60.4.3,090-1234-5678,"好み: 辛口, 赤\n車検は3月"',
    "A2,山﨑 花子,ヤマザキ ハナコ,令和元年5月1日,０８０－１１１１－２２２２,①番のお客様～気さく－",
]


def write(path: Path, text: str, encoding: str, *, newline: str = "\r\n") -> Path:
    path.write_bytes(text.replace("\n", "\x00").replace("\x00", newline).encode(encoding))
    return path


def csv_text(delimiter: str = ",") -> str:
    lines = [HEADER, *ROWS]
    if delimiter != ",":
        lines = [line.replace(",", delimiter) for line in lines]
        lines[1] = lines[1].replace(f"辛口{delimiter} 赤", "辛口, 赤")
    return "\n".join(lines) + "\n"


def imported(services: Services, path: Path) -> dict[str, object]:
    service = ImportService(services.ctx)
    opened = service.open(path)
    result = service.run(opened)
    assert result.balanced
    cards = {services.customers.card(cid).code: services.customers.card(cid) for cid in result.created_ids}
    return {"result": result, "opened": opened, "cards": cards}


def check_two_customers(services: Services, path: Path) -> None:
    got = imported(services, path)
    result = got["result"]
    cards = got["cards"]
    assert result.rows == 2 and result.imported == 2, result  # type: ignore[attr-defined]
    first, second = cards["A1"], cards["A2"]  # type: ignore[index]
    assert first.name == "髙橋 一郎"
    assert first.name_kana == "タカハシ イチロウ"
    assert first.birthday == date(1985, 4, 3)
    assert first.memo == "好み: 辛口, 赤\n車検は3月"
    assert second.name == "山﨑 花子"
    assert second.birthday == date(2019, 5, 1)
    assert [(c.kind, c.value) for c in second.contacts] == [(ContactKind.MOBILE, "080-1111-2222")]


def test_a_utf8_csv_without_bom_is_read(services: Services, tmp_path: Path) -> None:
    check_two_customers(services, write(tmp_path / "list.csv", csv_text(), "utf-8"))


def test_a_utf8_csv_with_bom_is_read_and_the_bom_is_not_part_of_the_first_header(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(codecs.BOM_UTF8 + csv_text().replace("\n", "\r\n").encode("utf-8"))
    opened = ImportService(services.ctx).open(path)
    assert opened.headers[0] == "顧客コード"
    assert opened.mapping[0].field is ImportField.CODE
    check_two_customers(services, path)


def test_an_excel_shift_jis_file_is_read_as_cp932_keeping_wave_dash_and_nec_characters(
    services: Services, tmp_path: Path
) -> None:
    path = write(tmp_path / "list.csv", csv_text(), "cp932")
    opened = ImportService(services.ctx).open(path)
    assert opened.source.encoding == "cp932"
    got = imported(services, path)
    second = got["cards"]["A2"]  # type: ignore[index]
    # 0x8160 and 0x817C are ～ and － in cp932 (shift_jis would give 〜 and −); ① and 髙/﨑 exist only in cp932
    assert second.memo == "①番のお客様～気さく－"
    assert second.name == "山﨑 花子"


def test_an_euc_jp_file_is_read(services: Services, tmp_path: Path) -> None:
    text = (
        csv_text()
        .replace("髙", "高")
        .replace("﨑", "崎")
        .replace("①", "1")
        .replace("～", "〜")
        .replace("－", "ー")
    )
    path = write(tmp_path / "list.csv", text, "euc_jp", newline="\n")
    opened = ImportService(services.ctx).open(path)
    assert opened.source.encoding in ("euc_jp", "euc_jis_2004")
    cards = imported(services, path)["cards"]
    assert cards["A1"].name == "高橋 一郎"  # type: ignore[index]
    assert cards["A2"].memo == "1番のお客様〜気さくー"  # type: ignore[index]


def test_a_tab_separated_file_is_read_with_commas_inside_values(services: Services, tmp_path: Path) -> None:
    path = write(tmp_path / "list.tsv", csv_text("\t"), "utf-8")
    opened = ImportService(services.ctx).open(path)
    assert opened.source.delimiter == "\t"
    check_two_customers(services, path)


def test_a_tab_separated_text_saved_as_unicode_by_excel_is_read(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + csv_text("\t").replace("\n", "\r\n").encode("utf-16-le"))
    check_two_customers(services, path)


def test_the_delimiter_is_detected_when_the_suffix_says_nothing(services: Services, tmp_path: Path) -> None:
    path = write(tmp_path / "list.txt", csv_text(";"), "utf-8")
    opened = ImportService(services.ctx).open(path)
    assert opened.source.delimiter == ";"


def test_a_title_line_above_the_header_is_skipped_and_line_numbers_stay_the_files(
    services: Services, tmp_path: Path
) -> None:
    path = write(tmp_path / "list.csv", "顧客一覧（2024年3月現在）,,,,,\n" + csv_text(), "utf-8")
    service = ImportService(services.ctx)
    opened = service.open(path)
    assert opened.source.header_line == 2
    result = service.run(opened)
    # the first customer's quoted memo spans lines 3-4, so the second customer starts on line 5
    assert [o.line for o in result.outcomes] == [3, 5]


def test_blank_lines_are_not_rows(services: Services, tmp_path: Path) -> None:
    path = write(tmp_path / "list.csv", csv_text() + ",,,,,\n\n", "utf-8")
    result = ImportService(services.ctx).run(ImportService(services.ctx).open(path))
    assert result.rows == 2 and result.blank_rows == 2


def test_an_xlsx_sheet_is_read_with_real_dates_and_numbers_that_lost_their_zeros(
    services: Services, tmp_path: Path
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "顧客"
    sheet.append(["お名前", "ふりがな", "誕生日", "携帯", "〒", "住所", "会員No"])
    sheet.append(
        [
            "佐藤 健一",
            "さとう けんいち",
            datetime(1984, 5, 19),
            9012345678,
            600042,
            "札幌市中央区大通西1",
            123,
        ]
    )
    sheet.append(
        ["鈴木 花子", "スズキ ハナコ", "H元.1.8", "080-2222-3333", "100-0001", "千代田区千代田1-1", "00124"]
    )
    path = tmp_path / "顧客.xlsx"
    workbook.save(path)
    got = imported(services, path)
    cards = got["cards"]
    sato, suzuki = cards["123"], cards["00124"]  # type: ignore[index]
    assert sato.birthday == date(1984, 5, 19)
    assert [c.value for c in sato.contacts] == ["09012345678"]
    assert sato.postal_code == "0600042"
    assert suzuki.birthday == date(1989, 1, 8)


def workbook_with_sheets(path: Path) -> Path:
    """An empty cover sheet first, then the customers, then a sheet of staff notes with other columns."""
    workbook = openpyxl.Workbook()
    cover = workbook.active
    cover.title = "表紙"
    customers = workbook.create_sheet("顧客")
    customers.append(["顧客コード", "お名前", "携帯"])
    customers.append(["K1", "佐藤 健一", "090-1111-2222"])
    customers.append(["K2", "鈴木 花子", "080-3333-4444"])
    staff = workbook.create_sheet("旧店舗")
    staff.append(["会員No", "氏名", "電話"])
    staff.append(["S9", "田中 誠", "03-5555-6666"])
    workbook.save(path)
    return path


def test_a_workbook_opens_on_its_first_sheet_with_data_and_lists_every_sheet(
    services: Services, tmp_path: Path
) -> None:
    service = ImportService(services.ctx)
    opened = service.open(workbook_with_sheets(tmp_path / "顧客台帳.xlsx"))
    assert opened.sheets == ("表紙", "顧客", "旧店舗")
    assert opened.sheet == "顧客" and opened.row_count == 2
    result = service.run(opened)
    assert sorted(services.customers.card(cid).code or "" for cid in result.created_ids) == ["K1", "K2"]


def test_another_sheet_of_the_workbook_can_be_chosen(services: Services, tmp_path: Path) -> None:
    service = ImportService(services.ctx)
    opened = service.open(workbook_with_sheets(tmp_path / "顧客台帳.xlsx"), sheet="旧店舗")
    assert opened.sheet == "旧店舗" and opened.headers == ("会員No", "氏名", "電話")
    assert [m.field for m in opened.mapping] == [ImportField.CODE, ImportField.NAME, ImportField.PHONE]
    result = service.run(opened)
    assert result.imported == 1
    card = services.customers.card(next(iter(result.created_ids)))
    assert (card.code, card.name) == ("S9", "田中 誠")


def test_a_sheet_name_the_workbook_does_not_have_is_refused_with_the_names_it_has(
    services: Services, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError) as caught:
        ImportService(services.ctx).open(workbook_with_sheets(tmp_path / "顧客台帳.xlsx"), sheet="顧客一覧")
    assert caught.value.code == "sheet"
    assert "表紙、顧客、旧店舗" in caught.value.reason


def test_a_vcard_3_from_a_phone_keeps_the_phonetic_name(services: Services, tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nN:山田;太郎;;;\nFN:山田 太郎\nX-PHONETIC-LAST-NAME:やまだ\n"
        "X-PHONETIC-FIRST-NAME:たろう\nTEL;TYPE=CELL:090-1234-5678\nTEL;TYPE=HOME,VOICE:03-1234-5678\n"
        "EMAIL;TYPE=INTERNET:taro@example.jp\nADR;TYPE=HOME:;;千代田1-1;千代田区;東京都;100-0001;日本\n"
        "BDAY:1985-04-03\nNOTE:メモ\\, カンマ\\n二行目\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nN:鈴木;花子;;;\nFN:鈴木 花子\nSORT-STRING:スズキ ハナコ\n"
        "TEL:03-9999-0000\nEND:VCARD\n"
    )
    path = write(tmp_path / "contacts.vcf", text, "utf-8")
    service = ImportService(services.ctx)
    result = service.run(service.open(path))
    assert (result.rows, result.imported, result.reported) == (2, 2, 0)
    assert [o.line for o in result.outcomes] == [1, 14]
    cards = sorted((services.customers.card(i) for i in result.created_ids), key=lambda c: c.id)
    taro, hanako = cards
    assert (taro.name, taro.name_kana) == ("山田 太郎", "ヤマダ タロウ")
    assert {(c.kind, c.value) for c in taro.contacts} == {
        (ContactKind.MOBILE, "090-1234-5678"),
        (ContactKind.PHONE, "03-1234-5678"),
        (ContactKind.EMAIL, "taro@example.jp"),
    }
    assert taro.postal_code == "1000001"
    assert taro.address1 == "東京都千代田区千代田1-1"
    assert taro.birthday == date(1985, 4, 3)
    assert taro.memo == "メモ, カンマ\n二行目"
    assert hanako.name_kana == "スズキ ハナコ"


def test_a_vcard_4_reading_in_sort_as_is_kept(services: Services, tmp_path: Path) -> None:
    text = (
        'BEGIN:VCARD\r\nVERSION:4.0\r\nN;SORT-AS="スズキ,ハナコ":鈴木;花子;;;\r\nFN:鈴木 花子\r\n'
        'TEL;VALUE=uri;TYPE="voice,cell":tel:+81-90-1111-2222\r\nBDAY:--0403\r\nEND:VCARD\r\n'
    )
    path = tmp_path / "v4.vcf"
    path.write_text(text, encoding="utf-8", newline="")
    service = ImportService(services.ctx)
    result = service.run(service.open(path))
    card = services.customers.card(next(iter(result.created_ids)))
    assert card.name_kana == "スズキ ハナコ"
    assert [(c.kind, c.value) for c in card.contacts] == [(ContactKind.MOBILE, "+81-90-1111-2222")]
    # a birthday without a year cannot be stored: the row is kept and the value reported and kept in the memo
    assert card.birthday is None
    assert result.reported == 1 and "--0403" in card.memo


def test_a_feature_phone_vcard_21_in_shift_jis_with_quoted_printable_is_read(
    services: Services, tmp_path: Path
) -> None:
    note = "".join(f"={b:02X}" for b in "よろしく".encode("cp932"))
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=SHIFT_JIS:山田;花子;;;\r\n"
        "SOUND;X-IRMC-N;CHARSET=SHIFT_JIS:ﾔﾏﾀﾞ;ﾊﾅｺ;;;\r\nTEL;CELL:09011112222\r\n"
        f"NOTE;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:{note}\r\nEND:VCARD\r\n"
    )
    path = tmp_path / "old.vcf"
    path.write_bytes(text.encode("cp932"))
    service = ImportService(services.ctx)
    result = service.run(service.open(path))
    card = services.customers.card(next(iter(result.created_ids)))
    assert (card.name, card.name_kana) == ("山田 花子", "ヤマダ ハナコ")
    assert card.memo == "よろしく"
    assert [c.value for c in card.contacts] == ["09011112222"]


def test_an_old_xls_or_an_empty_file_is_refused_with_what_to_do(services: Services, tmp_path: Path) -> None:
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(ValidationError) as caught:
        ImportService(services.ctx).open(old)
    assert ".xlsx" in caught.value.reason
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ValidationError, match="空"):
        ImportService(services.ctx).open(empty)
