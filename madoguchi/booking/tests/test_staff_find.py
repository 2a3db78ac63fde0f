"""Staff look a booking up by reference (audited), then cancel or move it for a caller,
also after the web cutoff; citizens can cancel online until the visit starts."""

from datetime import timedelta
from unittest import mock

import pytest

from madoguchi.accounts.models import AuditLog
from madoguchi.booking import links
from madoguchi.booking.models import Booking
from madoguchi.booking.services import format_reference
from madoguchi.booking.tests.conftest import NOW, THURSDAY, at

pytestmark = pytest.mark.django_db
FRIDAY = THURSDAY + timedelta(days=1)
LATE = at(THURSDAY - timedelta(days=1), 18)  # after the web change cutoff


def views_clock(now):
    """Fix the booking views' clock only (staff sessions and 2FA keep the real one)."""
    from django.utils import timezone

    class Clock:
        def __getattr__(self, name):
            return getattr(timezone, name)

        def now(self):
            return now

    return mock.patch("madoguchi.booking.views.timezone", Clock())


def test_staff_find_a_booking_by_reference_and_the_view_is_audited(operator_client, booking):
    with views_clock(NOW):
        response = operator_client.get(
            "/booking/staff/find/", {"reference": format_reference(booking.reference).lower()}
        )
    assert response.status_code == 200
    assert "person1@example.jp" in response.content.decode()
    assert AuditLog.objects.filter(action="booking.view_contact", object_id=str(booking.pk))


def test_staff_can_cancel_after_the_web_cutoff(operator_client, booking):
    with views_clock(LATE):
        response = operator_client.post(
            "/booking/staff/find/", {"reference": booking.reference, "action": "cancel"}
        )
    assert response.status_code == 302
    assert Booking.objects.get(pk=booking.pk).status == "cancelled"
    assert AuditLog.objects.filter(action="booking.staff_cancel")


def test_staff_can_move_a_booking_after_the_web_cutoff(operator_client, booking):
    new_start = at(FRIDAY, 10)
    with views_clock(LATE):
        response = operator_client.post(
            "/booking/staff/find/",
            {"reference": booking.reference, "action": "change", "start": new_start.isoformat()},
        )
    assert response.status_code == 302
    assert Booking.objects.get(pk=booking.pk).start == new_start


def test_an_unknown_reference_says_so(operator_client, city):
    response = operator_client.get("/booking/staff/find/", {"reference": "AAAA-AAAA"})
    assert response.status_code == 400
    assert "見つかりません" in response.content.decode()


def test_people_without_the_booking_role_cannot_look_bookings_up(stranger_client, booking):
    response = stranger_client.get("/booking/staff/find/", {"reference": booking.reference})
    assert response.status_code in (302, 403)
    assert "person1@example.jp" not in response.content.decode()


def test_a_citizen_can_cancel_online_after_the_change_cutoff(client, booking):
    token = links.manage_token(booking)
    with mock.patch("django.utils.timezone.now", return_value=LATE):
        page = client.get(f"/booking/b/{token}/")
        assert "予約を取り消す" in page.content.decode()
        response = client.post(f"/booking/b/{token}/", {"action": "cancel"})
    assert response.status_code == 200
    assert Booking.objects.get(pk=booking.pk).status == "cancelled"
