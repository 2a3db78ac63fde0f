"""Which question comes next: routing only, no wording and no policy.

The questions are asked in a fixed order; each is asked only when it can change the outcome
for the answers given so far. A question's relevance depends only on the answers to the
questions before it, so the path through the questions is a pure function of the facts.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from madoguchi.guide import rules as r
from madoguchi.guide.facts import BOOL_KEYS, CHOICES, DATE_KEYS, INT_KEYS, Facts


@dataclass(frozen=True)
class Question:
    key: str  # the fact the question sets (also the question's id in URLs and content)
    relevant: Callable[[Facts], bool]

    @property
    def kind(self) -> str:
        if self.key in CHOICES:
            return "choice"
        if self.key in BOOL_KEYS:
            return "bool"
        if self.key in DATE_KEYS:
            return "date"
        if self.key in INT_KEYS:
            return "int"
        raise ValueError(self.key)


def _lost_side_path(f: Facts) -> bool:
    # Entered from the "lost your card?" link: the card is gone before a stage was chosen.
    return r.is_card(f) and f.stage is None


def _lost_side_path_entered(f: Facts) -> bool:
    return r.card_lost(f) and f.stage is None


def _window_reached(f: Facts) -> bool:
    """The renewal window has opened (or the date is not known yet); needs ``f.today``."""
    if f.expiry is None or f.today is None:
        return True
    return f.today >= r.renewal_window_opens(f.expiry)


QUESTIONS: tuple[Question, ...] = (
    Question("renewal", lambda f: True),
    # Not asked on the lost-card side path (entered with old_card=lost and no stage).
    Question("stage", lambda f: r.is_card(f) and not _lost_side_path_entered(f)),
    Question("expiry", lambda f: r.ecert_route(f) or r.is_card_apply(f)),
    Question("visitor", lambda f: r.ecert_route(f) or r.is_card_pickup(f)),
    Question("age", lambda f: r.visitor_legal_rep(f) and (r.ecert_route(f) or r.is_card_pickup(f))),
    # §5: at 6–7 only the school tells whether the 法定代理人 may collect the card alone.
    Question(
        "preschool",
        lambda f: r.visitor_legal_rep(f) and r.is_card_pickup(f) and r.school_entry_age(f),
    ),
    Question(
        "guardianship",
        lambda f: r.visitor_legal_rep(f) and f.age is not None and f.age >= r.ADULT_AGE,
    ),
    # §1: a card that expires with its certificates (5-year cards) or within 3 months means a
    # new card instead. Asked once the visitor may go, and not while the window is still
    # closed (the result then says "wait" and to check the card's date), so routing needs
    # ``f.today`` filled in.
    Question(
        "card_same_expiry",
        lambda f: r.ecert_route(f) and _window_reached(f) and not r.visitor_may_not(f),
    ),
    # §4: proxies too: a forgotten PIN means a written inquiry and two visits, form or not.
    # A proxy without the sealed form comes twice anyway (the mailed form is the written
    # inquiry), so the proxy is asked about the PINs only when the holder has the form.
    Question("shokaisho", lambda f: r.ecert_proxy(f)),
    Question("pins", lambda f: r.ecert_self(f) or (r.ecert_proxy(f) and f.shokaisho is True)),
    Question("proxy_reason", lambda f: r.pickup_proxy(f)),
    # §5: asked of the holder only. A proxy may bring the holder's card or the 通知カード, and
    # for a 法定代理人 the checklist says what happens without the card (the reissue fee);
    # the operator console and the API can still set old_card for them.
    Question(
        "old_card",
        lambda f: (r.pickup_self(f) and not r.visitor_may_not(f)) or _lost_side_path(f),
    ),
    Question("changed_info", lambda f: r.is_card_apply(f)),
)
BY_KEY = {q.key: q for q in QUESTIONS}
# Facts that are never asked by the navigator (tests and the operator console set them).
NOT_ASKED = ("today",)
# The entries into the flow: the start, and the "lost your card?" side path.
LOST_CARD_ENTRY = Facts(renewal="card", old_card="lost")


def path(facts: Facts) -> tuple[list[Question], Question | None]:
    """The questions answered on the way (in order) and the next question, or None if done.

    One question needs the date (``card_same_expiry`` is not asked before the renewal window
    opens): callers fill in ``facts.today`` (the views use today's date); without it the
    question is asked.
    """
    answered: list[Question] = []
    for question in QUESTIONS:
        if not question.relevant(facts):
            continue
        if not facts.is_set(question.key):
            return answered, question
        answered.append(question)
    return answered, None


def next_question(facts: Facts) -> Question | None:
    return path(facts)[1]


def is_complete(facts: Facts) -> bool:
    return next_question(facts) is None


def relevant_facts(facts: Facts) -> Facts:
    """The facts with answers that no longer matter (after going back and changing) removed.

    Each answer is kept only if its question is relevant for the answers kept before it, so
    a stale later answer (e.g. "the card expires too" after the date was changed) cannot
    hide a question that matters again.
    """
    kept = Facts(**{key: getattr(facts, key) for key in NOT_ASKED})
    for question in QUESTIONS:
        value = getattr(facts, question.key)
        if value is not None and question.relevant(kept):
            kept = kept.replace(**{question.key: value})
    return kept


def previous_question(facts: Facts, key: str) -> Question | None:
    """The question asked before ``key`` on the current path (for the back link)."""
    answered, upcoming = path(facts)
    keys = [q.key for q in answered] + ([upcoming.key] if upcoming else [])
    if key not in keys:
        return answered[-1] if answered else None
    index = keys.index(key)
    return BY_KEY[keys[index - 1]] if index > 0 else None


def question_after(facts: Facts, key: str) -> Question | None:
    """The question after ``key`` on the path (answered or not), or None when done."""
    answered, upcoming = path(facts)
    keys = [q.key for q in answered] + ([upcoming.key] if upcoming else [])
    if key in keys and keys.index(key) + 1 < len(keys):
        return BY_KEY[keys[keys.index(key) + 1]]
    return None


# --- walking every answer combination (bench and graph checks) -------------------------------

WALK_TODAY = dt.date(2026, 12, 3)


def sample_answers(
    question: Question, today: dt.date = WALK_TODAY, facts: Facts | None = None
) -> tuple[object, ...]:
    """One answer from each class of answers that can change the outcome."""
    if question.kind == "choice":
        return CHOICES[question.key]
    if question.kind == "bool":
        return (True, False)
    if question.key == "expiry":
        return (
            today + dt.timedelta(days=200),  # window not open yet
            today + dt.timedelta(days=40),  # window open
            today - dt.timedelta(days=40),  # already expired
        )
    if question.key == "age":
        if facts is not None and r.is_ecert(facts):
            return (10, 16, 45)  # e-cert: under 15, 15–17, adult (school does not matter)
        return (3, 6, 10, 16, 45)  # preschool, school-entry age, under 15, 15–17, adult
    raise ValueError(question.key)


ENTRIES: tuple[Facts, ...] = (Facts(today=WALK_TODAY), LOST_CARD_ENTRY.replace(today=WALK_TODAY))
# Facts the API and the operator console accept but the questions never produce (the question
# about who goes says "15 or over"); the content check walks them too, the bench does not.
OPERATOR_ENTRIES: tuple[Facts, ...] = (
    Facts(renewal="ecert", visitor="self", age=10, today=WALK_TODAY),
    Facts(renewal="card", stage="pickup", visitor="self", age=10, today=WALK_TODAY),
    Facts(renewal="ecert", visitor="self", age=40, guardianship=True, today=WALK_TODAY),
    Facts(renewal="ecert", visitor="proxy", age=12, today=WALK_TODAY),
)


def walk(start: Facts) -> Iterator[tuple[Facts, list[Question]]]:
    """Every complete set of facts reachable from ``start``, with the questions asked."""
    stack: list[tuple[Facts, list[Question]]] = [(start, [])]
    while stack:
        facts, asked = stack.pop()
        question = next_question(facts)
        if question is None:
            yield facts, asked
            continue
        for answer in sample_answers(question, facts=facts):
            stack.append((facts.replace(**{question.key: answer}), [*asked, question]))


def all_paths(entries: tuple[Facts, ...] = ENTRIES) -> list[tuple[Facts, int]]:
    """(complete facts, questions answered) for every path; the side path counts its link."""
    results = []
    for entry in entries:
        preset = sum(1 for k in entry.as_params() if k not in NOT_ASKED)
        # A preset side path is entered by one choice (its link), not by one per fact.
        entry_cost = 1 if preset else 0
        for facts, asked in walk(entry):
            results.append((facts, len(asked) + entry_cost))
    return results


def question_counts() -> tuple[float, int]:
    counts = [n for _, n in all_paths()]
    return statistics.median(counts), max(counts)


def reachable_questions() -> set[str]:
    seen: set[str] = set()
    for entry in ENTRIES:
        for _facts, asked in walk(entry):
            seen.update(q.key for q in asked)
    return seen
