"""Printing speed (issue 6): 1,000 personalised letters in one PDF under 4 s; a one-page preview under 300 ms.

Run: python -m pytest tests/bench/test_print_bench.py --benchmark-enable -n 0
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from crmdesk.domain.records import CustomerDraft, FamilyMember, StoreProfile
from crmdesk.printing.document import render_pdf
from crmdesk.printing.fonts import FontLibrary
from crmdesk.printing.layouts import LayoutKind, make_layout
from crmdesk.printing.pieces import Addressee, JointName, LetterContent, Piece, StoreInfo
from crmdesk.printing.template_merge import merge
from crmdesk.printing.templates import shipped_template
from crmdesk.services.bundle import Services
from crmdesk.services.printing_jobs import PrintingService, PrintRequest, Selection
from crmdesk.storage.database import Database
from crmdesk.storage.migrate import upgrade

FAMILY = ["髙橋", "山﨑", "佐藤", "鈴木", "田中", "渡邊", "伊藤", "中村", "小林", "加藤"]
GIVEN = ["太郎", "花子", "一郎", "美咲", "健太", "陽子", "翔", "さくら"]
STORE = StoreInfo(
    name="カーショップ山﨑", postal_code="1500001", address="東京都渋谷区神宮前1-2-3", phone="03-1234-5678"
)


def _letters(count: int) -> list[Piece]:
    template = shipped_template("thanks")
    pieces = []
    for n in range(count):
        name = f"{FAMILY[n % len(FAMILY)]} {GIVEN[n % len(GIVEN)]}"
        values: dict[str, str | date | None] = {"お名前": name, "店名": STORE.name, "担当者": "鈴木"}
        pieces.append(
            Piece(
                Addressee(
                    name=name,
                    postal_code="1000001",
                    address1=f"東京都千代田区千代田{n % 9 + 1}-{n % 30 + 1}-{n % 12 + 1}",
                    joint=(JointName("花子"),) if n % 3 == 0 else (),
                ),
                LetterContent(
                    title=template.title,
                    body=merge(template.body, values),
                    date_text="令和8年11月22日",
                    staff="鈴木",
                ),
            )
        )
    return pieces


def test_a_thousand_personalised_letters_in_one_pdf(benchmark: Any, tmp_path: Path) -> None:
    fonts = FontLibrary()
    pieces = _letters(1000)
    layout = make_layout(LayoutKind.LETTER)
    render_pdf(pieces[:1], layout, STORE, fonts=fonts)  # fonts loaded once per process, as in the app

    def run() -> int:
        return render_pdf(pieces, layout, STORE, fonts=fonts, out=tmp_path / "letters.pdf").pages

    pages = benchmark.pedantic(run, rounds=3, iterations=1)
    assert pages == 1000
    benchmark.extra_info["pdf_bytes"] = (tmp_path / "letters.pdf").stat().st_size
    assert benchmark.stats.stats.max < 4.0


def test_a_thousand_vertical_postcards_in_one_pdf(benchmark: Any, tmp_path: Path) -> None:
    fonts = FontLibrary()
    pieces = _letters(1000)
    layout = make_layout(LayoutKind.POSTCARD)
    render_pdf(pieces[:1], layout, STORE, fonts=fonts)

    def run() -> int:
        return render_pdf(pieces, layout, STORE, fonts=fonts).pages

    assert benchmark.pedantic(run, rounds=3, iterations=1) == 1000


def test_previewing_one_page_from_the_database(benchmark: Any, tmp_path: Path) -> None:
    db = Database.open(str(tmp_path / "preview.sqlite3"))
    upgrade(db)
    services = Services.build(db, staff_name="bench")
    services.store.save_profile(
        StoreProfile(name="カーショップ山﨑", postal_code="1500001", address="東京都渋谷区神宮前1-2-3")
    )
    customer = services.customers.create(
        CustomerDraft(
            name="髙橋 太郎",
            name_kana="タカハシ タロウ",
            postal_code="1000001",
            address1="東京都千代田区千代田1-1",
            family=[FamilyMember("妻", "花子", joint_addressee=True)],
        )
    )
    printing = PrintingService(services.ctx)
    request = PrintRequest(LayoutKind.LETTER, Selection(customer_ids=(customer.id,)), template="thanks")
    printing.render(printing.plan(request), only=0)  # fonts loaded once per process

    def preview() -> int:
        return len(printing.render(printing.plan(request), only=0).pdf)

    assert benchmark(preview) > 0
    assert benchmark.stats.stats.median < 0.3
    db.dispose()
