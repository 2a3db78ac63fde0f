"""``GET /api/v1/faq/search``: the FAQ search used by the public site, the console and LINE."""

from __future__ import annotations

import unicodedata

from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Router, Schema

from madoguchi.api import ApiError
from madoguchi.faq.content import LANGS
from madoguchi.faq.queries import MAX_LIMIT, MAX_QUERY, QueryRejected, run_search

router = Router(tags=["faq"])


class ResultOut(Schema):
    id: str
    question: str
    answer: str
    url: str
    score: float


class SearchOut(Schema):
    query: str
    results: list[ResultOut]
    suggestion: str | None


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, str]


class ErrorOut(Schema):
    error: ErrorDetail


def _parse_limit(value: str) -> int | None:
    text = unicodedata.normalize("NFKC", value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 4:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_LIMIT else None


@router.get("/search", response={200: SearchOut, 400: ErrorOut}, summary="Search the FAQ")
def search(request: HttpRequest, q: str = "", lang: str = "ja", limit: str = "5"):
    """Japanese-aware, meaning-aware search. ``q``: 1–200 characters; ``lang``: ja, en or easy;
    ``limit``: 1–20. A ``suggestion`` ("did you mean") is given when nothing good was found.
    Error messages are in Japanese, or in English with ``lang=en``; a query holding a 個人番号
    is rejected and never echoed."""
    with translation.override(lang if lang in LANGS else "ja"):
        if lang not in LANGS:
            message = _("lang には ja、en、easy のどれかを指定してください。")
            raise ApiError(400, "invalid", message, {"lang": message})
        number = _parse_limit(limit)
        if number is None:
            message = _("limit には 1 から %(max)d までの数を指定してください。") % {
                "max": MAX_LIMIT
            }
            raise ApiError(400, "invalid", message, {"limit": message})
        try:
            outcome = run_search(q, lang, limit=number)
        except QueryRejected as exc:
            raise ApiError(400, exc.code, exc.message, {"q": exc.message}) from exc
    return {
        "query": outcome.query,
        "results": [row.__dict__ for row in outcome.rows],
        "suggestion": outcome.suggestion,
    }


__all__ = ["router", "MAX_QUERY"]
