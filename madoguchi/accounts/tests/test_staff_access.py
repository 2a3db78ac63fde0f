"""No staff page without login and 2FA; roles decide what a staff member may use."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from madoguchi.accounts.models import AuditLog
from madoguchi.accounts.roles import ROLES

STAFF_URLS = ["/staff/", "/staff/admin/", "/staff/admin/core/office/", "/staff/2fa/"]


def _all_staff_urls() -> list[str]:
    """Every staff URL without arguments, found by walking the whole URL conf."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = set(STAFF_URLS)

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern).lstrip("^").rstrip("$")
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif (
                isinstance(p, URLPattern)
                and "staff/" in route
                and "<" not in route
                and not route.startswith(("staff/login/", "staff/logout/"))
            ):
                found.add("/" + route)

    walk(get_resolver().url_patterns, "")
    return sorted(found)


@pytest.mark.django_db
@pytest.mark.parametrize("url", _all_staff_urls())
def test_every_staff_url_sends_an_anonymous_user_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("url", [u for u in _all_staff_urls() if u != "/staff/2fa/"])
def test_a_logged_in_user_without_2fa_is_sent_to_2fa(clerk, url):
    client = Client()
    client.force_login(clerk)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/2fa/")


def _totp_now(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


@pytest.mark.django_db
def test_first_login_enrols_an_authenticator_then_opens_the_staff_menu(clerk):
    client = Client()
    response = client.post(
        "/staff/login/", {"username": "clerk", "password": "clerk-password-123", "next": "/staff/"}
    )
    assert response.status_code == 302 and response["Location"].startswith("/staff/2fa/")
    page = client.get("/staff/2fa/")
    assert "QRコード" in page.content.decode()
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)

    wrong = client.post(
        "/staff/2fa/", {"token": "000000" if _totp_now(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    assert "エラー：" in wrong.content.decode()

    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down retries after a failure
    ok = client.post("/staff/2fa/", {"token": _totp_now(device), "next": "/staff/"})
    assert ok.status_code == 302 and ok["Location"] == "/staff/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/staff/").status_code == 200
    assert AuditLog.objects.filter(username="clerk", action="2fa_enrolled").exists()


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_account(clerk, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/staff/login/", {"username": "clerk", "password": "wrong"})
    locked = client.post("/staff/login/", {"username": "clerk", "password": "clerk-password-123"})
    assert locked.status_code == 429
    assert "ロック" in locked.content.decode()


@pytest.mark.django_db
def test_the_admin_is_for_supervisors_not_clerks(clerk_client, supervisor_client, city):
    assert supervisor_client.get("/staff/admin/core/office/").status_code == 200
    response = clerk_client.get("/staff/admin/core/office/")
    assert response.status_code == 302  # the admin's own login: clerks are not is_staff
    assert "/staff/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_roles_exist_as_groups_with_their_permissions():
    from madoguchi.accounts.roles import ensure_roles

    ensure_roles()
    for role in ROLES:
        group = Group.objects.get(name=role.group)
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert set(role.perms) <= codenames
    operator = Group.objects.get(name="電話オペレーター")
    assert not operator.permissions.filter(codename="view_personal_data").exists()


@pytest.mark.django_db
def test_staff_required_refuses_a_user_without_the_permission(rf, stranger, operator):
    from django.http import HttpResponse
    from django_otp import DEVICE_ID_SESSION_KEY  # noqa: F401

    from madoguchi.accounts.decorators import staff_required

    @staff_required("view_personal_data")
    def secret_view(request):
        return HttpResponse("personal data")

    for user, expected in [(stranger, 403), (operator, 403)]:
        request = rf.get("/x")
        request.user = user
        user.is_verified = lambda: True
        assert secret_view(request).status_code == expected


@pytest.mark.django_db
def test_audit_records_who_what_which_and_where(rf, clerk):
    from madoguchi.accounts.services import audit

    request = rf.get("/staff/prereg/42/", REMOTE_ADDR="10.1.2.3")
    request.user = clerk
    entry = audit(request, "view_prereg", object_type="prereg.preregistration", object_id="42")
    assert (entry.username, entry.action, entry.object_id, entry.ip) == (
        "clerk",
        "view_prereg",
        "42",
        "10.1.2.3",
    )
    assert entry.path == "/staff/prereg/42/"


def test_staff_login_url_is_the_configured_login():
    assert reverse("accounts:login") == "/staff/login/"
