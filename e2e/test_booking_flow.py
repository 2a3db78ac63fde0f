"""Booking in a real browser: with and without JavaScript, in Japanese and English, axe-clean."""

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def choose_first_and_continue(page, button_name, nth=0):
    page.locator("input[type=radio]:not([disabled])").nth(nth).check()
    page.get_by_role("button", name=button_name).click()


def book(page, base, prefix, next_label, confirm_label, axe_check=None):
    page.set_default_timeout(10_000)
    page.goto(f"{base}{prefix}/booking/?service=ecert_renew")
    if axe_check:
        axe_check(page)
    choose_first_and_continue(page, next_label)  # office
    if axe_check:
        axe_check(page)
    choose_first_and_continue(page, next_label, nth=3)  # day: a few days ahead, before the cut-off
    if axe_check:
        axe_check(page)
    choose_first_and_continue(page, next_label)  # time → hold
    page.get_by_label(re.compile("お名前|Name")).fill("やまだ たろう")
    page.locator("#id_email").fill("taro@example.jp")
    if axe_check:
        axe_check(page)
    page.get_by_role("button", name=next_label).click()
    if axe_check:
        axe_check(page)
    page.get_by_role("button", name=confirm_label).click()
    return page.locator(".reference").first.inner_text()


def test_book_with_javascript_in_japanese_axe_clean(page, live_city, axe_check, smtp_server):
    reference = book(page, live_city.url, "", "次へ", "この内容で予約する", axe_check)
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", reference)
    assert page.get_by_role("heading", name="予約が完了しました").is_visible()
    assert page.locator(".qr img").get_attribute("src").startswith("data:image/svg+xml")
    axe_check(page)
    assert len(smtp_server) == 1 and reference in smtp_server[0]["Subject"]
    page.get_by_role("link", name="予約の変更・取消").click()
    axe_check(page)
    page.get_by_role("link", name="予約を取り消す").click()
    axe_check(page)


def test_book_and_cancel_without_javascript_in_english(
    page_nojs, live_city, axe_check, smtp_server
):
    page = page_nojs
    reference = book(page, live_city.url, "/en", "Continue", "Confirm booking")
    assert page.get_by_role("heading", name="Booking complete").is_visible()
    page.get_by_role("link", name="Change or cancel the booking").click()
    page.get_by_role("link", name="Cancel the booking").click()
    page.get_by_role("button", name="Cancel booking").click()
    assert page.get_by_role("heading", name="Booking cancelled").is_visible()
    assert reference


def test_error_summary_in_easy_japanese(page_nojs, live_city):
    page = page_nojs
    page.set_default_timeout(10_000)
    page.goto(f"{live_city.url}/easy/booking/?service=ecert_renew")
    for _ in range(3):
        choose_first_and_continue(page, "つぎへ")
    page.locator("#id_name_kana").fill("Taro")
    page.get_by_role("button", name="つぎへ").click()
    assert page.title().startswith("エラー：")
    assert page.locator(".error-summary").is_visible()
