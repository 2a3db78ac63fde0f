"""Facts: strict parsing from a query string, rendering back, short codes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from madoguchi.guide.facts import (
    BOOL_KEYS,
    CHOICES,
    KEYS,
    Facts,
    FactsError,
    from_code,
    parse_facts,
    to_code,
)


def test_it_parses_a_query_dict_into_typed_values():
    q = QueryDict("renewal=ecert&expiry=2027-03-15&visitor=proxy&shokaisho=true&age=34")
    facts = parse_facts(q)
    assert facts == Facts(
        renewal="ecert", expiry=dt.date(2027, 3, 15), visitor="proxy", shokaisho=True, age=34
    )


def test_it_parses_a_plain_dict():
    assert parse_facts({"renewal": "card", "stage": "pickup"}) == Facts(
        renewal="card", stage="pickup"
    )


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("renewal=passport", "renewal"),
        ("nickname=taro", "nickname"),
        ("age=-1", "age"),
        ("age=131", "age"),
        ("age=１２", "age"),
        ("age=1e2", "age"),
        ("expiry=2027-02-30", "expiry"),
        ("expiry=27-02-03", "expiry"),
        ("expiry=1999-01-01", "expiry"),
        ("shokaisho=yes", "shokaisho"),
        ("pins=", "pins"),
        ("visitor=self&visitor=proxy", "visitor"),
        ("renewal=ecert&stage=apply", "stage"),
        ("guardianship=true&age=12", "guardianship"),
        ("today=tomorrow", "today"),
    ],
)
def test_it_rejects_bad_input_naming_the_key(query, key):
    with pytest.raises(FactsError) as excinfo:
        parse_facts(QueryDict(query))
    assert key in excinfo.value.fields


def test_it_names_every_bad_key_at_once():
    with pytest.raises(FactsError) as excinfo:
        parse_facts(QueryDict("renewal=x&pins=y&foo=1"))
    assert set(excinfo.value.fields) == {"renewal", "pins", "foo"}


def test_allowed_extra_keys_are_ignored():
    assert parse_facts(QueryDict("renewal=card&lang=en"), allow=("lang",)).renewal == "card"


def test_it_renders_back_into_a_canonical_query_string():
    facts = Facts(visitor="self", renewal="ecert", expiry=dt.date(2027, 1, 5), shokaisho=False)
    assert facts.to_query() == "renewal=ecert&expiry=2027-01-05&visitor=self&shokaisho=false"


def test_removing_facts_keeps_the_rest():
    facts = Facts(renewal="ecert", visitor="proxy", shokaisho=True)
    assert facts.without(["shokaisho"]) == Facts(renewal="ecert", visitor="proxy")


def test_short_code_is_short_and_round_trips():
    facts = Facts(renewal="ecert", expiry=dt.date(2027, 3, 15), visitor="self", pins="forgot_one")
    code = to_code(facts)
    assert code == "r0x20270315v0p1"
    assert from_code(code) == facts


@pytest.mark.parametrize(
    "code", ["r9", "zz", "r0r1", "x2027", "a1234", "r", "r0-", "g2", "x20270230"]
)
def test_bad_short_codes_are_rejected(code):
    with pytest.raises(FactsError):
        from_code(code)


facts_strategy = st.builds(
    Facts,
    **{key: st.none() | st.sampled_from(CHOICES[key]) for key in CHOICES},
    **{key: st.none() | st.booleans() for key in BOOL_KEYS if key != "guardianship"},
    expiry=st.none() | st.dates(dt.date(2015, 1, 1), dt.date(2060, 12, 31)),
    today=st.none() | st.dates(dt.date(2015, 1, 1), dt.date(2060, 12, 31)),
    age=st.none() | st.integers(0, 130),
)


@given(facts_strategy)
def test_query_string_and_short_code_round_trip(facts):
    if facts.renewal == "ecert":
        facts = facts.replace(stage=None)
    if facts.renewal == "card":
        facts = facts.replace(card_same_expiry=None)
    if facts.preschool and facts.age is not None and facts.age >= 8:
        facts = facts.replace(preschool=None)
    assert parse_facts(QueryDict(facts.to_query())) == facts
    assert from_code(to_code(facts)) == facts


@given(st.dictionaries(st.sampled_from([*KEYS, "lang", "x"]), st.text(max_size=12), max_size=6))
def test_arbitrary_input_either_parses_or_raises_facts_error(params):
    try:
        parse_facts(params)
    except FactsError as exc:
        assert exc.fields


@pytest.mark.parametrize(
    ("params", "key"),
    [
        ({"renewal": "card", "stage": "apply", "card_same_expiry": "true"}, "card_same_expiry"),
        ({"renewal": "ecert", "card_same_expiry": "yes"}, "card_same_expiry"),
        ({"renewal": "card", "stage": "pickup", "age": "9", "preschool": "true"}, "preschool"),
        ({"renewal": "card", "stage": "pickup", "preschool": "1"}, "preschool"),
        ({"renewal": "card", "stage": "pickup", "proxy_reason": "holiday"}, "proxy_reason"),
    ],
)
def test_new_keys_are_parsed_strictly(params, key):
    with pytest.raises(FactsError) as exc:
        parse_facts(params)
    assert key in exc.value.fields


def test_new_keys_and_reasons_parse_and_round_trip_through_short_codes():
    facts = parse_facts(
        {
            "renewal": "card",
            "stage": "pickup",
            "visitor": "legal_rep",
            "age": "6",
            "preschool": "true",
        }
    )
    assert facts.preschool is True
    assert from_code(to_code(facts)) == facts
    ecert = parse_facts({"renewal": "ecert", "card_same_expiry": "false"})
    assert from_code(to_code(ecert)) == ecert
    trip = parse_facts({"renewal": "card", "stage": "pickup", "proxy_reason": "business_trip"})
    assert trip.proxy_reason == "business_trip"
    # Reasons were appended, so codes made before the new ones keep their meaning.
    assert from_code("r1s1y7").proxy_reason == "work"
