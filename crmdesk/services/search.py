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
nothing below 3 characters). On a database without FTS5 (PostgreSQL) the same rows are searched with LIKE on the
same folded text, under the same rules (1–2 characters only in the fields the bigram index holds, and at the start
of a key), so the hits, their ranks and their order are those SQLite gives (texts compared by code point).
"""

from __future__ import annotations

import heapq
import itertools
import sqlite3
from collections.abc import Callable, Iterator
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
from crmdesk.services.search_index import ensure_indexed, rebuild_report
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
assert tuple(COLUMN_RANK) == fts.FIELDS  # field numbers 0–4 rank as main, 5–9 as other, 10–11 as text
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
READING_FIELDS = f"({fts.FIELD_NUMBER['kana']}, {fts.FIELD_NUMBER['family']})"
READING_FIELD_NUMBERS = frozenset({fts.FIELD_NUMBER["kana"], fts.FIELD_NUMBER["family"]})
HISTORY = fts.FIELD_NUMBER["history"]
_GRAM_FIELDS = "(" + ", ".join(str(number) for number in sorted(fts.GRAM_FIELD_NUMBERS)) + ")"
MAX_QUERY = 200
FILTER_BATCH = 64  # candidates checked against the filters in one query
BROAD_KEYS = 20_000  # keys starting with the query from which a page walks the customers in reading order
WALK_PROBES = 4_000  # customers walked before giving up on the walk
_KEY_TIER = "CASE WHEN field <= 4 THEN {main} ELSE 3 END"
_ROW_FIELD = fts.SQL_FIELD.format(id="rowid")
_ROW_CUSTOMER = fts.SQL_CUSTOMER.format(id="rowid")
_ROW_TIER = fts.SQL_TIER.format(id="rowid")

# order_by → ORDER BY terms (s = search_sort, c = customer, g = the grouped hits); each term may be reversed
ORDERS: dict[str, tuple[str, ...]] = {
    "kana": ("s.kana", "s.customer_id"),
    "name": ("c.name_norm", "c.id"),
    "code": ("c.code IS NULL", "c.code", "c.id"),
    "last_contact": ("c.last_contact_at IS NOT NULL", "c.last_contact_at", "s.kana", "c.id"),
    "next_follow_up": ("next_due IS NULL", "next_due", "s.kana", "c.id"),
    "birthday": ("c.birthday IS NULL", "strftime('%m-%d', c.birthday)", "s.kana", "c.id"),
    "phase": ("c.phase", "s.kana", "c.id"),
    "created": ("c.created_at", "c.id"),
}
# the same terms on PostgreSQL: texts compared by code point as SQLite does (五十音 order of katakana whatever
# the database's collation), the birthday's month and day with to_char
_PG_TERMS: dict[str, str] = {
    "s.kana": 's.kana COLLATE "C"',
    "c.name_norm": 'c.name_norm COLLATE "C"',
    "c.code": 'c.code COLLATE "C"',
    "strftime('%m-%d', c.birthday)": "to_char(c.birthday, 'MM-DD')",
}
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
        self._checked = False
        self._fts = False

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
        self._ensure_indexed()
        with self.ctx.db.read() as session:
            return self._search(session, query, filters, limit=limit, order_by=order_by)

    def search(
        self, query: str, filters: SearchFilters | None = None, *, limit: int = 50
    ) -> list[tuple[CustomerRow, SearchHit]]:
        """The first `limit` hits with their list rows, in one read."""
        self._ensure_indexed()
        with self.ctx.db.read() as session:
            hits = self._search(session, query, filters, limit=limit, order_by=None)
            rows = load_rows(session, [hit.customer_id for hit in hits])
        return [(rows[hit.customer_id], hit) for hit in hits if hit.customer_id in rows]

    def rebuild_index(self) -> int:
        """Rebuild the whole search index from the cards (one transaction). Returns the customers indexed."""
        with self.ctx.db.transaction() as session:
            return rebuild_report(session).customers

    # ------------------------------------------------------------------ internals
    def _ensure_indexed(self) -> None:
        """Once per service: index customers written before the index existed (an upgraded database)."""
        if not self._checked:
            with self.ctx.db.transaction() as session:
                ensure_indexed(session)
            self._checked = True

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
        key = (order_by or "rank").lstrip("-")
        if key not in ORDERS and key != "rank":
            raise ValidationError(
                "並べ替え",
                order_by or "",
                "この項目では並べ替えできません（" + "・".join(ORDERS) + "）",
                code="order_by",
            )
        if limit is not None and limit < 0:
            raise ValidationError("件数", str(limit), "件数は0以上にしてください", code="limit")
        sqlite = session.get_bind().dialect.name == "sqlite"
        params: dict[str, Any] = {}
        conditions = self._filter_sql(session, filters or SearchFilters(), params)
        needs_customer = bool(conditions) or key not in ("rank", "kana")
        customer_join = ""
        if needs_customer:
            source = (
                f"(SELECT c.*, {_NEXT_DUE} AS next_due FROM customer c)"
                if key == "next_follow_up"
                else "customer"
            )
            customer_join = f" JOIN {source} c ON c.id = s.customer_id"
        where = " AND ".join(["s.live", *conditions])
        forms = query_forms(query)
        words = fold_words(query)
        if forms.empty and not words:
            if query.strip():
                return []  # only punctuation: nothing to look for
            order = self._order(order_by, None, sqlite=sqlite)
            sql = f"SELECT s.customer_id, 0, '' FROM search_sort s{customer_join} WHERE {where} ORDER BY {order}"
            return self._run(session, sql, params, limit)
        use_fts = self._has_fts(session)
        if key == "rank" and len(words) <= 1 and use_fts:
            return self._ranked(session, forms, conditions, params, limit)
        parts = self._hit_parts(forms, params, "q", use_fts=use_fts, sqlite=sqlite)
        if len(words) > 1:
            # several words (山田 ゴルフ): the joined form, or every word somewhere on the card
            per_word = [
                " UNION ALL ".join(
                    self._hit_parts(query_forms(word), params, f"w{index}", use_fts=use_fts, sqlite=sqlite)
                )
                for index, word in enumerate(words)
            ]
            all_words = " INTERSECT ".join(
                f"SELECT cid FROM ({word}) AS w{index}" for index, word in enumerate(per_word)
            )
            for index, word in enumerate(per_word):
                parts.append(
                    f"SELECT cid, {RANK_OTHER}, field FROM ({word}) AS v{index} WHERE cid IN ({all_words})"
                )
        fields = "group_concat(field)" if sqlite else "string_agg(CAST(field AS VARCHAR), ',')"
        sql = (
            f"WITH hit(cid, tier, field) AS ({' UNION ALL '.join(parts)}), "
            "grouped(cid, tier, fields) AS "
            f"(SELECT cid, min(tier), {fields} FROM hit GROUP BY cid) "
            f"SELECT g.cid, g.tier, g.fields FROM grouped g JOIN search_sort s ON s.customer_id = g.cid{customer_join} "
            f"WHERE {where} ORDER BY {self._order(order_by, 'g.tier', sqlite=sqlite)}"
        )
        return self._run(session, sql, params, limit)

    # ------------------------------------------------------------------ ranked, as far as the page needs
    def _ranked(
        self,
        session: Session,
        forms: QueryForms,
        conditions: list[str],
        params: dict[str, Any],
        limit: int | None,
    ) -> list[SearchHit]:
        """Hits in rank order, read only as far as the first `limit` customers (all of them without a limit).

        Exact and prefix matches come from the `search_key` b-tree in (rank, reading) order. FTS rows come in row
        id order, which is rank band by band and, within a band, the readings' first three characters
        (`crmdesk.storage.fts`): only the customers sharing one such start need sorting by their whole reading,
        and the scan stops at the end of the start that completes the page. Customers that fail the filters are
        skipped in batches of `FILTER_BATCH`.
        """
        if limit == 0:
            return []
        connection = session.connection()
        raw: Any = connection.connection.driver_connection
        ordered = itertools.chain(self._key_stream(raw, forms, limit), self._fts_stream(raw, forms))
        accepts = self._filter_check(raw, conditions, params) if conditions else None
        found: dict[int, int] = {}  # customer → best rank, in rank order
        fields: dict[int, set[int]] = {}
        seen: set[int] = set()
        pending: list[tuple[int, int]] = []
        for tier, cid, field in ordered:
            if limit is None:
                fields.setdefault(cid, set()).add(field)
            if cid in seen:
                continue
            seen.add(cid)
            if accepts is None:
                found[cid] = tier
            else:
                pending.append((cid, tier))
                if len(pending) < FILTER_BATCH:
                    continue
                passed = accepts([c for c, _ in pending])
                found.update((c, t) for c, t in pending if c in passed)
                pending = []
            if limit is not None and len(found) >= limit:
                break
        if pending and accepts is not None:
            passed = accepts([c for c, _ in pending])
            found.update((c, t) for c, t in pending if c in passed)
        page = list(found.items())[:limit] if limit is not None else list(found.items())
        if limit is not None:
            matched = self._matched(session, [cid for cid, _ in page], forms)
        else:
            matched = {cid: tuple(fts.FIELDS[n] for n in sorted(numbers)) for cid, numbers in fields.items()}
        return [SearchHit(cid, tier, matched.get(cid, ())) for cid, tier in page]

    @staticmethod
    def _key_stream(raw: Any, forms: QueryForms, limit: int | None) -> Iterator[tuple[int, int, int]]:
        """(rank, customer, field) of exact (0) and prefix (1) matches of the whole name, reading, code, phone or
        e-mail, in rank and reading order; a page reads the first few hundred only."""
        params: dict[str, Any] = {}
        exact: list[str] = []
        starts: list[str] = []
        for index, form in enumerate([*forms.text, *forms.reading]):
            name = f"k{index}"
            params[name] = form
            params[f"{name}_end"] = form + "\U0010ffff"
            only = "field <= 4" if form in forms.text else f"field = {fts.FIELD_NUMBER['kana']}"
            exact.append(
                f"SELECT kana, customer_id, field FROM search_key WHERE key = :{name} AND {only} AND live"
            )
            starts.append(f"key > :{name} AND key < :{name}_end AND {only}")
        if not exact:
            return
        for _kana, cid, field in raw.execute(" UNION ALL ".join(exact) + " ORDER BY 1, 2", params):
            yield RANK_EXACT, cid, field
        prefixed = " UNION ALL ".join(
            f"SELECT kana, customer_id, field FROM search_key WHERE {where} AND live" for where in starts
        )
        prefixed += " ORDER BY 1, 2"
        if limit is None:
            for _kana, cid, field in raw.execute(prefixed, params):
                yield RANK_PREFIX, cid, field
            return
        # a customer can have several keys with the query's start (two phones): a few times the page
        first = 4 * limit + 16
        if SearchService._broad(raw, starts, params):
            walked = SearchService._walk(raw, starts, params, limit)
            if walked is not None:
                yield from walked
                return
        head: list[tuple[str, int, int]] = raw.execute(f"{prefixed} LIMIT {first}", params).fetchall()
        yield from ((RANK_PREFIX, cid, field) for _kana, cid, field in head)
        if len(head) < first:
            return
        for _kana, cid, field in raw.execute(f"{prefixed} LIMIT -1 OFFSET {first}", params):
            yield RANK_PREFIX, cid, field  # only read when the page is still short

    @staticmethod
    def _broad(raw: Any, starts: list[str], params: dict[str, Any]) -> bool:
        """Whether so many keys start with the query (090, 0) that sorting them all by reading costs more than
        walking the customers in reading order (counted only as far as `BROAD_KEYS`: about a millisecond)."""
        counted = 0
        for where in starts:
            sql = (
                f"SELECT count(*) FROM (SELECT 1 FROM search_key WHERE {where} LIMIT {BROAD_KEYS - counted})"
            )
            counted += int(raw.execute(sql, params).fetchone()[0])
            if counted >= BROAD_KEYS:
                return True
        return False

    @staticmethod
    def _walk(
        raw: Any, starts: list[str], params: dict[str, Any], first: int
    ) -> Iterator[tuple[int, int, int]] | None:
        """Prefix matches by walking the customers in reading order and looking up each one's keys: quick when
        they are spread over the readings (phone numbers). None when the first `WALK_PROBES` customers hold fewer
        than `first` of them (the matches bunch up somewhere in the order, as readings starting with ヤ do)."""
        condition = " OR ".join(
            f"({where.replace('key', 'k.key').replace('field', 'k.field')})" for where in starts
        )
        cursor = raw.execute(
            "SELECT s.customer_id, (SELECT k.field FROM search_key k WHERE k.customer_id = s.customer_id "
            f"AND ({condition}) LIMIT 1) FROM search_sort s WHERE s.live ORDER BY s.kana, s.customer_id",
            params,
        )
        found: list[tuple[int, int, int]] = []
        for probes, (cid, field) in enumerate(cursor, start=1):
            if field is not None:
                found.append((RANK_PREFIX, cid, field))
                if len(found) >= first:
                    break
            if probes >= WALK_PROBES:
                return None
        else:
            return iter(found)  # every customer walked
        rest = ((RANK_PREFIX, cid, field) for cid, field in cursor if field is not None)
        return itertools.chain(found, rest)

    @staticmethod
    def _fts_stream(raw: Any, forms: QueryForms) -> Iterator[tuple[int, int, int]]:
        """(rank, customer, field) of the FTS matches in rank and reading order, read lazily."""
        cursors: list[Iterator[tuple[int, str]]] = []
        for forms_here, only in ((forms.text, ""), (forms.reading, f" AND {_ROW_FIELD} IN {READING_FIELDS}")):
            long_forms = [f for f in forms_here if len(f) >= 3]
            short_forms = [f for f in forms_here if len(f) < 3]
            for table, expression in (
                ("search_fts", " OR ".join(f'"{f}"' for f in long_forms)),
                ("search_gram", " OR ".join(f'"{f}"' if len(f) == 2 else f'"{f}"*' for f in short_forms)),
            ):
                if not expression:
                    continue
                cursors.append(
                    raw.execute(
                        f"SELECT f.rowid, s.kana FROM {table} f JOIN search_sort s "
                        f"ON s.customer_id = {fts.SQL_CUSTOMER.format(id='f.rowid')} "
                        f"WHERE {table} MATCH ? AND s.live{only.replace('rowid', 'f.rowid')} ORDER BY f.rowid",
                        (expression,),
                    )
                )
        if not cursors:
            return
        rows = cursors[0] if len(cursors) == 1 else heapq.merge(*cursors)
        for _start, group in itertools.groupby(rows, key=lambda row: row[0] >> fts.BUCKET_SHIFT):
            ranked = sorted(
                ((kana, (rowid >> fts.FIELD_BITS) & fts.CUSTOMER_MASK, rowid) for rowid, kana in group)
            )
            for _kana, cid, rowid in ranked:
                yield (rowid >> fts.BAND_SHIFT) + 2, cid, rowid & fts.FIELD_MASK

    def _filter_check(
        self, raw: Any, conditions: list[str], params: dict[str, Any]
    ) -> Callable[[list[int]], set[int]]:
        values = self._driver_params(params)
        where = " AND ".join(conditions)

        def accepts(ids: list[int]) -> set[int]:
            marks = ", ".join(str(int(cid)) for cid in ids)
            sql = f"SELECT c.id FROM customer c WHERE c.id IN ({marks}) AND {where}"
            return {row[0] for row in raw.execute(sql, values)}

        return accepts

    def _matched(self, session: Session, ids: list[int], forms: QueryForms) -> dict[int, tuple[str, ...]]:
        """Where the forms occur on these cards, by the index's own rules: 3 characters or more anywhere (history
        only so), 1–2 characters inside the fields with bigram words and at the start of a code, phone or e-mail
        piece; readings typed in romaji or without long vowels only in the reading and the family."""
        if not ids:
            return {}
        everything = [*forms.text, *forms.reading]
        params = {f"m{index}": form for index, form in enumerate(everything)}
        # only rows holding a form somewhere; `_field_matches` then applies the index's rules
        holds = " OR ".join(f"instr(t.text, :m{index})" for index in range(len(everything)))
        skip_history = (
            "" if any(len(f) >= 3 for f in everything) else f" AND (t.id & {fts.FIELD_MASK}) <> {HISTORY}"
        )
        marks = ", ".join(str(int(cid)) for cid in ids)
        sql = " UNION ALL ".join(
            f"SELECT s.customer_id, t.id & {fts.FIELD_MASK}, t.text FROM search_sort s JOIN search_text t "
            f"ON t.id BETWEEN ({band << fts.BAND_SHIFT} | s.row_base) AND ({band << fts.BAND_SHIFT} | s.row_base | "
            f"{fts.FIELD_MASK}) WHERE s.customer_id IN ({marks}) AND ({holds}){skip_history}"
            for band in range(fts.BANDS)
        )
        found: dict[int, set[int]] = {}
        for cid, field, body in self._execute(session, sql, params):
            if _field_matches(int(field), body, forms):
                found.setdefault(int(cid), set()).add(int(field))
        return {cid: tuple(fts.FIELDS[n] for n in sorted(fields)) for cid, fields in found.items()}

    @staticmethod
    def _driver_params(params: dict[str, Any]) -> dict[str, Any]:
        values = dict(params)
        if "cutoff" in values:  # as SQLAlchemy stores a UTC datetime on SQLite
            cutoff: datetime = values["cutoff"]
            values["cutoff"] = cutoff.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
        return values

    @classmethod
    def _execute(cls, session: Session, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """On SQLite straight through the driver: as you type, every tenth of a millisecond counts."""
        connection = session.connection()
        if connection.dialect.name == "sqlite":
            raw = connection.connection.driver_connection
            assert raw is not None
            return list(raw.execute(sql, cls._driver_params(params)).fetchall())
        statement = text(sql)
        if "cutoff" in params:
            statement = statement.bindparams(bindparam("cutoff", type_=UTCDateTime))
        return [tuple(row) for row in session.execute(statement, params)]

    def _has_fts(self, session: Session) -> bool:
        if not self._fts:
            self._fts = fts.has_fts(session.connection())
        return self._fts

    def _run(self, session: Session, sql: str, params: dict[str, Any], limit: int | None) -> list[SearchHit]:
        if limit is not None:
            sql += " LIMIT :limit"
            params["limit"] = limit
        hits: list[SearchHit] = []
        for cid, tier, fields in self._execute(session, sql, params):
            numbers = (
                sorted({int(f) for f in str(fields).split(",") if f != ""})
                if fields not in (None, "")
                else []
            )
            hits.append(SearchHit(int(cid), int(tier), tuple(fts.FIELDS[n] for n in numbers)))
        return hits

    def _hit_parts(
        self, forms: QueryForms, params: dict[str, Any], prefix: str, *, use_fts: bool, sqlite: bool = True
    ) -> list[str]:
        """SELECT cid, tier, field … for every way the forms can match.

        Without FTS5 (PostgreSQL) the same matches come from LIKE on the same folded text: 3 characters or more
        anywhere, 1–2 characters only in the fields the bigram index holds (as `_field_matches` says)."""
        parts: list[str] = []
        for index, form in enumerate([*forms.text, *forms.reading]):
            name = f"{prefix}{index}"
            params[name] = form
            only = "" if form in forms.text else f" AND field IN {READING_FIELDS}"
            parts.append(
                f"SELECT customer_id AS cid, {_KEY_TIER.format(main=RANK_EXACT)} AS tier, field "
                f"FROM search_key WHERE key = :{name}{only}"
            )
            if sqlite:
                params[f"{name}_end"] = form + "\U0010ffff"
                starts = f"key > :{name} AND key < :{name}_end"
            else:  # a folded form holds no LIKE wildcards; code point ranges depend on the collation there
                params[f"{name}_start"] = form + "%"
                starts = f"key LIKE :{name}_start AND key <> :{name}"
            parts.append(
                f"SELECT customer_id, {_KEY_TIER.format(main=RANK_PREFIX)}, field "
                f"FROM search_key WHERE {starts}{only}"
            )
        for forms_here, only in ((forms.text, ""), (forms.reading, f" AND {_ROW_FIELD} IN {READING_FIELDS}")):
            if not forms_here:
                continue
            tag = f"{prefix}{'r' if only else 't'}"
            if not use_fts:
                for index, form in enumerate(forms_here):
                    params[f"{tag}_like{index}"] = f"%{form}%"
                    short = (
                        "" if len(form) >= 3 else f" AND {fts.SQL_FIELD.format(id='id')} IN {_GRAM_FIELDS}"
                    )
                    parts.append(
                        f"SELECT {fts.SQL_CUSTOMER.format(id='id')}, {fts.SQL_TIER.format(id='id')}, "
                        f"{fts.SQL_FIELD.format(id='id')} FROM search_text "
                        f"WHERE text LIKE :{tag}_like{index}{only.replace('rowid', 'id')}{short}"
                    )
                continue
            long_forms = [f for f in forms_here if len(f) >= 3]
            short_forms = [f for f in forms_here if len(f) < 3]
            if long_forms:
                params[f"{tag}_fts"] = " OR ".join(f'"{f}"' for f in long_forms)
                parts.append(
                    f"SELECT {_ROW_CUSTOMER}, {_ROW_TIER}, {_ROW_FIELD} FROM search_fts "
                    f"WHERE search_fts MATCH :{tag}_fts{only}"
                )
            if short_forms:
                params[f"{tag}_gram"] = " OR ".join(
                    f'"{f}"' if len(f) == 2 else f'"{f}"*' for f in short_forms
                )
                parts.append(
                    f"SELECT {_ROW_CUSTOMER}, {_ROW_TIER}, {_ROW_FIELD} FROM search_gram "
                    f"WHERE search_gram MATCH :{tag}_gram{only}"
                )
        return parts

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
            where.append("c.staff_id IN (SELECT st.id FROM staff st WHERE st.name = :f_staff)")
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
    def _order(order_by: str | None, rank_column: str | None, *, sqlite: bool = True) -> str:
        key = (order_by or "rank").lstrip("-")
        if key == "rank":
            terms: tuple[str, ...] = (rank_column, *ORDERS["kana"]) if rank_column else ORDERS["kana"]
        else:
            terms = ORDERS[key]
        if not sqlite:
            terms = tuple(_PG_TERMS.get(term, term) for term in terms)
        if key != "rank" and order_by is not None and order_by.startswith("-"):
            terms = tuple(f"{term} DESC" for term in terms)
        return ", ".join(terms)


def _field_matches(field: int, body: str, forms: QueryForms) -> bool:
    """Whether a field's folded text holds one of the forms, as the index would find it."""
    for form in (*forms.text, *(forms.reading if field in READING_FIELD_NUMBERS else ())):
        if len(form) >= 3 or field in fts.GRAM_FIELD_NUMBERS:
            found = form in body
        else:  # 1–2 characters in a code, phone or e-mail: the start of a whole value (search_key)
            found = field in fts.KEY_FIELD_NUMBERS and any(
                piece.startswith(form) for piece in body.split(" ")
            )
        if found:
            return True
    return False


def like_scan_ids(session: Session, query: str, *, limit: int | None = None) -> list[int]:
    """The plain `LIKE '%q%'` scan over every searchable text (what search would cost without an index)."""
    folded = fold(query)
    if not folded:
        return []
    sql = (
        "SELECT DISTINCT s.customer_id, s.kana FROM search_text t "
        f"JOIN search_sort s ON s.customer_id = {fts.SQL_CUSTOMER.format(id='t.id')} "
        "WHERE s.live AND t.text LIKE :pattern ORDER BY s.kana, s.customer_id"
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
