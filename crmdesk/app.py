"""The composition root: parse arguments, build paths, settings, database and services; start Qt or run a command.

Nothing else builds these objects; everything below receives what it needs through its constructor.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from crmdesk import __version__
from crmdesk.domain.errors import CrmError
from crmdesk.paths import AppPaths, resolve_db_target
from crmdesk.services.bundle import Services
from crmdesk.settings import AppSettings
from crmdesk.storage.database import Database
from crmdesk.storage.migrate import upgrade

log = logging.getLogger("crmdesk")


@dataclass
class AppContext:
    """What a front end (GUI or CLI) gets from the composition root."""

    paths: AppPaths
    settings: AppSettings
    db: Database
    services: Services
    demo: bool = False


def configure_logging(paths: AppPaths, *, verbose: bool = False) -> Path:
    paths.ensure()
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]:
        root.removeHandler(old)
        old.close()
    handler = logging.handlers.RotatingFileHandler(
        paths.log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    return paths.log_file


def open_database(target: str, paths: AppPaths) -> Database:
    """Open and migrate (with a backup first); warn about network shares and cloud folders."""
    db = Database.open(target)
    warning = db.location_warning()
    if warning:
        log.warning(warning)
        print(f"警告: {warning}", file=sys.stderr)
    upgrade(db, backup_dir=paths.backup_dir)
    return db


def build_context(db_value: str | None, *, demo: bool = False, paths: AppPaths | None = None) -> AppContext:
    paths = (paths or AppPaths.default()).ensure()
    settings = AppSettings.load(paths.settings_file)
    target = str(paths.demo_db) if demo and not db_value else resolve_db_target(db_value, paths)
    db = open_database(target, paths)
    services = Services.build(db, staff_name=settings.staff_name or None)
    # The store's scenarios plan follow-ups as things happen (a purchase, a visit, a finished 車検).
    services.scenarios.enable_auto()
    return AppContext(paths, settings, db, services, demo)


def main(argv: Sequence[str] | None = None) -> int:
    from crmdesk.cli.main import build_parser, run_command

    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(args_list)
    paths = AppPaths.default().ensure()
    configure_logging(paths, verbose=getattr(args, "verbose", False))
    if getattr(args, "version", False):
        print(f"crmdesk {__version__}")
        return 0
    if getattr(args, "self_test", False):
        from crmdesk.cli.selftest import run_self_test

        return run_self_test()
    command = getattr(args, "command", None)
    if command in (None, "gui"):
        return run_gui(args)
    try:
        context = build_context(args.db, paths=paths)
    except CrmError as exc:
        print(f"crmdesk: {exc.message}", file=sys.stderr)
        return 2
    try:
        return run_command(args, context.services, context.paths)
    finally:
        context.db.dispose()


def run_gui(args: object) -> int:
    """Start the desktop app. `--demo` opens (and on first start fills) the separate demo store."""
    try:
        from crmdesk.gui.main import run_app
    except ImportError as exc:  # a broken Qt install: say so instead of a traceback
        print(f"crmdesk: デスクトップ画面を開けません（Qt を読み込めません: {exc}）", file=sys.stderr)
        return 3
    demo = bool(getattr(args, "demo", False))
    db_value = getattr(args, "db", None)
    paths = AppPaths.default().ensure()

    def open_context() -> AppContext:
        return build_context(db_value, demo=demo, paths=paths)

    return int(run_app(open_context, demo=demo, demo_kind=str(getattr(args, "kind", None) or "dealer")))


if __name__ == "__main__":
    sys.exit(main())
