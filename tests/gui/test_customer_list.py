"""The customer list model: only ids for the whole list, rows fetched lazily for what is shown, refreshed by id."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from crmdesk.domain.records import CustomerDraft, CustomerRow
from crmdesk.gui.customer_model import PAGE, ROW_ROLE, Column, CustomerListModel
from crmdesk.gui.main_window import MainWindow
from crmdesk.services.bundle import Services
from tests.gui.conftest import wait_search

DIGITS = "アイウエオカキクケコ"


def kana_number(n: int) -> str:
    """003 → アアエ: readings must be kana, and these sort like the numbers."""
    return "".join(DIGITS[int(d)] for d in f"{n:03d}")


def test_the_list_model_passes_qt_model_checks(
    qtmodeltester: ModelTester, services: Services, people: dict[str, int]
) -> None:
    model = CustomerListModel(services.customers.rows, today=services.ctx.today)
    model.set_ids(services.customers.browse_ids())
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == len(people)
    assert model.index(0, Column.NAME).data() == "青木 健 様"


def test_rows_are_fetched_a_page_at_a_time_only_when_shown(services: Services) -> None:
    ids = [
        services.customers.create(
            CustomerDraft(name=f"顧客 {n:03d}", name_kana=f"コキャク {kana_number(n)}")
        ).id
        for n in range(250)
    ]
    asked: list[int] = []

    def fetch(wanted: Sequence[int]) -> list[CustomerRow]:
        asked.extend(wanted)
        return services.customers.rows(wanted)

    model = CustomerListModel(fetch, today=services.ctx.today)
    model.set_ids(ids)
    assert asked == []  # a reset costs nothing
    assert model.index(0, Column.NAME).data() == "顧客 000 様"
    assert len(asked) == PAGE
    model.index(5, Column.KANA).data()
    assert len(asked) == PAGE  # already cached
    assert model.index(249, Column.NAME).data() == "顧客 249 様"
    assert len(asked) < 250


def test_a_changed_card_is_shown_fresh_in_the_list(
    qtbot: QtBot, window: MainWindow, services: Services, people: dict[str, int]
) -> None:
    model = window.panel.model
    row = model.row_of(people["山田 太郎"])
    assert row is not None
    assert model.index(row, Column.NAME).data() == "山田 太郎 様"
    card = services.customers.card(people["山田 太郎"])
    draft = card.to_draft()
    draft.name = "山田 太朗"
    with qtbot.waitSignal(model.dataChanged, timeout=2000):
        services.customers.update(card.id, draft)
    assert model.index(row, Column.NAME).data() == "山田 太朗 様"
    customer = model.index(row, 0).data(ROW_ROLE)
    assert isinstance(customer, CustomerRow) and customer.name == "山田 太朗"


def test_the_list_is_in_gojuon_order_and_a_header_click_sorts_again(qtbot: QtBot, window: MainWindow) -> None:
    model = window.panel.model
    readings = [model.index(r, Column.KANA).data() for r in range(model.rowCount())]
    assert readings == sorted(readings)
    assert readings[0] == "アオキ ケン"
    header = window.panel.view.horizontalHeader()
    header.setSortIndicator(Column.KANA, Qt.SortOrder.DescendingOrder)
    wait_search(qtbot, window)
    readings = [model.index(r, Column.KANA).data() for r in range(model.rowCount())]
    assert readings == sorted(readings, reverse=True)
    assert readings[0] == "ワタナベ ミサキ"


def test_the_index_tab_jumps_to_that_row_of_the_syllabary(
    qtbot: QtBot, make_window: object, services: Services
) -> None:
    for n in range(120):
        services.customers.create(CustomerDraft(name=f"阿部 {n}", name_kana=f"アベ {kana_number(n)}"))
    for n in range(120):
        services.customers.create(CustomerDraft(name=f"田中 {n}", name_kana=f"タナカ {kana_number(n)}"))
    window = make_window()  # type: ignore[operator]
    panel = window.panel
    panel.view.resize(400, 300)
    tab = [panel.index_bar.tabText(i) for i in range(panel.index_bar.count())].index("た")
    qtbot.mouseClick(panel.index_bar, Qt.MouseButton.LeftButton, pos=panel.index_bar.tabRect(tab).center())
    top = panel.view.rowAt(0)
    assert panel.model.index(top, Column.KANA).data() == "タナカ アアア"
    assert panel.index_bar.currentIndex() == tab
