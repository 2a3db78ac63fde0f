"""The navigator's pages: a start page, one question per page, the result and its print view.

All answers travel in the query string (no session, no personal data), so every page can be
bookmarked, sent by an operator or opened from a QR code. Views stay thin: routing is in
:mod:`flow`, rules in :mod:`rules`, wording in ``content/guide``.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from madoguchi.core.i18n import current_lang
from madoguchi.guide import flow, services
from madoguchi.guide import rules as r
from madoguchi.guide.checklist import format_date
from madoguchi.guide.content import get_content
from madoguchi.guide.facts import (
    CHOICES,
    MAX_AGE,
    MAX_DATE,
    MIN_DATE,
    Facts,
    FactsError,
    from_code,
    parse_facts,
    render_value,
)

DATE_PARTS = ("year", "month", "day")


def question_url(key: str, facts: Facts) -> str:
    query = services.shareable(facts).to_query()
    path = reverse("guide:question", args=[key])
    return f"{path}?{query}" if query else path


def result_url(facts: Facts) -> str:
    return services.result_path(facts)


def next_url(facts: Facts) -> str:
    question = flow.next_question(facts)
    return question_url(question.key, facts) if question else result_url(facts)


def _bad_link(request: HttpRequest, error: FactsError, *, status: int = 400) -> HttpResponse:
    """A plain-words page for a broken link: which answers could not be read, no codes."""
    content = get_content()
    questions = [content.questions[key].title for key in error.fields if key in content.questions]
    return render(request, "guide/bad_link.html", {"questions": questions}, status=status)


def _facts_from(request: HttpRequest, *, ignore: tuple[str, ...] = ()) -> Facts:
    """The facts of the query string, with today's date filled in (routing needs it)."""
    return r.with_today(parse_facts(request.GET, allow=ignore), timezone.localdate())


def _side_path(content, *, show: bool = True) -> dict:
    """The "lost your card?" link (a preset entry into the flow)."""
    side = content.side_paths.get("lost_card") if show else None
    return {"side": side, "lost_url": next_url(parse_facts(side.facts)) if side else None}


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    first_url = question_url(flow.QUESTIONS[0].key, Facts())
    return render(
        request, "guide/start.html", {"first_url": first_url, **_side_path(get_content())}
    )


@require_GET
def question(request: HttpRequest, key: str) -> HttpResponse:
    if key not in flow.BY_KEY:
        raise Http404
    try:
        facts = _facts_from(request)
    except FactsError as exc:
        return _bad_link(request, exc)
    answered, upcoming = flow.path(facts)
    on_path = [q.key for q in answered] + ([upcoming.key] if upcoming else [])
    if key not in on_path:
        return HttpResponseRedirect(next_url(facts))
    return _render_question(request, key, facts, errors={}, values=_current_values(key, facts))


@require_GET
def answer(request: HttpRequest, key: str) -> HttpResponse:
    """The question's form submits here (GET): check the answer, then go to the next page."""
    if key not in flow.BY_KEY:
        raise Http404
    kind = flow.BY_KEY[key].kind
    own = tuple(f"{key}_{part}" for part in DATE_PARTS) if kind == "date" else (key,)
    try:
        facts = _facts_from(request, ignore=own).replace(**{key: None})
    except FactsError as exc:
        return _bad_link(request, exc)
    values = {name: request.GET.get(name, "").strip() for name in own}
    value, error = _clean_answer(key, kind, values)
    if error:
        return _render_question(request, key, facts, errors={key: error}, values=values)
    try:
        facts = parse_facts({**facts.as_params(), key: render_value(value)})
        facts = r.with_today(facts, timezone.localdate())
    except FactsError:  # e.g. guardianship for a child: contradicts an earlier answer
        mismatch = {key: _("この答えは前の答えと合いません。")}
        return _render_question(request, key, facts, errors=mismatch, values=values)
    facts = flow.relevant_facts(facts)
    following = flow.question_after(facts, key)
    target = question_url(following.key, facts) if following else next_url(facts)
    return HttpResponseRedirect(target)


def _clean_answer(key: str, kind: str, values: dict[str, str]) -> tuple[object, str]:
    if kind in ("choice", "bool"):
        raw = values.get(key, "")
        allowed = CHOICES[key] if kind == "choice" else ("true", "false")
        if raw not in allowed:
            return None, _("答えを1つ選んでください。")
        return (raw == "true") if kind == "bool" else raw, ""
    if kind == "int":
        raw = values.get(key, "").translate(_FULLWIDTH_DIGITS)
        if not raw.isdigit() or int(raw) > MAX_AGE:
            return None, _("年齢を数字で入力してください（例：8）。")
        return int(raw), ""
    parts = [values.get(f"{key}_{p}", "").translate(_FULLWIDTH_DIGITS) for p in DATE_PARTS]
    if not all(parts):
        return None, _("有効期限の年・月・日をすべて入力してください。")
    if not all(p.isdigit() and len(p) <= 4 for p in parts):
        return None, _("有効期限は数字で入力してください（例：2027 3 15）。")
    try:
        value = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None, _("実在する日付を入力してください。")
    if not plausible_expiry(value, timezone.localdate()):
        return None, _("有効期限の年を確かめてください（西暦で入力します。例：2027）。")
    return value, ""


FIRST_CARD_YEAR = 2016  # cards were first issued in 2016; nothing expires before that
MAX_YEARS_AHEAD = 10  # a card is valid for at most 10 years


def plausible_expiry(value: dt.date, today: dt.date) -> bool:
    """An expiry a card can have: not before 2016 and at most 10 years ahead (§1)."""
    if not MIN_DATE <= value <= MAX_DATE:
        return False
    return FIRST_CARD_YEAR <= value.year <= today.year + MAX_YEARS_AHEAD


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _current_values(key: str, facts: Facts) -> dict[str, str]:
    value = getattr(facts, key)
    if value is None:
        return {}
    if isinstance(value, dt.date):
        return {
            f"{key}_year": str(value.year),
            f"{key}_month": str(value.month),
            f"{key}_day": str(value.day),
        }
    return {key: render_value(value)}


def _render_question(
    request: HttpRequest, key: str, facts: Facts, *, errors: dict[str, str], values: dict
) -> HttpResponse:
    content = get_content()
    text = content.questions[key]
    question_obj = flow.BY_KEY[key]
    title, hint = text.wording(facts)
    previous = flow.previous_question(facts, key)
    back_url = question_url(previous.key, facts) if previous else reverse("guide:start")
    hidden = [(k, v) for k, v in services.shareable(facts).as_params().items() if k != key]
    context = {
        "key": key,
        "kind": question_obj.kind,
        "title": title,
        "hint": hint,
        "help": text.help,
        "options": text.options,
        "value": values.get(key, ""),
        "year": values.get(f"{key}_year", ""),
        "month": values.get(f"{key}_month", ""),
        "day": values.get(f"{key}_day", ""),
        "errors": errors,
        "error": errors.get(key, ""),
        "describedby": " ".join(
            name for name, shown in ((f"{key}-hint", hint), (f"{key}-error", errors)) if shown
        ),
        "hidden": hidden,
        "back_url": back_url,
        "action": reverse("guide:answer", args=[key]),
        **_side_path(content, show=key == flow.QUESTIONS[0].key),
    }
    return render(request, "guide/question.html", context)


def _summary(facts: Facts) -> list[dict]:
    """The answers given, each with a link to change it (for the result page)."""
    content = get_content()
    rows = []
    answered, _upcoming = flow.path(facts)
    for q in answered:
        text = content.questions[q.key]
        title, _hint = text.wording(facts)
        value = getattr(facts, q.key)
        if isinstance(value, dt.date):
            shown: object = format_date(value, current_lang())
        elif isinstance(value, int) and not isinstance(value, bool):
            shown = str(value)
        else:
            option = next((o for o in text.options if o.value == render_value(value)), None)
            shown = option.label if option else render_value(value)
        rows.append(
            {"key": q.key, "title": title, "value": shown, "change_url": question_url(q.key, facts)}
        )
    return rows


def _date_range(start: dt.date, end: dt.date, lang: str) -> str:
    separator = " – " if lang == "en" else "～"
    return f"{format_date(start, lang)}{separator}{format_date(end, lang)}"


def _booking_mode(facts: Facts) -> str | None:
    """How the booking link is offered: now (main action), later (from the window's first
    day, not the main action), holder (the holder books their own pickup) or not at all."""
    if r.pickup_proxy_refused(facts):
        return "holder"
    if r.window_not_open(facts) and not r.visitor_may_not(facts):
        return "later"
    if r.can_proceed(facts):
        return "now"
    return None


def _booking_facts(facts: Facts, mode: str | None) -> Facts:
    """The facts sent to booking: for "holder", the holder's own pickup (so that booking shows
    the holder's checklist, not the refused proxy's)."""
    if mode == "holder":
        return facts.replace(visitor="self", proxy_reason=None)
    return facts


def _result_context(request: HttpRequest, facts: Facts) -> dict:
    lang = current_lang()
    result = services.checklist_for(facts, lang)
    facts = result.facts  # with today
    code = result.outcome.booking_service
    share = services.share_url(facts, lang)
    offices = services.offices_handling(code)
    extended_only = r.pickup_proxy_refused(facts)
    if extended_only:
        offices = services.open_evenings_or_weekends(offices)
    mode = _booking_mode(facts)
    not_before = result.outcome.window_opens_on if mode == "later" else None
    return {
        "result": result,
        "outcome": result.outcome,
        "offices": offices,
        "extended_hours_only": extended_only,
        "closures": [
            {
                "name": c.name,
                "dates": _date_range(c.start, c.end, lang),
                "office": c.office.name if c.office else None,
            }
            for c in (services.upcoming_closures(offices, result.facts.today) if offices else [])
        ],
        "procedure": services.procedure(code),
        "procedure_minutes": services.counter_minutes(code),
        "booking_mode": mode,
        "booking_url": services.booking_url(code, _booking_facts(facts, mode), not_before)
        if mode
        else None,
        "show_visits": not (r.visitor_may_not(facts) or r.ecert_needs_new_card(facts)),
        "visitor_url": question_url("visitor", facts) if r.other_visitor_needed(facts) else None,
        "new_card_url": (
            next_url(Facts(renewal="card", stage="apply", today=facts.today))
            if r.ecert_needs_new_card(facts)
            else None
        ),
        "printed_on": format_date(facts.today, lang) if facts.today else "",
        "reservation_line": services.reservation_line(),
        "share_url": share,
        "short_url": services.short_url(facts, lang),
        "qr": services.qr_data_uri(share),
        "summary": _summary(facts),
        "print_url": reverse("guide:print") + "?" + services.shareable(facts).to_query(),
        "window_opens_on": result.outcome.window_opens_on,
        "window_opens_on_text": (
            format_date(result.outcome.window_opens_on, lang)
            if result.outcome.window_opens_on
            else ""
        ),
        "back_url": question_url(flow.path(facts)[0][-1].key, facts),
    }


def _complete_facts_or_redirect(request: HttpRequest) -> Facts | HttpResponse:
    try:
        facts = _facts_from(request)
    except FactsError as exc:
        return _bad_link(request, exc)
    if not flow.is_complete(facts):
        return HttpResponseRedirect(next_url(facts))
    return facts


@require_GET
def result(request: HttpRequest) -> HttpResponse:
    facts = _complete_facts_or_redirect(request)
    if isinstance(facts, HttpResponse):
        return facts
    return render(request, "guide/result.html", _result_context(request, facts))


@require_GET
def print_view(request: HttpRequest) -> HttpResponse:
    facts = _complete_facts_or_redirect(request)
    if isinstance(facts, HttpResponse):
        return facts
    return render(request, "guide/print.html", _result_context(request, facts))


@require_GET
def short(request: HttpRequest, code: str) -> HttpResponse:
    try:
        facts = from_code(code)
    except FactsError as exc:
        # An unknown short code is a page that does not exist (404), said in plain words.
        return _bad_link(request, exc, status=404)
    return HttpResponseRedirect(next_url(r.with_today(facts, timezone.localdate())))
