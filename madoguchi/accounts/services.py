"""Verb-named writes for staff accounts and the audit log."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.http import HttpRequest

from madoguchi.accounts.models import AuditLog
from madoguchi.accounts.roles import ROLE_BY_KEY


def client_ip(request: HttpRequest) -> str | None:
    """The client address (REMOTE_ADDR; behind a proxy, configure it to set REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR") or None


def audit(
    request: HttpRequest,
    action: str,
    obj: object | None = None,
    *,
    object_type: str = "",
    object_id: str = "",
    detail: dict | None = None,
) -> AuditLog:
    """Record that the logged-in staff member did ``action`` on a record. Call it in every view
    that shows or changes personal data, before the data is rendered."""
    user = request.user if request.user.is_authenticated else None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower  # type: ignore[attr-defined]
        object_id = object_id or str(obj.pk)  # type: ignore[attr-defined]
    return AuditLog.objects.create(
        user=user,
        username=user.get_username() if user else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        ip=client_ip(request),
        path=request.path[:300],
        detail=detail or {},
    )


@transaction.atomic
def create_staff(username: str, role: str, password: str | None = None) -> tuple[User, str]:
    """Create a staff user in one role; returns the user and the (generated) password."""
    if role not in ROLE_BY_KEY:
        raise ValueError(f"unknown role {role!r}; use one of {', '.join(ROLE_BY_KEY)}")
    password = password or secrets.token_urlsafe(12)
    spec = ROLE_BY_KEY[role]
    user = User.objects.create_user(username=username, password=password)
    user.is_staff = spec.admin_site
    user.is_superuser = role == "admin"
    user.save()
    user.groups.add(Group.objects.get(name=spec.group))
    return user, password


def role_keys(user: User) -> list[str]:
    names = set(user.groups.values_list("name", flat=True))
    return [r.key for r in ROLE_BY_KEY.values() if r.group in names]
