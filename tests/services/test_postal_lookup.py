"""Typing a postal code fills the prefecture, city and town, offline."""

from __future__ import annotations

import threading

from crmdesk.services.postal_lookup import lookup


def test_a_postal_code_in_any_form_gives_prefecture_city_and_town() -> None:
    for text in ("100-0001", "〒１００－０００１", "1000001"):
        found = lookup(text)
        assert found is not None
        assert (found.prefecture, found.city, found.town) == ("東京都", "千代田区", "千代田")
        assert found.text == "東京都千代田区千代田"
        assert found.shown_postal_code == "100-0001"


def test_a_code_for_a_whole_city_has_no_town_and_an_unknown_code_gives_nothing() -> None:
    whole = lookup("100-0000")
    assert whole is not None and whole.town == ""
    assert lookup("999-9999") is None
    assert lookup("12-34") is None
    assert lookup("") is None


def test_a_hokkaido_code_whose_zero_excel_dropped_is_still_found() -> None:
    found = lookup("600042")
    assert found is not None and found.prefecture == "北海道"


def test_lookups_work_from_a_worker_thread() -> None:
    results: list[object] = []
    worker = threading.Thread(target=lambda: results.append(lookup("150-0002")))
    worker.start()
    worker.join()
    assert getattr(results[0], "city", None) == "渋谷区"
