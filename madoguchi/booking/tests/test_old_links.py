"""Double clicks and old links: when the booking is already in the requested state, say so
(取り消し済み, or the result) instead of an error."""

from datetime import timedelta

import pytest

from madoguchi.booking import links
from madoguchi.booking.models import Booking
from madoguchi.booking.services import cancel_booking
from madoguchi.booking.tests.conftest import NOW, THURSDAY, at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_clock")]
FRIDAY = THURSDAY + timedelta(days=1)


def test_cancelling_twice_shows_already_cancelled_not_an_error(client, booking):
    token = links.manage_token(booking)
    first = client.post(f"/booking/b/{token}/", {"action": "cancel"})
    second = client.post(f"/booking/b/{token}/", {"action": "cancel"})
    assert first.status_code == 200
    assert second.status_code == 200
    assert "取り消し済み" in second.content.decode()


def test_an_old_link_to_a_cancelled_booking_says_it_is_cancelled(client, booking):
    token = links.manage_token(booking)
    cancel_booking(booking, now=NOW)
    response = client.get(f"/booking/b/{token}/")
    assert response.status_code == 200
    assert "取り消し済み" in response.content.decode()


def test_delete_twice_through_the_api_gives_204_both_times(client, booking):
    token = links.manage_token(booking)
    assert client.delete(f"/api/v1/bookings/{token}").status_code == 204
    assert client.delete(f"/api/v1/bookings/{token}").status_code == 204
    assert client.delete(f"/booking/b/{token}/").status_code == 204


def test_a_forged_link_is_still_not_found(client, booking):
    assert client.delete("/api/v1/bookings/not-a-token").status_code == 404
    assert client.get("/booking/b/not-a-token/").status_code == 404


def test_a_double_click_on_change_shows_the_result(client, booking):
    token = links.manage_token(booking)
    body = {"day": FRIDAY.isoformat(), "start": at(FRIDAY, 10).isoformat()}
    first = client.post(f"/booking/b/{token}/change/", body)
    second = client.post(f"/booking/b/{token}/change/", body)
    assert first.status_code == second.status_code == 302
    assert client.get(second["Location"]).status_code == 200
    assert Booking.objects.get(pk=booking.pk).start == at(FRIDAY, 10)


def test_an_old_link_of_a_changed_booking_in_another_browser_is_gone(client, booking):
    from madoguchi.booking.services import change_booking

    token = links.manage_token(booking)
    change_booking(booking, at(FRIDAY, 10), now=NOW)
    response = client.get(f"/booking/b/{token}/")
    assert response.status_code == 404
    assert links.manage_token(Booking.objects.get(pk=booking.pk)) not in response.content.decode()
