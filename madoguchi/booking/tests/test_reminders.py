"""Reminders the day before: e-mail and SMS, never twice; SMS adapter with recorded requests."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs

import pytest

from madoguchi.booking import sms
from madoguchi.booking.models import Booking
from madoguchi.booking.services import book_slot, change_booking, send_reminders
from madoguchi.booking.tests.conftest import NOW, THURSDAY, at, contact

pytestmark = pytest.mark.django_db
DAY_BEFORE = at(THURSDAY - timedelta(days=1), 10)


@pytest.fixture(autouse=True)
def console_sms(settings):
    settings.MADOGUCHI_SMS_BACKEND = "madoguchi.booking.sms.ConsoleSmsBackend"
    sms.ConsoleSmsBackend.outbox.clear()
    return sms.ConsoleSmsBackend.outbox


def test_reminder_is_sent_once_by_email_and_sms(office, procedure, smtp_server, console_sms):
    book_slot(
        office=office,
        procedure=procedure,
        start=at(THURSDAY, 9),
        contact=contact(phone="09011112222"),
        now=NOW,
    )
    assert send_reminders(now=DAY_BEFORE) == 1
    assert send_reminders(now=DAY_BEFORE + timedelta(hours=1)) == 0
    assert len(smtp_server) == 1 and "明日" in smtp_server[0]["Subject"]
    assert "/booking/b/" in smtp_server[0].get_body().get_content()
    assert [m.to for m in console_sms] == ["+819011112222"]
    booking = Booking.objects.get()
    assert booking.reminder_sent_at and booking.reminder_sms_sent_at


def test_no_reminder_two_days_before_or_for_cancelled_bookings(office, procedure, smtp_server):
    booking = book_slot(
        office=office, procedure=procedure, start=at(THURSDAY, 9), contact=contact(), now=NOW
    )
    assert send_reminders(now=DAY_BEFORE - timedelta(days=1)) == 0
    Booking.objects.filter(pk=booking.pk).update(status="cancelled")
    assert send_reminders(now=DAY_BEFORE) == 0
    assert smtp_server == []


def test_a_changed_booking_is_reminded_again_for_its_new_day(office, procedure, smtp_server):
    booking = book_slot(
        office=office, procedure=procedure, start=at(THURSDAY, 9), contact=contact(), now=NOW
    )
    assert send_reminders(now=DAY_BEFORE) == 1
    change_booking(booking, at(THURSDAY + timedelta(days=1), 9), now=DAY_BEFORE, staff=True)
    assert send_reminders(now=DAY_BEFORE + timedelta(days=1)) == 1
    assert len(smtp_server) == 2


def test_a_failed_send_is_retried_later_not_lost(office, procedure, settings, smtp_server):
    book_slot(office=office, procedure=procedure, start=at(THURSDAY, 9), contact=contact(), now=NOW)
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }
    assert send_reminders(now=DAY_BEFORE) == 0
    assert Booking.objects.get().reminder_claimed_at is None


class _Recorder(BaseHTTPRequestHandler):
    requests: list = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        type(self).requests.append(
            {"path": self.path, "auth": self.headers["Authorization"], "form": parse_qs(body)}
        )
        reply = json.dumps({"sid": "SM123", "status": "queued"}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


@pytest.fixture
def sms_api():
    _Recorder.requests = []
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", _Recorder.requests
    server.shutdown()


def test_http_sms_backend_speaks_the_twilio_messages_shape(sms_api):
    base, requests = sms_api
    backend = sms.TwilioSmsBackend(base=base, account="AC1", token="secret", sender="+8150000000")
    sent = backend.send("090-1111-2222", "明日 09:00 のご予約")
    assert sent.message_id == "SM123"
    [request] = requests
    assert request["path"] == "/2010-04-01/Accounts/AC1/Messages.json"
    assert request["auth"] == "Basic QUMxOnNlY3JldA=="
    assert request["form"] == {
        "To": ["+819011112222"],
        "From": ["+8150000000"],
        "Body": ["明日 09:00 のご予約"],
    }


def test_http_sms_backend_reports_api_errors():
    backend = sms.TwilioSmsBackend(base="http://127.0.0.1:9", account="A", token="t", sender="+1")
    with pytest.raises(sms.SmsError):
        backend.send("09011112222", "x")


def test_a_booking_made_after_the_reminder_time_gets_no_reminder(office, procedure, smtp_server):
    from unittest import mock

    late = at(THURSDAY - timedelta(days=1), 12)
    with mock.patch("django.utils.timezone.now", return_value=late):
        book_slot(
            office=office, procedure=procedure, start=at(THURSDAY, 15), contact=contact(), now=late
        )
    assert send_reminders(now=late + timedelta(hours=1)) == 0
