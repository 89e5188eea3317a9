"""Bringing a store's existing list in: CSV/TSV (UTF-8, cp932, EUC-JP), .xlsx and vCard.

See `service.ImportService` for the flow (open → mapping → dry run → run → undo) and `results` for what it reports.
"""

from crmdesk.services.importing.report import REPORT_HEADERS, report_lines, write_report
from crmdesk.services.importing.results import (
    ACTION_LABELS_JA,
    BUCKET_LABELS_JA,
    Bucket,
    DuplicateAction,
    ImportInfo,
    ImportOptions,
    ImportResult,
    PossibleDuplicate,
    Problem,
    RowAction,
    RowOutcome,
    UndoResult,
)
from crmdesk.services.importing.service import Cancel, ImportFile, ImportService, Progress

__all__ = [
    "ACTION_LABELS_JA",
    "BUCKET_LABELS_JA",
    "REPORT_HEADERS",
    "Bucket",
    "Cancel",
    "DuplicateAction",
    "ImportFile",
    "ImportInfo",
    "ImportOptions",
    "ImportResult",
    "ImportService",
    "PossibleDuplicate",
    "Problem",
    "Progress",
    "RowAction",
    "RowOutcome",
    "UndoResult",
    "report_lines",
    "write_report",
]
