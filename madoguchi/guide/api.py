"""GET /api/v1/guide/checklist?<facts>: the navigator's answer as JSON.

Used by the operator console, LINE and the tests. Query keys are the facts (see
:mod:`madoguchi.guide.facts`) plus ``lang=ja|en|easy``; anything else is a 400 naming the key.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from madoguchi.api import ApiError
from madoguchi.guide import services
from madoguchi.guide.facts import FactsError, parse_facts

router = Router(tags=["guide"])

LANGS = ("ja", "en", "easy")


class BringOut(Schema):
    text: str
    note: str


class ChecklistOut(Schema):
    renewal: str
    stage: str | None
    can_proceed_now: bool
    window_opens_on: str | None
    visits: int
    bring: list[BringOut]
    steps: list[str]
    warnings: list[str]
    booking_service: str | None
    counter_minutes: int | None
    sources: list[str]
    share_url: str


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, str]


class ErrorOut(Schema):
    error: ErrorBody


@router.get(
    "/checklist",
    response={200: ChecklistOut, 400: ErrorOut},
    summary="The checklist for a set of facts",
    description=(
        "Facts as query keys: renewal=ecert|card, stage=apply|pickup, age=<int>, "
        "guardianship=true|false, visitor=self|proxy|legal_rep, shokaisho=true|false, "
        "pins=known|forgot_one|forgot_all, proxy_reason=illness|disability|age75|pregnancy|"
        "facility|child|student|work|other, old_card=has|lost, expiry=YYYY-MM-DD, "
        "today=YYYY-MM-DD, changed_info=true|false; lang=ja|en|easy (default ja)."
    ),
)
def checklist(request: HttpRequest):
    lang = request.GET.get("lang", "ja")
    if len(request.GET.getlist("lang")) > 1 or lang not in LANGS:
        raise ApiError(400, "invalid", "lang must be one of ja, en, easy", {"lang": "ja|en|easy"})
    try:
        facts = parse_facts(request.GET, allow=("lang",))
        result = services.checklist_for(facts, lang)
    except FactsError as exc:
        key = next(iter(exc.fields))
        raise ApiError(400, "invalid_facts", f"{key} {exc.fields[key]}", exc.fields) from None
    return services.checklist_json(result, lang)
