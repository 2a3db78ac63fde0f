from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from madoguchi.core.city import get_city
from madoguchi.core.i18n import current_lang, html_lang
from madoguchi.core.models import PhoneLine


def city(request: HttpRequest) -> dict:
    """The city name and phone lines for the header and footer of every page."""
    return {
        "city": get_city(),
        "phone_lines": list(PhoneLine.objects.all()),
        "lang": current_lang(),
        "html_lang": html_lang(),
        "languages": settings.LANGUAGES,
    }
