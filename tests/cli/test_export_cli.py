"""`crmdesk export FILE`: the suffix picks the format."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from crmdesk.app import main
from crmdesk.domain.records import ContactPoint, CustomerDraft
from crmdesk.domain.values import ContactKind
from crmdesk.services.bundle import Services


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def store(services: Services, db_path: Path) -> str:
    services.customers.create(
        CustomerDraft(
            name="髙橋 一郎",
            name_kana="タカハシ イチロウ",
            code="A-001",
            birthday=date(1985, 4, 3),
            contacts=[ContactPoint(ContactKind.MOBILE, "090-1234-5678")],
        )
    )
    services.customers.create(CustomerDraft(name="鈴木 花子", name_kana="スズキ ハナコ"))
    return str(db_path)


@pytest.mark.parametrize(
    ("suffix", "starts"),
    [(".csv", b"\xef\xbb\xbf"), (".xlsx", b"PK"), (".vcf", b"BEGIN:VCARD"), (".json", b"{")],
)
def test_export_writes_the_format_the_suffix_names(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str, starts: bytes
) -> None:
    out = tmp_path / f"customers{suffix}"
    code, stdout, _ = run(capsys, "export", str(out), "--db", store)
    assert code == 0
    assert f"customers{suffix} に 2件を書き出しました" in stdout
    assert out.read_bytes().startswith(starts)


def test_export_json_output_and_an_unknown_suffix(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, stdout, _ = run(capsys, "export", str(tmp_path / "a.csv"), "--json", "--db", store)
    assert json.loads(stdout) == {"file": str(tmp_path / "a.csv"), "format": "csv", "count": 2}
    code, stdout, err = run(capsys, "export", str(tmp_path / "a.doc"), "--db", store)
    assert code == 2 and stdout == "" and ".csv" in err


def test_an_exported_csv_imports_into_an_empty_store_unchanged(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "all.csv"
    run(capsys, "export", str(out), "--db", store)
    other = str(tmp_path / "other.sqlite3")
    code, stdout, _ = run(capsys, "import", str(out), "--json", "--db", other)
    assert code == 0 and json.loads(stdout)["imported"] == 2
    code, stdout, _ = run(capsys, "show", "A-001", "--json", "--db", other)
    assert code == 0
    card = json.loads(stdout)
    assert (card["name"], card["name_kana"], card["birthday"], card["phones"]) == (
        "髙橋 一郎",
        "タカハシ イチロウ",
        "1985-04-03",
        ["09012345678"],
    )
