"""Dry run, batches with progress and cancel, undo of a whole import, the report, and the counts identity."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from crmdesk.domain.errors import ValidationError
from crmdesk.domain.records import ContactPoint, CustomerDraft
from crmdesk.domain.tabular import ColumnMapping, ImportField
from crmdesk.domain.values import ContactKind
from crmdesk.services.bundle import Services
from crmdesk.services.changes import Changes
from crmdesk.services.importing import ImportOptions, ImportService, report_lines, write_report
from crmdesk.services.importing.readers import SourceRecord
from crmdesk.services.importing.rows import ParsedRow, RowParser

SAMPLE = Path("/work/shared/samples/store_list_sample_cp932.csv")
MESSY = (
    "顧客一覧 2024/03\n"
    "No.,お名前,ふりがな,TEL,携帯,〒,ご住所,生年月日,DM不要,備考,紹介者\n"
    '1,山田　太郎 様,やまだ たろう,03(1234)5678,,〒150-0002,,S60.4.3,,"辛口, 赤が好き\n次回は車検",鈴木\n'
    "2,,,,,,,,,,\n"
    "3,鈴木 花子,ｽｽﾞｷ ﾊﾅｺ,,０９０－１１１１－２２２２,1000001,千代田1-1,令和元年5月1日,○,,\n"
    "4,佐藤 健,さとう けん,0311112222,,,,2023/02/30,x,,\n"
    ",,,,,,,,,,\n"
    "5,山田 太郎,ヤマダ タロウ,03-1234-5678,,,,,,重複行,\n"
    "6,,,,,,,,,メモだけの行,\n"
    "7,高橋 誠,たかはし まこと,,090-9999-8888,,,平成32年1月1日,たぶん,,\n"
)


def messy_file(tmp_path: Path) -> Path:
    path = tmp_path / "messy.csv"
    path.write_bytes(MESSY.replace("\n", "\r\n").encode("cp932"))
    return path


def sample_file(tmp_path: Path) -> Path:
    if SAMPLE.exists():
        return Path(shutil.copy(SAMPLE, tmp_path / SAMPLE.name))
    pytest.skip("the shared cp932 sample is not on this machine")


@pytest.mark.parametrize("which", ["messy", "sample"])
def test_imported_plus_updated_plus_skipped_plus_reported_is_every_row_of_a_messy_file(
    services: Services, tmp_path: Path, which: str
) -> None:
    path = messy_file(tmp_path) if which == "messy" else sample_file(tmp_path)
    service = ImportService(services.ctx)
    opened = service.open(path)
    result = service.run(opened, options=ImportOptions(batch_size=3))
    assert result.imported + result.updated + result.skipped + result.reported == result.rows
    assert result.rows + result.blank_rows == opened.row_count + opened.source.blank_rows
    again = service.run(service.open(path))
    assert again.imported + again.updated + again.skipped + again.reported == again.rows
    assert again.imported == again.updated == 0
    if which == "sample":
        assert result.rows == 80
        reported = {(p.line, p.column, p.value) for p in result.problems}
        assert (10, "生年月日", "2023/02/30") in reported
        assert (14, "Eメール", "yamada@@example") in reported


def test_the_messy_file_is_read_as_a_person_would(services: Services, tmp_path: Path) -> None:
    service = ImportService(services.ctx)
    opened = service.open(messy_file(tmp_path))
    assert opened.source.header_line == 2
    assert opened.mapping[0].field is ImportField.IGNORE
    assert opened.mapping[8] == ColumnMapping(ImportField.CONSENT_LETTER, negate=True)
    result = service.run(opened)
    # line 5 holds only a row number and line 8 nothing: neither is a row; line 3's memo spans lines 3-4
    assert (result.rows, result.blank_rows) == (6, 2)
    by_line = {o.line: o for o in result.outcomes}
    assert sorted(by_line) == [3, 6, 7, 9, 10, 11]
    assert by_line[3].action.value == "created"
    assert by_line[9].action.value == "merged" and by_line[9].merged_into_line == 3
    assert by_line[10].action.value == "rejected"
    yamada = services.customers.card(by_line[3].customer_id)  # type: ignore[arg-type]
    assert yamada.memo.startswith("辛口, 赤が好き\n次回は車検\n紹介者: 鈴木")
    suzuki = services.customers.card(by_line[6].customer_id)  # type: ignore[arg-type]
    assert suzuki.consent.letter is False
    assert suzuki.address1 == "千代田1-1"
    takahashi = services.customers.card(by_line[11].customer_id)  # type: ignore[arg-type]
    assert "平成32年1月1日" in takahashi.memo and "たぶん" in takahashi.memo


def test_a_dry_run_writes_nothing_and_says_exactly_what_the_run_will_do(
    services: Services, tmp_path: Path
) -> None:
    services.customers.create(
        CustomerDraft(name="山田 太郎", contacts=[ContactPoint(ContactKind.PHONE, "03-1234-5678")])
    )
    service = ImportService(services.ctx)
    opened = service.open(messy_file(tmp_path))
    preview = service.dry_run(opened, options=ImportOptions(batch_size=2))
    assert services.customers.count() == 1
    assert service.imports() == []
    result = service.run(opened, options=ImportOptions(batch_size=4))
    assert result.counts() == preview.counts()
    assert [(o.line, o.action, o.bucket, o.problems) for o in result.outcomes] == [
        (o.line, o.action, o.bucket, o.problems) for o in preview.outcomes
    ]


def test_the_run_reports_progress_per_batch_and_a_cancel_stops_after_a_batch(
    services: Services, tmp_path: Path
) -> None:
    lines = ["氏名,携帯"] + [f"客 {i},090-0000-{i:04d}" for i in range(10)]
    path = tmp_path / "ten.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    service = ImportService(services.ctx)
    seen: list[tuple[int, int]] = []
    result = service.run(
        service.open(path),
        options=ImportOptions(batch_size=4),
        progress=lambda done, total: seen.append((done, total)),
        cancel=lambda: len(seen) >= 2,
    )
    assert seen == [(4, 10), (8, 10)]
    assert result.cancelled and result.processed == 8
    assert services.customers.count() == 8
    undone = service.undo(result.import_id)
    assert undone.deleted == 8
    assert services.customers.count() == 0


def test_undo_removes_new_cards_and_puts_changed_ones_back(services: Services, tmp_path: Path) -> None:
    card = services.customers.create(
        CustomerDraft(
            name="森 花子",
            code="K1",
            memo="元のメモ",
            tags=["常連"],
            contacts=[ContactPoint(ContactKind.MOBILE, "090-1111-2222")],
        )
    )
    path = tmp_path / "list.csv"
    path.write_text(
        "顧客コード,氏名,住所,メール,タグ,最終来店,備考\nK1,森 花子,東京都港区1-1,h@example.jp,新規,2024/1/5,追記\nK2,林 誠,,,,,\n",
        encoding="utf-8",
    )
    service = ImportService(services.ctx)
    seen: list[Changes] = []
    services.ctx.bus.subscribe(seen.append)
    result = service.run(service.open(path))
    assert result.updated_ids == frozenset({card.id}) and len(result.created_ids) == 1
    assert seen[-1].bulk and card.id in seen[-1].customers
    undone = service.undo()
    assert (undone.deleted, undone.restored, undone.trashed, undone.kept) == (1, 1, 0, ())
    back = services.customers.card(card.id)
    assert (back.address1, back.memo, back.tags, back.email, back.events) == (
        "",
        "元のメモ",
        ("常連",),
        None,
        (),
    )
    assert [c.value for c in back.contacts] == ["090-1111-2222"]
    assert services.customers.count() == 1
    with pytest.raises(ValidationError, match="すでに取り消されています"):
        service.undo(result.import_id)


def test_undo_never_loses_what_the_store_did_after_the_import(services: Services, tmp_path: Path) -> None:
    services.customers.create(CustomerDraft(name="森 花子", code="K1"))
    path = tmp_path / "list.csv"
    path.write_text("顧客コード,氏名,住所\nK1,森 花子,港区\nK2,林 誠,\nK3,林 大輔,\n", encoding="utf-8")
    service = ImportService(services.ctx)
    result = service.run(service.open(path))
    ids = {o.line: o.customer_id for o in result.outcomes}
    edited_new = services.customers.card(ids[3])  # type: ignore[arg-type]
    draft = edited_new.to_draft()
    draft.memo = "取り込み後に電話あり"
    services.customers.update(edited_new.id, draft)
    edited_old = services.customers.card(ids[2])  # type: ignore[arg-type]
    draft = edited_old.to_draft()
    draft.address2 = "2F"
    services.customers.update(edited_old.id, draft)
    undone = service.undo()
    assert (undone.deleted, undone.trashed, undone.restored, undone.kept) == (1, 1, 0, (ids[2],))
    assert services.customers.card(ids[3]).deleted_at is not None  # type: ignore[arg-type]
    assert services.customers.card(ids[2]).address1 == "港区"  # type: ignore[arg-type]


def test_the_report_lists_every_row_not_imported_as_is_with_line_column_value_and_reason(
    services: Services, tmp_path: Path
) -> None:
    service = ImportService(services.ctx)
    result = service.run(service.open(messy_file(tmp_path)))
    out = tmp_path / "report.csv"
    count = write_report(result, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["行", "結果", "氏名", "列", "値", "理由"]
    assert len(rows) == count + 1 == len(report_lines(result)) + 1
    reported_lines = {o.line for o in result.outcomes if o.bucket.value in ("reported", "skipped")}
    assert {int(r[0]) for r in rows[1:]} == reported_lines
    assert rows[[r[3] for r in rows].index("生年月日")][:5] == [
        "7",
        "要確認（新規登録）",
        "佐藤 健",
        "生年月日",
        "2023/02/30",
    ]
    assert any(r[3] == "（元の行）" and "メモだけの行" in r[4] for r in rows)


def test_a_corrected_mapping_is_remembered_for_the_next_file_of_the_same_shape(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "a.csv"
    path.write_text("名前,区分X,電話\n森 花子,VIP,03-1111-2222\n", encoding="utf-8")
    service = ImportService(services.ctx)
    opened = service.open(path)
    assert not opened.remembered and opened.mapping[1].field is ImportField.NONE
    mapping = list(opened.mapping)
    mapping[1] = ColumnMapping(ImportField.TAGS)
    service.run(opened, mapping)
    other = tmp_path / "b.csv"
    other.write_text("名前,区分X,電話\n林 誠,常連,03-2222-3333\n", encoding="utf-8")
    again = service.open(other)
    assert again.remembered and again.mapping[1].field is ImportField.TAGS


def test_a_mapping_without_a_name_column_is_refused_before_anything_happens(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "a.csv"
    path.write_text("名前,電話\n森 花子,03-1111-2222\n", encoding="utf-8")
    service = ImportService(services.ctx)
    opened = service.open(path)
    with pytest.raises(ValidationError, match="氏名"):
        service.run(opened, [ColumnMapping(ImportField.NONE), ColumnMapping(ImportField.PHONE)])
    assert service.imports() == []


def test_a_failure_while_reading_the_file_stops_the_import_and_keeps_the_batches_before_it_undoable(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = ["氏名,携帯"] + [f"客 {i},090-0000-{i:04d}" for i in range(10)]
    path = tmp_path / "ten.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    service = ImportService(services.ctx)
    opened = service.open(path)
    original = RowParser.parse

    def parse(self: RowParser, record: SourceRecord) -> ParsedRow:
        if record.line == 8:
            raise OSError("the disk went away")
        return original(self, record)

    monkeypatch.setattr(RowParser, "parse", parse)
    with pytest.raises(OSError, match="the disk went away"):
        service.run(opened, options=ImportOptions(batch_size=3))
    assert services.customers.count() == 6  # the two batches before the failure, which undo takes back
    latest = service.imports()[0]
    assert latest.counts["imported"] == 6
    assert service.undo(latest.id).deleted == 6
