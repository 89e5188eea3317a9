"""`crmdesk import` and `crmdesk undo-import` as a script or a person uses them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from crmdesk.app import main
from crmdesk.services.bundle import Services

LIST = (
    "顧客コード,お名前,フリガナ,生年月日,携帯,DM可否,備考\r\n"
    'C1,山田 太郎,やまだ たろう,S60.4.3,090-1234-5678,○,"辛口, 赤"\r\n'
    "C2,鈴木 花子,スズキ ハナコ,2023/02/30,080-1111-2222,×,\r\n"
    "C3,佐藤 健,サトウ ケン,令和元年5月1日,,,\r\n"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def store(services: Services, db_path: Path) -> str:
    return str(db_path)


@pytest.fixture
def sjis_file(tmp_path: Path) -> Path:
    path = tmp_path / "顧客一覧.csv"
    path.write_bytes(LIST.encode("cp932"))
    return path


def test_import_json_gives_the_counts_problems_and_an_id_to_undo(
    store: str, sjis_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "import", str(sjis_file), "--json", "--db", store)
    assert code == 0
    data = json.loads(out)
    assert (data["rows"], data["imported"], data["updated"], data["skipped"], data["reported"]) == (
        3,
        2,
        0,
        0,
        1,
    )
    assert data["encoding"] == "cp932" and data["balanced"] is True
    assert data["problems"] == [
        {
            "line": 3,
            "column": "生年月日",
            "value": "2023/02/30",
            "reason": "2023年2月30日という日は存在しません",
            "code": "date",
        }
    ]
    assert {"header": "お名前", "field": "name"} in data["mapping"]
    code, out, _ = run(capsys, "show", "C1", "--json", "--db", store)
    assert json.loads(out)["name_kana"] == "ヤマダ タロウ"


def test_a_dry_run_writes_nothing_and_a_report_lists_the_rows_to_check(
    store: str, sjis_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.csv"
    code, out, _ = run(capsys, "import", str(sjis_file), "--dry-run", "--report", str(report), "--db", store)
    assert code == 0
    assert "取り込みの予行演習: 3行 — 新規2件・更新0件・スキップ0件・要確認1件" in out
    assert "3行目 生年月日「2023/02/30」" in out
    with report.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][:5] == ["3", "要確認（新規登録）", "鈴木 花子", "生年月日", "2023/02/30"]
    code, _, err = run(capsys, "show", "C1", "--db", store)
    assert code == 2 and "見つかりません" in err


def test_importing_twice_changes_nothing_and_undo_takes_the_import_back(
    store: str, sjis_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "import", str(sjis_file), "--db", store)
    code, out, _ = run(capsys, "import", str(sjis_file), "--json", "--db", store)
    again = json.loads(out)
    assert (again["imported"], again["updated"]) == (0, 0)
    code, out, _ = run(capsys, "undo-import", "--list", "--db", store)
    assert code == 0 and "#1" in out and "#2" in out
    code, out, _ = run(capsys, "undo-import", "1", "--db", store)
    assert code == 0 and "取り込み #1 を取り消しました: 削除3件" in out
    code, _, err = run(capsys, "undo-import", "1", "--db", store)
    assert code == 2 and "すでに取り消されています" in err


def test_existing_customers_can_be_skipped(
    store: str, sjis_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "import", str(sjis_file), "--db", store)
    changed = tmp_path / "changed.csv"
    changed.write_text("顧客コード,お名前,住所\nC1,山田 太郎,東京都港区1-1\n", encoding="utf-8")
    code, out, _ = run(capsys, "import", str(changed), "--skip-existing", "--json", "--db", store)
    assert code == 0 and json.loads(out)["skipped"] == 1
    code, out, _ = run(capsys, "show", "C1", "--json", "--db", store)
    assert code == 0
    assert json.loads(out)["address"] == ""


def test_a_file_that_cannot_be_read_exits_non_zero_with_one_line(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nothing.csv"
    code, out, err = run(capsys, "import", str(missing), "--db", store)
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0 and "見つかりません" in err


def test_a_sheet_of_a_workbook_is_chosen_with_sheet(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "本店"
    first.append(["顧客コード", "お名前"])
    first.append(["H1", "本田 一"])
    second = workbook.create_sheet("支店")
    second.append(["顧客コード", "お名前"])
    second.append(["B1", "別府 二郎"])
    second.append(["B2", "別所 三郎"])
    path = tmp_path / "二店舗.xlsx"
    workbook.save(path)
    code, out, _ = run(capsys, "import", str(path), "--dry-run", "--db", store)
    assert code == 0 and "シート: 本店" in out and "--sheet" in out
    code, out, _ = run(capsys, "import", str(path), "--sheet", "支店", "--json", "--db", store)
    assert code == 0
    data = json.loads(out)
    assert (data["sheet"], data["imported"]) == ("支店", 2)
    code, _, err = run(capsys, "import", str(path), "--sheet", "倉庫", "--db", store)
    assert code == 2 and "倉庫" in err and "本店、支店" in err
