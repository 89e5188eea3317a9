"""`crmdesk print` end to end on a temporary database, as a script or the Task Scheduler would run it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from crmdesk.app import main
from crmdesk.domain.records import Consent, CustomerDraft, FamilyMember, FollowUpDraft, StoreProfile
from crmdesk.domain.values import FollowUpKind
from crmdesk.services.bundle import Services
from crmdesk.storage.database import Database
from crmdesk.storage.migrate import upgrade
from tests.printing.pdf_tools import page_sizes_mm, pdf_fonts, pdf_text, squeeze


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def store_db(tmp_path: Path) -> tuple[str, dict[str, int]]:
    path = tmp_path / "store.sqlite3"
    db = Database.open(str(path))
    upgrade(db)
    services = Services.build(db, staff_name="村上")
    services.store.save_profile(
        StoreProfile(
            name="美容室 髙島屋",
            postal_code="1500001",
            address="東京都渋谷区神宮前1-2-3",
            phone="03-1111-2222",
        )
    )
    ids = {
        "takahashi": services.customers.create(
            CustomerDraft(
                name="髙橋 太郎",
                name_kana="タカハシ タロウ",
                code="C001",
                postal_code="1000001",
                address1="東京都千代田区千代田1-1",
                family=[FamilyMember("妻", "花子", "ハナコ", joint_addressee=True)],
            )
        ).id,
        "yamazaki": services.customers.create(
            CustomerDraft(
                name="山﨑 美咲",
                name_kana="ヤマザキ ミサキ",
                postal_code="1500001",
                address1="東京都渋谷区神宮前3-2-1",
            )
        ).id,
        "refused": services.customers.create(
            CustomerDraft(
                name="佐藤 次郎",
                name_kana="サトウ ジロウ",
                postal_code="1000001",
                address1="東京都千代田区千代田2-2",
                consent=Consent(letter=False),
            )
        ).id,
        "no_reading": services.customers.create(
            CustomerDraft(name="田中 四郎", postal_code="1500001", address1="東京都渋谷区神宮前4-4-4")
        ).id,
    }
    ids["follow_up"] = services.followups.add(
        ids["yamazaki"], FollowUpDraft(date(2099, 1, 10), FollowUpKind.LETTER, "前回のカラーから2か月です")
    ).id
    db.dispose()
    return str(path), ids


def test_print_postcards_for_chosen_customers_writes_one_pdf(
    store_db: tuple[str, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, ids = store_db
    out = tmp_path / "cards.pdf"
    code, stdout, _ = run(
        capsys,
        "print",
        "postcard",
        "--customers",
        f"C001,{ids['yamazaki']},{ids['refused']}",
        "-o",
        str(out),
        "--db",
        db,
    )

    assert code == 0, stdout
    assert "2件を印刷しました" in stdout
    assert "対象外: 佐藤 次郎" in stdout and "DM不可" in stdout
    assert page_sizes_mm(out) == [pytest.approx((100.0, 148.0), abs=0.01)] * 2
    text = squeeze(pdf_text(out, raw=True))
    assert "髙橋太郎様" in text and "花子様" in text and "山﨑美咲様" in text
    assert all(f.embedded for f in pdf_fonts(out))


def test_the_address_check_stops_the_print_until_the_problem_is_skipped_or_forced(
    store_db: tuple[str, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, ids = store_db
    out = tmp_path / "letters.pdf"
    args = (
        "print",
        "letter",
        "--template",
        "お礼状",
        "--customers",
        f"{ids['takahashi']},{ids['no_reading']}",
    )

    code, stdout, err = run(capsys, *args, "-o", str(out), "--db", db)
    assert code == 1
    assert "田中 四郎様: フリガナが空です" in stdout
    assert "宛名チェックで1件の問題" in err
    assert not out.exists()

    code, stdout, _ = run(capsys, *args, "-o", str(out), "--skip-problems", "--db", db)
    assert code == 0 and "1件を印刷しました" in stdout
    assert "田中" not in pdf_text(out)

    code, stdout, _ = run(capsys, *args, "-o", str(out), "--force", "--db", db)
    assert code == 0 and "2件を印刷しました" in stdout
    assert "田中 四郎" in pdf_text(out)


def test_due_letters_print_then_confirm_marks_them_done(
    store_db: tuple[str, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, ids = store_db
    out = tmp_path / "due.pdf"
    code, stdout, _ = run(
        capsys,
        "print",
        "letter",
        "--template",
        "thanks",
        "--due",
        "2099-01-01..2099-01-31",
        "-o",
        str(out),
        "--json",
        "--db",
        db,
    )
    assert code == 0
    report = json.loads(stdout)
    assert report["printed"] == [ids["yamazaki"]]
    assert report["follow_ups_awaiting_confirmation"] == [ids["follow_up"]]
    assert "山﨑 美咲" in pdf_text(out)

    code, stdout, _ = run(capsys, "print-confirm", str(ids["follow_up"]), "--db", db)
    assert code == 0 and "1件のフォローを完了にしました" in stdout
    code, stdout, _ = run(capsys, "show", str(ids["yamazaki"]), "--json", "--db", db)
    card = json.loads(stdout)
    assert [f["status"] for f in card["follow_ups"]] == ["done"]
    assert any(e["kind"] == "letter" and "お礼状" in e["summary"] for e in card["history"])


def test_a_template_with_an_unknown_field_fails_with_one_line_naming_it(
    store_db: tuple[str, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, ids = store_db
    database = Database.open(db)
    from crmdesk.storage.models import LetterTemplate

    with database.transaction() as session:  # an edit made before validation existed, straight in the table
        session.add(
            LetterTemplate(name="thanks", title="お礼", body="{{お名前}}様 {{愛車の色}}", layout="letter")
        )
    database.dispose()

    code, _stdout, err = run(
        capsys,
        "print",
        "letter",
        "--template",
        "thanks",
        "--customers",
        str(ids["yamazaki"]),
        "-o",
        str(tmp_path / "x.pdf"),
        "--db",
        db,
    )

    assert code == 2
    assert "愛車の色" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()


def test_labels_and_received_cards(
    store_db: tuple[str, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, ids = store_db
    out = tmp_path / "labels.pdf"
    code, _, _ = run(
        capsys,
        "print",
        "labels",
        "--labels",
        "24",
        "--customers",
        f"{ids['takahashi']},{ids['yamazaki']}",
        "-o",
        str(out),
        "--db",
        db,
    )
    assert code == 0
    assert page_sizes_mm(out) == [pytest.approx((210.0, 297.0), abs=0.01)]
    assert "東京都千代田区千代田1-1" in pdf_text(out)

    code, stdout, _ = run(
        capsys, "print-received", "C001", "--template", "new_year", "--year", "2027", "--db", db
    )
    assert code == 0 and "受け取りを記録しました" in stdout


def test_a_wrong_kind_or_a_missing_template_is_one_line_on_stderr(
    store_db: tuple[str, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _ids = store_db
    code, _, err = run(
        capsys, "print", "poster", "--customers", "1", "-o", str(tmp_path / "x.pdf"), "--db", db
    )
    assert code == 2 and "postcard" in err
    code, _, err = run(
        capsys, "print", "letter", "--customers", "1", "-o", str(tmp_path / "x.pdf"), "--db", db
    )
    assert code == 2 and "テンプレート" in err
