"""`resources_dir()` finds `resources/` in the frozen app (sys._MEIPASS), and in the checkout otherwise."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from crmdesk.paths import resource_path, resources_dir

ROOT = Path(__file__).resolve().parents[2]


def fake_bundle(root: Path) -> Path:
    """A frozen app's `_internal/` folder with the parts of resources/ the app looks for."""
    (root / "resources" / "fonts").mkdir(parents=True)
    (root / "resources" / "templates").mkdir()
    (root / "resources" / "templates" / "thanks.toml").write_text('label = "お礼状"\n', encoding="utf-8")
    return root


def test_the_frozen_app_reads_resources_from_its_own_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = fake_bundle(tmp_path / "_internal")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)

    assert resources_dir() == bundle / "resources"
    assert resource_path("templates", "thanks.toml").read_text(encoding="utf-8") == 'label = "お礼状"\n'


def test_a_bundle_without_resources_falls_back_to_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "_internal"
    empty.mkdir()
    monkeypatch.setattr(sys, "_MEIPASS", str(empty), raising=False)

    assert resources_dir() == ROOT / "resources"


def test_from_the_checkout_resources_are_beside_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)

    assert resources_dir() == ROOT / "resources"
    assert resource_path("fonts", "BIZUDGothic-Regular.ttf").is_file()
