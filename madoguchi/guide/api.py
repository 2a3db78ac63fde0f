"""GET /api/v1/guide/checklist?<facts>: the navigator's answer as JSON.

Used by the operator console, LINE and the tests. Query keys are the facts (see
:mod:`madoguchi.guide.facts`) plus ``lang=ja|en|easy``; anything else is a 400 naming the key.

Besides the keys of issue 3 the API takes two optional facts (the response keys are unchanged):

- ``card_same_expiry=true|false`` (renewal=ecert): the card itself (date printed on its front)
  expires on the certificates' date or less than 3 months from now, or has expired. ``true``
  means a new card instead of an e-cert renewal (facts §1): ``can_proceed_now`` is false and
  ``warnings`` say to apply for a new card.
- ``preschool=true|false``: the child (age 6 or 7) has not started primary school, so the
  法定代理人 may collect the card alone (facts §5). Under 6 counts as preschool without it.

``proxy_reason`` also takes ``guardianship`` (成年被後見人・被保佐人・被補助人),
``business_trip`` (long business trip or seafaring), ``study_abroad`` and ``hikikomori``.
When a proxy may not collect for work, ``booking_service`` is ``card_pickup``: the holder books
their own pickup. ``steps`` lists the steps first, then the proxy information and the notes.
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
        "facility|child|student|guardianship|business_trip|study_abroad|hikikomori|work|other, "
        "old_card=has|lost, expiry=YYYY-MM-DD, today=YYYY-MM-DD, changed_info=true|false, "
        "card_same_expiry=true|false (renewal=ecert: the card itself expires on the same date "
        "or within 3 months → a new card instead), preschool=true|false (a child of 6–7 who "
        "has not started school); lang=ja|en|easy (default ja)."
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
