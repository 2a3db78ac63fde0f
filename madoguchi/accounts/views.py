from __future__ import annotations

import segno
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from madoguchi.accounts.forms import StaffLoginForm, TokenForm
from madoguchi.accounts.services import audit, role_keys


def _next(request: HttpRequest, default: str = "/staff/") -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return nxt
    return default


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = StaffLoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        auth_login(request, form.get_user())
        audit(request, "login")
        return redirect(f"/staff/2fa/?next={_next(request)}")
    return render(request, "accounts/login.html", {"form": form, "next": _next(request)})


@login_required(login_url="accounts:login")
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Verify a TOTP code; a user without a confirmed device enrols one here first."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit(request, "2fa_enrolled")
            otp_login(request, device)
            audit(request, "2fa_verified")
            return redirect(_next(request))
        form.add_error("token", "確認コードが正しくないか、有効期限が切れています。")
    context = {"form": form, "enrolling": enrolling, "next": _next(request)}
    if enrolling:
        qr = segno.make(device.config_url, error="m")
        context["qr_svg"] = qr.svg_inline(scale=4, title="認証アプリ登録用QRコード")
        context["secret"] = device.config_url.split("secret=")[1].split("&")[0]
    return render(request, "accounts/two_factor.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit(request, "logout")
    auth_logout(request)
    return redirect("accounts:login")


def staff_home(request: HttpRequest) -> HttpResponse:
    """Reached only with login + 2FA (middleware). Lists the tools this staff member may use."""
    return render(request, "accounts/home.html", {"roles": role_keys(request.user)})
