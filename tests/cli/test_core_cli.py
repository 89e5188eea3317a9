"""The CLI end to end on temporary databases, as a nightly Task Scheduler job or a script would use it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crmdesk.app import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_demo_then_show_prints_a_whole_card(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "store.sqlite3")
    code, out, _ = run(capsys, "demo", "--customers", "25", "--kind", "dealer", "--db", db)
    assert code == 0 and "25" in out
    code, out, _ = run(capsys, "show", "C000001", "--db", db)
    assert code == 0
    assert "様" in out and "履歴" in out


def test_show_json_follows_the_design_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "store.sqlite3")
    run(capsys, "--db", db, "demo", "--customers", "5")
    code, out, _ = run(capsys, "--db", db, "show", "1", "--json")
    assert code == 0
    card = json.loads(out)
    for key in (
        "id",
        "code",
        "name",
        "name_kana",
        "honorific",
        "birthday",
        "postal_code",
        "address",
        "phones",
        "email",
        "consent",
        "phase",
        "tags",
        "family",
        "items",
        "history",
        "follow_ups",
    ):
        assert key in card
    assert card["postal_code"] is None or (len(card["postal_code"]) == 8 and card["postal_code"][3] == "-")
    assert all(phone.isdigit() for phone in card["phones"])
    assert set(card["consent"]) == {"letter", "phone", "email"}


def test_the_database_comes_from_the_environment_when_no_db_is_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "from-env.sqlite3"
    monkeypatch.setenv("CRMDESK_DB", str(db))
    assert run(capsys, "demo", "--customers", "3")[0] == 0
    assert db.exists()


def test_an_unknown_customer_is_one_line_on_stderr_and_a_non_zero_exit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--db", str(tmp_path / "s.sqlite3"), "show", "C999")
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and "C999" in err


def test_demo_refuses_to_mix_into_a_store_that_has_customers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "store.sqlite3")
    run(capsys, "--db", db, "demo", "--customers", "3")
    code, _, err = run(capsys, "--db", db, "demo", "--customers", "3")
    assert code != 0 and "--append" in err
    assert run(capsys, "--db", db, "demo", "--customers", "3", "--append")[0] == 0


def test_backup_check_and_restore_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "store.sqlite3")
    run(capsys, "--db", db, "demo", "--customers", "8")
    code, out, _ = run(capsys, "--db", db, "backup", "--to", str(tmp_path / "bk"), "--json")
    assert code == 0
    backup = json.loads(out)["backup"]
    run(capsys, "--db", db, "demo", "--customers", "4", "--append")
    code, out, _ = run(capsys, "--db", db, "check", "--json")
    assert code == 0 and json.loads(out)["customers"] == 12
    code, out, _ = run(capsys, "--db", db, "restore", backup, "--json")
    assert code == 0 and json.loads(out)["previous_kept_at"]
    code, out, _ = run(capsys, "--db", db, "check", "--json")
    assert json.loads(out) | {"revision": None} == {
        "ok": True,
        "problems": [],
        "customers": 8,
        "revision": None,
    }


def test_check_reports_a_damaged_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "store.sqlite3"
    run(capsys, "--db", str(db), "demo", "--customers", "50")
    data = bytearray(db.read_bytes())
    data[8192 : 8192 + 2048] = b"\x00\x13" * 1024  # scribble over a page in the middle
    db.write_bytes(bytes(data))
    for side in ("-wal", "-shm"):
        Path(str(db) + side).unlink(missing_ok=True)
    code, _, err = run(capsys, "--db", str(db), "check")
    assert code != 0 and err


def test_restore_of_a_missing_file_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", str(tmp_path / "s.sqlite3"), "restore", str(tmp_path / "nope.sqlite3"))
    assert code != 0 and "nope.sqlite3" in err


def test_python_dash_m_crmdesk_prints_its_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "crmdesk", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout.startswith("crmdesk ")
