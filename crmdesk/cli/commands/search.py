"""`crmdesk search QUERY [--limit N] [--json]`: ranked matches, each with where it matched."""

from __future__ import annotations

import argparse
from typing import Any

from crmdesk.cli.main import common_parent
from crmdesk.cli.output import customer_json, print_json
from crmdesk.domain.errors import ValidationError
from crmdesk.domain.phone import format_phone
from crmdesk.domain.values import PHASE_LABELS_JA
from crmdesk.services.bundle import Services
from crmdesk.services.search import MATCHED_LABELS_JA, SearchService

CONTRACT_KEYS = (
    "id",
    "code",
    "name",
    "name_kana",
    "honorific",
    "birthday",
    "postal_code",
    "address",
    "phones",
    "email",
    "consent",
    "phase",
    "tags",
    "staff",
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "search", parents=[common_parent()], help="ranked matches, each with where it matched"
    )
    parser.add_argument(
        "query", help="name, reading (kana or romaji), phone, code, address, note … ('' = everyone)"
    )
    parser.add_argument("--limit", type=int, default=50, metavar="N", help="at most N results (default 50)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, services: Services) -> int:
    if args.limit < 1:
        raise ValidationError("--limit", str(args.limit), "1以上の件数を指定してください", code="limit")
    search = getattr(services, "search", None)
    if not isinstance(search, SearchService):
        search = SearchService(services.ctx)
    results = search.search(args.query, limit=args.limit)
    if args.json:
        out: list[dict[str, Any]] = []
        for row, hit in results:
            full = customer_json(services.customers.card(row.id, event_limit=0))
            item = {key: full[key] for key in CONTRACT_KEYS}
            item["rank"] = hit.rank
            item["matched"] = list(hit.matched)
            out.append(item)
        print_json(out)
        return 0
    if not results:
        print(f"「{args.query}」に該当する顧客はいません")
        return 0
    for row, hit in results:
        phone = format_phone(row.phone) if row.phone else "-"
        where = "・".join(MATCHED_LABELS_JA.get(m, m) for m in hit.matched) or "-"
        print(
            f"{row.id:>7}  {row.code or '-':<10} {row.name} {row.honorific.value}（{row.name_kana}）  {phone}  "
            f"{PHASE_LABELS_JA[row.phase]}  一致: {where}"
        )
    return 0
