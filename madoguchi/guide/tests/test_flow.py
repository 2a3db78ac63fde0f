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


def test_ecert_in_person_path_is_four_questions():
    facts = Facts(renewal="ecert", expiry=dt.date(2027, 1, 1), visitor="self", pins="known")
    assert keys(facts) == ["renewal", "expiry", "visitor", "pins"]
    assert flow.is_complete(facts)


def test_proxy_is_asked_about_the_form_not_the_pins():
    facts = Facts(renewal="ecert", expiry=dt.date(2027, 1, 1), visitor="proxy")
    assert flow.next_question(facts).key == "shokaisho"


def test_card_application_asks_expiry_and_changes_but_not_who_goes():
    facts = Facts(renewal="card", stage="apply")
    assert flow.next_question(facts).key == "expiry"
    assert keys(facts.replace(expiry=dt.date(2027, 1, 1), changed_info=False)) == [
        "renewal",
        "stage",
        "expiry",
        "changed_info",
    ]


def test_pickup_never_asks_the_expiry():
    facts = Facts(renewal="card", stage="pickup", visitor="self", old_card="has")
    assert keys(facts) == ["renewal", "stage", "visitor", "old_card"]


def test_proxy_pickup_for_work_stops_without_asking_about_the_old_card():
    facts = Facts(renewal="card", stage="pickup", visitor="proxy", proxy_reason="work")
    assert flow.is_complete(facts)


def test_legal_rep_of_an_adult_is_asked_about_guardianship():
    facts = Facts(renewal="ecert", expiry=dt.date(2027, 1, 1), visitor="legal_rep", age=40)
    assert flow.next_question(facts).key == "guardianship"
    assert flow.is_complete(facts.replace(age=9))


def test_lost_card_side_path_is_complete_at_once():
    assert flow.is_complete(flow.LOST_CARD_ENTRY)


def test_changing_an_answer_drops_answers_that_no_longer_matter():
    facts = Facts(
        renewal="ecert",
        expiry=dt.date(2027, 1, 1),
        visitor="self",
        pins="known",
        shokaisho=True,
        proxy_reason="illness",
    )
    assert flow.relevant_facts(facts) == Facts(
        renewal="ecert", expiry=dt.date(2027, 1, 1), visitor="self", pins="known"
    )


def test_previous_and_following_questions_follow_the_path():
    facts = Facts(renewal="ecert", expiry=dt.date(2027, 1, 1), visitor="self")
    assert flow.previous_question(facts, "visitor").key == "expiry"
    assert flow.previous_question(facts, "renewal") is None
    assert flow.question_after(facts, "expiry").key == "visitor"
    assert flow.question_after(facts, "visitor").key == "pins"


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
