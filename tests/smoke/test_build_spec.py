"""What `build_spec.py` puts into the frozen app (without running PyInstaller: that is CI's build step)."""

from __future__ import annotations

from pathlib import Path

import build_spec
from build_spec import (
    ABOUT_DISTRIBUTIONS,
    allowed_plugins,
    data_files,
    excluded_modules,
    plugin_stem,
    qt_modules_used,
    version_numbers,
)
from crmdesk.gui.about import LIBRARIES

ROOT = Path(__file__).resolve().parents[2]


def destinations() -> dict[str, str]:
    """bundle path of each file -> its source."""
    return {str(Path(dest) / Path(src).name): src for src, dest in data_files()}


def test_the_migrations_travel_as_files_alembic_can_load() -> None:
    shipped = destinations()
    migrations = ROOT / "crmdesk" / "storage" / "migrations"

    assert str(Path("crmdesk/storage/migrations/env.py")) in shipped
    for version in (migrations / "versions").glob("*.py"):
        assert str(Path("crmdesk/storage/migrations/versions") / version.name) in shipped


def test_resources_are_shipped_but_not_their_generator_scripts() -> None:
    shipped = destinations()

    for font in (ROOT / "resources" / "fonts").glob("*.ttf"):
        assert str(Path("resources/fonts") / font.name) in shipped
    assert str(Path("resources/fonts/IPA_Font_License.txt")) in shipped
    assert str(Path("resources/icons/app/crmdesk-256.png")) in shipped
    assert str(Path("resources/licenses/LGPL-3.0.txt")) in shipped
    assert not [dest for dest in shipped if dest.startswith("resources") and dest.endswith((".py", ".ts"))]


def test_each_os_gets_its_own_window_plugin_and_offscreen_for_the_self_test() -> None:
    linux = allowed_plugins({"QtWidgets"}, "linux")
    windows = allowed_plugins({"QtWidgets"}, "windows")
    macos = allowed_plugins({"QtWidgets"}, "macos")

    assert {"qoffscreen", "qxcb"} <= linux["platforms"]
    assert {"qoffscreen", "qwindows"} <= windows["platforms"]
    assert {"qoffscreen", "qcocoa"} <= macos["platforms"]
    assert "qxcb" not in windows["platforms"] and "qwindows" not in linux["platforms"]
    assert "ibusplatforminputcontextplugin" in linux["platforminputcontexts"]  # typing Japanese on Linux
    assert "cupsprintersupport" in linux["printsupport"]
    assert {"qsvg", "qjpeg", "qico"} <= linux["imageformats"]
    for unused in ("qwayland", "qeglfs", "qvnc", "qlinuxfb"):
        assert unused not in linux["platforms"]
    assert not [
        folder for folder in linux if folder.startswith(("wayland", "egldevice", "generic", "qmltooling"))
    ]


def test_the_pdf_image_plugin_comes_only_with_qtpdf() -> None:
    assert "qpdf" not in allowed_plugins({"QtWidgets"}, "linux")["imageformats"]
    assert "qpdf" in allowed_plugins({"QtWidgets", "QtPdf"}, "linux")["imageformats"]


def test_qt_modules_are_read_from_the_imports(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "view.py").write_text(
        "from PySide6.QtWidgets import QDialog\nimport PySide6.QtSvg\nfrom PySide6 import QtPrintSupport\n",
        encoding="utf-8",
    )

    assert qt_modules_used(package) == {"QtWidgets", "QtSvg", "QtPrintSupport"}
    assert "QtWidgets" in qt_modules_used()  # the real GUI


def test_unused_qt_modules_and_test_tools_are_excluded_but_used_ones_never() -> None:
    excluded = set(excluded_modules({"QtSvg"}))

    for heavy in ("PySide6.QtWebEngineCore", "PySide6.Qt3DCore", "PySide6.QtQuick", "PySide6.QtQml"):
        assert heavy in excluded
    for tool in ("pytest", "hypothesis", "mypy", "ruff", "tkinter"):
        assert tool in excluded
    for used in ("PySide6.QtSvg", "PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets"):
        assert used not in excluded


def test_plugin_file_names_on_every_os_reduce_to_the_same_stem() -> None:
    assert plugin_stem("/x/platforms/libqxcb.so") == "qxcb"
    assert plugin_stem("C:/x/platforms/qwindows.dll") == "qwindows"
    assert plugin_stem("/x/platforms/libqcocoa.dylib") == "qcocoa"
    assert plugin_stem("libqt-plugin-wayland-egl.so.6") == "qt-plugin-wayland-egl"


def test_every_library_in_the_about_dialog_keeps_its_licence_in_the_bundle() -> None:
    named = {component.distribution for component in LIBRARIES if component.distribution}

    assert named <= set(ABOUT_DISTRIBUTIONS)


def test_the_windows_version_resource_carries_the_package_version(tmp_path: Path) -> None:
    import crmdesk

    assert version_numbers("0.1.0") == (0, 1, 0, 0)
    assert version_numbers("1.2rc1") == (1, 2, 0, 0)
    text = build_spec.windows_version_file(crmdesk.__version__, "crmdesk", tmp_path).read_text(
        encoding="utf-8"
    )
    assert f"StringStruct('ProductVersion', '{crmdesk.__version__}')" in text
    assert f"prodvers={version_numbers(crmdesk.__version__)}" in text
