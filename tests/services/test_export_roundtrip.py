"""Whatever the store has, exporting it and importing the file into an empty store gives the same cards."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmdesk.domain.records import Consent, ContactPoint, CustomerCard, CustomerDraft
from crmdesk.domain.textnorm import fold, to_katakana
from crmdesk.domain.values import ContactKind, CustomerKind, Honorific, Phase, Sex
from crmdesk.services.bundle import Services
from crmdesk.services.exporting import export_file
from crmdesk.services.importing import ImportService
from crmdesk.storage.database import Database
from crmdesk.storage.migrate import upgrade

NOW = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)
KANJI = "山田髙橋﨑渡邉邊斎藤齋佐鈴木花子太郎一郎健美咲翔蓮誠由結衣陽菜森林小野寺長谷川吉中村伊東西北"
KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンガギグゲゴダヂヅデドバビブベボパピプペポァィゥェォッャュョー"
TEXT = KANJI + KATAKANA + "ぁあいうえおかきくけこ0123456789ABCxyz-・。、,.!?()「」=+@'\"#%&*/ 〜～－"
SAFE_TEXT = st.text(alphabet=TEXT, max_size=30).map(str.strip)
NOTE_TEXT = st.text(alphabet=TEXT + "\n", max_size=120).map(str.strip)


@st.composite
def customers(draw: st.DrawFn) -> list[CustomerDraft]:
    count = draw(st.integers(min_value=1, max_value=6))
    drafts: list[CustomerDraft] = []
    names: set[str] = set()
    codes: set[str] = set()
    numbers = iter(range(10_000))
    for _ in range(count):
        family = draw(st.text(alphabet=KANJI, min_size=1, max_size=4))
        given_name = draw(st.text(alphabet=KANJI + "=+@'〜", min_size=1, max_size=4))
        name = f"{family} {given_name}"
        if fold(name) in names:
            continue
        names.add(fold(name))
        code = draw(st.one_of(st.none(), st.from_regex(r"[A-Za-z0-9\-]{1,10}", fullmatch=True)))
        if code is not None and code in codes:
            code = None
        if code is not None:
            codes.add(code)
        kana_words = draw(st.lists(st.text(alphabet=KATAKANA, min_size=1, max_size=6), max_size=2))
        contacts: list[ContactPoint] = []
        for kind in draw(st.lists(st.sampled_from(list(ContactKind)), max_size=4)):
            serial = next(numbers)
            if kind.is_phone:
                prefix = draw(st.sampled_from(["090", "080", "03", "045", "0120"]))
                digits = f"{prefix}{serial:0{11 - len(prefix) if prefix.startswith('0') and len(prefix) == 3 and prefix != '045' else 10 - len(prefix)}d}"
                style = draw(st.sampled_from(["-", "", " "]))
                value = digits if not style else f"{digits[:3]}{style}{digits[3:7]}{style}{digits[7:]}"
            elif kind is ContactKind.EMAIL:
                value = f"user{serial}@example.jp"
            elif kind is ContactKind.LINE:
                value = f"line_{serial}"
            else:
                value = f"https://sns.example.com/u/{serial}"
            contacts.append(ContactPoint(kind, value))
        drafts.append(
            CustomerDraft(
                name=name,
                name_kana=to_katakana(" ".join(kana_words)),
                code=code,
                kind=draw(st.sampled_from(list(CustomerKind))),
                honorific=draw(st.sampled_from(list(Honorific))),
                company_contact=draw(SAFE_TEXT),
                company_department=draw(SAFE_TEXT),
                sex=draw(st.one_of(st.none(), st.sampled_from(list(Sex)))),
                birthday=draw(
                    st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 11, 21)))
                ),
                postal_code=draw(st.one_of(st.none(), st.from_regex(r"[0-9]{7}", fullmatch=True))),
                address1=draw(SAFE_TEXT),
                address2=draw(SAFE_TEXT),
                phase=draw(st.sampled_from(list(Phase))),
                staff=draw(st.sampled_from([None, "村上", "大野", "Kim"])),
                consent=Consent(*(draw(st.sampled_from([None, True, False])) for _ in range(3))),
                interests=draw(NOTE_TEXT),
                memo=draw(NOTE_TEXT),
                tags=draw(
                    st.lists(
                        st.sampled_from(["VIP", "紹介", "常連", "車検", "カラー", "=要注意"]), unique=True
                    )
                ),
                contacts=contacts,
            )
        )
    return drafts


@contextmanager
def store(folder: Path, name: str) -> Iterator[Services]:
    database = Database.open(str(folder / f"{name}.sqlite3"))
    upgrade(database)
    try:
        yield Services.build(database, staff_name="村上", clock=lambda: NOW)
    finally:
        database.dispose()


def signature(card: CustomerCard) -> tuple[object, ...]:
    """Everything a table of customers holds (the order of contacts of different kinds is not part of it)."""
    return (
        card.code,
        card.name,
        card.name_kana,
        card.honorific,
        card.kind,
        card.company_contact,
        card.company_department,
        card.sex,
        card.birthday,
        card.postal_code,
        card.address1,
        card.address2,
        sorted((c.kind.value, c.value) for c in card.contacts),
        card.consent,
        card.phase,
        card.staff,
        tuple(sorted(card.tags)),
        card.interests,
        card.memo,
    )


def cards(services: Services) -> list[tuple[object, ...]]:
    return sorted((signature(services.customers.card(i)) for i in services.customers.browse_ids()), key=repr)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(customers(), st.sampled_from([".csv", ".xlsx", ".tsv"]))
def test_any_table_survives_export_then_import_unchanged(drafts: list[CustomerDraft], suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        with store(root, "original") as original:
            for draft in drafts:
                original.customers.create(draft)
            expected = cards(original)
            export_file(original.ctx, root / f"table{suffix}")
        with store(root, "copy") as copy:
            service = ImportService(copy.ctx)
            result = service.run(service.open(root / f"table{suffix}"))
            assert (result.rows, result.imported, result.reported) == (len(drafts), len(drafts), 0), (
                result.problems
            )
            assert cards(copy) == expected
            again = service.run(service.open(root / f"table{suffix}"))
            assert again.skipped == len(drafts)


def test_a_vcard_export_imports_back_with_names_readings_and_contacts(tmp_path: Path) -> None:
    draft = CustomerDraft(
        name="山﨑 結衣",
        name_kana="ヤマザキ ユイ",
        code="C-7",
        honorific=Honorific.DONO,
        birthday=date(1966, 2, 18),
        postal_code="3929602",
        address1="長野県諏訪市1-2",
        address2="サンハイツ 3F",
        contacts=[
            ContactPoint(ContactKind.MOBILE, "090-2199-6156"),
            ContactPoint(ContactKind.FAX, "0266-11-2222"),
            ContactPoint(ContactKind.EMAIL, "yui@example.jp"),
        ],
        memo="カラーは7NB+6%;\n前回「少し明るめ」, との要望",
        tags=["常連", "紹介"],
        phase=Phase.EXISTING,  # a vCard has no relationship phase: an imported card is an existing customer
    )
    with store(tmp_path, "a") as original:
        original.customers.create(draft)
        export_file(original.ctx, tmp_path / "c.vcf")
        expected = cards(original)
    with store(tmp_path, "b") as copy:
        service = ImportService(copy.ctx)
        result = service.run(service.open(tmp_path / "c.vcf"))
        assert (result.imported, result.reported) == (1, 0)
        assert cards(copy) == expected
