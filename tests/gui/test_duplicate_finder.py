"""The duplicate finder, used as a store would: look at a likely pair, merge it, or say they are different."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from crmdesk.domain.records import ContactPoint, CustomerDraft
from crmdesk.domain.values import ContactKind
from crmdesk.gui.duplicate_finder import DuplicateFinderDialog
from crmdesk.services.bundle import Services
from crmdesk.services.duplicates import DuplicateService

from .conftest import when_dialog_opens


@pytest.fixture
def pair(services: Services) -> tuple[int, int]:
    first = services.customers.create(
        CustomerDraft(
            name="髙橋 一郎",
            birthday=date(1980, 1, 2),
            contacts=[ContactPoint(ContactKind.MOBILE, "090-1111-2222")],
        )
    )
    second = services.customers.create(
        CustomerDraft(name="高橋 一郎", name_kana="タカハシ イチロウ", birthday=date(1980, 1, 2))
    )
    services.customers.create(CustomerDraft(name="鈴木 花子"))
    return first.id, second.id


@pytest.fixture
def finder(qtbot: QtBot, services: Services, pair: tuple[int, int]) -> Iterator[DuplicateFinderDialog]:
    dialog = DuplicateFinderDialog(DuplicateService(services.ctx))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=5000)
    yield dialog
    dialog.runner.wait_all(5000)


def answer(qtbot: QtBot, button: QMessageBox.StandardButton) -> None:
    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        qtbot.mouseClick(dialog.button(button), Qt.MouseButton.LeftButton)

    when_dialog_opens(handle)


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_likely_pair_is_shown_side_by_side_with_what_they_share(finder: DuplicateFinderDialog) -> None:
    assert finder.table.rowCount() == 1
    item = finder.table.item(0, 2)
    assert (
        item is not None and "氏名が同じ（異体字を含む）" in item.text() and "生年月日が同じ" in item.text()
    )
    left, right = finder.detail_labels[0]
    assert (left.text(), right.text()) == ("髙橋 一郎", "高橋 一郎")
    assert "1組" in finder.summary.text()


def test_merging_into_the_first_card_keeps_it_and_sends_the_other_to_the_trash(
    qtbot: QtBot, finder: DuplicateFinderDialog, services: Services, pair: tuple[int, int]
) -> None:
    first, second = pair
    answer(qtbot, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(finder.merged, timeout=5000) as merged:
        click(qtbot, finder.keep_first)
    assert merged.args == [first]
    card = services.customers.card(first)
    assert card.name_kana == "タカハシ イチロウ"
    assert services.customers.card(second).deleted_at is not None
    assert finder.table.rowCount() == 0
    assert "まとめました" in finder.summary.text()


def test_saying_no_to_the_question_changes_nothing(
    qtbot: QtBot, finder: DuplicateFinderDialog, services: Services, pair: tuple[int, int]
) -> None:
    answer(qtbot, QMessageBox.StandardButton.No)
    click(qtbot, finder.keep_second)
    qtbot.wait(100)
    assert services.customers.card(pair[0]).deleted_at is None
    assert finder.table.rowCount() == 1


def test_a_pair_marked_as_different_customers_disappears_for_good(
    qtbot: QtBot, finder: DuplicateFinderDialog
) -> None:
    click(qtbot, finder.different)
    assert finder.table.rowCount() == 0
    click(qtbot, finder.refresh_button)
    qtbot.waitUntil(lambda: not finder.busy, timeout=5000)
    assert finder.table.rowCount() == 0
    assert "見つかりませんでした" in finder.summary.text()
