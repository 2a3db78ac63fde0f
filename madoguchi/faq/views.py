"""Public FAQ pages (work without JavaScript) and the staff report."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from madoguchi.accounts.decorators import staff_required
from madoguchi.core.city import phone_line
from madoguchi.core.i18n import current_lang
from madoguchi.core.jp import looks_like_my_number
from madoguchi.faq import index as faq_index
from madoguchi.faq import render as faq_render
from madoguchi.faq.content import TOPICS
from madoguchi.faq.models import Entry, SearchLog
from madoguchi.faq.queries import QueryRejected, personal_data_message, run_search
from madoguchi.faq.services import record_feedback, redirect_target

INDEX_LIMIT = 10


def _topics(entries) -> list[dict]:
    grouped: dict[str, list] = {}
    for entry in entries:
        grouped.setdefault(entry.topic, []).append(entry)
    return [
        {"code": code, "name": name, "entries": grouped[code]}
        for code, name in TOPICS.items()
        if code in grouped
    ]


def index(request: HttpRequest) -> HttpResponse:
    lang = current_lang()
    facts = faq_render.city_facts(lang)
    entries = list(Entry.objects.filter(audience="public").order_by("id"))
    for entry in entries:
        entry.shown_question = faq_render.fill(entry.question.get(lang, ""), facts)
    return render(request, "faq/index.html", {"topics": _topics(entries)})


REJECTED_PERSONAL = "personal_data"


def search(request: HttpRequest) -> HttpResponse:
    lang = current_lang()
    q = request.GET.get("q", "")
    error = outcome = None
    partial = request.GET.get("partial") == "1"  # as-you-type: half-typed words are not logged
    rejected = False
    if looks_like_my_number(q):
        # A 個人番号 is never searched, logged, echoed or kept in the address: the full page
        # moves to an address without it; the as-you-type fragment just says why.
        if not partial:
            return redirect(f"{reverse('faq:search')}?rejected={REJECTED_PERSONAL}")
        q, error, rejected = "", personal_data_message(), True
    elif request.GET.get("rejected") == REJECTED_PERSONAL and "q" not in request.GET:
        error, rejected = personal_data_message(), True
    elif "q" in request.GET:
        try:
            outcome = run_search(q, lang, limit=INDEX_LIMIT, log=not partial)
        except QueryRejected as exc:
            error = exc.message
    context = {
        "q": q[:200],
        "error": error,
        "outcome": outcome,
        "partial": partial,
        "rejected": rejected,
    }
    if outcome is not None and not outcome.rows:  # 該当なし: where to go instead
        context["phone"] = phone_line("card_center")
        context["topic_links"] = [{"code": c, "name": n} for c, n in TOPICS.items()]
    template = "faq/_results.html" if partial else "faq/search.html"
    return render(request, template, context, status=200)


RELATED_LIMIT = 3


def related_entries(item: Entry, lang: str) -> list:
    """Other public answers close to this one (by its own question), best first."""
    text = item.question.get("ja", "")
    _result, rows = faq_index.search(text, lang, limit=RELATED_LIMIT + 1)
    return [row for row in rows if row.id != item.id][:RELATED_LIMIT]


def _can_see_staff_notes(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        user.is_authenticated
        and getattr(user, "is_verified", lambda: False)()
        and user.has_perm("faq.view_entry")
    )


@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, entry_id: str) -> HttpResponse:
    item = Entry.objects.filter(pk=entry_id).first()
    if item is None:
        target = redirect_target(entry_id)
        if target is None:
            raise Http404
        return redirect(reverse("faq:entry", args=[target]), permanent=True)
    staff = _can_see_staff_notes(request)
    if item.audience != "public" and not staff:
        raise Http404
    lang = current_lang()
    if request.method == "POST":
        vote = request.POST.get("helpful")
        if vote in ("yes", "no"):
            voted = request.session.get("faq_votes", [])
            if item.id not in voted:  # one vote per answer per visitor session
                record_feedback(item, helpful=vote == "yes", lang=lang)
                request.session["faq_votes"] = [*voted, item.id][-200:]
            voted_value = "no" if vote == "no" else "1"
            return redirect(reverse("faq:entry", args=[item.id]) + f"?voted={voted_value}#feedback")
        return redirect(reverse("faq:entry", args=[item.id]) + "#feedback")
    facts = faq_render.city_facts(lang)
    official, mirrors = faq_render.sources(item.sources)
    context = {
        "entry": item,
        "sources": official,
        "mirror_sources": mirrors if staff else [],
        "verified_text": faq_render.format_date(item.verified_on, lang),
        "topic": TOPICS.get(item.topic, {}),
        "question": faq_render.fill(item.question.get(lang, ""), facts),
        "answer": faq_render.markdown_html(faq_render.fill(item.answer.get(lang, ""), facts), lang),
        "details": faq_render.markdown_html(faq_render.fill(item.body.get(lang, ""), facts), lang),
        "staff_notes": faq_render.markdown_html(
            faq_render.fill(item.body.get("staff", ""), faq_render.city_facts("ja")), "ja"
        )
        if staff and item.body.get("staff")
        else "",
        "voted": request.GET.get("voted") in ("1", "no"),
        "not_helpful": request.GET.get("voted") == "no",
    }
    if context["not_helpful"]:
        context["related"] = related_entries(item, lang)
        context["phone"] = phone_line("card_center")
    return render(request, "faq/entry.html", context)


@staff_required("faq.view_faq_reports")
def report(request: HttpRequest) -> HttpResponse:
    queries = SearchLog.objects.order_by("-count", "-last_seen")[:200]
    votes = (
        Entry.objects.annotate(
            helpful=Count("feedback", filter=Q(feedback__helpful=True)),
            not_helpful=Count("feedback", filter=Q(feedback__helpful=False)),
            total=Count("feedback"),
        )
        .filter(total__gt=0)
        .order_by("-not_helpful", "-total", "id")[:200]
    )
    return render(request, "faq/report.html", {"queries": queries, "votes": votes})
