"""The main window with a demo store, rendered offscreen at 1280×800 and saved for people to look at."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from crmdesk.gui.main_window import MainWindow
from crmdesk.services.bundle import Services
from crmdesk.services.demo import DemoGenerator


def test_the_main_window_with_a_demo_store_renders_at_1280_by_800(
    qtbot: QtBot, services: Services, make_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    DemoGenerator(services.ctx).generate(120, kind="dealer")
    window = make_window()
    window.resize(1280, 800)
    window.panel.open_top()
    qtbot.waitUntil(lambda: window.card_view.customer_id is not None, timeout=3000)
    qtbot.wait(50)
    image = window.grab().toImage()
    path = tmp_path / "main_window_1280x800.png"
    assert image.save(str(path))
    assert path.stat().st_size > 20_000
    assert (image.width(), image.height()) == (1280, 800)
    # Something is drawn all over the window, not one colour: count distinct colours on a coarse grid.
    colours = {QColor(image.pixel(x, y)).name() for x in range(0, 1280, 16) for y in range(0, 800, 16)}
    assert len(colours) > 20
    assert window.panel.model.rowCount() == 120
    assert window.card_view.timeline.model.rowCount() > 0
    assert window.card_view.header.name.text().endswith("様")
