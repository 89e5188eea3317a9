"""`crmdesk due [--from DATE] [--to DATE] [--staff NAME] [--json] [--ics FILE]`: the open follow-ups due in a period.

`--ics FILE` also writes every open follow-up (all, or `--staff`'s) as an iCalendar file for a phone's calendar.

Without dates: everything due by today, overdue included (the Today list's follow-ups). Dates may be written as
2026-12-01, 2026/12/1, 2026年12月1日 or in 和暦 (令和8年12月1日, R8.12.1).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from crmdesk.cli.main import common_parent
from crmdesk.cli.output import print_json
from crmdesk.domain.eras import format_wareki, parse_date
from crmdesk.domain.errors import ValidationError
from crmdesk.domain.records import FollowUp
from crmdesk.domain.values import FOLLOWUP_LABELS_JA
from crmdesk.services.bundle import Services
from crmdesk.services.calendar_ics import export_ics

WEEKDAYS = "月火水木金土日"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "due",
        parents=[common_parent()],
        help="open follow-ups due in a period (default: by today, overdue included)",
        description="期日のフォロー予定を表示します。日付は 2026-12-01 や 令和8年12月1日 の形で指定できます。",
    )
    parser.add_argument(
        "--from", dest="start", metavar="DATE", help="first day (default: no limit, overdue too)"
    )
    parser.add_argument("--to", dest="end", metavar="DATE", help="last day (default: today)")
    parser.add_argument("--staff", metavar="NAME", help="only this staff member's follow-ups")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--ics",
        type=Path,
        metavar="FILE",
        help="also write every open follow-up (all, or --staff's) to FILE.ics for a phone calendar",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, services: Services) -> int:
    today = services.ctx.today()
    start = _date(args.start, "--from") if args.start else None
    end = _date(args.end, "--to") if args.end else today
    if start is not None and start > end:
        raise ValidationError(
            "--from", args.start, f"--to（{end.isoformat()}）より後の日付です", code="date_range"
        )
    follow_ups = services.followups.due(start, end, staff=args.staff or None)
    written = None
    if args.ics is not None:
        if args.ics.suffix.lower() != ".ics":
            raise ValidationError(
                "--ics", str(args.ics), "ファイル名は .ics で終わるようにしてください", code="suffix"
            )
        written = export_ics(services.ctx, args.ics, staff=args.staff or None)
    if args.json:
        print_json([_json(f, today) for f in follow_ups])
        return 0
    print(_render(follow_ups, start, end, today, args.staff))
    if written is not None:
        who = f"{args.staff}さんの" if args.staff else ""
        print(
            f"{who}未完了のフォロー {written}件を {args.ics} に書き出しました（スマートフォンのカレンダーで開けます）"
        )
    return 0


def _date(text: str, option: str) -> date:
    try:
        return parse_date(text)
    except ValidationError as exc:
        raise ValidationError(option, text, exc.reason, code=exc.code) from exc


def _json(follow_up: FollowUp, today: date) -> dict[str, Any]:
    return {
        "id": follow_up.id,
        "due_date": follow_up.due_date.isoformat(),
        "kind": follow_up.kind.value,
        "kind_label": FOLLOWUP_LABELS_JA[follow_up.kind],
        "reason": follow_up.reason,
        "status": follow_up.status.value,
        "staff": follow_up.staff,
        "customer_id": follow_up.customer_id,
        "customer_name": follow_up.customer_name,
        "days_overdue": max(0, (today - follow_up.due_date).days),
    }


def _render(follow_ups: list[FollowUp], start: date | None, end: date, today: date, staff: str | None) -> str:
    period = (
        f"{start.isoformat()}〜{end.isoformat()}" if start else f"{end.isoformat()}まで（期限切れを含む）"
    )
    who = f"（担当: {staff}）" if staff else ""
    if not follow_ups:
        return f"フォロー予定はありません: {period}{who}"
    lines = [f"フォロー予定 {len(follow_ups)}件: {period}{who}"]
    current: date | None = None
    for f in follow_ups:
        if f.due_date != current:
            current = f.due_date
            late = f"  期限切れ {(today - current).days}日" if current < today else ""
            mark = "  本日" if current == today else late
            lines.append(
                f"{current.isoformat()}（{WEEKDAYS[current.weekday()]}） {format_wareki(current)}{mark}"
            )
        staff_note = f"  [{f.staff}]" if f.staff else ""
        lines.append(
            f"  #{f.id} {FOLLOWUP_LABELS_JA[f.kind]}: {f.customer_name}様 — {f.reason}{staff_note}  (顧客ID {f.customer_id})"
        )
    return "\n".join(lines)
