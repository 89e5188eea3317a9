"""Imported cards are searchable as soon as their batch is committed, with the very rows a reindex would write,
and an undone import takes its search rows with it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from crmdesk.domain.records import ContactPoint, CustomerDraft
from crmdesk.domain.values import ContactKind
from crmdesk.services.bundle import Services
from crmdesk.services.importing import ImportOptions, ImportService

LIST = (
    "顧客コード,氏名,フリガナ,担当者,部署,電話,携帯,メール,LINE,〒,住所,方書,タグ,趣味,初回来店,最終来店,備考\n"
    "A1,株式会社 森商事,モリショウジ,森 一郎,総務部,03-1111-2222,,info@mori.example.jp,,150-0002,"
    "東京都渋谷区渋谷1-1,森ビル3F,法人;VIP,ゴルフ,2020/4/1,2024/5/6,年末に挨拶\n"
    "A2,山田 太郎,やまだ たろう,,,,090-1234-5678,taro@example.jp,taro_line,,,,常連,釣り,,令和5年3月3日,\n"
    "A3,佐藤 花子,サトウ ハナコ,,,,080-2222-3333,,,1000001,,,,,,,辛口\n"
    "A4,髙橋 誠,タカハシ マコト,,,042-111-2222,,,,,,,VIP,,,,\n"
    "A2,山田 太郎,ヤマダ タロウ,,,03-5555-6666,,,,,,,新規,,,,二行目のメモ\n"
    "A5,鈴木 一,スズキ ハジメ,,,,,,,,,,,,,,\n"
)


def _list(tmp_path: Path) -> Path:
    path = tmp_path / "list.csv"
    path.write_text(LIST, encoding="utf-8")
    return path


def _index(services: Services) -> dict[str, list[tuple[object, ...]]]:
    with services.ctx.db.engine.connect() as connection:
        return {
            table: [tuple(row) for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2"))]
            for table in ("search_text", "search_key", "search_sort")
        }


def _fts_is_sound(services: Services) -> None:
    with services.ctx.db.engine.begin() as connection:
        for index in ("search_fts", "search_gram"):
            connection.execute(text(f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)"))


def test_imported_cards_get_the_same_search_rows_a_reindex_would_write(
    services: Services, tmp_path: Path
) -> None:
    existing = services.customers.create(
        CustomerDraft(
            name="鈴木 一",
            code="A5",
            contacts=[ContactPoint(ContactKind.MOBILE, "090-0000-1111")],
        )
    )
    service = ImportService(services.ctx)
    # batches of two: row 6 merges into a card a previous batch wrote, row 7 updates a card already there
    result = service.run(service.open(_list(tmp_path)), options=ImportOptions(batch_size=2))
    assert len(result.created_ids) == 4
    assert existing.id not in result.created_ids
    written = _index(services)
    assert len(written["search_sort"]) == 5
    _fts_is_sound(services)
    assert services.search.rebuild_index() == 5
    assert _index(services) == written


def test_a_search_right_after_the_import_finds_the_new_cards_and_not_after_undo(
    services: Services, tmp_path: Path
) -> None:
    service = ImportService(services.ctx)
    result = service.run(service.open(_list(tmp_path)), options=ImportOptions(batch_size=2))
    mori = next(o.customer_id for o in result.outcomes if o.line == 2)
    yamada = next(o.customer_id for o in result.outcomes if o.line == 3)
    assert [hit.customer_id for hit in services.search.search_ids("森商事")] == [mori]
    assert [hit.customer_id for hit in services.search.search_ids("taro_line")] == [yamada]
    assert [hit.customer_id for hit in services.search.search_ids("5555")] == [yamada]  # merged row's phone
    assert [hit.customer_id for hit in services.search.search_ids("二行目")] == [yamada]
    assert [hit.customer_id for hit in services.search.search_ids("高橋")] != []
    service.undo(result.import_id)
    for query in ("森商事", "taro_line", "高橋", "サトウ"):
        assert services.search.search_ids(query) == []
    assert _index(services) == {"search_text": [], "search_key": [], "search_sort": []}
    _fts_is_sound(services)


def test_a_cancelled_import_leaves_its_committed_batches_searchable(
    services: Services, tmp_path: Path
) -> None:
    lines = ["氏名,携帯"] + [f"客 {chr(0x30A2 + 2 * i)}{i},090-0000-{i:04d}" for i in range(10)]
    path = tmp_path / "ten.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    service = ImportService(services.ctx)
    batches: list[int] = []
    result = service.run(
        service.open(path),
        options=ImportOptions(batch_size=4),
        progress=lambda done, total: batches.append(done),
        cancel=lambda: len(batches) >= 1,
    )
    assert result.cancelled and services.customers.count() == 4
    assert len(services.search.search_ids("090-0000-0003")) == 1
    assert services.search.search_ids("090-0000-0004") == []
