"""Window size, splitter positions, the last customer and the date style are remembered between starts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from crmdesk.gui.main_window import MainWindow
from crmdesk.settings import AppSettings


def test_layout_and_last_customer_come_back_at_the_next_start(
    qtbot: QtBot, make_window: Callable[..., MainWindow], people: dict[str, int], settings_file: Path
) -> None:
    first = make_window()
    first.resize(790, 700)  # inside the offscreen screen (800×800): restoring keeps a window on its screen
    first.splitter.setSizes([250, 540])
    first.card_view.splitter.setSizes([300, 240])
    size = (first.width(), first.height())
    first.open_customer(people["渡辺 美咲"])
    list_width = first.splitter.sizes()[0]
    editor_width = first.card_view.splitter.sizes()[0]
    first.set_date_style("western")
    assert first.close()

    saved = AppSettings.load(settings_file)
    assert saved.last_customer_id == people["渡辺 美咲"]
    assert saved.window_geometry and saved.splitter_state
    assert saved.date_style == "western"

    second = make_window(saved)
    qtbot.waitUntil(lambda: second.card_view.customer_id == people["渡辺 美咲"], timeout=3000)
    assert (second.width(), second.height()) == size
    assert second.splitter.sizes()[0] == list_width
    assert second.card_view.splitter.sizes()[0] == editor_width
    assert second.panel.current_id() == people["渡辺 美咲"]
    assert second.wareki_action.isChecked() is False and second.western_action.isChecked()


def test_a_broken_splitter_setting_is_ignored(
    make_window: Callable[..., MainWindow], people: dict[str, int]
) -> None:
    window = make_window(AppSettings(staff_name="村上", splitter_state="not json", window_geometry="!!"))
    assert window.isVisible()
    assert window.panel.model.rowCount() == len(people)


def test_a_last_customer_that_was_deleted_is_simply_not_opened(
    make_window: Callable[..., MainWindow], services: object, people: dict[str, int]
) -> None:
    services.customers.delete(people["青木 健"])  # type: ignore[attr-defined]
    window = make_window(AppSettings(staff_name="村上", last_customer_id=people["青木 健"]))
    assert window.card_view.customer_id is None
