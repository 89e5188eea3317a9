"""`crmdesk export FILE`: every customer, in the format the suffix names (.csv .tsv .xlsx .json .vcf .ics)."""

from __future__ import annotations

import argparse
from pathlib import Path

from crmdesk.cli.main import common_parent
from crmdesk.cli.output import print_json
from crmdesk.services.bundle import Services
from crmdesk.services.exporting import export_file


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        parents=[common_parent()],
        help="write every customer to FILE by suffix: .csv (Excel) .tsv .xlsx .json (everything) .vcf .ics",
    )
    parser.add_argument("file", type=Path, help="where to write; the suffix picks the format")
    parser.add_argument(
        "--include-trash", action="store_true", help="also customers in the trash (CSV, xlsx, vCard)"
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, services: Services) -> int:
    result = export_file(services.ctx, args.file, include_deleted=args.include_trash)
    if args.json:
        print_json({"file": str(result.path), "format": result.format, "count": result.count})
    else:
        print(result.summary_ja())
    return 0
