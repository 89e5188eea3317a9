"""`crmdesk demo [--customers N] [--kind dealer|salon] [--seed S]`: fill the database with a demo store."""

from __future__ import annotations

import argparse
import sys
import time

from crmdesk.cli.main import common_parent
from crmdesk.cli.output import print_json
from crmdesk.services.bundle import Services
from crmdesk.services.demo import DemoGenerator


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "demo", parents=[common_parent()], help="fill the database with a realistic demo store"
    )
    parser.add_argument(
        "--customers", type=int, default=500, metavar="N", help="how many customers (default 500)"
    )
    parser.add_argument(
        "--kind", choices=("dealer", "salon"), default="dealer", help="car dealer or hair salon"
    )
    parser.add_argument(
        "--seed", type=int, default=1, metavar="S", help="random seed (same seed, same store)"
    )
    parser.add_argument(
        "--events", type=int, default=10, metavar="E", help="history events per customer (about)"
    )
    parser.add_argument(
        "--append",
        action="store_true",
        help="add to a database that already has customers (never the default)",
    )
    parser.add_argument("--json", action="store_true", help="print counts as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, services: Services) -> int:
    if args.customers < 1:
        print("crmdesk demo: --customers は1以上にしてください", file=sys.stderr)
        return 2
    if not services.store.is_empty() and not args.append:
        print(
            "crmdesk demo: このデータベースにはすでに顧客がいます。デモデータを追加するなら --append を付けてください"
            f"（{services.ctx.db.target.describe()}）",
            file=sys.stderr,
        )
        return 2
    started = time.perf_counter()
    last_shown = [0.0]

    def progress(done: int, total: int) -> bool:
        now = time.perf_counter()
        if not args.json and sys.stderr.isatty() and now - last_shown[0] > 0.5:
            print(f"\r{done:,} / {total:,} 件", end="", file=sys.stderr)
            last_shown[0] = now
        return True

    result = DemoGenerator(services.ctx).generate(
        args.customers, kind=args.kind, seed=args.seed, events_per_customer=args.events, progress=progress
    )
    seconds = time.perf_counter() - started
    if args.json:
        print_json(
            {
                "customers": result.customers,
                "events": result.events,
                "follow_ups": result.follow_ups,
                "seconds": seconds,
            }
        )
    else:
        print(
            f"デモの{('販売店' if args.kind == 'dealer' else '美容室')}を作成しました: 顧客 {result.customers:,} 件、"
            f"履歴 {result.events:,} 件、フォロー {result.follow_ups:,} 件（{seconds:.1f} 秒）"
        )
    return 0
