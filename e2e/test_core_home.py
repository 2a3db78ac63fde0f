"""The home page in a real browser: accessible, and usable without JavaScript."""

import re

from playwright.sync_api import expect


def test_home_page_has_no_accessibility_violations(live_city, page, axe_check):
    page.goto(live_city.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("マイナンバーカード")
    axe_check(page)


def test_home_page_in_english_and_easy_japanese_has_no_violations(live_city, page, axe_check):
    for path in ("/en/", "/easy/"):
        page.goto(live_city.url + path)
        axe_check(page)


def test_the_language_switch_works_without_javascript(live_city, page_nojs):
    page = page_nojs
    page.goto(live_city.url + "/")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Renewing your My Number Card")
    page.get_by_role("link", name="やさしい日本語").click()
    expect(page).to_have_url(re.compile(r"/easy/$"))


def test_the_skip_link_moves_focus_to_the_main_content(live_city, page):
    page.goto(live_city.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="本文へ移動")
    expect(skip).to_be_focused()
    skip.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_home_page_is_small_on_a_phone(live_city, browser):
    """Everything the page loads (HTML, CSS, JS), compressed, stays under 100 KB."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    sizes: list[int] = []

    def on_response(response):
        if response.request.resource_type in {"document", "stylesheet", "script"}:
            body = response.body()
            encoding = response.headers.get("content-encoding", "")
            sizes.append(
                len(body)
                if not encoding
                else int(response.headers.get("content-length", len(body)))
            )

    page.on("response", on_response)
    page.goto(live_city.url + "/", wait_until="networkidle")
    context.close()
    assert sizes and sum(sizes) < 100_000
