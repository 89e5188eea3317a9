"""`crmdesk undo-import [IMPORT_ID]`: take back a whole import (the latest one by default)."""

from __future__ import annotations

import argparse

from crmdesk.cli.main import common_parent
from crmdesk.cli.output import print_json
from crmdesk.services.bundle import Services


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "undo-import", parents=[common_parent()], help="take back a whole import (the latest by default)"
    )
    parser.add_argument(
        "import_id", nargs="?", type=int, metavar="IMPORT_ID", help="which import (see --list)"
    )
    parser.add_argument("--list", action="store_true", help="list past imports instead")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, services: Services) -> int:
    service = services.imports
    if args.list:
        imports = service.imports()
        if args.json:
            print_json(imports)
        else:
            for info in imports:
                when = info.started_at.astimezone().strftime("%Y/%m/%d %H:%M")
                state = "（取り消し済み）" if info.undone_at else ""
                counts = info.counts
                print(
                    f"#{info.id} {when} {info.filename} {info.staff or ''} — 新規{counts.get('imported', 0):,}・"
                    f"更新{counts.get('updated', 0):,}・スキップ{counts.get('skipped', 0):,}・"
                    f"要確認{counts.get('reported', 0):,}{state}"
                )
            if not imports:
                print("取り込みの記録はありません")
        return 0
    result = service.undo(args.import_id)
    if args.json:
        print_json(result)
    else:
        print(result.summary_ja())
    return 0
