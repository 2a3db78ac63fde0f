"""Routing: ask only what changes the outcome, in a fixed order."""

from __future__ import annotations

import datetime as dt

from madoguchi.guide import flow
from madoguchi.guide.facts import Facts


def keys(facts: Facts) -> list[str]:
    answered, upcoming = flow.path(facts)
    return [q.key for q in answered] + ([upcoming.key] if upcoming else [])


def test_first_question_is_which_renewal():
    assert flow.next_question(Facts()).key == "renewal"


TODAY = dt.date(2026, 12, 3)
IN_WINDOW = dt.date(2027, 1, 1)  # window opened 2026-10-02
NOT_YET = dt.date(2027, 6, 30)  # window opens 2027-03-31


def test_ecert_in_person_path_asks_whether_the_card_expires_too():
    """§1: a card expiring with its certificates (or within 3 months) needs a new card."""
    facts = Facts(
        renewal="ecert",
        expiry=IN_WINDOW,
        visitor="self",
        card_same_expiry=False,
        pins="known",
        today=TODAY,
    )
    assert keys(facts) == ["renewal", "expiry", "visitor", "card_same_expiry", "pins"]
    assert flow.is_complete(facts)


def test_a_card_expiring_too_ends_the_ecert_questions():
    facts = Facts(
        renewal="ecert", expiry=IN_WINDOW, visitor="self", card_same_expiry=True, today=TODAY
    )
    assert flow.is_complete(facts)


def test_card_expiry_is_not_asked_before_the_window_opens():
    facts = Facts(renewal="ecert", expiry=NOT_YET, visitor="self", pins="known", today=TODAY)
    assert keys(facts) == ["renewal", "expiry", "visitor", "pins"]
    assert flow.is_complete(facts)


def test_proxy_is_asked_about_the_form_then_the_pins():
    """§4: a proxy with the sealed form still needs the holder's PINs (reset = two visits)."""
    facts = Facts(
        renewal="ecert", expiry=IN_WINDOW, visitor="proxy", card_same_expiry=False, today=TODAY
    )
    assert flow.next_question(facts).key == "shokaisho"
    assert flow.next_question(facts.replace(shokaisho=True)).key == "pins"
    assert flow.is_complete(facts.replace(shokaisho=False))


def test_card_same_expiry_is_not_asked_of_a_visitor_who_may_not_go():
    facts = Facts(renewal="ecert", expiry=IN_WINDOW, visitor="legal_rep", age=16, today=TODAY)
    assert flow.is_complete(facts)


def test_school_is_asked_only_at_ages_six_and_seven():
    """§5: a 6-year-old in 年長 is preschool; age alone cannot tell."""
    base = Facts(renewal="card", stage="pickup", visitor="legal_rep")
    assert flow.next_question(base.replace(age=6)).key == "preschool"
    assert flow.next_question(base.replace(age=7)).key == "preschool"
    assert flow.next_question(base.replace(age=5)) is None
    assert flow.next_question(base.replace(age=8)) is None


def test_a_proxy_collecting_a_card_is_not_asked_about_the_old_card():
    """§5: the proxy may bring the holder's card or the 通知カード."""
    facts = Facts(renewal="card", stage="pickup", visitor="proxy", proxy_reason="illness")
    assert flow.is_complete(facts)


def test_card_application_asks_expiry_and_changes_but_not_who_goes():
    facts = Facts(renewal="card", stage="apply")
    assert flow.next_question(facts).key == "expiry"
    assert keys(facts.replace(expiry=dt.date(2027, 1, 1), changed_info=False)) == [
        "renewal",
        "stage",
        "expiry",
        "changed_info",
    ]


def test_pickup_never_asks_the_expiry_and_asks_the_holder_about_the_old_card():
    facts = Facts(renewal="card", stage="pickup", visitor="self", old_card="has")
    assert keys(facts) == ["renewal", "stage", "visitor", "old_card"]


def test_proxy_pickup_for_work_stops_without_asking_about_the_old_card():
    facts = Facts(renewal="card", stage="pickup", visitor="proxy", proxy_reason="work")
    assert flow.is_complete(facts)


def test_legal_rep_of_an_adult_is_asked_about_guardianship():
    facts = Facts(renewal="ecert", expiry=IN_WINDOW, visitor="legal_rep", age=40, today=TODAY)
    assert flow.next_question(facts).key == "guardianship"
    assert flow.next_question(facts.replace(age=9)).key == "card_same_expiry"
    assert flow.is_complete(facts.replace(age=9, card_same_expiry=False))


def test_lost_card_side_path_is_complete_at_once():
    assert flow.is_complete(flow.LOST_CARD_ENTRY)


def test_changing_an_answer_drops_answers_that_no_longer_matter():
    facts = Facts(
        renewal="ecert",
        expiry=NOT_YET,
        visitor="self",
        pins="known",
        shokaisho=True,
        proxy_reason="illness",
        card_same_expiry=True,
        today=TODAY,
    )
    assert flow.relevant_facts(facts) == Facts(
        renewal="ecert", expiry=NOT_YET, visitor="self", pins="known", today=TODAY
    )


def test_previous_and_following_questions_follow_the_path():
    facts = Facts(renewal="ecert", expiry=IN_WINDOW, visitor="self", today=TODAY)
    assert flow.previous_question(facts, "visitor").key == "expiry"
    assert flow.previous_question(facts, "renewal") is None
    assert flow.question_after(facts, "expiry").key == "visitor"
    assert flow.question_after(facts, "visitor").key == "card_same_expiry"


def test_relevance_depends_only_on_earlier_questions():
    order = [q.key for q in flow.QUESTIONS]
    for facts, _n in flow.all_paths(flow.ENTRIES + flow.OPERATOR_ENTRIES):
        for index, question in enumerate(flow.QUESTIONS):
            earlier = facts.without(order[index:])
            # The lost-card entry presets old_card; keep it, as the side path does.
            if facts.old_card == "lost" and facts.stage is None:
                earlier = earlier.replace(old_card="lost")
            assert question.relevant(earlier) == question.relevant(facts), question.key


def test_every_question_is_reachable():
    assert flow.reachable_questions() == {q.key for q in flow.QUESTIONS}


def test_median_is_at_most_four_questions():
    median, maximum = flow.question_counts()
    assert median <= 4
    assert maximum <= 6
