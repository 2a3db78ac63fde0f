"""Read-only helpers that join the navigator's checklist with the city data.

The guide app writes nothing; these functions only read (procedures, offices, phone lines).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from madoguchi.core.city import offices_for, phone_line
from madoguchi.core.models import Closure, Procedure
from madoguchi.guide.checklist import Checklist, build_checklist
from madoguchi.guide.facts import Facts, to_code


def checklist_for(facts: Facts, lang: str) -> Checklist:
    return build_checklist(facts, lang, today=timezone.localdate())


def counter_minutes(code: str | None) -> int | None:
    if not code:
        return None
    return Procedure.objects.filter(code=code).values_list("minutes", flat=True).first()


def procedure(code: str | None) -> Procedure | None:
    return Procedure.objects.filter(code=code).first() if code else None


def shareable(facts: Facts) -> Facts:
    """The facts a link should carry: "today" is left out so the link stays current."""
    return facts.replace(today=None)


def result_path(facts: Facts, lang: str | None = None) -> str:
    with translation.override(lang or translation.get_language()):
        path = reverse("guide:result")
    query = shareable(facts).to_query()
    return f"{path}?{query}" if query else path


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def share_url(facts: Facts, lang: str) -> str:
    return absolute(result_path(facts, lang))


def short_url(facts: Facts, lang: str) -> str:
    with translation.override(lang):
        return absolute(reverse("guide:short", args=[to_code(shareable(facts))]))


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def booking_url(code: str | None, facts: Facts, not_before: dt.date | None = None) -> str | None:
    """A link into booking with the procedure pre-selected, once booking is installed.

    ``from=guide`` and the facts let booking link back to the result; ``not_before`` (the day
    the renewal window opens) keeps booking from offering days before renewal is possible.
    """
    if not code:
        return None
    try:
        start = reverse("booking:start")
    except NoReverseMatch:
        return None
    params = {"service": code, "from": "guide", **shareable(facts).as_params()}
    if not_before is not None:
        params["not_before"] = not_before.isoformat()
    return f"{start}?{urlencode(params)}"


def offices_handling(code: str | None):
    return list(offices_for(code)) if code else []


EVENING = dt.time(17, 0)


def open_evenings_or_weekends(offices) -> list:
    """The offices with hours after 17:00 or on Saturday/Sunday (for people who work)."""
    return [
        office
        for office in offices
        if any(h.weekday >= 5 or h.closes > EVENING for h in office.hours.all())
    ]


def upcoming_closures(offices, today: dt.date, days: int = 90) -> list[Closure]:
    """One-off closures (not the yearly New Year break) in the coming weeks, city-wide or at
    one of ``offices``."""
    horizon = today + dt.timedelta(days=days)
    closures = Closure.objects.filter(start__isnull=False, end__gte=today, start__lte=horizon)
    return [c for c in closures.order_by("start") if c.office_id is None or c.office in offices]


def reservation_line():
    return phone_line("reservation")


def checklist_json(result: Checklist, lang: str) -> dict:
    """The API body, exactly as in the contract."""
    outcome = result.outcome
    return {
        "renewal": outcome.renewal,
        "stage": outcome.stage,
        "can_proceed_now": outcome.can_proceed_now,
        "window_opens_on": outcome.window_opens_on.isoformat() if outcome.window_opens_on else None,
        "visits": outcome.visits,
        "bring": [{"text": e.text, "note": e.note} for e in result.bring],
        "steps": [e.text for e in (*result.steps, *result.proxy, *result.notes)],
        "warnings": [e.text for e in result.warnings],
        "booking_service": outcome.booking_service,
        "counter_minutes": counter_minutes(outcome.booking_service),
        "sources": list(result.sources),
        "share_url": share_url(result.facts, lang),
    }
