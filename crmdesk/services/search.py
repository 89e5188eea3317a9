"""Find the customer from whatever the caller says: name in any written form, reading in any kana or romaji,
phone number or a fragment of it, code, e-mail, postal code, address, plate or serial, family, tag, notes, history.

Ranking ("rank" of a `SearchHit`, smaller is better):
  0  exact match of the whole name, reading, code, phone number or e-mail
  1  the name, reading, code, phone number or e-mail starts with the query
  2  the query is inside the name, reading, code, phone number or e-mail
  3  found in the postal code, address, family, tags or items
  4  found only in personality notes, memo or history
Within a rank, customers come in 五十音 order of their reading. Trashed customers never appear.

How: the query is folded like the index (`crmdesk.domain.textnorm.fold`: NFKC, kana as katakana, variant kanji
folded, letters and digits only); romaji also becomes katakana, and a reading is also tried without long vowels.
Exact and prefix matches come from the `search_key` b-tree; substrings from FTS5 (`crmdesk.storage.fts`): the
trigram index for 3 characters or more, the bigram-word index for 1–2 characters (SQLite 3.40's trigram finds
nothing below 3 characters). On a database without FTS5 (PostgreSQL) the same query runs with LIKE.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from crmdesk.domain.errors import ValidationError
from crmdesk.domain.records import CustomerRow
from crmdesk.domain.textnorm import fold, fold_words, is_katakana, loose_kana, romaji_to_katakana
from crmdesk.domain.values import Phase
from crmdesk.services.context import ServiceContext
from crmdesk.services.customers import load_rows
from crmdesk.services.search_index import MAIN_KEY_FIELDS, rebuild_report
from crmdesk.storage import fts
from crmdesk.storage.models import UTCDateTime

RANK_EXACT, RANK_PREFIX, RANK_MAIN, RANK_OTHER, RANK_TEXT = 0, 1, 2, 3, 4
COLUMN_RANK: dict[str, int] = {
    "name": RANK_MAIN,
    "kana": RANK_MAIN,
    "code": RANK_MAIN,
    "phone": RANK_MAIN,
    "email": RANK_MAIN,
    "postal": RANK_OTHER,
    "address": RANK_OTHER,
    "family": RANK_OTHER,
    "tag": RANK_OTHER,
    "item": RANK_OTHER,
    "notes": RANK_TEXT,
    "history": RANK_TEXT,
}
# what the GUI and CLI say for each place a query matched
MATCHED_LABELS_JA: dict[str, str] = {
    "name": "名前",
    "kana": "フリガナ",
    "code": "顧客コード",
    "phone": "電話番号",
    "email": "メール・連絡先",
    "postal": "郵便番号",
    "address": "住所",
    "family": "家族",
    "tag": "タグ",
    "item": "保有商品",
    "notes": "メモ",
    "history": "履歴",
}
READING_COLUMNS = ("kana", "family")
MAX_QUERY = 200

# order_by: name → (ORDER BY expression, needs the next-follow-up subquery)
ORDERS: dict[str, str] = {
    "kana": "c.name_kana, c.id",
    "name": "c.name_norm, c.id",
    "code": "c.code IS NULL, c.code, c.id",
    "last_contact": "c.last_contact_at IS NOT NULL, c.last_contact_at, c.name_kana, c.id",
    "next_follow_up": "next_due IS NULL, next_due, c.name_kana, c.id",
    "birthday": "c.birthday IS NULL, strftime('%m-%d', c.birthday), c.name_kana, c.id",
    "phase": "c.phase, c.name_kana, c.id",
    "created": "c.created_at, c.id",
}
_CUSTOMERS = "«customers»"  # replaced by the customer table, with the next due date when sorting by it
_NEXT_DUE = "(SELECT min(f.due_date) FROM follow_up f WHERE f.customer_id = c.id AND f.status = 'open')"


@dataclass(frozen=True)
class SearchFilters:
    phase: Phase | None = None
    tag: str | None = None
    staff: str | None = None
    has_open_follow_ups: bool | None = None
    birthday_month: int | None = None
    last_contact_before: date | None = None  # also customers never contacted

    def is_empty(self) -> bool:
        return self == SearchFilters()


@dataclass(frozen=True)
class SearchHit:
    customer_id: int
    rank: int
    matched: tuple[str, ...]  # e.g. ("name", "phone", "notes"), in the order of COLUMN_RANK


@dataclass(frozen=True)
class QueryForms:
    """What one typed query is searched as."""

    text: tuple[str, ...]  # folded forms searched in every field
    reading: tuple[str, ...]  # extra forms searched only in readings (romaji as kana, loose kana)

    @property
    def empty(self) -> bool:
        return not self.text and not self.reading


def query_forms(query: str) -> QueryForms:
    folded = fold(query)
    texts: list[str] = [folded] if folded else []
    reading: list[str] = []
    romaji = romaji_to_katakana(query)
    if romaji and romaji not in texts:
        reading.append(romaji)
    for form in [*texts, *reading]:
        if is_katakana(form):
            loose = loose_kana(form)
            if loose and loose not in texts and loose not in reading:
                reading.append(loose)
    return QueryForms(tuple(texts), tuple(reading))


class SearchService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.sqlite_version = sqlite3.sqlite_version_info  # 3.40 here: see the module docstring

    # ------------------------------------------------------------------ the API
    def search_ids(
        self,
        query: str,
        filters: SearchFilters | None = None,
        *,
        limit: int | None = None,
        order_by: str | None = None,
    ) -> list[SearchHit]:
        """Ranked hits (or all customers matching the filters, in 五十音 order, when the query is empty)."""
        with self.ctx.db.read() as session:
            return self._search(session, query, filters, limit=limit, order_by=order_by)

    def search(
        self, query: str, filters: SearchFilters | None = None, *, limit: int = 50
    ) -> list[tuple[CustomerRow, SearchHit]]:
        """The first `limit` hits with their list rows, in one read."""
        with self.ctx.db.read() as session:
            hits = self._search(session, query, filters, limit=limit, order_by=None)
            rows = load_rows(session, [hit.customer_id for hit in hits])
        return [(rows[hit.customer_id], hit) for hit in hits if hit.customer_id in rows]

    def rebuild_index(self) -> int:
        """Rebuild the whole search index from the cards (one transaction). Returns the customers indexed."""
        with self.ctx.db.transaction() as session:
            return rebuild_report(session).customers

    # ------------------------------------------------------------------ internals
    def _search(
        self,
        session: Session,
        query: str,
        filters: SearchFilters | None,
        *,
        limit: int | None,
        order_by: str | None,
    ) -> list[SearchHit]:
        if len(query) > MAX_QUERY:
            raise ValidationError(
                "検索", query[:50] + "…", f"検索語は{MAX_QUERY}文字以内にしてください", code="too_long"
            )
        if order_by is not None and order_by.lstrip("-") not in ORDERS and order_by.lstrip("-") != "rank":
            raise ValidationError(
                "並べ替え",
                order_by,
                "この項目では並べ替えできません（" + "・".join(ORDERS) + "）",
                code="order_by",
            )
        if limit is not None and limit < 0:
            raise ValidationError("件数", str(limit), "件数は0以上にしてください", code="limit")
        params: dict[str, Any] = {}
        where = ["c.deleted_at IS NULL", *self._filter_sql(session, filters or SearchFilters(), params)]
        forms = query_forms(query)
        words = fold_words(query)
        if not query.strip() or (forms.empty and not words):
            if query.strip():
                return []  # only punctuation: nothing to look for
            sql = (
                f"SELECT c.id, 0, '' FROM {_CUSTOMERS} WHERE {' AND '.join(where)} "
                f"ORDER BY {self._order(order_by, None)}"
            )
            return self._run(session, sql, params, limit, uses_next_due=_uses_next_due(order_by))
        parts = self._hit_parts(session, forms, params, "q")
        if len(words) > 1:
            # several words (山田 ゴルフ): the joined form, or every word somewhere on the card
            per_word = [
                " UNION ALL ".join(self._hit_parts(session, query_forms(word), params, f"w{index}"))
                for index, word in enumerate(words)
            ]
            all_words = " INTERSECT ".join(f"SELECT cid FROM ({word})" for word in per_word)
            for word in per_word:
                parts.append(f"SELECT cid, {RANK_OTHER}, field FROM ({word}) WHERE cid IN ({all_words})")
        hit_sql = " UNION ALL ".join(parts)
        sql = (
            f"WITH hit(cid, tier, field) AS ({hit_sql}) "
            f"SELECT c.id, min(h.tier) AS tier, group_concat(DISTINCT h.field) "
            f"FROM hit h JOIN {_CUSTOMERS} ON c.id = h.cid WHERE {' AND '.join(where)} "
            f"GROUP BY c.id ORDER BY {self._order(order_by, 'tier')}"
        )
        return self._run(session, sql, params, limit, uses_next_due=_uses_next_due(order_by))

    def _run(
        self, session: Session, sql: str, params: dict[str, Any], limit: int | None, *, uses_next_due: bool
    ) -> list[SearchHit]:
        source = f"(SELECT c.*, {_NEXT_DUE} AS next_due FROM customer c) c" if uses_next_due else "customer c"
        sql = sql.replace(_CUSTOMERS, source)
        if limit is not None:
            sql += " LIMIT :limit"
            params["limit"] = limit
        statement = text(sql)
        if "cutoff" in params:
            statement = statement.bindparams(bindparam("cutoff", type_=UTCDateTime))
        hits: list[SearchHit] = []
        for cid, tier, fields in session.execute(statement, params):
            matched = tuple(sorted(set(fields.split(",")) - {""}, key=_field_order)) if fields else ()
            hits.append(SearchHit(int(cid), int(tier), matched))
        return hits

    def _hit_parts(
        self, session: Session, forms: QueryForms, params: dict[str, Any], prefix: str
    ) -> list[str]:
        """SELECT cid, tier, field … for every way the forms can match."""
        parts: list[str] = []
        main = ", ".join(f"'{f}'" for f in MAIN_KEY_FIELDS)
        all_forms = [*forms.text, *forms.reading]
        for index, form in enumerate(all_forms):
            name = f"{prefix}{index}"
            params[name] = form
            params[f"{name}_end"] = form + "\U0010ffff"
            fields_ok = "" if form in forms.text else " AND field IN ('kana', 'family')"
            parts.append(
                f"SELECT customer_id AS cid, CASE WHEN field IN ({main}) THEN {RANK_EXACT} ELSE {RANK_OTHER} END "
                f"AS tier, field FROM search_key WHERE key = :{name}{fields_ok}"
            )
            parts.append(
                f"SELECT customer_id, CASE WHEN field IN ({main}) THEN {RANK_PREFIX} ELSE {RANK_OTHER} END, field "
                f"FROM search_key WHERE key > :{name} AND key < :{name}_end{fields_ok}"
            )
        use_fts = fts.has_fts(session.connection())
        for column, tier in COLUMN_RANK.items():
            forms_here = list(forms.text) + (list(forms.reading) if column in READING_COLUMNS else [])
            if not forms_here:
                continue
            if use_fts:
                part = self._fts_part(column, tier, forms_here, params, prefix)
            else:
                part = self._like_part(column, tier, forms_here, params, prefix)
            if part:
                parts.append(part)
        return parts

    def _fts_part(
        self, column: str, tier: int, forms: list[str], params: dict[str, Any], prefix: str
    ) -> str | None:
        long_forms = [f for f in forms if len(f) >= 3]
        short_forms = [f for f in forms if len(f) < 3]
        selects: list[str] = []
        if long_forms:
            name = f"{prefix}_fts_{column}"
            params[name] = f"{column} : (" + " OR ".join(f'"{f}"' for f in long_forms) + ")"
            selects.append(
                f"SELECT rowid AS cid, {tier} AS tier, '{column}' AS field FROM search_fts WHERE search_fts MATCH :{name}"
            )
        if short_forms and column in fts.GRAM_FIELDS:
            name = f"{prefix}_gram_{column}"
            terms = [f'"{f}"' if len(f) == 2 else f'"{f}"*' for f in short_forms]
            params[name] = f"g_{column} : (" + " OR ".join(terms) + ")"
            selects.append(
                f"SELECT rowid AS cid, {tier} AS tier, '{column}' AS field FROM search_gram WHERE search_gram MATCH :{name}"
            )
        return " UNION ALL ".join(selects) if selects else None

    def _like_part(
        self, column: str, tier: int, forms: list[str], params: dict[str, Any], prefix: str
    ) -> str:
        """The same match without FTS5 (PostgreSQL, or the benchmark's plain scan)."""
        conditions: list[str] = []
        for index, form in enumerate(forms):
            name = f"{prefix}_like_{column}_{index}"
            params[name] = f"%{form}%"
            conditions.append(f"{column} LIKE :{name}")
        return f"SELECT customer_id AS cid, {tier} AS tier, '{column}' AS field FROM search_doc WHERE {' OR '.join(conditions)}"

    def _filter_sql(self, session: Session, filters: SearchFilters, params: dict[str, Any]) -> list[str]:
        where: list[str] = []
        if filters.phase is not None:
            where.append("c.phase = :f_phase")
            params["f_phase"] = Phase(filters.phase).value
        if filters.tag:
            where.append(
                "EXISTS (SELECT 1 FROM customer_tag ct JOIN tag t ON t.id = ct.tag_id "
                "WHERE ct.customer_id = c.id AND t.name = :f_tag)"
            )
            params["f_tag"] = filters.tag
        if filters.staff:
            where.append("c.staff_id IN (SELECT s.id FROM staff s WHERE s.name = :f_staff)")
            params["f_staff"] = filters.staff
        if filters.has_open_follow_ups is not None:
            exists = "EXISTS (SELECT 1 FROM follow_up f WHERE f.customer_id = c.id AND f.status = 'open')"
            where.append(exists if filters.has_open_follow_ups else f"NOT {exists}")
        if filters.birthday_month is not None:
            if not 1 <= filters.birthday_month <= 12:
                raise ValidationError(
                    "誕生月", str(filters.birthday_month), "1〜12で指定してください", code="month"
                )
            if session.get_bind().dialect.name == "sqlite":
                where.append(
                    "c.birthday IS NOT NULL AND CAST(strftime('%m', c.birthday) AS INTEGER) = :f_month"
                )
            else:
                where.append("c.birthday IS NOT NULL AND EXTRACT(MONTH FROM c.birthday) = :f_month")
            params["f_month"] = filters.birthday_month
        if filters.last_contact_before is not None:
            where.append("(c.last_contact_at IS NULL OR c.last_contact_at < :cutoff)")
            # the start of that day in the store's local time, as stored (UTC)
            params["cutoff"] = (
                datetime.combine(filters.last_contact_before, time.min).astimezone().astimezone(UTC)
            )
        return where

    @staticmethod
    def _order(order_by: str | None, rank_column: str | None) -> str:
        if order_by is None or order_by.lstrip("-") == "rank":
            return f"{rank_column}, c.name_kana, c.id" if rank_column else ORDERS["kana"]
        key = order_by.lstrip("-")
        expression = ORDERS[key]
        if order_by.startswith("-"):
            return ", ".join(f"{part.strip()} DESC" for part in expression.split(","))
        return expression


def _uses_next_due(order_by: str | None) -> bool:
    return order_by is not None and order_by.lstrip("-") == "next_follow_up"


def _field_order(name: str) -> int:
    names = list(COLUMN_RANK)
    return names.index(name) if name in names else len(names)


def like_scan_ids(session: Session, query: str, *, limit: int | None = None) -> list[int]:
    """The plain `LIKE '%q%'` scan over every searchable text (what search would cost without an index)."""
    folded = fold(query)
    if not folded:
        return []
    conditions = " OR ".join(f"d.{column} LIKE :pattern" for column in fts.DOC_COLUMNS)
    sql = (
        "SELECT c.id FROM search_doc d JOIN customer c ON c.id = d.customer_id "
        f"WHERE c.deleted_at IS NULL AND ({conditions}) ORDER BY c.name_kana, c.id"
    )
    params: dict[str, Any] = {"pattern": f"%{folded}%"}
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return [int(row[0]) for row in session.execute(text(sql), params)]


__all__ = [
    "COLUMN_RANK",
    "MATCHED_LABELS_JA",
    "ORDERS",
    "QueryForms",
    "SearchFilters",
    "SearchHit",
    "SearchService",
    "like_scan_ids",
    "query_forms",
]
