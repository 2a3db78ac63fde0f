"""The FAQ in a real browser: search without JavaScript, live results with it, voting, a11y."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

FIXTURES = (
    Path(__file__).resolve().parents[1] / "madoguchi" / "faq" / "tests" / "fixtures" / "content"
)


@pytest.fixture
def live_faq(live_city):
    from madoguchi.faq import index
    from madoguchi.faq.services import load_faq_dir

    load_faq_dir(FIXTURES)
    index.clear()
    yield live_city
    index.clear()


def test_search_works_without_javascript(live_faq, page_nojs):
    page = page_nojs
    page.goto(live_faq.url + "/faq/")
    page.get_by_label("質問を入力してください").fill("パスワードわすれた")
    page.get_by_role("button", name="検索").click()
    expect(page).to_have_url(re.compile(r"/faq/search\?q="))
    first = page.locator(".faq-results li").first
    expect(first).to_contain_text("暗証番号を忘れたとき")
    first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "暗証番号を忘れたときはどうすればいいですか？"
    )
    page.get_by_role("button", name="役に立った", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("ありがとう")


def test_results_update_as_you_type(live_faq, page):
    page.goto(live_faq.url + "/faq/")
    page.get_by_label("質問を入力してください").press_sequentially("はがきの期限すぎた", delay=20)
    expect(page.locator("#faq-results .faq-results li").first).to_contain_text(
        "受取期限", timeout=5000
    )
    expect(page).to_have_url(re.compile(r"/faq/search\?q="))


def test_faq_pages_have_no_accessibility_violations(live_faq, page, axe_check):
    for path in (
        "/faq/",
        "/faq/search?q=暗証番号",
        "/faq/search?q=",
        "/en/faq/t-fees/",
        "/easy/faq/",
    ):
        page.goto(live_faq.url + path)
        axe_check(page)


def test_a_my_number_never_stays_in_the_address_or_the_page(live_faq, page_nojs):
    page = page_nojs
    page.goto(live_faq.url + "/faq/")
    page.get_by_label("質問を入力してください").fill("番号 1234 5678 9012 忘れた")
    page.get_by_role("button", name="検索").click()
    expect(page).to_have_url(re.compile(r"/faq/search\?rejected=personal_data$"))
    expect(page.locator(".error-summary")).to_contain_text("12桁の数字")
    assert "5678" not in page.content()
    expect(page.get_by_label("質問を入力してください")).to_have_value("")


def test_typing_a_my_number_clears_it_from_the_address(live_faq, page):
    page.goto(live_faq.url + "/faq/")
    page.get_by_label("質問を入力してください").press_sequentially("123456789012", delay=20)
    expect(page.locator("#faq-results [data-query-rejected]")).to_be_visible(timeout=5000)
    expect(page).not_to_have_url(re.compile(r"1234"))
    expect(page.get_by_label("質問を入力してください")).to_have_value("")


def test_a_not_helpful_vote_leads_somewhere(live_faq, page_nojs):
    page = page_nojs
    page.goto(live_faq.url + "/faq/t-pin-forgot/")
    page.get_by_role("button", name="役に立たなかった").click()
    expect(page.get_by_role("heading", name="ほかの答えを探す")).to_be_visible()
    expect(page.locator(".faq-related a").first).to_be_visible()


def test_review_fix_pages_have_no_accessibility_violations(live_faq, page, axe_check):
    for path in (
        "/faq/search?q=駐車場はありますか",
        "/faq/search?rejected=personal_data",
        "/faq/t-pin-forgot/?voted=no",
        "/easy/faq/t-fees/",
        "/en/faq/search?q=parking",
    ):
        page.goto(live_faq.url + path)
        axe_check(page)
