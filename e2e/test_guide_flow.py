"""The navigator in Chromium: three journeys, with and without JavaScript, axe-core clean."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def answer(page, key: str, value: str) -> None:
    page.locator(f"input[name={key}][value={value}]").check()
    page.locator("form.guide-question button[type=submit]").click()


def answer_date(page, year: str, month: str, day: str) -> None:
    page.fill("#expiry_year", year)
    page.fill("#expiry_month", month)
    page.fill("#expiry_day", day)
    page.locator("form.guide-question button[type=submit]").click()


def items(page) -> set[str]:
    return set(page.locator("[data-item]").evaluate_all("els => els.map(e => e.dataset.item)"))


def test_ecert_renewal_with_a_forgotten_pin(live_city, page, axe_check):
    """Journey 1 (JavaScript on): an adult renews e-certificates and has forgotten one PIN."""
    page.goto(live_city.url + "/guide/")
    axe_check(page)
    page.locator("a.button").click()
    expect(page).to_have_url(re.compile(r"/guide/q/renewal/"))
    axe_check(page)
    answer(page, "renewal", "ecert")
    axe_check(page)
    answer_date(page, "2027", "1", "20")
    answer(page, "visitor", "self")
    axe_check(page)
    # §1: asked whether the card itself expires too (review 1.1/1.2)
    expect(page).to_have_url(re.compile(r"/guide/q/card_same_expiry/"))
    axe_check(page)
    answer(page, "card_same_expiry", "false")
    answer(page, "pins", "forgot_one")
    expect(page).to_have_url(re.compile(r"/guide/result/\?renewal=ecert&expiry=2027-01-20"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    found = items(page)
    assert {
        "bring_card",
        "bring_extra_id_for_pin_reset",
        "step_ecert_pin_reset",
        "warn_scam",
    } <= found
    assert page.locator("a[data-service=ecert_renew_pin_reset]").count() == 1
    expect(page.locator("[data-office=center]")).to_be_visible()
    axe_check(page)
    # The back link returns to the last question with the answer kept.
    page.locator("a.back-link").click()
    expect(page.locator("input[name=pins][value=forgot_one]")).to_be_checked()


def check_later(page, seen: list[str]) -> None:
    """axe-core needs JavaScript: remember the URL and check it in a JS page afterwards."""
    seen.append(page.url)


def axe_check_urls(page, axe_check, urls: list[str]) -> None:
    for url in urls:
        page.goto(url)
        axe_check(page)


def test_proxy_pickup_for_work_is_refused_then_allowed_for_illness_without_js(
    live_city, page_nojs, page, axe_check
):
    """Journey 2 (no JavaScript, English): a proxy collecting a card; work is not a reason."""
    js_page, page, seen = page, page_nojs, []
    page.goto(live_city.url + "/en/guide/q/renewal/")
    answer(page, "renewal", "card")
    answer(page, "stage", "pickup")
    answer(page, "visitor", "proxy")
    check_later(page, seen)
    answer(page, "proxy_reason", "work")
    expect(page).to_have_url(re.compile(r"/en/guide/result/.*proxy_reason=work"))
    assert page.locator("[data-can-proceed=false]").count() == 1
    assert "warn_pickup_proxy_refused" in items(page)
    # The refusal page offers the holder's own pickup at counters open evenings/weekends.
    assert page.locator("a[data-booking=holder]").count() == 1
    assert page.locator("[data-office=nishi]").count() == 0
    assert page.locator("[data-office=center]").count() == 1
    check_later(page, seen)
    page.locator("a.back-link").click()
    expect(page.locator("input[name=proxy_reason][value=work]")).to_be_checked()
    answer(page, "proxy_reason", "illness")
    found = items(page)
    assert {
        "bring_proof_illness",
        "bring_holder_ids_for_proxy",
        "step_pickup_proxy_prepare",
    } <= found
    assert "warn_pickup_proxy_refused" not in found
    assert page.locator("[data-can-proceed=true]").count() == 1
    check_later(page, seen)
    axe_check_urls(js_page, axe_check, seen)


def test_card_application_in_easy_japanese_with_an_error_and_print(
    live_city, page_nojs, page, axe_check
):
    """Journey 3 (no JavaScript, やさしい日本語): apply for a new card; a date error; print."""
    js_page, page, seen = page, page_nojs, []
    page.goto(live_city.url + "/easy/guide/")
    page.locator("a.button").click()
    answer(page, "renewal", "card")
    answer(page, "stage", "apply")
    page.locator("form.guide-question button[type=submit]").click()  # no date entered
    expect(page.locator(".error-summary")).to_be_visible()
    assert page.title().startswith("エラー：")
    check_later(page, seen)
    answer_date(page, "2027", "2", "10")
    answer(page, "changed_info", "true")
    expect(page).to_have_url(re.compile(r"/easy/guide/result/"))
    found = items(page)
    assert {"step_apply_info_changed", "bring_card_to_counter_application"} <= found
    assert "step_apply_with_notice" not in found
    check_later(page, seen)
    page.locator("a[href*='/guide/result/print/']").click()
    expect(page.locator("img[src^='data:image/svg+xml']")).to_be_visible()
    assert page.locator(".lang-switch").count() == 0
    check_later(page, seen)
    axe_check_urls(js_page, axe_check, seen)


def test_lost_card_side_path_from_the_first_question(live_city, page, axe_check):
    page.goto(live_city.url + "/guide/q/renewal/")
    page.locator("p.side-path a").click()
    expect(page).to_have_url(re.compile(r"/guide/result/\?renewal=card&old_card=lost"))
    assert {"step_reissue_apply", "bring_reissue_fee"} <= items(page)
    axe_check(page)
