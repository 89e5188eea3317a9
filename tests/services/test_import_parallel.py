"""A big table is parsed in a second process while the batches are written: the store ends up exactly as with
one process, a broken spot in the file still keeps the batches before it, and a parsed row survives the trip."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from crmdesk.domain.records import CustomerCard
from crmdesk.domain.tabular import suggest_mapping
from crmdesk.services.bundle import Services
from crmdesk.services.importing import ImportOptions, ImportService, parallel
from crmdesk.services.importing.readers import SourceRecord, TableSource, open_table
from crmdesk.services.importing.rows import RowParser
from crmdesk.storage.database import Database
from crmdesk.storage.migrate import upgrade
from tests.conftest import FIXED_NOW
from tests.services.test_import_safety import MESSY, messy_file

MORE = "".join(
    f"{8 + i},{('高橋', '髙橋', '渡辺', '渡邊')[i % 4]} {('誠', '花子', '一郎')[i % 3]},"
    f"たかはし,03-5555-{i:04d},090-2222-{i:04d},〒150-000{i % 9},,H{1 + i % 30}.{1 + i % 12}.{1 + i % 28},"
    f"{'○×'[i % 2]},{'メモ' * (i % 3)},\n"
    for i in range(40)
)


def _store(folder: Path) -> Services:
    folder.mkdir()
    database = Database.open(str(folder / "store.sqlite3"))
    upgrade(database)
    return Services.build(database, staff_name="村上", clock=lambda: FIXED_NOW)


def _big_file(tmp_path: Path) -> Path:
    path = messy_file(tmp_path)
    path.write_bytes((MESSY + MORE).replace("\n", "\r\n").encode("cp932"))
    return path


def _what_is_stored(services: Services) -> list[CustomerCard]:
    return [services.customers.card(cid) for cid in services.customers.browse_ids()]


def test_a_big_table_parsed_in_a_second_process_is_stored_exactly_as_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _big_file(tmp_path)
    stores = {}
    results = {}
    for mode in ("one", "two"):
        monkeypatch.setattr(parallel, "MIN_ROWS", 10**9 if mode == "one" else 0)
        services = _store(tmp_path / mode)
        service = ImportService(services.ctx)
        results[mode] = service.run(service.open(path), options=ImportOptions(batch_size=7))
        stores[mode] = services
    one, two = results["one"], results["two"]
    assert two.counts() == one.counts()
    assert two.problems == one.problems
    assert [(o.line, o.action, o.bucket, o.raw, o.problems) for o in two.outcomes] == [
        (o.line, o.action, o.bucket, o.raw, o.problems) for o in one.outcomes
    ]
    assert len(one.created_ids) > 30
    assert _what_is_stored(stores["two"]) == _what_is_stored(stores["one"])  # the same cards, ids and history
    for query in ("髙橋", "たかはし", "5555-0012", "辛口"):
        found_one = stores["one"].search.search_ids(query)
        assert found_one
        assert stores["two"].search.search_ids(query) == found_one
    for services in stores.values():
        services.ctx.db.dispose()
    assert _search_rows(tmp_path / "two") == _search_rows(tmp_path / "one")  # row for row, keys and order too


def _search_rows(folder: Path) -> list[object]:
    with closing(sqlite3.connect(folder / "store.sqlite3")) as connection:
        return [
            connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("search_text", "search_key", "search_sort")
        ]


def test_with_a_second_process_a_broken_spot_in_the_file_keeps_the_batches_before_it(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "MIN_ROWS", 0)
    lines = ["氏名,携帯"] + [f"客 {i},090-0000-{i:04d}" for i in range(10)]
    path = tmp_path / "ten.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    service = ImportService(services.ctx)
    opened = service.open(path)
    original = TableSource.records

    def records(self: TableSource) -> Iterator[SourceRecord]:
        for record in original(self):
            if record.line == 8:
                raise OSError("the disk went away")
            yield record

    monkeypatch.setattr(TableSource, "records", records)
    with pytest.raises(OSError, match="the disk went away"):
        service.run(opened, options=ImportOptions(batch_size=3))
    assert services.customers.count() == 6  # the two whole batches read before the failure
    latest = service.imports()[0]
    assert service.undo(latest.id).deleted == 6


def test_a_parsed_row_and_its_search_data_come_back_from_the_second_process_as_they_were(
    tmp_path: Path,
) -> None:
    source = open_table(_big_file(tmp_path))
    parser = RowParser(source.headers, suggest_mapping(source.headers), FIXED_NOW.date())
    rows = [parser.parse(record) for record in source.records()]
    assert any(row.rejected for row in rows) and any(row.problems for row in rows)
    assert any(row.visits or row.birthday for row in rows) and any(row.contacts for row in rows)
    for row in rows:
        parallel.prepare_doc(row)  # what the second process adds: the search data of the card if it is new
        expected = row if row.rejected else dataclasses.replace(row, raw=())
        assert parallel.decode(parallel.encode(row)) == expected
    assert sum(row.fresh_doc is not None for row in rows) > 30
