"""Persona scenarios: each citizen gets exactly their own checklist.

Written from shared/domain/renewal-facts.md (section noted per test). Assertions are on outcome
fields and on item ids, never on wording, so copy edits never break them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from madoguchi.guide.checklist import Checklist, build_checklist
from madoguchi.guide.facts import parse_facts

TODAY = dt.date(2026, 12, 3)
IN_WINDOW = "2027-01-20"  # window opened 2026-10-21
NOT_YET = "2027-06-30"  # window opens 2027-03-31
EXPIRED = "2026-11-01"
ALWAYS = {"warn_pins_never_tell", "warn_staff_never_ask_by_phone", "warn_scam"}


def persona(today: dt.date = TODAY, **facts: object) -> Checklist:
    params = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in facts.items()}
    return build_checklist(parse_facts(params), "ja", today=today)


def assert_items(
    result: Checklist, present: set[str] = frozenset(), absent: set[str] = frozenset()
):
    ids = result.item_ids
    assert present <= ids, f"missing: {sorted(present - ids)}"
    assert not (absent & ids), f"unexpected: {sorted(absent & ids)}"


# --- §4 e-certificate renewal, in person ------------------------------------------------------


def test_adult_renewing_ecert_in_window_with_known_pins_goes_once():
    """§4: card + PINs, same day; §2 window; §10.2 notice optional."""
    result = persona(renewal="ecert", expiry=IN_WINDOW, visitor="self", pins="known")
    o = result.outcome
    assert (o.renewal, o.stage, o.can_proceed_now, o.visits) == ("ecert", None, True, 1)
    assert o.booking_service == "ecert_renew"
    assert o.window_opens_on == dt.date(2026, 10, 21)
    assert_items(
        result,
        {
            "bring_card",
            "bring_pins_in_mind",
            "bring_notice_optional",
            "step_ecert_counter",
            "step_ecert_usable_next_day",
            "note_free",
            "note_ecert_in_window",
            "proxy_ecert_possible",
        }
        | ALWAYS,
        {
            "bring_extra_id_for_pin_reset",
            "bring_sealed_form",
            "warn_window_not_open",
            "warn_ecert_expired",
            "note_convenience_store_reset",
        },
    )


@pytest.mark.parametrize(
    ("expiry", "day_before", "opens"),
    [
        ("2023-07-07", "2023-04-07", "2023-04-08"),  # 練馬区 example
        ("2023-05-28", "2023-02-28", "2023-03-01"),  # 練馬区 example (no 2023-02-28+1 issue)
        ("2023-11-20", "2023-08-20", "2023-08-21"),  # 茨木市 example: early notice does not help
    ],
)
def test_citizen_whose_notice_came_early_cannot_renew_before_the_window(expiry, day_before, opens):
    """§2: renewal opens the day after the date three months before expiry."""
    before = persona(
        dt.date.fromisoformat(day_before),
        renewal="ecert",
        expiry=expiry,
        visitor="self",
        pins="known",
    )
    assert before.outcome.can_proceed_now is False
    assert before.outcome.window_opens_on == dt.date.fromisoformat(opens)
    assert_items(before, {"warn_window_not_open"})
    on_the_day = persona(
        dt.date.fromisoformat(opens), renewal="ecert", expiry=expiry, visitor="self", pins="known"
    )
    assert on_the_day.outcome.can_proceed_now is True
    assert_items(on_the_day, absent={"warn_window_not_open"})


def test_window_not_open_still_lists_what_to_bring_later():
    result = persona(renewal="ecert", expiry=NOT_YET, visitor="self", pins="known")
    assert result.outcome.can_proceed_now is False
    assert result.outcome.booking_service == "ecert_renew"
    assert_items(result, {"warn_window_not_open", "bring_card"})


def test_holder_who_forgot_one_pin_resets_at_the_counter_or_a_convenience_store():
    """§4: reset at the same visit with one more ID; or コンビニ with one e-cert PIN known."""
    result = persona(renewal="ecert", expiry=IN_WINDOW, visitor="self", pins="forgot_one")
    assert result.outcome.booking_service == "ecert_renew_pin_reset"
    assert result.outcome.visits == 1
    assert_items(
        result,
        {
            "bring_extra_id_for_pin_reset",
            "step_ecert_pin_reset",
            "note_convenience_store_reset",
            "note_pin_lock_only_counter",
        },
        {"bring_pins_in_mind"},
    )


def test_holder_who_forgot_both_pins_cannot_use_the_convenience_store():
    """§4: if both PINs are unknown the reset must be done at a counter."""
    result = persona(renewal="ecert", expiry=IN_WINDOW, visitor="self", pins="forgot_all")
    assert result.outcome.booking_service == "ecert_renew_pin_reset"
    assert_items(
        result,
        {"step_ecert_pin_reset", "bring_extra_id_for_pin_reset"},
        {"note_convenience_store_reset"},
    )


def test_expired_certificate_is_still_renewed_free_while_the_card_is_valid():
    """§3: an expired e-cert is reissued free any time; 保険証 grace about 3 months."""
    result = persona(renewal="ecert", expiry=EXPIRED, visitor="self", pins="known")
    o = result.outcome
    assert o.can_proceed_now is True
    assert o.booking_service == "ecert_renew"
    assert_items(
        result,
        {
            "warn_ecert_expired",
            "warn_health_insurance_grace",
            "step_health_reregister",
            "note_free",
        },
        {"note_ecert_in_window", "warn_window_not_open"},
    )


def test_expired_certificate_and_forgotten_pin_means_counter_reset_only():
    result = persona(renewal="ecert", expiry=EXPIRED, visitor="self", pins="forgot_one")
    assert_items(result, {"step_ecert_pin_reset"}, {"note_convenience_store_reset"})


def test_expiry_day_itself_is_still_inside_the_window():
    result = persona(
        dt.date(2027, 1, 20), renewal="ecert", expiry="2027-01-20", visitor="self", pins="known"
    )
    assert result.outcome.can_proceed_now is True
    assert_items(result, absent={"warn_ecert_expired"})
    next_day = persona(
        dt.date(2027, 1, 21), renewal="ecert", expiry="2027-01-20", visitor="self", pins="known"
    )
    assert_items(next_day, {"warn_ecert_expired"})


def test_ecert_checklist_before_the_window_says_to_check_the_card_expiry_then():
    """§1: a card expiring soon means a new card instead; §2 scam warning (J-LIS)."""
    result = persona(renewal="ecert", expiry=NOT_YET, visitor="self", pins="known")
    assert_items(result, {"note_check_card_expiry", "step_ecert_where"} | ALWAYS)
    asked = persona(
        renewal="ecert", expiry=IN_WINDOW, visitor="self", card_same_expiry=False, pins="known"
    )
    assert_items(asked, {"step_ecert_where"} | ALWAYS, {"note_check_card_expiry"})


def test_teenager_aged_16_renews_their_own_certificate():
    """§4: ages 15–17 may apply for e-cert procedures themselves."""
    result = persona(renewal="ecert", expiry=IN_WINDOW, visitor="self", age=16, pins="known")
    assert result.outcome.can_proceed_now is True
    assert result.outcome.booking_service == "ecert_renew"
    assert_items(result, absent={"warn_self_not_allowed", "note_signing_cert_not_issued"})


def test_child_under_15_cannot_renew_alone():
    """§4: under-15s act through their 法定代理人."""
    result = persona(renewal="ecert", expiry=IN_WINDOW, visitor="self", age=10)
    assert result.outcome.can_proceed_now is False
    assert result.outcome.booking_service is None
    assert_items(result, {"warn_self_not_allowed"}, {"bring_card"})


# --- §4 proxies and legal representatives -----------------------------------------------------


def test_proxy_with_sealed_inquiry_form_renews_in_one_visit():
    """§4: holder's card + proxy's A-list photo ID + sealed 照会書兼回答書 → one visit."""
    result = persona(renewal="ecert", expiry=IN_WINDOW, visitor="proxy", shokaisho=True)
    o = result.outcome
    assert (o.can_proceed_now, o.visits, o.booking_service) == (True, 1, "ecert_renew_proxy")
    assert_items(
        result,
        {"bring_holder_card", "bring_proxy_photo_id", "bring_sealed_form", "step_proxy_one_visit"},
        {"step_proxy_first_visit", "bring_card", "bring_mailed_form_second_visit"},
    )


def test_proxy_without_the_form_needs_two_visits():
    """§4: without the form the city mails one to the holder; the proxy comes twice."""
    result = persona(renewal="ecert", expiry=IN_WINDOW, visitor="proxy", shokaisho=False)
    o = result.outcome
    assert (o.visits, o.booking_service) == (2, "ecert_proxy_inquiry")
    assert_items(
        result,
        {
            "step_proxy_first_visit",
            "step_proxy_holder_fills_form",
            "step_proxy_second_visit",
            "bring_mailed_form_second_visit",
        },
        {"bring_sealed_form", "step_proxy_one_visit"},
    )


def test_inquiry_form_is_void_after_the_certificate_expired():
    """§4: a 照会書兼回答書 is valid only until the e-cert's expiry date (三原市)."""
    result = persona(renewal="ecert", expiry=EXPIRED, visitor="proxy", shokaisho=True)
    assert result.outcome.visits == 2
    assert result.outcome.booking_service == "ecert_proxy_inquiry"
    assert_items(
        result, {"warn_shokaisho_expired", "step_proxy_first_visit"}, {"bring_sealed_form"}
    )


def test_parent_renews_certificate_of_a_child_under_15():
    """§4 法定代理人: proof of authority; §1 no 署名用 for under-15s."""
    result = persona(renewal="ecert", expiry=IN_WINDOW, visitor="legal_rep", age=10)
    o = result.outcome
    assert (o.can_proceed_now, o.visits, o.booking_service) == (True, 1, "ecert_renew_legal_rep")
    assert_items(
        result,
        {
            "bring_holder_card",
            "bring_legal_rep_photo_id",
            "bring_proof_parental_authority",
            "note_signing_cert_not_issued",
            "bring_holder_pins_legal_rep",
        },
        {"bring_proof_guardianship", "bring_proxy_photo_id"},
    )


def test_guardian_renews_certificate_of_an_adult_under_guardianship():
    """§4: 登記事項証明書 for a 成年被後見人; §1 no 署名用."""
    result = persona(
        renewal="ecert", expiry=IN_WINDOW, visitor="legal_rep", age=45, guardianship=True
    )
    assert result.outcome.booking_service == "ecert_renew_legal_rep"
    assert_items(
        result,
        {"bring_proof_guardianship", "note_signing_cert_not_issued"},
        {"bring_proof_parental_authority"},
    )


def test_parent_of_a_16_year_old_is_told_the_teenager_goes_themselves():
    """§4: ages 15–17 apply themselves; a 法定代理人 acts only for under-15s and 成年被後見人."""
    result = persona(renewal="ecert", expiry=IN_WINDOW, visitor="legal_rep", age=16)
    assert result.outcome.can_proceed_now is False
    assert result.outcome.booking_service is None
    assert_items(result, {"warn_legal_rep_not_applicable"}, {"bring_legal_rep_photo_id"})


# --- §5 applying for a new card ---------------------------------------------------------------


def test_card_renewal_applied_online_needs_no_booking_yet():
    """§5: smartphone/PC/photo booth/mail with the 申請書ID; about a month to the notice."""
    result = persona(renewal="card", stage="apply", expiry=IN_WINDOW, changed_info=False)
    o = result.outcome
    assert (o.renewal, o.stage, o.can_proceed_now, o.visits) == ("card", "apply", True, 1)
    assert o.booking_service is None
    assert o.window_opens_on == dt.date(2026, 10, 21)
    assert_items(
        result,
        {
            "step_apply_with_notice",
            "step_apply_wait_notice",
            "step_apply_then_pickup",
            "bring_notice_with_application_id",
            "bring_photo",
            "note_no_express_for_renewal",
            "note_free",
        },
        {"step_apply_info_changed", "step_ecert_counter", "bring_card"},
    )


def test_changed_address_means_no_preprinted_form_and_a_counter_application():
    """§5: do not use the pre-printed form if name or address changed."""
    result = persona(renewal="card", stage="apply", expiry=IN_WINDOW, changed_info=True)
    assert result.outcome.booking_service == "card_apply_counter"
    assert_items(
        result,
        {"step_apply_info_changed", "bring_card_to_counter_application"},
        {"step_apply_with_notice", "bring_notice_with_application_id"},
    )


def test_card_application_before_the_window_must_wait():
    result = persona(renewal="card", stage="apply", expiry=NOT_YET, changed_info=False)
    assert result.outcome.can_proceed_now is False
    assert result.outcome.window_opens_on == dt.date(2027, 3, 31)
    assert_items(result, {"warn_window_not_open"})


def test_expired_card_can_still_be_renewed_free():
    """§3: an expired card is no longer ID, but a new one is applied for free."""
    result = persona(renewal="card", stage="apply", expiry=EXPIRED, changed_info=False)
    assert result.outcome.can_proceed_now is True
    assert_items(result, {"warn_card_expired", "warn_health_insurance_grace", "note_free"})


# --- §5 collecting the new card ---------------------------------------------------------------


def test_holder_collecting_the_new_card_brings_notice_old_card_and_id():
    """§5: 交付通知書, old card, A×1 or B×2, 通知カード if kept."""
    result = persona(renewal="card", stage="pickup", visitor="self", old_card="has")
    o = result.outcome
    assert (o.stage, o.can_proceed_now, o.visits, o.booking_service) == (
        "pickup",
        True,
        1,
        "card_pickup",
    )
    assert o.window_opens_on is None
    assert_items(
        result,
        {
            "bring_collection_notice",
            "bring_old_card",
            "bring_id_a_or_b",
            "bring_notification_card",
            "step_pickup_counter",
            "proxy_pickup_reasons",
        },
        {"warn_pickup_without_old_card", "bring_holder_ids_for_proxy"},
    )


def test_holder_who_lost_the_old_card_pays_the_reissue_fee_at_pickup():
    """§5 fees: without the old card the renewal becomes a paid reissue."""
    result = persona(renewal="card", stage="pickup", visitor="self", old_card="lost")
    assert result.outcome.can_proceed_now is True
    assert result.outcome.booking_service == "card_pickup"
    assert_items(
        result,
        {"warn_pickup_without_old_card", "bring_collection_notice"},
        {"bring_old_card", "note_free"},
    )


def test_proxy_collecting_for_an_ill_holder_brings_both_ids_and_proof():
    """§5 proxy pickup: 委任状 part, holder's ID A×2/A+B/B×3, proxy's A×2/A+B, proof."""
    result = persona(
        renewal="card", stage="pickup", visitor="proxy", proxy_reason="illness", old_card="has"
    )
    o = result.outcome
    assert (o.can_proceed_now, o.booking_service) == (True, "card_pickup_proxy")
    assert_items(
        result,
        {
            "step_pickup_proxy_prepare",
            "bring_holder_ids_for_proxy",
            "bring_proxy_ids_for_pickup",
            "bring_proof_illness",
            "bring_old_card",
            "bring_collection_notice",
        },
        {"bring_id_a_or_b", "bring_proof_pregnancy"},
    )


@pytest.mark.parametrize(
    ("reason", "proof"),
    [
        ("disability", "bring_proof_disability"),
        ("age75", "bring_proof_age75"),
        ("pregnancy", "bring_proof_pregnancy"),
        ("facility", "bring_proof_facility"),
        ("child", "bring_proof_child"),
        ("student", "bring_proof_student"),
    ],
)
def test_proxy_pickup_for_each_accepted_reason_lists_its_own_proof(reason, proof):
    """§5: accepted reasons and the proof of each (掛川市, 甲賀市)."""
    result = persona(
        renewal="card", stage="pickup", visitor="proxy", proxy_reason=reason, old_card="has"
    )
    assert result.outcome.can_proceed_now is True
    others = {
        f"bring_proof_{r}"
        for r in ("illness", "disability", "age75", "pregnancy", "facility", "child", "student")
    }
    assert_items(result, {proof}, others - {proof})


def test_proxy_cannot_collect_because_the_holder_is_busy_at_work():
    """§5: work or being busy is never accepted; the holder books their own pickup (2.1)."""
    result = persona(renewal="card", stage="pickup", visitor="proxy", proxy_reason="work")
    o = result.outcome
    assert (o.can_proceed_now, o.booking_service) == (False, "card_pickup")
    assert_items(
        result,
        {"warn_pickup_proxy_refused"},
        {"step_pickup_proxy_prepare", "bring_collection_notice"},
    )


def test_proxy_with_an_unlisted_reason_is_told_to_phone_first():
    result = persona(renewal="card", stage="pickup", visitor="proxy", proxy_reason="other")
    assert result.outcome.can_proceed_now is False
    assert_items(result, {"warn_pickup_reason_unclear"})


def test_parent_collects_card_of_a_ten_year_old_together_with_the_child():
    """§5: under 15, the 法定代理人 comes with the holder and brings proof of authority."""
    result = persona(renewal="card", stage="pickup", visitor="legal_rep", age=10, old_card="has")
    o = result.outcome
    assert (o.can_proceed_now, o.booking_service) == (True, "card_pickup_legal_rep")
    assert_items(
        result,
        {
            "step_pickup_legal_rep_with_holder",
            "bring_proof_parental_authority",
            "bring_legal_rep_photo_id",
        },
        {"step_pickup_legal_rep_alone"},
    )


def test_parent_of_a_preschool_child_may_collect_alone():
    """§5: since 2021-01 the 法定代理人 of a preschool child may come alone (京都市)."""
    result = persona(renewal="card", stage="pickup", visitor="legal_rep", age=4, old_card="has")
    assert_items(result, {"step_pickup_legal_rep_alone"}, {"step_pickup_legal_rep_with_holder"})


def test_guardian_collects_with_the_adult_under_guardianship():
    result = persona(
        renewal="card",
        stage="pickup",
        visitor="legal_rep",
        age=45,
        guardianship=True,
        old_card="has",
    )
    assert result.outcome.booking_service == "card_pickup_legal_rep"
    assert_items(result, {"step_pickup_legal_rep_with_holder", "bring_proof_guardianship"})


def test_teenager_aged_17_collects_in_person():
    """§5: ages 15–17 pick up in person like adults."""
    result = persona(renewal="card", stage="pickup", visitor="self", age=17, old_card="has")
    assert result.outcome.can_proceed_now is True
    assert result.outcome.booking_service == "card_pickup"
    teen_by_parent = persona(renewal="card", stage="pickup", visitor="legal_rep", age=17)
    assert teen_by_parent.outcome.can_proceed_now is False
    assert_items(teen_by_parent, {"warn_legal_rep_not_applicable"})


def test_child_cannot_collect_alone():
    result = persona(renewal="card", stage="pickup", visitor="self", age=12)
    assert result.outcome.can_proceed_now is False
    assert_items(result, {"warn_self_not_allowed"}, {"step_pickup_counter"})


# --- lost card side path ----------------------------------------------------------------------


def test_lost_card_leads_to_a_paid_reissue_at_the_center():
    """§5 fees: 1,000円, 特急発行 2,000円 within 30 days; apply, then collect."""
    result = persona(renewal="card", old_card="lost")
    o = result.outcome
    assert (o.renewal, o.stage, o.can_proceed_now, o.visits) == ("card", None, True, 2)
    assert o.booking_service == "card_reissue"
    assert o.window_opens_on is None
    assert_items(
        result,
        {
            "step_reissue_apply",
            "step_reissue_express",
            "step_reissue_pickup",
            "bring_reissue_fee",
            "bring_reissue_id",
        },
        {"note_free"},
    )


def test_ecert_renewal_without_the_card_becomes_a_reissue():
    result = persona(renewal="ecert", old_card="lost", visitor="self", pins="known")
    assert result.outcome.booking_service == "card_reissue"
    assert_items(result, {"step_reissue_apply"}, {"step_ecert_counter"})


def test_sources_are_listed_for_every_checklist():
    result = persona(renewal="ecert", expiry=IN_WINDOW, visitor="self", pins="known")
    assert result.sources
    assert all(url.startswith(("https://", "http://")) for url in result.sources)


# --- fixes from the citizen review (guide-review.md §1) -----------------------------------------


@pytest.mark.parametrize(
    ("visitor", "extra"),
    [("legal_rep", {"age": 10}), ("self", {"age": 16}), ("self", {})],
)
def test_child_or_teen_whose_card_expires_with_its_certificates_is_sent_to_a_new_card(
    visitor, extra
):
    """§1: a 5-year card (issued under 18) has the same expiry as its e-certs; then renewal
    means applying for a new card; e-cert-only renewal is not offered (review 1.1)."""
    result = persona(
        renewal="ecert", expiry=IN_WINDOW, visitor=visitor, card_same_expiry=True, **extra
    )
    o = result.outcome
    assert (o.can_proceed_now, o.booking_service, o.window_opens_on) == (False, None, None)
    assert_items(
        result,
        {"warn_ecert_needs_new_card", "note_new_card_instead", "title_ecert_needs_new_card"},
        {"step_ecert_counter", "bring_card", "bring_holder_card", "warn_window_not_open"},
    )


def test_adult_whose_card_has_under_three_months_left_is_sent_to_a_new_card():
    """§1: 岡崎市/茨木市 direct people whose card has < 3 months left to a new card (1.2);
    §5: the new card is free and comes with new certificates."""
    result = persona(
        renewal="ecert", expiry=EXPIRED, visitor="self", card_same_expiry=True, pins="known"
    )
    assert result.outcome.can_proceed_now is False
    assert_items(
        result,
        {"warn_ecert_needs_new_card", "note_free"},
        {"warn_ecert_expired", "step_ecert_counter"},
    )


def test_card_expiring_later_keeps_the_ecert_checklist():
    result = persona(
        renewal="ecert", expiry=IN_WINDOW, visitor="self", card_same_expiry=False, pins="known"
    )
    assert result.outcome.can_proceed_now is True
    assert_items(result, {"step_ecert_counter", "title_ecert"}, {"warn_ecert_needs_new_card"})


def test_pin_reset_checklist_keeps_the_pins_still_known():
    """§4: renewal enters the 住基用 PIN and each e-cert PIN; the 住基用 PIN cannot be reset
    at a store (review 1.3)."""
    for pins in ("forgot_one", "forgot_all"):
        result = persona(renewal="ecert", expiry=IN_WINDOW, visitor="self", pins=pins)
        assert_items(result, {"bring_known_pins_for_reset", "bring_extra_id_for_pin_reset"})
    all_forgotten = persona(renewal="ecert", expiry=IN_WINDOW, visitor="self", pins="forgot_all")
    assert_items(all_forgotten, absent={"note_convenience_store_reset"})


def test_renewal_inside_the_window_note_is_shown_only_inside_the_window():
    """§1: 6th birthday, or the card's expiry if that comes first (review 1.4)."""
    inside = persona(renewal="ecert", expiry=IN_WINDOW, visitor="self", pins="known")
    assert_items(inside, {"note_ecert_in_window"})
    expired = persona(renewal="ecert", expiry=EXPIRED, visitor="self", pins="known")
    assert_items(expired, absent={"note_ecert_in_window"})


@pytest.mark.parametrize("holder", [{"age": 12}, {"age": 40, "guardianship": True}])
def test_a_proxy_cannot_renew_for_a_child_or_an_adult_under_guardianship(holder):
    """§4: under-15s and 成年被後見人 act through their 法定代理人 (review 1.5)."""
    result = persona(renewal="ecert", expiry=IN_WINDOW, visitor="proxy", shokaisho=True, **holder)
    o = result.outcome
    assert (o.can_proceed_now, o.booking_service) == (False, None)
    assert_items(
        result,
        {"warn_ecert_proxy_not_allowed"},
        {"step_proxy_one_visit", "bring_sealed_form", "bring_proxy_photo_id"},
    )


def test_proxy_for_a_holder_who_forgot_a_pin_needs_two_visits_even_with_the_form():
    """§4: a proxy resetting a PIN needs a written inquiry to the holder and two visits
    (review 1.6)."""
    result = persona(
        renewal="ecert", expiry=IN_WINDOW, visitor="proxy", shokaisho=True, pins="forgot_all"
    )
    o = result.outcome
    assert (o.can_proceed_now, o.visits, o.booking_service) == (True, 2, "ecert_proxy_inquiry")
    assert_items(
        result,
        {"step_proxy_pin_reset", "step_proxy_first_visit", "step_proxy_second_visit"},
        {"step_proxy_one_visit", "bring_sealed_form"},
    )
    known = persona(
        renewal="ecert", expiry=IN_WINDOW, visitor="proxy", shokaisho=True, pins="known"
    )
    assert known.outcome.visits == 1
    assert_items(known, {"note_shokaisho_wrong_pin"}, {"step_proxy_pin_reset"})


def test_proxy_holder_with_one_pin_known_may_reset_the_other_at_a_store_first():
    """§4: the holder can reset the other e-cert PIN at a コンビニ (JPKI app)."""
    result = persona(
        renewal="ecert", expiry=IN_WINDOW, visitor="proxy", shokaisho=True, pins="forgot_one"
    )
    assert_items(result, {"note_convenience_store_reset", "step_proxy_pin_reset"})


@pytest.mark.parametrize(
    ("age", "preschool", "alone"),
    [(4, None, True), (6, True, True), (6, False, False), (7, False, False), (9, None, False)],
)
def test_preschool_is_decided_by_school_entry_not_only_by_age(age, preschool, alone):
    """§5: the 法定代理人 of a preschool child (e.g. a 6-year-old in 年長) may collect alone
    (review 1.7)."""
    extra = {} if preschool is None else {"preschool": preschool}
    result = persona(renewal="card", stage="pickup", visitor="legal_rep", age=age, **extra)
    assert result.outcome.can_proceed_now is True
    if alone:
        assert_items(result, {"step_pickup_legal_rep_alone"}, {"step_pickup_legal_rep_with_holder"})
    else:
        assert_items(result, {"step_pickup_legal_rep_with_holder"}, {"step_pickup_legal_rep_alone"})


@pytest.mark.parametrize(
    ("reason", "proof"),
    [
        ("guardianship", "bring_proof_guardianship_reason"),
        ("business_trip", "bring_proof_business_trip"),
        ("study_abroad", "bring_proof_study_abroad"),
        ("hikikomori", "bring_proof_hikikomori"),
    ],
)
def test_proxy_pickup_for_the_other_accepted_reasons(reason, proof):
    """§5: 成年被後見人/被保佐人/被補助人, long business trip or seafaring, study abroad and
    ひきこもり are accepted reasons (review 1.8)."""
    result = persona(renewal="card", stage="pickup", visitor="proxy", proxy_reason=reason)
    o = result.outcome
    assert (o.can_proceed_now, o.booking_service) == (True, "card_pickup_proxy")
    assert_items(
        result,
        {proof, "bring_holder_ids_for_proxy", "bring_proxy_ids_for_pickup"},
        {"warn_pickup_reason_unclear", "warn_pickup_proxy_refused"},
    )


def test_card_application_at_the_counter_takes_two_visits_and_no_smartphone_photo():
    """§5: changed data → counter application, then pickup (review 1.11)."""
    result = persona(renewal="card", stage="apply", expiry=IN_WINDOW, changed_info=True)
    assert result.outcome.visits == 2
    assert_items(result, {"bring_photo_counter"}, {"bring_photo"})
    online = persona(renewal="card", stage="apply", expiry=IN_WINDOW, changed_info=False)
    assert online.outcome.visits == 1
    assert_items(online, {"bring_photo", "note_apply_early"}, {"bring_photo_counter"})


def test_expired_card_application_starts_with_applying_not_with_the_health_card():
    """§3: an expired card is renewed free; "apply early" is not said once it has expired;
    re-registering the health-insurance use comes after the new card (review 1.11)."""
    result = persona(renewal="card", stage="apply", expiry=EXPIRED, changed_info=False)
    assert result.steps[0].id == "step_apply_with_notice"
    assert result.steps[-1].id == "step_health_reregister"
    assert_items(result, {"note_eligibility_certificate"}, {"note_apply_early"})
    assert_items(result, absent={"note_notice_not_required"})


def test_pickup_without_the_old_card_lists_the_fee_and_does_not_say_hand_it_in():
    """§5 fees: no old card → paid reissue, 1,000円 (review 1.11)."""
    result = persona(renewal="card", stage="pickup", visitor="self", old_card="lost")
    assert_items(
        result,
        {"bring_reissue_fee_at_pickup", "step_pickup_counter"},
        {"step_pickup_hand_in_old_card", "bring_old_card"},
    )
    with_card = persona(renewal="card", stage="pickup", visitor="self", old_card="has")
    assert_items(with_card, {"step_pickup_hand_in_old_card"}, {"bring_reissue_fee_at_pickup"})


def test_every_outcome_has_a_title():
    """Review 2.3: the page always names the procedure."""
    cases = [
        {"renewal": "card", "stage": "apply", "expiry": "2027-02-01", "changed_info": False},
        {"renewal": "card", "stage": "pickup", "visitor": "proxy", "proxy_reason": "work"},
        {"renewal": "card", "old_card": "lost"},
        {"renewal": "ecert", "expiry": IN_WINDOW, "visitor": "self", "pins": "known"},
    ]
    for facts in cases:
        assert persona(**facts).title


def test_notice_line_is_shown_only_before_expiry():
    """§2: no notice needed inside the window; after expiry the line reads oddly (3.10)."""
    before = persona(renewal="ecert", expiry=IN_WINDOW, visitor="self", pins="known")
    after = persona(renewal="ecert", expiry=EXPIRED, visitor="self", pins="known")
    assert_items(before, {"note_notice_not_required"}, {"note_eligibility_certificate"})
    assert_items(after, {"note_eligibility_certificate"}, {"note_notice_not_required"})
