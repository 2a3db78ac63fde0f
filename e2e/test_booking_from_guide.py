"""Booking entered from the navigator's result: the case (facts, not_before) is carried to the
confirmation, which lists what to bring; with and without JavaScript, axe-clean."""

import datetime as dt
import re
from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PIN_RESET = {"renewal": "ecert", "visitor": "self", "pins": "forgot_all"}


def tokyo_today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


def bring_text(item_id: str, lang: str) -> str:
    from madoguchi.guide.checklist import build_checklist
    from madoguchi.guide.facts import parse_facts

    result = build_checklist(parse_facts(PIN_RESET), lang, today=tokyo_today())
    return next(e.text for e in result.bring if e.id == item_id)


def guide_link(base: str, prefix: str, not_before: dt.date) -> str:
    params = {"service": "ecert_renew_pin_reset", "from": "guide", **PIN_RESET}
    params["not_before"] = not_before.isoformat()
    return f"{base}{prefix}/booking/?{urlencode(params)}"


def continue_with_first(page, button_name):
    page.locator("input[type=radio]:not([disabled])").first.check()
    page.get_by_role("button", name=button_name).click()


def test_from_the_navigator_with_javascript_carries_the_case_to_the_confirmation(
    page, live_city, axe_check, smtp_server
):
    page.set_default_timeout(10_000)
    not_before = tokyo_today() + dt.timedelta(days=7)
    page.goto(guide_link(live_city.url, "", not_before))
    back = page.get_by_role("link", name="案内の結果に戻る")
    assert back.get_attribute("href").startswith("/guide/result/?renewal=ecert")
    assert page.locator("#not-before").inner_text().startswith("更新できるのは")
    axe_check(page)
    continue_with_first(page, "次へ")  # office
    days = page.locator("input[name=day]").evaluate_all("els => els.map(e => e.value)")
    assert days and min(days) >= not_before.isoformat()
    axe_check(page)
    continue_with_first(page, "次へ")  # day
    continue_with_first(page, "次へ")  # time → hold
    page.get_by_label(re.compile("お名前")).fill("やまだ たろう")
    page.locator("#id_email").fill("taro@example.jp")
    page.get_by_role("button", name="次へ").click()
    page.get_by_role("button", name="この内容で予約する").click()
    assert page.get_by_role("heading", name="予約が完了しました").is_visible()
    extra_id = bring_text("bring_extra_id_for_pin_reset", "ja")
    assert extra_id in page.locator(".bring-list").inner_text()
    # PIN_RESET leaves the expiry question open: the guide link asks it (its label says so)
    guide_link_name = re.compile("案内の結果をすべて見る|持ち物を詳しく確認する")
    assert page.get_by_role("link", name=guide_link_name).first.is_visible()
    axe_check(page)
    assert extra_id in smtp_server[0].get_body(preferencelist=("plain",)).get_content()


def test_from_the_navigator_without_javascript_in_english(page_nojs, live_city):
    page = page_nojs
    page.set_default_timeout(10_000)
    not_before = tokyo_today() + dt.timedelta(days=7)
    page.goto(guide_link(live_city.url, "/en", not_before))
    assert page.locator("#not-before").inner_text().startswith("You can renew from")
    continue_with_first(page, "Continue")  # office
    continue_with_first(page, "Continue")  # day
    continue_with_first(page, "Continue")  # time → hold
    page.get_by_label(re.compile("Name")).fill("やまだ たろう")
    page.locator("#id_email").fill("taro@example.jp")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Confirm booking").click()
    assert page.get_by_role("heading", name="Booking complete").is_visible()
    assert (
        bring_text("bring_extra_id_for_pin_reset", "en") in page.locator(".bring-list").inner_text()
    )
