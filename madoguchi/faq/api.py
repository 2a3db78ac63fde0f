"""``GET /api/v1/faq/search``: the FAQ search used by the public site, the console and LINE."""

from __future__ import annotations

from django.http import HttpRequest
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


@router.get("/search", response={200: SearchOut, 400: ErrorOut}, summary="Search the FAQ")
def search(request: HttpRequest, q: str = "", lang: str = "ja", limit: int = 5):
    """Japanese-aware, meaning-aware search. ``q``: 1–200 characters; ``lang``: ja, en or easy;
    ``limit``: 1–20. A ``suggestion`` ("did you mean") is given when nothing good was found."""
    if lang not in LANGS:
        raise ApiError(400, "invalid", "lang must be ja, en or easy.", {"lang": "ja, en, easy"})
    if not 1 <= limit <= MAX_LIMIT:
        raise ApiError(400, "invalid", f"limit must be 1–{MAX_LIMIT}.", {"limit": f"1–{MAX_LIMIT}"})
    try:
        outcome = run_search(q, lang, limit=limit)
    except QueryRejected as exc:
        raise ApiError(400, exc.code, exc.message, {"q": exc.message}) from exc
    return {
        "query": outcome.query,
        "results": [row.__dict__ for row in outcome.rows],
        "suggestion": outcome.suggestion,
    }


__all__ = ["router", "MAX_QUERY"]
