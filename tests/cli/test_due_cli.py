"""`crmdesk due` end to end on a temporary database (dates relative to the real today, as a script would see)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest

from crmdesk.app import main
from crmdesk.domain.eras import format_wareki
from crmdesk.domain.records import CustomerDraft, FollowUpDraft
from crmdesk.domain.values import FollowUpKind
from crmdesk.services.bundle import Services
from crmdesk.storage.database import Database
from crmdesk.storage.migrate import upgrade


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def store(tmp_path: Path) -> tuple[str, date]:
    """A store with follow-ups yesterday, today, in ten days and in forty days; returns (db path, today)."""
    path = str(tmp_path / "store.sqlite3")
    db = Database.open(path)
    upgrade(db)
    services = Services.build(db, staff_name="村上")
    today = services.ctx.today()
    yamada = services.customers.create(CustomerDraft(name="山田 太郎")).id
    sato = services.customers.create(CustomerDraft(name="佐藤 花子")).id
    plans = [
        (yamada, today - timedelta(days=1), FollowUpKind.LETTER, "ご購入のお礼状", "村上"),
        (sato, today, FollowUpKind.CALL, "前回のカラーから2か月", "田島"),
        (yamada, today + timedelta(days=10), FollowUpKind.INSPECTION, "12月が車検の満了日です", "村上"),
        (sato, today + timedelta(days=40), FollowUpKind.GIFT, "お誕生日のプレゼント", "田島"),
    ]
    for cid, due, kind, reason, staff in plans:
        services.followups.add(cid, FollowUpDraft(due, kind, reason, staff=staff))
    db.dispose()
    return path, today


def test_due_without_dates_lists_what_is_due_by_today_overdue_included(
    store: tuple[str, date], capsys: pytest.CaptureFixture[str]
) -> None:
    path, today = store
    code, out, _ = run(capsys, "due", "--db", path)
    assert code == 0
    assert "フォロー予定 2件" in out
    assert "手紙: 山田 太郎様 — ご購入のお礼状  [村上]" in out
    assert "電話: 佐藤 花子様 — 前回のカラーから2か月  [田島]" in out
    assert "期限切れ 1日" in out and f"{today.isoformat()}（" in out
    assert "車検" not in out


def test_due_in_a_period_written_in_wareki(
    store: tuple[str, date], capsys: pytest.CaptureFixture[str]
) -> None:
    path, today = store
    start = format_wareki(today + timedelta(days=1))
    end = format_wareki(today + timedelta(days=60))
    code, out, _ = run(capsys, "due", "--from", start, "--to", end, "--db", path)
    assert code == 0
    assert "12月が車検の満了日です" in out and "お誕生日のプレゼント" in out
    assert "お礼状" not in out


def test_due_for_one_staff_member_as_json(
    store: tuple[str, date], capsys: pytest.CaptureFixture[str]
) -> None:
    path, today = store
    end = (today + timedelta(days=60)).isoformat()
    code, out, _ = run(capsys, "due", "--to", end, "--staff", "田島", "--json", "--db", path)
    assert code == 0
    rows = json.loads(out)
    assert [(r["kind"], r["reason"], r["staff"], r["customer_name"]) for r in rows] == [
        ("call", "前回のカラーから2か月", "田島", "佐藤 花子"),
        ("gift", "お誕生日のプレゼント", "田島", "佐藤 花子"),
    ]
    assert rows[0]["due_date"] == today.isoformat()
    assert set(rows[0]) >= {"id", "customer_id", "kind_label", "status", "days_overdue"}


def test_a_date_that_does_not_exist_is_refused_in_one_line(
    store: tuple[str, date], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = store
    code, out, err = run(capsys, "due", "--from", "2026/02/30", "--db", path)
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert "--from" in err and "2026/02/30" in err


def test_a_period_that_ends_before_it_starts_is_refused(
    store: tuple[str, date], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = store
    code, _, err = run(capsys, "due", "--from", "2026-12-31", "--to", "2026-12-01", "--db", path)
    assert code == 2 and "--from" in err


def test_nothing_due_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "due", "--db", str(tmp_path / "empty.sqlite3"))
    assert code == 0 and out.startswith("フォロー予定はありません")


def test_one_staff_members_follow_ups_go_to_an_ics_file_for_the_phone(
    store: tuple[str, date], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path, today = store
    target = tmp_path / "田島.ics"
    code, out, _ = run(capsys, "due", "--staff", "田島", "--ics", str(target), "--db", path)
    assert code == 0
    assert f"田島さんの未完了のフォロー 2件を {target} に書き出しました" in out
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = sorted((e.decoded("dtstart"), str(e.get("summary"))) for e in calendar.walk("VEVENT"))
    assert [day for day, _ in events] == [today, today + timedelta(days=40)]
    assert all("佐藤 花子" in summary for _, summary in events)
    code, _, err = run(capsys, "due", "--ics", str(tmp_path / "all.txt"), "--db", path)
    assert code == 2 and "--ics" in err and not (tmp_path / "all.txt").exists()
