"""The .ics export, parsed back with icalendar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar

from crmdesk.domain.records import CustomerDraft, FollowUpDraft
from crmdesk.domain.values import FollowUpKind
from crmdesk.services.bundle import Services
from crmdesk.services.calendar_ics import export_ics


def setup_store(services: Services) -> dict[str, int]:
    yamada = services.customers.create(CustomerDraft(name="山田 太郎", code="C0001")).id
    sato = services.customers.create(CustomerDraft(name="佐藤 花子")).id
    ids = {
        "call": services.followups.add(
            yamada,
            FollowUpDraft(date(2026, 11, 24), FollowUpKind.CALL, "お礼状が届いた頃のお電話", staff="村上"),
        ).id,
        "shaken": services.followups.add(
            sato,
            FollowUpDraft(date(2026, 12, 1), FollowUpKind.INSPECTION, "12月が車検の満了日です", staff="田島"),
        ).id,
        "done": services.followups.add(
            sato, FollowUpDraft(date(2026, 11, 20), FollowUpKind.GIFT, "お誕生日のプレゼント", staff="田島")
        ).id,
    }
    services.followups.complete(ids["done"], "お渡ししました")
    return ids


def events(path: Path) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


def test_open_follow_ups_become_all_day_events_with_the_reason(services: Services, tmp_path: Path) -> None:
    ids = setup_store(services)
    path = tmp_path / "follow-ups.ics"
    assert export_ics(services.ctx, path) == 2
    found = events(path)
    assert [str(e["summary"]) for e in found] == ["電話: 山田 太郎様", "点検・車検: 佐藤 花子様"]
    first = found[0]
    assert first.decoded("dtstart") == date(2026, 11, 24)
    assert first.decoded("dtend") == date(2026, 11, 25)
    assert str(first["description"]).splitlines() == [
        "お礼状が届いた頃のお電話",
        "担当: 村上",
        "顧客: 山田 太郎様（C0001）",
    ]
    assert str(first["uid"]) == f"follow-up-{ids['call']}@crmdesk"
    assert "ID" in str(found[1]["description"])  # a customer without a code is named by id


def test_one_staff_members_follow_ups(services: Services, tmp_path: Path) -> None:
    setup_store(services)
    path = tmp_path / "tajima.ics"
    assert export_ics(services.ctx, path, staff="田島") == 1
    assert [str(e["description"]).splitlines()[0] for e in events(path)] == ["12月が車検の満了日です"]
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    assert str(calendar["x-wr-calname"]) == "フォロー予定（田島）"


def test_exporting_again_replaces_the_file_with_the_same_event_ids(
    services: Services, tmp_path: Path
) -> None:
    ids = setup_store(services)
    path = tmp_path / "phone" / "follow-ups.ics"
    export_ics(services.ctx, path)
    services.followups.reschedule(ids["call"], date(2026, 11, 30))
    export_ics(services.ctx, path)
    moved = next(e for e in events(path) if str(e["uid"]) == f"follow-up-{ids['call']}@crmdesk")
    assert moved.decoded("dtstart") == date(2026, 11, 30)
    assert [p.name for p in path.parent.iterdir()] == ["follow-ups.ics"]  # no temporary file left behind


def test_an_empty_store_gives_a_valid_empty_calendar(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "empty.ics"
    assert export_ics(services.ctx, path) == 0
    assert events(path) == []
    assert icalendar.Calendar.from_ical(path.read_bytes())["version"] == "2.0"
