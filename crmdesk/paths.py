"""Where things live: the platformdirs folders, or one override folder for everything.

Also the one function that finds `resources/` from a source checkout, an installed wheel and the frozen app.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from crmdesk import APP_NAME

DB_ENV = "CRMDESK_DB"
HOME_ENV = "CRMDESK_HOME"
DB_FILENAME = "crmdesk.sqlite3"
DEMO_DB_FILENAME = "crmdesk-demo.sqlite3"


@dataclass(frozen=True)
class AppPaths:
    """The folders the app writes to. Every one is created on first use by `ensure()`."""

    data_dir: Path
    config_dir: Path
    log_dir: Path
    backup_dir: Path

    @classmethod
    def default(cls) -> AppPaths:
        """The platformdirs folders, or everything under `$CRMDESK_HOME` when it is set."""
        home = os.environ.get(HOME_ENV)
        if home:
            return cls.under(Path(home))
        data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
        return cls(
            data_dir=data,
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
            backup_dir=data / "backups",
        )

    @classmethod
    def under(cls, root: Path) -> AppPaths:
        """One folder for everything (tests, portable installs, the self-test)."""
        return cls(
            data_dir=root / "data",
            config_dir=root / "config",
            log_dir=root / "logs",
            backup_dir=root / "data" / "backups",
        )

    def ensure(self) -> AppPaths:
        for folder in (self.data_dir, self.config_dir, self.log_dir, self.backup_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self

    @property
    def default_db(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def demo_db(self) -> Path:
        """The demo store lives in its own file, never in the store's real database."""
        return self.data_dir / DEMO_DB_FILENAME

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "crmdesk.log"


def resolve_db_target(cli_value: str | None, paths: AppPaths) -> str:
    """`--db PATH_OR_URL`, else `$CRMDESK_DB`, else the default file in the data folder."""
    if cli_value:
        return cli_value
    env = os.environ.get(DB_ENV)
    if env:
        return env
    return str(paths.default_db)


def resources_dir() -> Path:
    """The `resources/` folder: beside the package in a checkout, inside the bundle when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates: list[Path] = []
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    here = Path(__file__).resolve().parent
    candidates.append(here.parent / "resources")  # source checkout / editable install
    candidates.append(here / "resources")  # wheel: resources shipped inside the package
    candidates.append(Path(sys.prefix) / "share" / APP_NAME / "resources")
    for candidate in candidates:
        if (candidate / "fonts").is_dir():
            return candidate
    raise FileNotFoundError("resources/ folder not found; looked in: " + ", ".join(map(str, candidates)))


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
