"""The import report: every row that was not imported as-is, with its line, column, value and reason.

Written as a CSV that Japanese Excel opens directly (UTF-8 with BOM, CRLF). Rows that were skipped are listed
too, with why; a row that could not be imported at all also carries its whole original text.
"""

from __future__ import annotations

import csv
from pathlib import Path

from crmdesk.services.importing.results import (
    ACTION_LABELS_JA,
    Bucket,
    ImportResult,
    RowAction,
    RowOutcome,
)

REPORT_HEADERS = ("行", "結果", "氏名", "列", "値", "理由")


def report_lines(result: ImportResult) -> list[tuple[str, ...]]:
    """The report's lines (without the header), in file order."""
    lines: list[tuple[str, ...]] = []
    for outcome in result.outcomes:
        if outcome.bucket not in (Bucket.REPORTED, Bucket.SKIPPED):
            continue
        label = ACTION_LABELS_JA[outcome.action]
        if outcome.bucket is Bucket.REPORTED:
            label = f"要確認（{label}）"
        problems = outcome.problems
        if not problems:
            lines.append((str(outcome.line), label, outcome.name, "", "", _skip_reason(outcome)))
        for problem in problems:
            lines.append(
                (str(outcome.line), label, outcome.name, problem.column, problem.value, problem.reason)
            )
        if outcome.action is RowAction.REJECTED and outcome.raw:
            lines.append(
                (
                    str(outcome.line),
                    label,
                    outcome.name,
                    "（元の行）",
                    " | ".join(outcome.raw),
                    "この行の内容です",
                )
            )
    return lines


def _skip_reason(outcome: RowOutcome) -> str:
    if outcome.action is RowAction.UNCHANGED:
        return f"登録済みのお客様（{outcome.matched_by}が一致）と同じ内容のため、変更はありません"
    if outcome.action is RowAction.SKIPPED:
        return f"登録済みのお客様（{outcome.matched_by}が一致）のため、設定によりスキップしました"
    return ""


def write_report(result: ImportResult, path: Path | str) -> int:
    """Write the report CSV; returns the number of report lines (0 lines still writes the header)."""
    lines = report_lines(result)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(REPORT_HEADERS)
        writer.writerows(lines)
    return len(lines)


__all__ = ["REPORT_HEADERS", "report_lines", "write_report"]
