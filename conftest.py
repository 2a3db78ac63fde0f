"""Shared fixtures: the demo city, staff personas with verified 2FA, a local SMTP server."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # sync Playwright runs an event loop

DEMO_CITY = Path(__file__).parent / "content" / "city" / "demo-city.yaml"


@pytest.fixture
def city(db):
    """The demo city loaded into the test database."""
    from madoguchi.core.loader import load_city

    return load_city(DEMO_CITY)


def _staff_user(username: str, role: str | None):
    from django.contrib.auth.models import User

    from madoguchi.accounts.roles import ensure_roles
    from madoguchi.accounts.services import create_staff

    ensure_roles()
    if role is None:
        return User.objects.create_user(username=username, password="stranger-password-123")
    user, _ = create_staff(username, role, password=f"{username}-password-123")
    return user


def _verified_client(user):
    """A test client logged in with a verified TOTP device, as after a real 2FA step."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def clerk(db):
    return _staff_user("clerk", "clerk")


@pytest.fixture
def operator(db):
    return _staff_user("operator", "operator")


@pytest.fixture
def supervisor(db):
    return _staff_user("supervisor", "supervisor")


@pytest.fixture
def admin_user(db):
    return _staff_user("administrator", "admin")


@pytest.fixture
def stranger(db):
    """Logged in, but with no staff role."""
    return _staff_user("stranger", None)


@pytest.fixture
def clerk_client(clerk):
    return _verified_client(clerk)


@pytest.fixture
def operator_client(operator):
    return _verified_client(operator)


@pytest.fixture
def supervisor_client(supervisor):
    return _verified_client(supervisor)


@pytest.fixture
def admin_client_2fa(admin_user):
    return _verified_client(admin_user)


@pytest.fixture
def stranger_client(stranger):
    return _verified_client(stranger)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 (aiosmtpd); Django sends to it. Yields the list of
    received messages (email.message.EmailMessage)."""
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    received: list = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            received.append(message_from_bytes(envelope.original_content, policy=policy.default))
            return "250 OK"

    port = _free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    try:
        yield received
    finally:
        controller.stop()
