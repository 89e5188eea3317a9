"""The timeline with its filters, and quick logging from the card: a call with a next follow-up, a visit, a note."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from crmdesk.domain.records import Consent, CustomerDraft, EventDraft
from crmdesk.domain.values import CallOutcome, EventKind, FollowUpKind, FollowUpStatus
from crmdesk.gui.main_window import MainWindow
from crmdesk.gui.quick_log import FollowUpDialog, LogEventDialog
from crmdesk.gui.timeline import EVENT_ROLE, TimelineModel, event_details
from crmdesk.services.bundle import Services
from tests.gui.conftest import type_japanese, when_dialog_opens


def log_some_history(services: Services, customer_id: int) -> None:
    start = datetime(2026, 1, 10, 3, 0, tzinfo=UTC)
    services.history.add(
        customer_id, EventDraft(EventKind.PURCHASE, "新車ご購入", start, amount_yen=3_200_000)
    )
    services.history.add(
        customer_id,
        EventDraft(
            EventKind.VISIT,
            "カット＋カラー",
            start + timedelta(days=30),
            menu="カット＋カラー",
            stylist="佐々木",
            amount_yen=12_100,
            treatment_notes="8トーン アッシュ 6% 1:1",
        ),
    )
    services.history.add(
        customer_id, EventDraft(EventKind.COMPLAINT, "納車が遅れたとのご不満", start + timedelta(days=40))
    )
    services.history.add(
        customer_id, EventDraft(EventKind.NOTE, "社内: 値引きは渋め", start + timedelta(days=50))
    )
    services.set_staff("大野")
    services.history.add(
        customer_id, EventDraft(EventKind.CALL, "点検のご案内", start + timedelta(days=60), outcome="reached")
    )
    services.set_staff("村上")


def test_the_timeline_model_passes_qt_model_checks(
    qtmodeltester: object, services: Services, people: dict[str, int]
) -> None:
    log_some_history(services, people["山田 太郎"])
    model = TimelineModel()
    model.set_events(services.customers.card(people["山田 太郎"]).events)
    qtmodeltester.check(model, force_py=True)  # type: ignore[attr-defined]
    assert model.rowCount() == 5


def test_the_timeline_shows_everything_newest_first_and_a_salon_visit_at_a_glance(
    window: MainWindow, services: Services, people: dict[str, int]
) -> None:
    log_some_history(services, people["山田 太郎"])
    window.open_customer(people["山田 太郎"])
    model = window.card_view.timeline.model
    kinds = [model.index(r, 0).data(EVENT_ROLE).kind for r in range(model.rowCount())]
    assert kinds == [EventKind.CALL, EventKind.NOTE, EventKind.COMPLAINT, EventKind.VISIT, EventKind.PURCHASE]
    visit = model.index(3, 0).data(EVENT_ROLE)
    assert event_details(visit) == "カット＋カラー ／ 佐々木 ／ 12,100円 ／ 8トーン アッシュ 6% 1:1"
    assert "話せた" in event_details(model.index(0, 0).data(EVENT_ROLE))
    assert window.card_view.timeline.count.text() == "5 / 5件"


def test_filtering_the_timeline_by_kind_and_by_staff(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int]
) -> None:
    log_some_history(services, people["山田 太郎"])
    window.open_customer(people["山田 太郎"])
    timeline = window.card_view.timeline
    for kind, button in timeline.kind_buttons.items():
        if kind is not EventKind.CALL:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert [e.kind for e in timeline.model.shown()] == [EventKind.CALL]
    qtbot.mouseClick(timeline.all_button, Qt.MouseButton.LeftButton)
    assert timeline.model.rowCount() == 5
    timeline.staff.setCurrentIndex(timeline.staff.findData("大野"))
    assert [e.summary for e in timeline.model.shown()] == ["点検のご案内"]
    assert timeline.count.text() == "1 / 5件"


def test_counter_mode_hides_notes_complaints_and_memos_and_the_same_key_shows_them(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int]
) -> None:
    log_some_history(services, people["山田 太郎"])
    services.customers.add_note(people["山田 太郎"], "大のゴルフ好き。奥様の話題は避ける")
    window.open_customer(people["山田 太郎"])
    editor = window.card_view.editor
    assert editor.notes_box.isVisible() and editor.memo_box.isVisible()
    qtbot.keyClick(window.panel.field, Qt.Key.Key_F12)
    assert window.counter_mode
    assert not editor.notes_box.isVisible()
    assert not editor.memo_box.isVisible()
    shown = {e.kind for e in window.card_view.timeline.model.shown()}
    assert EventKind.COMPLAINT not in shown and EventKind.NOTE not in shown
    assert "接客モード" in window._counter_label.text()
    window.open_customer(people["佐藤 花子"])  # still hidden on the next card
    assert not editor.notes_box.isVisible()
    qtbot.keyClick(window.panel.field, Qt.Key.Key_F12)
    assert not window.counter_mode
    assert editor.notes_box.isVisible()
    window.open_customer(people["山田 太郎"])
    assert window.card_view.timeline.model.rowCount() == 5


def answer_log_dialog(fill: Callable[[LogEventDialog], None]) -> list[QWidget]:
    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, LogEventDialog)
        fill(dialog)
        dialog.accept()

    return when_dialog_opens(handle)


def test_logging_a_call_with_a_next_follow_up(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int]
) -> None:
    window.open_customer(people["青木 健"])

    def fill(dialog: LogEventDialog) -> None:
        dialog.outcome.setCurrentIndex(dialog.outcome.findData(CallOutcome.CALL_BACK.value))
        type_japanese(dialog.body, "夕方に折り返しとのこと")
        dialog.follow_up_box.setChecked(True)
        dialog.follow_up.due.clear()
        qtbot.keyClicks(dialog.follow_up.due, "R8.11.25")
        type_japanese(dialog.follow_up.reason, "折り返しのお電話がなければこちらから")

    seen = answer_log_dialog(fill)
    qtbot.keyClick(window.panel.field, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert seen, "Ctrl+1 opens the call dialog"
    card = services.customers.card(people["青木 健"])
    call = card.events[0]
    assert call.kind is EventKind.CALL and call.outcome == "call_back" and call.staff == "村上"
    assert call.body == "夕方に折り返しとのこと"
    follow_up = next(f for f in card.follow_ups if f.status is FollowUpStatus.OPEN)
    assert follow_up.due_date == date(2026, 11, 25)
    assert follow_up.kind is FollowUpKind.CALL
    assert follow_up.source_event_id == call.id
    assert window.card_view.timeline.model.rowCount() == 1
    assert "R8.11.25" in window.card_view.header.next.text()


def test_a_follow_up_the_customer_refused_is_stopped_before_anything_is_saved(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    no_calls = services.customers.create(
        CustomerDraft(name="電話 不可子", name_kana="デンワ フカコ", consent=Consent(phone=False))
    ).id
    window.open_customer(no_calls)
    errors: list[str] = []

    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, LogEventDialog)
        dialog.follow_up_box.setChecked(True)
        type_japanese(dialog.follow_up.reason, "ご案内")
        dialog.accept()  # refused: the dialog stays open with the reason under the field
        errors.append(dialog.follow_up.kind_error.text())
        dialog.reject()

    when_dialog_opens(handle)
    assert window.card_view.log(EventKind.CALL) is False
    assert errors == ["電話連絡を希望されていません"]
    assert services.customers.card(no_calls).events == ()


def test_logging_a_salon_visit_with_menu_stylist_and_price(
    qtbot: QtBot, make_window: Callable[..., MainWindow], services: Services, people: dict[str, int]
) -> None:
    window = make_window(store_kind="salon")
    window.open_customer(people["佐藤 花子"])

    def fill(dialog: LogEventDialog) -> None:
        type_japanese(dialog.menu, "カット＋カラー")
        dialog.stylist.setCurrentText("佐々木")
        qtbot.keyClicks(dialog.amount, "12,100")
        type_japanese(dialog.treatment, "8トーン アッシュ")

    answer_log_dialog(fill)
    assert window.card_view.log(EventKind.VISIT) is True
    visit = services.customers.card(people["佐藤 花子"]).events[0]
    assert (visit.menu, visit.stylist, visit.amount_yen, visit.treatment_notes) == (
        "カット＋カラー",
        "佐々木",
        12100,
        "8トーン アッシュ",
    )


def test_a_price_that_is_not_a_number_is_named_and_nothing_is_saved(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int]
) -> None:
    window.open_customer(people["佐藤 花子"])
    messages: list[str] = []

    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, LogEventDialog)
        qtbot.keyClicks(dialog.amount, "abc")
        dialog.accept()
        messages.append(dialog.amount_error.text())
        dialog.reject()

    when_dialog_opens(handle)
    assert window.card_view.log(EventKind.PURCHASE) is False
    assert messages == ["金額は数字で入力してください（例: 8,800）"]
    assert services.customers.card(people["佐藤 花子"]).events == ()


def test_gift_and_note_are_one_action_each(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int]
) -> None:
    window.open_customer(people["中村 大輔"])

    def retitle(text: str) -> Callable[[LogEventDialog], None]:
        def fill(dialog: LogEventDialog) -> None:
            dialog.summary.clear()
            type_japanese(dialog.summary, text)

        return fill

    answer_log_dialog(retitle("お誕生日のお花"))
    window.card_view.log_actions[EventKind.GIFT].trigger()
    answer_log_dialog(retitle("駐車場の場所を気にされていた"))
    window.card_view.log_actions[EventKind.NOTE].trigger()
    events = services.customers.card(people["中村 大輔"]).events
    assert sorted((e.kind, e.summary) for e in events) == [
        (EventKind.GIFT, "お誕生日のお花"),
        (EventKind.NOTE, "駐車場の場所を気にされていた"),
    ]
    assert window.card_view.timeline.model.rowCount() == 2


def test_adding_a_follow_up_with_its_reason_and_completing_it(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int]
) -> None:
    window.open_customer(people["渡辺 美咲"])

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, FollowUpDialog)
        dialog.fields.kind.setCurrentIndex(dialog.fields.kind.findData(FollowUpKind.LETTER.value))
        dialog.fields.due.clear()
        qtbot.keyClicks(dialog.fields.due, "2026/12/20")
        type_japanese(dialog.fields.reason, "年末のご挨拶状")
        dialog.accept()

    when_dialog_opens(fill)
    qtbot.keyClick(window.panel.field, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    follow_up = services.customers.card(people["渡辺 美咲"]).follow_ups[0]
    assert (follow_up.due_date, follow_up.kind, follow_up.reason) == (
        date(2026, 12, 20),
        FollowUpKind.LETTER,
        "年末のご挨拶状",
    )
    window.card_view.follow_ups.setCurrentRow(0)

    def complete(dialog: QWidget) -> None:
        type_japanese(dialog.result_edit, "投函済み")  # type: ignore[attr-defined]
        dialog.accept()  # type: ignore[attr-defined]

    when_dialog_opens(complete)
    assert window.card_view.complete_follow_up() is True
    card = services.customers.card(people["渡辺 美咲"])
    assert card.follow_ups[0].status is FollowUpStatus.DONE
    assert card.events[0].summary == "フォロー完了: 年末のご挨拶状"
    QApplication.processEvents()
