"""Template helpers available in every template (registered as a builtin)."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.urls import translate_url
from django.utils import timezone

from madoguchi.core import i18n, jp

register = template.Library()


@register.filter
def tr(value: dict | str | None) -> str:
    """A {"ja", "en", "easy"} text in the active language."""
    return i18n.tr(value)


@register.filter
def wareki(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return jp.wareki(value)


@register.filter
def ja_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return jp.ja_date(value)


@register.simple_tag(takes_context=True)
def url_in_language(context: template.Context, lang: str) -> str:
    """The current page in another language, keeping the query string, except a ``q`` that
    looks like a 個人番号 (it is dropped, never repeated in a link)."""
    request = context.get("request")
    if request is None:
        return "/"
    path = request.get_full_path()
    if any(jp.looks_like_my_number(v) for v in request.GET.getlist("q")):
        params = request.GET.copy()
        params.pop("q")
        path = request.path + (f"?{params.urlencode()}" if params else "")
    url = translate_url(path, lang)
    return url


@register.filter
def hours_summary(office) -> list:
    """An office's opening hours grouped for display."""
    from madoguchi.core.hours import summarise

    return summarise(office.hours.all())
