"""Signed manage links: valid for the current version of a booking only.

A change or cancellation bumps ``Booking.token_version``, so every older link stops working.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from madoguchi.booking.models import Booking

SALT = "madoguchi.booking.manage"


def manage_token(booking: Booking) -> str:
    return signing.dumps([booking.pk, booking.token_version], salt=SALT, compress=True)


def booking_from_token(token: str) -> tuple[Booking, int] | None:
    """The booking and the version the link was signed for; None for a bad or outdated link."""
    try:
        pk, version = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    booking = (
        Booking.objects.filter(pk=pk).select_related("office", "procedure", "office__city").first()
    )
    if booking is None or booking.token_version != version:
        return None
    return booking, version


def booking_of_any_version(token: str) -> Booking | None:
    """The booking a genuine but possibly outdated link was signed for (to say what became of
    it: cancelled, or already changed in this browser). Never a credential by itself."""
    try:
        pk, _version = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return Booking.objects.filter(pk=pk).select_related("office", "procedure").first()


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def manage_path(booking: Booking, lang: str | None = None) -> str:
    with translation.override(lang or booking.lang):
        return reverse("booking:manage", args=[manage_token(booking)])


def manage_url(booking: Booking, lang: str | None = None) -> str:
    return absolute(manage_path(booking, lang))


def offer_url(hold_token: str, lang: str) -> str:
    with translation.override(lang):
        return absolute(reverse("booking:offer", args=[hold_token]))
