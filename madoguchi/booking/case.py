"""The citizen's case as booking carries it: the navigator's facts, where the citizen came from
and the first day the procedure may be done.

The navigator links to booking as ``/booking/?service=<code>&from=guide&<facts>`` and adds
``not_before=YYYY-MM-DD`` when the renewal window is not open yet. These parameters (never any
personal data) travel through every booking step, are kept on the hold and then on the booking,
so that the confirmation, the manage page, the e-mails and later apps know the case. The rules
(which items to bring) stay in the guide: this module only calls its public functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from madoguchi.guide import services as guide
from madoguchi.guide.checklist import Entry, build_checklist
from madoguchi.guide.facts import KEYS as FACT_KEYS
from madoguchi.guide.facts import Facts, FactsError, parse_date, parse_facts

# What a booking started without the navigator most likely means, per procedure code: the
# common case of each variant (the holder goes, knows the PINs, …). Codes the navigator never
# books (e.g. a PIN reset alone) or cannot express without guessing (a proxy pickup's reason)
# keep only what is certain; their "what to bring" then points to the navigator.
DEFAULT_FACTS: dict[str, dict[str, str]] = {
    "ecert_renew": {"renewal": "ecert", "visitor": "self", "pins": "known"},
    "ecert_renew_pin_reset": {"renewal": "ecert", "visitor": "self", "pins": "forgot_all"},
    "ecert_renew_proxy": {"renewal": "ecert", "visitor": "proxy", "shokaisho": "true"},
    "ecert_renew_legal_rep": {"renewal": "ecert", "visitor": "legal_rep"},
    "ecert_proxy_inquiry": {"renewal": "ecert", "visitor": "proxy", "shokaisho": "false"},
    "card_pickup": {"renewal": "card", "stage": "pickup", "visitor": "self"},
    "card_pickup_proxy": {"renewal": "card", "stage": "pickup", "visitor": "proxy"},
    "card_pickup_legal_rep": {"renewal": "card", "stage": "pickup", "visitor": "legal_rep"},
    "card_apply_counter": {"renewal": "card", "stage": "apply", "changed_info": "true"},
    "card_reissue": {"renewal": "card", "old_card": "lost"},
}


@dataclass(frozen=True)
class Journey:
    """What travels with the citizen from step to step (query string or hidden fields)."""

    from_guide: bool = False
    facts: Facts | None = None
    not_before: date | None = None

    def params(self) -> dict[str, str]:
        """The journey as query parameters, in a stable order."""
        out: dict[str, str] = {}
        if self.from_guide:
            out["from"] = "guide"
        if self.facts is not None:
            out.update(self.facts.as_params())
        if self.not_before is not None:
            out["not_before"] = self.not_before.isoformat()
        return out

    def first_day(self, today: date) -> date:
        """The first day that may be offered."""
        return max(today, self.not_before) if self.not_before else today

    def waiting_until(self, today: date) -> date | None:
        """``not_before`` when it still keeps days back (so the page says why)."""
        return self.not_before if self.not_before and self.not_before > today else None


def journey_from(params: Mapping[str, Any]) -> Journey:
    """The journey in a QueryDict (GET or POST). Bad facts or a bad date are dropped, never an
    error: the citizen can still book, only without the navigator's context."""
    raw = {key: _values(params, key) for key in FACT_KEYS if key in params}
    try:
        facts = parse_facts(raw) if raw else None
    except FactsError:
        facts = None
    try:
        not_before = parse_date(str(params.get("not_before") or ""))
    except ValueError:
        not_before = None
    return Journey(from_guide=params.get("from") == "guide", facts=facts, not_before=not_before)


def journey_of(record) -> Journey:
    """The journey kept on a hold (``facts``, ``from_guide``, ``not_before``)."""
    return Journey(
        from_guide=bool(getattr(record, "from_guide", False)),
        facts=stored_facts(record.facts),
        not_before=record.not_before,
    )


def _values(params: Mapping[str, Any], key: str) -> list[Any]:
    getlist = getattr(params, "getlist", None)
    return list(getlist(key)) if getlist is not None else [params[key]]


def stored_facts(value: Mapping[str, str] | None) -> Facts | None:
    """Facts kept as a JSON object of query values; None when empty or no longer valid."""
    if not value:
        return None
    try:
        return parse_facts(dict(value))
    except FactsError:
        return None


def default_facts(code: str) -> Facts | None:
    params = DEFAULT_FACTS.get(code)
    return parse_facts(params) if params else None


def _booked_service(facts: Facts) -> str | None:
    """The procedure the navigator books for these facts (None when it books none)."""
    try:
        return build_checklist(facts, "ja", today=timezone.localdate()).outcome.booking_service
    except FactsError:
        return None


def booking_facts(code: str, given: Facts | None) -> dict[str, str]:
    """The facts to keep with a booking of ``code``: the navigator's when they lead to this very
    procedure, otherwise the defaults for the code. ``today`` is not a fact of the case."""
    facts = given if given is not None and _booked_service(given) == code else None
    facts = facts or default_facts(code)
    return facts.replace(today=None).as_params() if facts else {}


# Procedures whose default facts leave one answer open that changes the list (a proxy pickup's
# reason): their list is what every accepted answer needs, plus one line that the rest depends
# on that answer.
VARIANT_KEYS: dict[str, str] = {"card_pickup_proxy": "proxy_reason"}
PARTIAL_ID = "booking-depends-on-reason"


def is_partial(bring: list[Entry]) -> bool:
    """True for a ``common_bring`` list (the guide link then asks the open question)."""
    return bool(bring) and bring[-1].id == PARTIAL_ID


def guide_link_is_result(facts: Mapping[str, str] | None, bring: list[Entry]) -> bool:
    """Whether ``guide_path`` opens the navigator's full result (all questions answered), or
    a question that is still open (then the link is labelled 持ち物を詳しく確認する)."""
    from madoguchi.guide import flow
    from madoguchi.guide import rules as r

    case = stored_facts(facts)
    if case is None or is_partial(bring):
        return False
    return flow.is_complete(r.with_today(case, timezone.localdate()))


def common_bring(code: str, lang: str, day: date) -> list[Entry]:
    """The items the navigator lists for ``code`` whatever the open answer (VARIANT_KEYS), and a
    last line saying the rest depends on it; empty for other codes."""
    key, base = VARIANT_KEYS.get(code), DEFAULT_FACTS.get(code)
    if key is None or base is None:
        return []
    from typing import get_args

    from madoguchi.guide.facts import ProxyReason

    lists = []
    for value in get_args(ProxyReason):
        items = _navigator_bring(base | {key: value}, code, lang, day)
        if items:
            lists.append(items)
    if not lists:
        return []
    shared = set.intersection(*({item.text for item in items} for items in lists))
    common = [item for item in lists[0] if item.text in shared]
    with translation.override(lang):
        extra = Entry(
            id=PARTIAL_ID,
            text=_("来られない理由がわかる書類（理由によって違います。下のリンクで確認できます）"),
            note="",
        )
    return [*common, extra]


def bring_items(facts: Mapping[str, str] | None, code: str, lang: str, day: date) -> list[Entry]:
    """The navigator's "what to bring" for the facts of a visit on ``day``, in ``lang``.

    When the facts are missing or do not lead to the booked procedure: the items common to
    every case of the procedure where that is known (``common_bring``), else empty (then the
    page links to the navigator instead of showing a list that may be wrong)."""
    return _navigator_bring(facts, code, lang, day) or common_bring(code, lang, day)


def _navigator_bring(
    facts: Mapping[str, str] | None, code: str, lang: str, day: date
) -> list[Entry]:
    case = stored_facts(facts)
    if case is None:
        return []
    try:
        result = build_checklist(case.replace(today=None), lang, today=day)
    except FactsError:
        return []
    if result.outcome.booking_service != code:
        return []
    return list(result.bring)


def guide_path(facts: Mapping[str, str] | Facts | None, lang: str) -> str:
    """The navigator's result for the facts (or its start page when there are none)."""
    case = facts if isinstance(facts, Facts) else stored_facts(facts)
    if case is None:
        with translation.override(lang):
            return reverse("guide:start")
    return guide.result_path(case, lang)


def window_message(not_before: date) -> str:
    """'更新できるのは2027年3月2日（火）からです。' in the active language."""
    from madoguchi.booking.templatetags.booking_tags import day_label

    return _("更新できるのは%(date)sからです。") % {"date": day_label(not_before)}
