"""The renewal rules as plain typed predicates over :class:`Facts`, and the outcome they give.

Every predicate is registered by name in :data:`RULES`; checklist items in
``content/guide/*.yaml`` name the predicate that makes them apply (``when: <name>``).
The rules are taken from ``shared/domain/renewal-facts.md``; each predicate's docstring gives
the section it comes from. Predicates that depend on the date read ``facts.today``: call
:func:`evaluate` (or :func:`with_today`) so that it is filled in.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from madoguchi.guide.facts import Facts, FactsError

Rule = Callable[[Facts], bool]
RULES: dict[str, Rule] = {}

# §5 proxy pickup: the reasons a proxy may collect a card for (never work).
ACCEPTED_PICKUP_REASONS = frozenset(
    {
        "illness",  # includes a long hospital stay
        "disability",
        "age75",
        "pregnancy",
        "facility",  # care facility, 要介護/要支援
        "child",
        "student",
        "guardianship",  # 成年被後見人・被保佐人・被補助人
        "business_trip",  # long business trip or seafaring
        "study_abroad",
        "hikikomori",
    }
)
PRESCHOOL_AGE = 6  # under 6: always 未就学児 (§5: the 法定代理人 may come alone)
SCHOOL_ENTRY_AGES = (6, 7)  # 6 and 7: may or may not have started school, so it is asked
LEGAL_REP_AGE = 15  # under 15: the 法定代理人 acts (§4, §5)
ADULT_AGE = 18


def rule(fn: Rule) -> Rule:
    RULES[fn.__name__] = fn
    return fn


# --- dates -----------------------------------------------------------------------------------


def renewal_window_opens(expiry: dt.date) -> dt.date:
    """The first day renewal is possible (§2).

    The day after the date three months before expiry; if that date does not exist
    (e.g. 30 February), the 1st of the following month.
    """
    year, month = expiry.year, expiry.month - 3
    if month < 1:
        month += 12
        year -= 1
    if expiry.day > calendar.monthrange(year, month)[1]:
        return dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, expiry.day) + dt.timedelta(days=1)


def with_today(facts: Facts, today: dt.date) -> Facts:
    return facts if facts.today is not None else facts.replace(today=today)


def _today(f: Facts) -> dt.date:
    if f.today is None:
        raise ValueError("facts.today must be set before evaluating date rules")
    return f.today


# --- what is being done ----------------------------------------------------------------------


@rule
def always(f: Facts) -> bool:
    """Items shown in every outcome (scam and PIN warnings)."""
    return True


def ecert_route(f: Facts) -> bool:
    """The visitor chose the e-cert renewal (and still has the card); routing only."""
    return f.renewal == "ecert" and not card_lost(f)


@rule
def ecert_needs_new_card(f: Facts) -> bool:
    """§1: a card expiring with its certificates (or in under 3 months) is renewed as a card.

    A card issued under 18 usually has the same expiry as its e-certs, and then only a new
    card is offered; 岡崎市/茨木市 also send people whose card has under 3 months left to a
    new card.
    """
    return ecert_route(f) and f.card_same_expiry is True


@rule
def is_ecert(f: Facts) -> bool:
    return ecert_route(f) and not ecert_needs_new_card(f)


@rule
def is_card(f: Facts) -> bool:
    return f.renewal == "card"


@rule
def card_lost(f: Facts) -> bool:
    """§5 fees: without the old card a renewal becomes a paid reissue."""
    return f.old_card == "lost"


@rule
def is_reissue(f: Facts) -> bool:
    """The lost-card side path: the card is gone before a new one was applied for (§5)."""
    return card_lost(f) and f.stage != "pickup"


@rule
def is_card_apply(f: Facts) -> bool:
    return f.renewal == "card" and f.stage == "apply" and not card_lost(f)


@rule
def is_card_pickup(f: Facts) -> bool:
    return f.renewal == "card" and f.stage == "pickup"


@rule
def pickup_without_old_card(f: Facts) -> bool:
    """§5: not handing back the old card turns the renewal into a paid reissue."""
    return is_card_pickup(f) and card_lost(f)


@rule
def pickup_with_old_card(f: Facts) -> bool:
    return is_card_pickup(f) and not card_lost(f)


# --- who goes --------------------------------------------------------------------------------


@rule
def visitor_self(f: Facts) -> bool:
    return f.visitor in (None, "self")


@rule
def visitor_proxy(f: Facts) -> bool:
    return f.visitor == "proxy"


@rule
def visitor_legal_rep(f: Facts) -> bool:
    return f.visitor == "legal_rep"


@rule
def holder_under_15(f: Facts) -> bool:
    return f.age is not None and f.age < LEGAL_REP_AGE


@rule
def holder_preschool(f: Facts) -> bool:
    """§5: 未就学児. Under 6 always; at 6–7 only if the child has not started school."""
    if f.age is None:
        return f.preschool is True
    if f.age < PRESCHOOL_AGE:
        return True
    return f.age in SCHOOL_ENTRY_AGES and f.preschool is True


def school_entry_age(f: Facts) -> bool:
    """Routing only: the age alone does not say whether the child has started school."""
    return f.age in SCHOOL_ENTRY_AGES


@rule
def holder_15_to_17(f: Facts) -> bool:
    return f.age is not None and LEGAL_REP_AGE <= f.age < ADULT_AGE


@rule
def holder_under_guardianship(f: Facts) -> bool:
    return f.guardianship is True


@rule
def holder_needs_legal_rep(f: Facts) -> bool:
    """§4/§5: children under 15 and 成年被後見人 act through their 法定代理人."""
    return holder_under_15(f) or holder_under_guardianship(f)


@rule
def self_not_allowed(f: Facts) -> bool:
    """The holder cannot do it alone: under 15 or under guardianship (§4, §5)."""
    return visitor_self(f) and holder_needs_legal_rep(f) and not is_card_apply(f)


@rule
def legal_rep_not_applicable(f: Facts) -> bool:
    """A 法定代理人 acts only for under-15s and 成年被後見人; 15–17 go themselves (§4, §5)."""
    return (
        visitor_legal_rep(f)
        and f.age is not None
        and f.age >= LEGAL_REP_AGE
        and not holder_under_guardianship(f)
    )


@rule
def legal_rep_for_child(f: Facts) -> bool:
    return legal_rep_acts(f) and holder_under_15(f)


@rule
def legal_rep_for_guardianship(f: Facts) -> bool:
    return legal_rep_acts(f) and holder_under_guardianship(f)


@rule
def legal_rep_acts(f: Facts) -> bool:
    """The 法定代理人 goes to a counter (not for a new-card application, done from home)."""
    return (
        visitor_legal_rep(f)
        and not legal_rep_not_applicable(f)
        and not ecert_needs_new_card(f)
        and not is_card_apply(f)
    )


# --- e-certificate renewal (§4) --------------------------------------------------------------


@rule
def ecert_self(f: Facts) -> bool:
    return is_ecert(f) and visitor_self(f) and not self_not_allowed(f)


@rule
def ecert_legal_rep(f: Facts) -> bool:
    return is_ecert(f) and legal_rep_acts(f)


@rule
def ecert_proxy(f: Facts) -> bool:
    return is_ecert(f) and visitor_proxy(f) and not holder_needs_legal_rep(f)


@rule
def ecert_proxy_not_allowed(f: Facts) -> bool:
    """§4: for under-15s and 成年被後見人 the 法定代理人 acts, not a 任意代理人."""
    return is_ecert(f) and visitor_proxy(f) and holder_needs_legal_rep(f)


@rule
def proxy_pin_reset(f: Facts) -> bool:
    """§4: a proxy resetting a PIN needs a written inquiry to the holder and two visits."""
    return ecert_proxy(f) and pins_forgotten(f)


@rule
def proxy_has_valid_shokaisho(f: Facts) -> bool:
    """§4: the sealed 照会書兼回答書 is valid only until the certificate's expiry date."""
    return ecert_proxy(f) and f.shokaisho is True and not is_expired(f) and not pins_forgotten(f)


@rule
def proxy_one_visit(f: Facts) -> bool:
    return proxy_has_valid_shokaisho(f)


@rule
def proxy_needs_two_visits(f: Facts) -> bool:
    """§4: without a valid sealed 照会書兼回答書 the city mails one and the proxy comes twice."""
    return ecert_proxy(f) and not proxy_has_valid_shokaisho(f)


@rule
def shokaisho_expired(f: Facts) -> bool:
    return ecert_proxy(f) and f.shokaisho is True and is_expired(f) and not pins_forgotten(f)


@rule
def pins_known(f: Facts) -> bool:
    return f.pins in (None, "known")


@rule
def pins_forgotten(f: Facts) -> bool:
    return f.pins in ("forgot_one", "forgot_all")


@rule
def ecert_pin_reset_at_counter(f: Facts) -> bool:
    """§4: a forgotten or locked PIN is reset at the same visit with one more ID."""
    return ecert_self(f) and pins_forgotten(f)


@rule
def convenience_store_reset_possible(f: Facts) -> bool:
    """§4: with one e-cert PIN still known, the other can be reset at a コンビニ (JPKI app).

    The holder does it (face check in the app), so it helps a proxy's holder too.
    """
    return (
        (ecert_self(f) or ecert_proxy(f))
        and f.pins == "forgot_one"
        and not is_expired(f)
        and not visitor_may_not(f)
    )


@rule
def signing_cert_not_issued(f: Facts) -> bool:
    """§1: the 署名用 certificate is not issued to under-15s or 成年被後見人."""
    return is_ecert(f) and holder_needs_legal_rep(f)


# --- card application and pickup (§5) --------------------------------------------------------


@rule
def info_changed(f: Facts) -> bool:
    return f.changed_info is True


@rule
def card_apply_with_notice_form(f: Facts) -> bool:
    return is_card_apply(f) and not info_changed(f)


@rule
def card_apply_info_changed(f: Facts) -> bool:
    """§5: do not use the pre-printed form when name, address or other data changed."""
    return is_card_apply(f) and info_changed(f)


@rule
def pickup_self(f: Facts) -> bool:
    return is_card_pickup(f) and visitor_self(f) and not self_not_allowed(f)


@rule
def pickup_proxy(f: Facts) -> bool:
    return is_card_pickup(f) and visitor_proxy(f)


@rule
def pickup_proxy_accepted(f: Facts) -> bool:
    return pickup_proxy(f) and f.proxy_reason in ACCEPTED_PICKUP_REASONS


@rule
def pickup_proxy_refused(f: Facts) -> bool:
    """§5: work or being busy is never a reason for proxy pickup."""
    return pickup_proxy(f) and f.proxy_reason == "work"


@rule
def pickup_proxy_reason_unclear(f: Facts) -> bool:
    """Reasons not on the list: the city decides, so call before sending a proxy."""
    return pickup_proxy(f) and f.proxy_reason in (None, "other")


def _reason(name: str) -> Rule:
    def check(f: Facts) -> bool:
        return pickup_proxy(f) and f.proxy_reason == name

    check.__name__ = f"proxy_reason_{name}"
    check.__doc__ = f"Proxy pickup because of {name}: needs its own proof (§5)."
    return rule(check)


for _name in sorted(ACCEPTED_PICKUP_REASONS):
    _reason(_name)


@rule
def pickup_legal_rep(f: Facts) -> bool:
    return is_card_pickup(f) and legal_rep_acts(f)


@rule
def pickup_legal_rep_with_holder(f: Facts) -> bool:
    """§5: under 15 (not preschool) and 成年被後見人: the 法定代理人 comes with the holder."""
    return pickup_legal_rep(f) and not holder_preschool(f)


@rule
def pickup_legal_rep_alone(f: Facts) -> bool:
    """§5: for preschool children the 法定代理人 may come alone (since 2021-01)."""
    return pickup_legal_rep(f) and holder_preschool(f) and not holder_under_guardianship(f)


# --- timing (§2, §3) -------------------------------------------------------------------------


@rule
def expiry_known(f: Facts) -> bool:
    return (
        f.expiry is not None
        and not is_reissue(f)
        and not is_card_pickup(f)
        and not ecert_needs_new_card(f)
    )


@rule
def expiry_unknown(f: Facts) -> bool:
    return f.expiry is None and (is_ecert(f) or is_card_apply(f))


@rule
def window_not_open(f: Facts) -> bool:
    return expiry_known(f) and _today(f) < renewal_window_opens(f.expiry)  # type: ignore[arg-type]


@rule
def window_open(f: Facts) -> bool:
    return expiry_known(f) and not window_not_open(f) and not is_expired(f)


@rule
def is_expired(f: Facts) -> bool:
    return expiry_known(f) and _today(f) > f.expiry  # type: ignore[operator]


@rule
def ecert_expired(f: Facts) -> bool:
    """§3: an expired e-cert is reissued free at any time while the card is valid."""
    return is_ecert(f) and is_expired(f)


@rule
def card_expired(f: Facts) -> bool:
    """§3: an expired card is no longer ID, but a new one is still applied for free."""
    return is_card_apply(f) and is_expired(f)


@rule
def card_apply_not_expired(f: Facts) -> bool:
    """§5: the old card expires on schedule whatever happens, so apply early."""
    return is_card_apply(f) and not is_expired(f)


@rule
def not_expired_yet(f: Facts) -> bool:
    """§2: the notice is not needed to renew inside the window (said before expiry only)."""
    return expiry_known(f) and not is_expired(f) and (is_ecert(f) or is_card_apply(f))


@rule
def ecert_in_window(f: Facts) -> bool:
    """§1: renewing inside the window loses no time (the new e-cert runs to the 6th birthday)."""
    return is_ecert(f) and window_open(f)


# --- the outcome -----------------------------------------------------------------------------


@rule
def visitor_may_not(f: Facts) -> bool:
    return (
        self_not_allowed(f)
        or legal_rep_not_applicable(f)
        or ecert_proxy_not_allowed(f)
        or pickup_proxy_refused(f)
        or pickup_proxy_reason_unclear(f)
    )


@rule
def other_visitor_needed(f: Facts) -> bool:
    """Blocked only by who goes: choosing another visitor can unblock it (link to that
    question)."""
    return visitor_may_not(f) and not pickup_proxy_refused(f) and not pickup_proxy_reason_unclear(f)


@rule
def blocked(f: Facts) -> bool:
    return visitor_may_not(f) or window_not_open(f) or ecert_needs_new_card(f)


@rule
def can_proceed(f: Facts) -> bool:
    return not blocked(f)


@rule
def ecert_holder_or_legal_rep_goes(f: Facts) -> bool:
    return ecert_self(f) or ecert_legal_rep(f)


@rule
def ecert_someone_else_goes(f: Facts) -> bool:
    return ecert_proxy(f) or ecert_legal_rep(f)


@rule
def renewal_is_free(f: Facts) -> bool:
    """§4/§5: renewal because of expiry is free, before and after expiry."""
    return not card_lost(f) and (
        is_ecert(f) or is_card_apply(f) or is_card_pickup(f) or ecert_needs_new_card(f)
    )


@rule
def has_booking(f: Facts) -> bool:
    return procedure_code(f) is not None


@dataclass(frozen=True, slots=True)
class Outcome:
    renewal: str
    stage: str | None
    can_proceed_now: bool
    window_opens_on: dt.date | None
    visits: int
    booking_service: str | None


def procedure_code(f: Facts) -> str | None:
    """The procedure (shared vocabulary) the visitor books, or None when nothing to book."""
    if pickup_proxy_refused(f):
        return "card_pickup"  # §5: the holder collects the card in person instead
    if visitor_may_not(f) or ecert_needs_new_card(f):
        return None
    if is_reissue(f):
        return "card_reissue"
    if is_ecert(f):
        if visitor_legal_rep(f):
            return "ecert_renew_legal_rep"
        if visitor_proxy(f):
            return "ecert_renew_proxy" if proxy_one_visit(f) else "ecert_proxy_inquiry"
        return "ecert_renew_pin_reset" if pins_forgotten(f) else "ecert_renew"
    if is_card_apply(f):
        # Online, by photo booth or by mail needs no visit now; changed data means the counter.
        return "card_apply_counter" if info_changed(f) else None
    if is_card_pickup(f):
        if visitor_legal_rep(f):
            return "card_pickup_legal_rep"
        if visitor_proxy(f):
            return "card_pickup_proxy"
        return "card_pickup"
    return None


def counter_visits(f: Facts) -> int:
    """Counter visits for the whole procedure, including the later pickup of a new card."""
    if is_reissue(f):
        return 2  # apply at the center, then collect the card
    if proxy_needs_two_visits(f):
        return 2
    if card_apply_info_changed(f):
        return 2  # apply at the counter, then collect the card
    return 1


def require_complete_enough(f: Facts) -> None:
    if f.renewal is None:
        raise FactsError({"renewal": "is required"})
    if f.renewal == "card" and f.stage is None and not card_lost(f):
        raise FactsError({"stage": "is required when renewal=card"})


def evaluate(f: Facts) -> Outcome:
    """The outcome for facts with ``today`` set; missing answers count as the common case."""
    require_complete_enough(f)
    window = renewal_window_opens(f.expiry) if expiry_known(f) and f.expiry else None
    return Outcome(
        renewal=f.renewal or "",
        stage=f.stage if f.renewal == "card" else None,
        can_proceed_now=not blocked(f),
        window_opens_on=window,
        visits=counter_visits(f),
        booking_service=procedure_code(f),
    )


def applies(name: str, f: Facts) -> bool:
    return RULES[name](f)
