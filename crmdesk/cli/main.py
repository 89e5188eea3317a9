"""The command-line front end (no Qt): one module per command in `crmdesk/cli/commands/`.

A command module defines `register(subparsers)`, which adds its parser and sets `func=run` where
`run(args, services) -> int`. Modules are discovered, so adding a command touches no other file.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from typing import Protocol

from crmdesk import __version__
from crmdesk.domain.errors import CrmError
from crmdesk.paths import AppPaths
from crmdesk.services.bundle import Services

log = logging.getLogger(__name__)


class CommandModule(Protocol):
    def register(self, subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None: ...


def command_modules() -> list[CommandModule]:
    import crmdesk.cli.commands as package

    modules: list[CommandModule] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        if hasattr(module, "register"):
            modules.append(module)  # type: ignore[arg-type]
    return modules


def common_parent() -> argparse.ArgumentParser:
    """Options every command takes."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=argparse.SUPPRESS,
        help="database file or SQLAlchemy URL (else $CRMDESK_DB, else the default data folder)",
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crmdesk",
        description="crmdesk — 顧客カード・顧客カルテ. Without a command the desktop app starts.",
    )
    parser.add_argument("--db", metavar="PATH_OR_URL", default=None, help="database file or SQLAlchemy URL")
    parser.add_argument("--demo", action="store_true", help="open the demo store (its own database file)")
    parser.add_argument("--kind", choices=("dealer", "salon"), default=None, help="kind of demo store")
    parser.add_argument(
        "--self-test", action="store_true", help="check migrations, demo, search and printing"
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument("--verbose", action="store_true", help="log debug details")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    gui = subparsers.add_parser("gui", parents=[common_parent()], help="start the desktop app (the default)")
    gui.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help="open the demo store")
    gui.add_argument("--kind", choices=("dealer", "salon"), default=argparse.SUPPRESS)
    for module in command_modules():
        module.register(subparsers)
    return parser


def run_command(args: argparse.Namespace, services: Services, paths: AppPaths) -> int:
    args.paths = paths
    func = getattr(args, "func", None)
    if func is None:
        print(f"crmdesk {__version__}: unknown command", file=sys.stderr)
        return 2
    try:
        return int(func(args, services))
    except CrmError as exc:
        print(f"crmdesk {args.command}: {exc.message}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(
            f"crmdesk {args.command}: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "),
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        print(f"crmdesk {args.command}: 中断しました", file=sys.stderr)
        return 130
    except Exception as exc:  # one line for the user, the traceback in the log
        log.exception("crmdesk %s failed", args.command)
        print(
            f"crmdesk {args.command}: 予期しないエラーです（{type(exc).__name__}: {exc}）。"
            f"詳しくはログをご覧ください: {paths.log_file}".replace("\n", " "),
            file=sys.stderr,
        )
        return 1
