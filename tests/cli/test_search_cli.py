"""`crmdesk search` as a script or a person uses it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crmdesk.app import main
from crmdesk.domain.records import ContactPoint, CustomerDraft
from crmdesk.domain.values import ContactKind
from crmdesk.services.bundle import Services


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def store(services: Services, db_path: Path) -> str:
    services.customers.create(
        CustomerDraft(
            name="髙橋 一郎",
            name_kana="タカハシ イチロウ",
            code="A-001",
            postal_code="1540024",
            contacts=[
                ContactPoint(ContactKind.MOBILE, "090-1234-5678"),
                ContactPoint(ContactKind.EMAIL, "ichiro@example.jp"),
            ],
            tags=["VIP"],
        )
    )
    services.customers.create(CustomerDraft(name="小林 健", name_kana="コバヤシ ケン"))
    services.customers.create(CustomerDraft(name="林 美咲", name_kana="ハヤシ ミサキ"))
    return str(db_path)


def test_search_json_gives_the_design_customer_shape_with_matched(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "search", "高橋", "--json", "--db", store)
    assert code == 0
    results = json.loads(out)
    assert len(results) == 1
    customer = results[0]
    for key in (
        "id",
        "code",
        "name",
        "name_kana",
        "honorific",
        "birthday",
        "postal_code",
        "address",
        "phones",
        "email",
        "consent",
        "phase",
        "tags",
        "matched",
    ):
        assert key in customer
    assert customer["name"] == "髙橋 一郎"
    assert customer["phones"] == ["09012345678"]
    assert customer["postal_code"] == "154-0024"
    assert customer["consent"] == {"letter": None, "phone": None, "email": None}
    assert customer["matched"] == ["name"]


def test_search_ranks_and_limits(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", store, "search", "林", "--json")
    assert code == 0
    assert [c["name"] for c in json.loads(out)] == ["林 美咲", "小林 健"]
    code, out, _ = run(capsys, "--db", store, "search", "林", "--json", "--limit", "1")
    assert [c["name"] for c in json.loads(out)] == ["林 美咲"]


def test_search_by_phone_fragment_for_a_person(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "1234-5678", "--db", store)
    assert code == 0
    assert "髙橋 一郎 様（タカハシ イチロウ）" in out
    assert "090-1234-5678" in out
    assert "一致: 電話番号" in out


def test_search_with_no_match_says_so_and_succeeds(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "存在しない", "--db", store)
    assert code == 0
    assert "該当する顧客はいません" in out
    code, out, _ = run(capsys, "search", "存在しない", "--json", "--db", store)
    assert json.loads(out) == []


def test_a_bad_limit_exits_non_zero_with_one_line(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "search", "林", "--limit", "0", "--db", store)
    assert code != 0
    assert len(err.strip().splitlines()) == 1
    assert "1以上" in err
