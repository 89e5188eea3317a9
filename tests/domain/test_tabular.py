"""Column headers as stores write them, in Japanese and English, mapped to the fields of a card."""

from __future__ import annotations

import pytest

from crmdesk.domain.tabular import (
    ColumnMapping,
    ImportField,
    infer_mapping,
    mapping_problems,
    match_header,
    shape_key,
    suggest_mapping,
)

F = ImportField


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("氏名", F.NAME),
        ("お名前", F.NAME),
        ("顧客名", F.NAME),
        ("お名前（漢字）", F.NAME),
        ("名前", F.NAME),
        ("フリガナ", F.KANA),
        ("ふりがな", F.KANA),
        ("カナ", F.KANA),
        ("お名前（フリガナ）", F.KANA),
        ("ﾌﾘｶﾞﾅ", F.KANA),
        ("セイ", F.KANA_LAST),
        ("メイ", F.KANA_FIRST),
        ("姓", F.LAST_NAME),
        ("名", F.FIRST_NAME),
        ("電話", F.PHONE),
        ("TEL", F.PHONE),
        ("ＴＥＬ", F.PHONE),
        ("電話番号2", F.PHONE),
        ("自宅電話", F.PHONE_HOME),
        ("携帯", F.MOBILE),
        ("携帯電話番号", F.MOBILE),
        ("〒", F.POSTAL_CODE),
        ("郵便番号", F.POSTAL_CODE),
        ("郵便番号(ハイフンなし)", F.POSTAL_CODE),
        ("誕生日", F.BIRTHDAY),
        ("生年月日", F.BIRTHDAY),
        ("生年月日（和暦）", F.BIRTHDAY),
        ("会員No", F.CODE),
        ("顧客番号", F.CODE),
        ("顧客コード", F.CODE),
        ("カルテNo.", F.CODE),
        ("備考", F.MEMO),
        ("メモ", F.MEMO),
        ("備考欄", F.MEMO),
        ("DM可否", F.CONSENT_LETTER),
        ("DM送付", F.CONSENT_LETTER),
        ("ＤＭ", F.CONSENT_LETTER),
        ("メルマガ配信", F.CONSENT_EMAIL),
        ("電話連絡可否", F.CONSENT_PHONE),
        ("住所", F.ADDRESS1),
        ("住所１", F.ADDRESS1),
        ("住所２", F.ADDRESS2),
        ("方書", F.ADDRESS2),
        ("建物名・部屋番号", F.ADDRESS2),
        ("都道府県", F.PREFECTURE),
        ("市区町村", F.CITY),
        ("Eメール", F.EMAIL),
        ("メールアドレス", F.EMAIL),
        ("携帯メール", F.EMAIL),
        ("担当スタッフ", F.STAFF),
        ("担当者", F.STAFF),
        ("ご担当者名", F.COMPANY_CONTACT),
        ("最終来店", F.LAST_VISIT),
        ("最終来店日", F.LAST_VISIT),
        ("初回来店日", F.FIRST_VISIT),
        ("性別", F.SEX),
        ("No.", F.IGNORE),
        ("Name", F.NAME),
        ("First Name", F.FIRST_NAME),
        ("Last Name", F.LAST_NAME),
        ("Phonetic Last Name", F.KANA_LAST),
        ("Phonetic First Name", F.KANA_FIRST),
        ("E-mail Address", F.EMAIL),
        ("Mobile Phone", F.MOBILE),
        ("Home Phone", F.PHONE_HOME),
        ("Business Phone", F.WORK_PHONE),
        ("Birthday", F.BIRTHDAY),
        ("Notes", F.MEMO),
        ("Home Postal Code", F.POSTAL_CODE),
        ("Phone 1 - Value", F.PHONE),
        ("Phone 1 - Type", F.NONE),
        ("会社名", F.NONE),
        ("年齢", F.NONE),
    ],
)
def test_the_words_stores_use_for_their_columns_are_recognised(header: str, field: ImportField) -> None:
    assert match_header(header).field is field


@pytest.mark.parametrize("header", ["DM不要", "ダイレクトメール不要", "メール配信停止", "電話連絡不可"])
def test_a_yes_no_header_that_asks_the_opposite_is_read_inverted(header: str) -> None:
    mapping = match_header(header)
    assert mapping.field in (F.CONSENT_LETTER, F.CONSENT_EMAIL, F.CONSENT_PHONE)
    assert mapping.negate


def test_a_second_name_column_goes_to_the_memo_but_a_second_phone_column_is_kept() -> None:
    mapping = suggest_mapping(["氏名", "お名前", "電話1", "電話2", "備考1", "備考2"])
    assert [m.field for m in mapping] == [F.NAME, F.NONE, F.PHONE, F.PHONE, F.MEMO, F.MEMO]


def test_a_mapping_without_a_name_or_with_two_birthdays_cannot_be_used() -> None:
    assert mapping_problems([ColumnMapping(F.PHONE)]) == ["氏名（またはフリガナ）の列を選んでください"]
    problems = mapping_problems([ColumnMapping(F.NAME), ColumnMapping(F.BIRTHDAY), ColumnMapping(F.BIRTHDAY)])
    assert problems and "生年月日" in problems[0]
    assert mapping_problems([ColumnMapping(F.KANA)]) == []


def test_the_same_headers_written_slightly_differently_have_the_same_shape() -> None:
    assert shape_key(["氏名", "電話番号"]) == shape_key(["氏名 ", "電話　番号"])
    assert shape_key(["氏名", "電話番号"]) != shape_key(["氏名", "携帯番号"])


def test_a_file_without_headers_is_mapped_from_its_values() -> None:
    columns = [
        ["山田 太郎", "鈴木 花子"],
        ["ヤマダ タロウ", "すずき はなこ"],
        ["090-1234-5678", "080-1111-2222"],
        ["〒100-0001", "150-0002"],
        ["1985/4/3", "S60.4.3"],
        ["taro@example.jp", "hana@example.jp"],
    ]
    assert [m.field for m in infer_mapping(columns)] == [
        F.NAME,
        F.KANA,
        F.MOBILE,
        F.POSTAL_CODE,
        F.BIRTHDAY,
        F.EMAIL,
    ]


def test_a_mapping_is_saved_and_read_back_as_plain_data() -> None:
    mapping = ColumnMapping(F.CONSENT_LETTER, negate=True)
    assert ColumnMapping.from_dict(mapping.to_dict()) == mapping
    assert ColumnMapping.from_dict({"field": "no-such-field"}).field is F.NONE
