"""Guards for staff views. Login and 2FA are enforced for all of /staff/ by the middleware;
``staff_required`` adds the role (permission) check and works outside /staff/ too."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render


def staff_required(perm: str | None = None) -> Callable:
    """``@staff_required("view_personal_data")``: logged in, 2FA verified, and holding the
    permission (``accounts.<perm>``) — otherwise login, 2FA, or a 403 page."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), "accounts:login")
            if not user.is_verified():
                return redirect(f"/staff/2fa/?next={request.get_full_path()}")
            full = perm if perm is None or "." in perm else f"accounts.{perm}"
            if full and not user.has_perm(full):
                return render(request, "accounts/forbidden.html", status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
