"""The one search entry point for the API, the pages and other apps (LINE, console)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from madoguchi.core.jp import looks_like_my_number
from madoguchi.faq import index
from madoguchi.faq.services import log_poor_query

MAX_QUERY = 200
MAX_LIMIT = 20


class QueryRejected(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class SearchOutcome:
    query: str
    rows: list[index.ResultRow]
    suggestion: str | None
    good: bool


def personal_data_message() -> str:
    return _("個人番号（マイナンバー）のような12桁の数字は入力しないでください。")


def clean_query(q: str | None) -> str:
    """The query stripped, or :class:`QueryRejected` (empty, too long, or a 個人番号)."""
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in (q or "")
    ).strip()  # control characters and lone surrogates: never stored, never searched
    if not text:
        raise QueryRejected("empty", _("検索することばを入力してください。"))
    if len(text) > MAX_QUERY:
        raise QueryRejected("too_long", _("検索することばは200文字以内で入力してください。"))
    if looks_like_my_number(text):
        raise QueryRejected("personal_data", personal_data_message())
    return text


def run_search(
    q: str | None,
    lang: str = "ja",
    *,
    limit: int = 5,
    include_staff: bool = False,
    log: bool = True,
) -> SearchOutcome:
    text = clean_query(q)
    result, rows = index.search(text, lang, limit=limit, include_staff=include_staff)
    if log and not result.good:
        log_poor_query(text, lang, zero=not rows, top_entry=rows[0].id if rows else "")
    return SearchOutcome(text, rows, result.suggestion, result.good)
