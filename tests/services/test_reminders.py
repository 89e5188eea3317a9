"""Desktop reminders: a summary at start, then only what became due since; a new summary the next day."""

from __future__ import annotations

from datetime import UTC, date, datetime

from crmdesk.domain.records import CustomerDraft, FollowUpDraft
from crmdesk.domain.values import FollowUpKind
from crmdesk.services.bundle import Services
from crmdesk.services.reminders import ReminderService


def follow(services: Services, name: str, due: date, kind: FollowUpKind, staff: str = "村上") -> int:
    cid = services.customers.create(CustomerDraft(name=name)).id
    return services.followups.add(cid, FollowUpDraft(due, kind, "理由", staff=staff)).id


def test_the_first_check_sums_up_what_is_due_then_stays_quiet(services: Services) -> None:
    follow(services, "山田 太郎", date(2026, 11, 22), FollowUpKind.CALL)
    follow(services, "佐藤 花子", date(2026, 11, 20), FollowUpKind.LETTER)
    follow(services, "鈴木 一郎", date(2026, 11, 22), FollowUpKind.CALL)
    follow(services, "田中 未来", date(2026, 11, 25), FollowUpKind.CALL)
    reminders = ReminderService(services.ctx)
    first = reminders.check()
    assert first is not None
    assert first.title == "本日のフォロー 3件"
    assert first.message.splitlines() == [
        "電話 2件・手紙 1件（うち期限切れ 1件）",
        "山田 太郎様（電話）、鈴木 一郎様（電話）、佐藤 花子様（手紙）",
    ]
    assert (first.due_today, first.overdue, first.first_of_day) == (2, 1, True)
    assert reminders.check() is None


def test_a_follow_up_added_for_today_is_announced_on_its_own(services: Services) -> None:
    follow(services, "山田 太郎", date(2026, 11, 22), FollowUpKind.CALL)
    reminders = ReminderService(services.ctx)
    reminders.check()
    added = follow(services, "佐藤 花子", date(2026, 11, 22), FollowUpKind.GIFT)
    news = reminders.check()
    assert news is not None
    assert (news.title, news.follow_up_ids, news.first_of_day) == ("新しいフォロー 1件", (added,), False)


def test_the_next_morning_brings_a_new_summary(services: Services) -> None:
    follow(services, "山田 太郎", date(2026, 11, 22), FollowUpKind.CALL)
    follow(services, "佐藤 花子", date(2026, 11, 23), FollowUpKind.LETTER)
    reminders = ReminderService(services.ctx)
    assert reminders.check() is not None
    services.ctx.clock = lambda: datetime(2026, 11, 23, 0, 30, tzinfo=UTC)  # 9:30 in Japan
    morning = reminders.check()
    assert morning is not None
    assert morning.title == "本日のフォロー 2件"
    assert morning.message.splitlines()[0] == "手紙 1件・電話 1件（うち期限切れ 1件）"


def test_nothing_due_says_nothing(services: Services) -> None:
    follow(services, "山田 太郎", date(2026, 12, 1), FollowUpKind.CALL)
    assert ReminderService(services.ctx).check() is None


def test_many_names_are_cut_short(services: Services) -> None:
    for n in range(5):
        follow(services, f"顧客 {n}", date(2026, 11, 22), FollowUpKind.CALL)
    reminder = ReminderService(services.ctx).check()
    assert reminder is not None
    assert reminder.message.splitlines()[1].endswith("ほか2件")


def test_a_staff_member_hears_only_about_their_own(services: Services) -> None:
    follow(services, "山田 太郎", date(2026, 11, 22), FollowUpKind.CALL, staff="村上")
    follow(services, "佐藤 花子", date(2026, 11, 22), FollowUpKind.CALL, staff="田島")
    reminder = ReminderService(services.ctx, staff="田島").check()
    assert reminder is not None
    assert "佐藤 花子様" in reminder.message and "山田" not in reminder.message


def test_customers_in_the_trash_and_other_staff_are_not_reminded(services: Services) -> None:
    follow(services, "山田 太郎", date(2026, 11, 22), FollowUpKind.CALL)
    follow(services, "佐藤 花子", date(2026, 11, 21), FollowUpKind.LETTER, staff="田島")
    gone = services.customers.create(CustomerDraft(name="鈴木 一郎")).id
    services.followups.add(gone, FollowUpDraft(date(2026, 11, 22), FollowUpKind.GIFT, "理由", staff="村上"))
    services.customers.delete(gone)
    mine = ReminderService(services.ctx, staff="村上").check()
    assert mine is not None and mine.title == "本日のフォロー 1件"
    assert mine.message.splitlines()[1] == "山田 太郎様（電話）"
    everyone = ReminderService(services.ctx).check()
    assert everyone is not None and everyone.title == "本日のフォロー 2件"
    assert "鈴木" not in everyone.message
    assert ReminderService(services.ctx, staff="だれか").check() is None
