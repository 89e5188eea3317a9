"""`crmdesk backup [--to DIR]`, `crmdesk restore FILE`, `crmdesk check`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crmdesk.cli.main import common_parent
from crmdesk.cli.output import print_json
from crmdesk.domain.errors import StorageError
from crmdesk.services.bundle import Services
from crmdesk.storage.backup import backup_sqlite, check_sqlite_file, default_backup_name, restore_sqlite
from crmdesk.storage.database import Database
from crmdesk.storage.migrate import current_revision, head_revision, upgrade


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = subparsers.add_parser(
        "backup", parents=[common_parent()], help="copy the database safely while in use"
    )
    backup.add_argument(
        "--to", metavar="DIR", help="folder for the copy (default: the data folder's backups/)"
    )
    backup.add_argument("--json", action="store_true")
    backup.set_defaults(func=run_backup)
    restore = subparsers.add_parser(
        "restore",
        parents=[common_parent()],
        help="replace the database with a backup (the current one is kept)",
    )
    restore.add_argument("file", type=Path, help="a backup made by `crmdesk backup`")
    restore.add_argument("--json", action="store_true")
    restore.set_defaults(func=run_restore)
    check = subparsers.add_parser("check", parents=[common_parent()], help="check the database's integrity")
    check.add_argument("--json", action="store_true")
    check.set_defaults(func=run_check)


def run_backup(args: argparse.Namespace, services: Services) -> int:
    db = services.ctx.db
    folder = Path(args.to) if args.to else args.paths.backup_dir
    made = backup_sqlite(db, folder / default_backup_name(db))
    if args.json:
        print_json({"backup": str(made), "bytes": made.stat().st_size})
    else:
        print(f"バックアップしました: {made}")
    return 0


def run_restore(args: argparse.Namespace, services: Services) -> int:
    db = services.ctx.db
    if db.target.path is None:
        raise StorageError("復元はSQLiteのデータベースだけが対象です", code="restore_unsupported")
    source: Path = args.file
    if not source.exists():
        raise StorageError(f"バックアップ {source} が見つかりません", code="not_found")
    destination = db.target.path
    db.dispose()
    kept = restore_sqlite(source, destination, safety_dir=args.paths.backup_dir)
    restored = Database(db.target)
    try:
        upgrade(restored, backup_dir=args.paths.backup_dir)
    finally:
        restored.dispose()
    if args.json:
        print_json(
            {
                "restored": str(destination),
                "from": str(source),
                "previous_kept_at": str(kept) if kept else None,
            }
        )
    else:
        print(f"{source} から復元しました。")
        if kept:
            print(f"復元前のデータベースは {kept} に保存してあります。")
    return 0


def run_check(args: argparse.Namespace, services: Services) -> int:
    db = services.ctx.db
    problems: list[str] = []
    if db.target.path is not None:
        problems += check_sqlite_file(db.target.path).problems
    revision = current_revision(db)
    if revision != head_revision():
        problems.append(f"スキーマのリビジョンが {revision} です（期待値 {head_revision()}）")
    customers = services.customers.count()
    if args.json:
        print_json({"ok": not problems, "problems": problems, "customers": customers, "revision": revision})
    elif problems:
        for problem in problems:
            print(f"問題: {problem}", file=sys.stderr)
    else:
        print(f"問題は見つかりませんでした（顧客 {customers:,} 件、リビジョン {revision}）")
    return 1 if problems else 0
