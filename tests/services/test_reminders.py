"""Desktop reminders: a summary at start, then only what became due since; a new summary the next day.

The service says what is due as data (kinds, counts, names); the GUI words it (tests/gui/test_tray.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from crmdesk.domain.records import CustomerDraft, FollowUpDraft
from crmdesk.domain.values import FollowUpKind
from crmdesk.services.bundle import Services
from crmdesk.services.reminders import ReminderService

CALL, LETTER, GIFT = FollowUpKind.CALL, FollowUpKind.LETTER, FollowUpKind.GIFT


def follow(services: Services, name: str, due: date, kind: FollowUpKind, staff: str = "村上") -> int:
    cid = services.customers.create(CustomerDraft(name=name)).id
    return services.followups.add(cid, FollowUpDraft(due, kind, "理由", staff=staff)).id


def test_the_first_check_sums_up_what_is_due_then_stays_quiet(services: Services) -> None:
    yamada = follow(services, "山田 太郎", date(2026, 11, 22), CALL)
    sato = follow(services, "佐藤 花子", date(2026, 11, 20), LETTER)
    suzuki = follow(services, "鈴木 一郎", date(2026, 11, 22), CALL)
    follow(services, "田中 未来", date(2026, 11, 25), CALL)
    reminders = ReminderService(services.ctx)
    first = reminders.check()
    assert first is not None
    assert (first.total, first.due_today, first.overdue, first.first_of_day) == (3, 2, 1, True)
    assert first.kinds == ((CALL, 2), (LETTER, 1))
    assert [(e.follow_up_id, e.customer_name, e.kind, e.overdue) for e in first.shown] == [
        (yamada, "山田 太郎", CALL, False),
        (suzuki, "鈴木 一郎", CALL, False),
        (sato, "佐藤 花子", LETTER, True),
    ]
    assert first.not_shown == 0
    assert reminders.check() is None


def test_a_follow_up_added_for_today_is_announced_on_its_own(services: Services) -> None:
    follow(services, "山田 太郎", date(2026, 11, 22), CALL)
    reminders = ReminderService(services.ctx)
    reminders.check()
    added = follow(services, "佐藤 花子", date(2026, 11, 22), GIFT)
    news = reminders.check()
    assert news is not None
    assert (news.follow_up_ids, news.first_of_day, news.kinds) == ((added,), False, ((GIFT, 1),))
    assert [e.customer_name for e in news.shown] == ["佐藤 花子"]


def test_the_next_morning_brings_a_new_summary(services: Services) -> None:
    follow(services, "山田 太郎", date(2026, 11, 22), CALL)
    follow(services, "佐藤 花子", date(2026, 11, 23), LETTER)
    reminders = ReminderService(services.ctx)
    assert reminders.check() is not None
    services.ctx.clock = lambda: datetime(2026, 11, 23, 0, 30, tzinfo=UTC)  # 9:30 in Japan
    morning = reminders.check()
    assert morning is not None
    assert (morning.total, morning.overdue, morning.first_of_day) == (2, 1, True)
    assert morning.kinds == ((LETTER, 1), (CALL, 1))  # today's first
    assert [e.customer_name for e in morning.shown] == ["佐藤 花子", "山田 太郎"]


def test_nothing_due_says_nothing(services: Services) -> None:
    follow(services, "山田 太郎", date(2026, 12, 1), CALL)
    assert ReminderService(services.ctx).check() is None


def test_many_names_are_cut_short(services: Services) -> None:
    for n in range(5):
        follow(services, f"顧客 {n}", date(2026, 11, 22), CALL)
    reminder = ReminderService(services.ctx).check()
    assert reminder is not None
    assert (reminder.total, len(reminder.shown), reminder.not_shown) == (5, 3, 2)


def test_a_staff_member_hears_only_about_their_own(services: Services) -> None:
    follow(services, "山田 太郎", date(2026, 11, 22), CALL, staff="村上")
    follow(services, "佐藤 花子", date(2026, 11, 22), CALL, staff="田島")
    reminder = ReminderService(services.ctx, staff="田島").check()
    assert reminder is not None
    assert [e.customer_name for e in reminder.shown] == ["佐藤 花子"]


def test_customers_in_the_trash_and_other_staff_are_not_reminded(services: Services) -> None:
    follow(services, "山田 太郎", date(2026, 11, 22), CALL)
    follow(services, "佐藤 花子", date(2026, 11, 21), LETTER, staff="田島")
    gone = services.customers.create(CustomerDraft(name="鈴木 一郎")).id
    services.followups.add(gone, FollowUpDraft(date(2026, 11, 22), GIFT, "理由", staff="村上"))
    services.customers.delete(gone)
    mine = ReminderService(services.ctx, staff="村上").check()
    assert mine is not None and mine.total == 1
    assert [(e.customer_name, e.kind) for e in mine.shown] == [("山田 太郎", CALL)]
    everyone = ReminderService(services.ctx).check()
    assert everyone is not None and everyone.total == 2
    assert [e.customer_name for e in everyone.shown] == ["山田 太郎", "佐藤 花子"]
    assert ReminderService(services.ctx, staff="だれか").check() is None
