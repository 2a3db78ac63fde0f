"""Staff login and 2FA enrolment in a real browser."""

import re

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect


def test_staff_log_in_and_enrol_an_authenticator(live_city, page, axe_check):
    from madoguchi.accounts.roles import ensure_roles
    from madoguchi.accounts.services import create_staff

    ensure_roles()
    create_staff("clerk", "clerk", "clerk-password-123")
    page.goto(live_city.url + "/staff/")
    expect(page).to_have_url(re.compile(r"/staff/login/"))
    axe_check(page)
    page.get_by_label("ユーザー名").fill("clerk")
    page.get_by_label("パスワード").fill("clerk-password-123")
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", name="二要素認証")).to_be_visible()
    axe_check(page)
    device = TOTPDevice.objects.get(user__username="clerk")
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    page.get_by_label("確認コード（6桁）").fill(f"{token:06d}")
    page.get_by_role("button", name="確認").click()
    expect(page.get_by_role("heading", name="職員メニュー")).to_be_visible()
