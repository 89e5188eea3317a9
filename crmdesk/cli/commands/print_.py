"""`crmdesk print KIND --template NAME (--customers ID,… | --search QUERY | --due FROM..TO) -o OUT.pdf`.

The address check (宛名チェック) runs first: with problems nothing prints unless `--skip-problems` (leave those
customers out) or `--force` (print the warnings as they are; pieces that cannot print are still left out).
Also `crmdesk print-confirm ID,…` (the printed follow-ups went out) and `crmdesk print-received` (出受記録).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from crmdesk.cli.main import common_parent
from crmdesk.cli.output import print_json
from crmdesk.domain.eras import parse_date
from crmdesk.domain.errors import NotFoundError, ValidationError
from crmdesk.printing.drawing import Offset
from crmdesk.printing.layouts import LAYOUT_LABELS, LayoutKind, layout_kind
from crmdesk.printing.vertical import Numerals
from crmdesk.services.bundle import Services
from crmdesk.services.printing_jobs import PrintingService, PrintPlan, PrintRequest, Selection


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    kinds = ", ".join(f"{kind.value} ({label})" for kind, label in LAYOUT_LABELS.items())
    parser = subparsers.add_parser(
        "print",
        parents=[common_parent()],
        help="print letters, postcards, envelopes, labels or gift cards into one PDF",
        description=f"KIND: {kinds}",
    )
    parser.add_argument(
        "kind",
        metavar="KIND",
        help="letter, letter-tate, postcard, postcard-message, envelope, labels, giftcard",
    )
    parser.add_argument(
        "--template", metavar="NAME", help="template name or label (thanks, お礼状, new_year …)"
    )
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--customers", metavar="ID,…", help="customer ids or the store's customer codes")
    who.add_argument("--search", metavar="QUERY", help="everyone a search finds")
    who.add_argument("--due", metavar="FROM..TO", help="the letter follow-ups due in this date range")
    parser.add_argument("-o", "--output", metavar="OUT.pdf", type=Path, help="the PDF to write")
    parser.add_argument("--labels", type=int, choices=(12, 18, 24), default=12, help="labels per A4 sheet")
    parser.add_argument(
        "--numerals", choices=[n.value for n in Numerals], help="縦書き numbers: kanji or upright"
    )
    parser.add_argument("--offset", metavar="DX,DY", help="printer offset in mm (right, down) for this print")
    parser.add_argument("--no-household", action="store_true", help="do not add joint names (連名)")
    parser.add_argument("--horizontal", action="store_true", help="postcard message side in 横書き")
    parser.add_argument("--guides", action="store_true", help="draw the postal boxes and card edges")
    parser.add_argument("--skip", metavar="ID,…", help="leave these customers out")
    parser.add_argument(
        "--skip-problems", action="store_true", help="leave out everyone the address check flags"
    )
    parser.add_argument("--force", action="store_true", help="print despite address-check warnings")
    parser.add_argument("--check", action="store_true", help="only run the address check (宛名チェック)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=run)

    confirm = subparsers.add_parser(
        "print-confirm", parents=[common_parent()], help="mark printed letter follow-ups as sent"
    )
    confirm.add_argument(
        "follow_ups", metavar="ID,…", help="follow-up ids (printed by `crmdesk print --due`)"
    )
    confirm.add_argument("--result", default="印刷して発送しました")
    confirm.add_argument("--json", action="store_true")
    confirm.set_defaults(func=run_confirm)

    received = subparsers.add_parser(
        "print-received", parents=[common_parent()], help="note a card received from a customer (出受記録)"
    )
    received.add_argument("customer", metavar="ID", help="customer id or code")
    received.add_argument("--template", required=True, metavar="NAME", help="the occasion, e.g. new_year")
    received.add_argument("--year", type=int)
    received.add_argument("--json", action="store_true")
    received.set_defaults(func=run_received)


def run(args: argparse.Namespace, services: Services) -> int:
    printing = PrintingService(services.ctx)
    kind = layout_kind(args.kind)
    options: dict[str, Any] = {}
    if args.horizontal:
        if kind is not LayoutKind.POSTCARD_MESSAGE:
            raise ValidationError("--horizontal", args.kind, "はがき通信面（postcard-message）だけの設定です")
        options["vertical"] = False
    request = PrintRequest(
        layout=kind,
        selection=_selection(args, services),
        template=args.template,
        household=not args.no_household,
        labels_per_sheet=args.labels,
        numerals=Numerals(args.numerals) if args.numerals else None,
        guides=args.guides,
        offset=_offset(args.offset) if args.offset else None,
        options=options,
    )
    plan = printing.plan(request)
    skip = set(_ids(args.skip, services)) if args.skip else set()
    for left in plan.left_out:
        _say(args, f"対象外: {left.customer_name}（ID {left.customer_id}）— {left.reason}")
    open_problems = [p for p in plan.problems if p.customer_id not in skip]
    for problem in open_problems:
        mark = "×" if problem.blocking else "△"
        _say(args, f"宛名チェック {mark} ID {problem.customer_id}: {problem.message}")
    if args.check:
        if args.json:
            print_json(_report(plan, None, skip))
        return 1 if open_problems else 0
    if args.output is None:
        raise ValidationError("-o", "", "出力するPDFのファイル名を -o で指定してください", code="required")
    if open_problems:
        if args.skip_problems:
            skip |= {p.customer_id for p in open_problems}
        elif args.force:
            skip |= {p.customer_id for p in open_problems if p.blocking}
        else:
            print(
                f"crmdesk print: 宛名チェックで{len(open_problems)}件の問題があります。カードを直すか、"
                "--skip ID / --skip-problems で外すか、--force で警告のまま印刷してください",
                file=sys.stderr,
            )
            if args.json:
                print_json(_report(plan, None, skip))
            return 1
    if not plan.printable(skip):
        raise ValidationError(
            "印刷", plan.request.selection.describe(), "印刷する宛先がありません", code="empty"
        )
    result = printing.print_to(plan, args.output, skip=skip)
    if args.json:
        report = _report(plan, result.path, skip)
        report.update(
            pages=result.pages,
            printed=list(result.printed),
            follow_ups_awaiting_confirmation=list(result.follow_up_ids),
        )
        print_json(report)
    else:
        print(f"{len(result.printed)}件を印刷しました: {result.path}（{result.pages}ページ）")
        if result.follow_up_ids:
            ids = ",".join(map(str, result.follow_up_ids))
            print(f"発送したら完了にしてください: crmdesk print-confirm {ids}")
    return 0


def run_confirm(args: argparse.Namespace, services: Services) -> int:
    ids = [_int(value, "フォロー") for value in args.follow_ups.split(",") if value.strip()]
    done = PrintingService(services.ctx).confirm_sent(ids, args.result)
    if args.json:
        print_json({"done": [f.id for f in done]})
    else:
        print(f"{len(done)}件のフォローを完了にしました")
    return 0


def run_received(args: argparse.Namespace, services: Services) -> int:
    customer_id = _ids(args.customer, services)[0]
    event_id = PrintingService(services.ctx).mark_received(customer_id, args.template, args.year)
    if args.json:
        print_json({"event": event_id, "customer": customer_id})
    else:
        print("受け取りを記録しました")
    return 0


# ---------------------------------------------------------------------------------------------- helpers
def _say(args: argparse.Namespace, line: str) -> None:
    print(line, file=sys.stderr if args.json else sys.stdout)


def _selection(args: argparse.Namespace, services: Services) -> Selection:
    if args.customers:
        return Selection(customer_ids=tuple(_ids(args.customers, services)))
    if args.search is not None:
        return Selection(query=args.search)
    start, sep, end = str(args.due).partition("..")
    if not sep:
        raise ValidationError(
            "--due", args.due, "FROM..TO の形で指定してください（例: 2026-12-01..2026-12-31）"
        )
    first: date = parse_date(start, field="--due")
    last: date = parse_date(end, field="--due")
    kinds = Selection().follow_up_kinds
    if args.kind == LayoutKind.GIFTCARD.value:
        from crmdesk.domain.values import FollowUpKind

        kinds = (FollowUpKind.GIFT,)
    return Selection(due=(first, last), follow_up_kinds=kinds)


def _ids(text: str, services: Services) -> list[int]:
    ids: list[int] = []
    for value in (v.strip() for v in text.split(",")):
        if not value:
            continue
        found = services.customers.find_by_code(value)
        if found is None and not value.isdigit():
            raise NotFoundError(f"顧客「{value}」が見つかりません（IDまたは顧客コードを指定してください）")
        ids.append(found if found is not None else int(value))
    return ids


def _int(value: str, field: str) -> int:
    if not value.strip().isdigit():
        raise ValidationError(field, value, "数字で指定してください")
    return int(value)


def _offset(text: str) -> Offset:
    parts = text.replace("，", ",").split(",")
    try:
        dx, dy = (float(p) for p in parts)
    except ValueError:
        raise ValidationError("--offset", text, "DX,DY（mm）の形で指定してください（例: 1.5,-0.5）") from None
    return Offset(dx, dy)


def _report(plan: PrintPlan, path: Path | None, skip: set[int]) -> dict[str, Any]:
    return {
        "file": str(path) if path else None,
        "layout": plan.layout.kind,
        "templates": sorted(plan.templates),
        "left_out": [
            {"id": o.customer_id, "name": o.customer_name, "code": o.code, "reason": o.reason}
            for o in plan.left_out
        ],
        "problems": [
            {
                "id": p.customer_id,
                "name": p.customer_name,
                "kind": p.kind.value,
                "field": p.field,
                "value": p.value,
                "message": p.message,
                "blocking": p.blocking,
            }
            for p in plan.problems
        ],
        "skipped": sorted(skip),
    }
