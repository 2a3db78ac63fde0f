"""Picking the right language out of a ``{"ja", "en", "easy"}`` text."""

from __future__ import annotations

from django.utils import translation

LANGS = ("ja", "en", "easy")


def current_lang() -> str:
    lang = translation.get_language() or "ja"
    return lang if lang in LANGS else "ja"


def tr(text: dict | str | None, lang: str | None = None) -> str:
    """The text in ``lang`` (default: the active language), falling back to Japanese."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    lang = lang or current_lang()
    return text.get(lang) or text.get("ja") or ""


def html_lang(lang: str | None = None) -> str:
    """The value for ``<html lang>``: やさしい日本語 is Japanese."""
    lang = lang or current_lang()
    return "en" if lang == "en" else "ja"
