"""Starting the app: the database opens in the background, the staff member is picked once and remembered, a
first start offers demo / import / empty, the demo store fills itself, the language can be switched, and an
unexpected error shows the log's path without losing the card being edited."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from crmdesk.gui.first_start import FirstStartDialog
from crmdesk.gui.main import AppController
from crmdesk.gui.staff_picker import StaffPicker
from crmdesk.paths import AppPaths
from crmdesk.services.bundle import Services
from crmdesk.settings import AppSettings
from tests.gui.conftest import add_people, type_japanese, when_dialog_opens


@dataclass
class Context:
    paths: AppPaths
    settings: AppSettings
    services: Services
    demo: bool = False


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths.under(tmp_path / "home").ensure()


@pytest.fixture
def controllers() -> Iterator[list[AppController]]:
    made: list[AppController] = []
    yield made
    for controller in made:
        window = controller.window
        if window is not None:
            if window.card_view.dirty:
                window.card_view.revert()
            window.close()
            window.bridge.detach()
        controller.shutdown()


def start(
    qtbot: QtBot, controllers: list[AppController], context: Context, **kwargs: object
) -> AppController:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    controller = AppController(app, lambda: context, **kwargs)  # type: ignore[arg-type]
    controllers.append(controller)
    controller.start()
    return controller


def test_the_staff_member_is_asked_once_and_remembered(
    qtbot: QtBot, services: Services, paths: AppPaths, controllers: list[AppController]
) -> None:
    add_people(services)
    services.set_staff(None)
    context = Context(paths, AppSettings(language="ja"), services)

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, StaffPicker)
        dialog.list.setCurrentItem(dialog.list.findItems("村上", Qt.MatchFlag.MatchExactly)[0])
        dialog.accept()

    asked = when_dialog_opens(choose)
    controller = start(qtbot, controllers, context)
    qtbot.waitUntil(lambda: controller.window is not None, timeout=5000)
    assert asked
    assert services.ctx.staff_name == "村上"
    assert json.loads(paths.settings_file.read_text(encoding="utf-8"))["staff_name"] == "村上"

    services.set_staff(None)
    again = start(qtbot, controllers, Context(paths, AppSettings.load(paths.settings_file), services))
    qtbot.waitUntil(lambda: again.window is not None, timeout=5000)
    assert services.ctx.staff_name == "村上"  # not asked again
    assert again.window is not None and again.window.staff_button.text() == "担当: 村上"


def test_a_first_start_with_an_empty_database_offers_demo_import_or_empty(
    qtbot: QtBot, services: Services, paths: AppPaths, controllers: list[AppController]
) -> None:
    context = Context(paths, AppSettings(staff_name="村上", language="ja"), services)
    offered: list[FirstStartDialog] = []

    def start_empty(dialog: QWidget) -> None:
        assert isinstance(dialog, FirstStartDialog)
        offered.append(dialog)
        dialog.empty.click()

    when_dialog_opens(start_empty)
    controller = start(qtbot, controllers, context)
    qtbot.waitUntil(lambda: bool(offered), timeout=5000)
    dialog = offered[0]
    assert [dialog.demo.text(), dialog.import_list.text(), dialog.empty.text()] == [
        "デモ店舗で試す",
        "名簿を取り込む",
        "空の状態で始める",
    ]
    qtbot.waitUntil(lambda: context.settings.first_start_done, timeout=3000)
    assert json.loads(paths.settings_file.read_text(encoding="utf-8"))["first_start_done"] is True
    assert controller.window is not None and controller.window.panel.model.rowCount() == 0


def test_choosing_the_demo_store_starts_it_separately(
    qtbot: QtBot, services: Services, paths: AppPaths, controllers: list[AppController]
) -> None:
    context = Context(paths, AppSettings(staff_name="村上", language="ja"), services)
    launched: list[bool] = []
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    controller = AppController(app, lambda: context)
    controllers.append(controller)
    controller.demo_launcher = lambda: launched.append(True) or True
    when_dialog_opens(lambda dialog: dialog.demo.click())  # type: ignore[attr-defined]
    controller.start()
    qtbot.waitUntil(lambda: bool(launched), timeout=5000)
    assert services.store.is_empty()  # the store's own database gets no demo customers
    assert context.settings.first_start_done is False  # asked again next time


def test_the_demo_store_fills_itself_in_the_background_on_first_start(
    qtbot: QtBot, services: Services, paths: AppPaths, controllers: list[AppController]
) -> None:
    context = Context(paths, AppSettings(staff_name="村上", language="ja"), services, demo=True)
    controller = start(qtbot, controllers, context, demo=True, demo_kind="salon")
    qtbot.waitUntil(lambda: controller.window is not None, timeout=5000)
    window = controller.window
    assert window is not None and window.isVisible()
    qtbot.waitUntil(lambda: controller.demo_filled, timeout=60_000)
    qtbot.waitUntil(lambda: window.panel.model.rowCount() == 500, timeout=10_000)
    assert window.workspace is not None  # Today and the calendar come once the customers are there
    assert "デモ店舗" in window.windowTitle()
    assert services.store.profile().kind == "salon"


def test_switching_the_language_rebuilds_the_window_in_english_on_the_same_card(
    qtbot: QtBot, services: Services, paths: AppPaths, controllers: list[AppController]
) -> None:
    people = add_people(services)
    context = Context(paths, AppSettings(staff_name="村上", language="ja", first_start_done=True), services)
    controller = start(qtbot, controllers, context)
    qtbot.waitUntil(lambda: controller.window is not None, timeout=5000)
    window = controller.window
    assert window is not None
    qtbot.waitUntil(lambda: not window.panel.busy, timeout=5000)
    window.open_customer(people["山田 太郎"])
    assert window.file_menu.title() == "ファイル(&F)"
    window.language_actions["en"].trigger()
    english = controller.window
    assert english is not None and english is not window
    qtbot.waitUntil(lambda: english.card_view.customer_id == people["山田 太郎"], timeout=5000)
    assert english.file_menu.title() == "&File"
    assert english.card_view.save_action.text() == "Save"
    assert english.panel.field.placeholderText().startswith("Search")
    assert english.card_view.editor.name.text() == "山田 太郎"  # the data stays as written
    assert json.loads(paths.settings_file.read_text(encoding="utf-8"))["language"] == "en"
    english.language_actions["ja"].trigger()
    japanese = controller.window
    assert japanese is not None and japanese.file_menu.title() == "ファイル(&F)"


def test_an_unexpected_error_shows_the_log_path_and_keeps_the_card_being_edited(
    qtbot: QtBot, services: Services, paths: AppPaths, controllers: list[AppController]
) -> None:
    people = add_people(services)
    context = Context(paths, AppSettings(staff_name="村上", language="ja", first_start_done=True), services)
    controller = start(qtbot, controllers, context)
    qtbot.waitUntil(lambda: controller.window is not None, timeout=5000)
    window = controller.window
    assert window is not None and controller.reporter is not None
    window.open_customer(people["青木 健"])
    type_japanese(window.card_view.editor.memo, "大事なメモ")
    shown: list[str] = []

    def read(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        shown.append(dialog.text())
        dialog.accept()

    when_dialog_opens(read)
    try:
        raise RuntimeError("something broke")
    except RuntimeError as exc:
        controller.reporter.handle(type(exc), exc, exc.__traceback__)
    assert shown and str(paths.log_file) in shown[0]
    assert "RuntimeError: something broke" in shown[0]
    assert window.card_view.editor.memo.toPlainText() == "大事なメモ"
    assert window.card_view.dirty
    rescued = list((paths.data_dir / "rescued").glob("rescued-card-*.json"))
    assert len(rescued) == 1
    assert json.loads(rescued[0].read_text(encoding="utf-8"))["memo"] == "大事なメモ"


def test_a_database_that_cannot_be_opened_is_explained(
    qtbot: QtBot, controllers: list[AppController]
) -> None:
    from crmdesk.domain.errors import StorageError

    def broken() -> object:
        raise StorageError("データベースは新しい版で作られています", code="too_new")

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    controller = AppController(app, broken)
    controllers.append(controller)
    quit_codes: list[int] = []
    controller.quit = quit_codes.append  # the real one ends app.exec(), which is not running in a test
    shown: list[str] = []

    def read(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        shown.append(dialog.text())
        dialog.accept()

    when_dialog_opens(read, timeout_ms=5000)
    controller.start()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "新しい版" in shown[0]
    assert controller.exit_code == 2
    assert quit_codes == [2]
