"""No staff page without login and a verified second factor: any path with a /staff/ segment."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

OPEN_PATHS = ("/staff/login/", "/staff/logout/")
TWO_FACTOR_PATHS = ("/staff/2fa/",)


class StaffTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        # /staff/… and every app's staff pages (/faq/staff/…, /en/booking/staff/…).
        if "/staff/" in path and not path.startswith(OPEN_PATHS):
            nxt = quote(request.get_full_path())
            if not request.user.is_authenticated:
                return redirect(f"/staff/login/?next={nxt}")
            if not path.startswith(TWO_FACTOR_PATHS) and not request.user.is_verified():
                return redirect(f"/staff/2fa/?next={nxt}")
        return self.get_response(request)
