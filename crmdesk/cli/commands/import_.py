"""`crmdesk import FILE [--dry-run] [--report OUT.csv] [--json] [--sheet NAME]`: bring a store's list in (CSV, TSV,
.xlsx, vCard, or crmdesk's own JSON backup)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from crmdesk.cli.main import common_parent
from crmdesk.cli.output import print_json
from crmdesk.services.bundle import Services
from crmdesk.services.importing import (
    DuplicateAction,
    ImportOptions,
    ImportResult,
    write_report,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import",
        parents=[common_parent()],
        help="import customers from CSV/TSV (UTF-8, Shift_JIS/cp932, EUC-JP), .xlsx or vCard",
    )
    parser.add_argument("file", type=Path, help="the file to import")
    parser.add_argument("--dry-run", action="store_true", help="show what would happen; write nothing")
    parser.add_argument("--report", type=Path, metavar="OUT.csv", help="write every row not imported as-is")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--skip-existing",
        action="store_true",
        help="leave customers already in the database as they are (default: update them)",
    )
    parser.add_argument("--encoding", metavar="ENC", help="read the file in this encoding (default: detect)")
    parser.add_argument(
        "--sheet", metavar="NAME", help="the sheet of an .xlsx workbook (default: the first one with data)"
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=None,
        metavar="N",
        help="rows per transaction (default: a tenth of the file, 1,000 to 10,000)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, services: Services) -> int:
    service = services.imports
    opened = service.open(args.file, encoding=args.encoding, sheet=args.sheet)
    options = ImportOptions(
        on_duplicate=DuplicateAction.SKIP if args.skip_existing else DuplicateAction.UPDATE,
        batch_size=max(1, args.batch_size) if args.batch_size is not None else None,
    )
    started = time.perf_counter()
    shown = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if not args.json and sys.stderr.isatty() and now - shown[0] > 0.5:
            print(f"\r{done:,} / {total:,} 行", end="", file=sys.stderr)
            shown[0] = now

    if args.dry_run:
        result = service.dry_run(opened, options=options, progress=progress)
    else:
        result = service.run(opened, options=options, progress=progress)
    seconds = time.perf_counter() - started
    if sys.stderr.isatty() and not args.json:
        print("\r", end="", file=sys.stderr)
    if args.report:
        write_report(result, args.report)
    if args.json:
        print_json(
            _as_json(
                result,
                opened.headers,
                [m.field.value for m in opened.mapping],
                args.report,
                seconds,
                opened.sheet,
            )
        )
    else:
        text = _as_text(result, opened.headers, [m.field.label for m in opened.mapping], args.report, seconds)
        if len(opened.sheets) > 1:
            text += (
                f"\n  シート: {opened.sheet}（ほかのシートは --sheet で選べます: {'、'.join(opened.sheets)}）"
            )
        print(text)
    return 0


def _as_json(
    result: ImportResult,
    headers: tuple[str, ...],
    fields: list[str],
    report: Path | None,
    seconds: float,
    sheet: str | None = None,
) -> dict[str, Any]:
    return {
        "import_id": result.import_id,
        "dry_run": result.dry_run,
        "file": result.filename,
        "encoding": result.encoding,
        "delimiter": result.delimiter,
        "sheet": sheet,
        **result.counts(),
        "cancelled": result.cancelled,
        "balanced": result.balanced,
        "seconds": round(seconds, 3),
        "mapping": [{"header": h, "field": f} for h, f in zip(headers, fields, strict=False)],
        "created_ids": sorted(result.created_ids),
        "updated_ids": sorted(result.updated_ids),
        "problems": [
            {"line": p.line, "column": p.column, "value": p.value, "reason": p.reason, "code": p.code}
            for p in result.problems
        ],
        "possible_duplicates": [
            {"line": d.line, "customer_id": d.customer_id, "reason": d.reason}
            for d in result.possible_duplicates
        ],
        "warnings": list(result.warnings),
        "report": str(report) if report else None,
    }


def _as_text(
    result: ImportResult, headers: tuple[str, ...], labels: list[str], report: Path | None, seconds: float
) -> str:
    lines = [f"{result.summary_ja()}（{seconds:.1f} 秒）"]
    lines.append(f"  ファイル: {result.filename}（文字コード {result.encoding or '-'}）")
    lines.append(
        "  列の割り当て: " + "、".join(f"{h}→{label}" for h, label in zip(headers, labels, strict=False))
    )
    lines += [f"  注意: {w}" for w in result.warnings]
    for problem in result.problems[:20]:
        value = f"「{problem.value[:30]}」" if problem.value else ""
        lines.append(f"  {problem.line}行目 {problem.column}{value}: {problem.reason}")
    if len(result.problems) > 20:
        lines.append(f"  …ほか {len(result.problems) - 20:,} 件（--report で一覧を書き出せます）")
    if result.possible_duplicates:
        lines.append(
            f"  電話番号が同じで氏名の異なるお客様が {len(result.possible_duplicates):,} 件あります（重複の確認で見直せます）"
        )
    if report:
        lines.append(f"  報告: {report}")
    if result.import_id is not None:
        lines.append(f"  取り消すには: crmdesk undo-import {result.import_id}")
    return "\n".join(lines)
