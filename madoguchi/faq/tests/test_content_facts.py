"""The published content keeps to the facts file on the points a reviewer found wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from madoguchi.faq.content import is_mirror_url, parse_dir

CONTENT = Path(__file__).resolve().parents[3] / "content" / "faq"


@pytest.fixture(scope="module")
def entries():
    parsed, errors = parse_dir(CONTENT)
    assert not errors
    return {e.id: e for e in parsed}


def text(entry, lang="ja") -> str:
    return entry.question[lang] + entry.answer[lang] + entry.body.get(lang, "")


def test_renewal_opens_the_day_after_three_months_before(entries):
    assert "day after the date 3 months before" in entries["a-booking-full"].answer["en"]


def test_moving_from_abroad_and_new_residents_are_eligible_for_express(entries):
    for entry_id in ("b-moving-from-abroad", "b-foreign-new-registration-express"):
        assert "対象外とされています" not in text(entries[entry_id])
        assert "初めての申請でも" in text(entries[entry_id]) or "初めて" in text(entries[entry_id])


def test_the_old_insurance_card_answer_starts_with_no(entries):
    assert entries["b-hoken-old-insurance-card"].answer["ja"].startswith("使えません")
    assert entries["b-hoken-old-insurance-card"].answer["en"].startswith("No.")


@pytest.mark.parametrize(
    "entry_id", ["a-renewal-wave", "a-notice-card-still-valid", "a-booking-full"]
)
def test_fy2025_figures_are_in_the_past_tense(entry_id, entries):
    body = text(entries[entry_id])
    assert "有効期限が来るため" not in body and "期限が多く来ています" not in body


def test_the_pickup_deadline_answer_does_not_promise(entries):
    entry = entries["a-pickup-deadline-passed"]
    assert "ほとんど" not in text(entry) and "多くの自治体" not in text(entry)
    assert entry.topic == "pickup"


def test_closed_days_mention_public_holidays(entries):
    assert "祝日" in entries["a-city-closed-days"].answer["ja"]


def test_forgetting_the_old_card_is_treated_as_a_loss(entries):
    assert "紛失" in entries["a-pickup-old-card"].answer["ja"]
    assert "受け取れないことがあり" not in text(entries["a-pickup-old-card"])


def test_store_reset_is_only_for_the_two_certificate_pins(entries):
    body = text(entries["b-pin-kinds-and-lock"])
    assert "署名用と利用者証明用だけ" in body
    assert "窓口でしか解除できません" not in text(entries["a-konbini-card-not-read"])


def test_the_signature_pin_is_counted_in_characters(entries):
    assert "6〜16桁" not in "".join(text(e) for e in entries.values())


def test_every_public_entry_has_an_official_source(entries):
    for entry in entries.values():
        if entry.audience == "public":
            assert any(not is_mirror_url(s) for s in entry.sources), entry.id


def test_duplicates_are_merged_and_their_ids_redirect(entries):
    merged = {
        "b-pin-conbini-card-not-read": "a-konbini-card-not-read",
        "b-hoken-face-auth-card": "a-face-auth-card-renew",
        "b-fees-express-not-for-renewal": "a-express-not-for-renewal",
        "b-moving-living-abroad": "a-abroad-renew",
        "b-fees-forgot-old-card": "a-pickup-old-card",
        "b-proxy-teen-15-17": "a-ecert-teen-15-17",
    }
    for old, kept in merged.items():
        assert old not in entries
        assert old in entries[kept].redirect_from


def test_the_hotline_hours_are_not_attributed_to_another_city(entries):
    assert "福岡市の案内" not in text(entries["b-lost-card-what-to-do"])
