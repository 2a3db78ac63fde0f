"""Text messages through an adapter: a console backend for development and tests, and an HTTP
backend speaking the Twilio Programmable Messaging REST API shape
(``POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json``, form fields ``To``, ``From``,
``Body``, HTTP basic auth with the account SID and auth token; the reply is JSON with ``sid``).

Choose with ``settings.MADOGUCHI_SMS_BACKEND`` (dotted path); the HTTP backend reads
``MADOGUCHI_SMS_API_BASE`` (default ``https://api.twilio.com``), ``MADOGUCHI_SMS_ACCOUNT``,
``MADOGUCHI_SMS_TOKEN`` and ``MADOGUCHI_SMS_FROM``.
"""

from __future__ import annotations

import base64
import json
import logging
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


class SmsError(Exception):
    pass


@dataclass(frozen=True)
class SentSms:
    to: str
    body: str
    message_id: str


def to_e164(phone: str) -> str:
    """'09012345678' → '+819012345678' (Japanese numbers, stored as digits with a leading 0)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if phone.startswith("+"):
        return "+" + digits
    if digits.startswith("0"):
        return "+81" + digits[1:]
    raise SmsError(f"not a Japanese phone number: {phone!r}")


class ConsoleSmsBackend:
    """Logs each message and keeps it in ``outbox`` (development, tests)."""

    outbox: list[SentSms] = []

    def send(self, to: str, body: str) -> SentSms:
        sent = SentSms(to=to_e164(to), body=body, message_id=f"console-{len(self.outbox) + 1}")
        type(self).outbox.append(sent)
        log.info("SMS to %s: %s", sent.to, body)
        return sent


class TwilioSmsBackend:
    def __init__(
        self,
        base: str | None = None,
        account: str | None = None,
        token: str | None = None,
        sender: str | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.base = base or getattr(settings, "MADOGUCHI_SMS_API_BASE", "https://api.twilio.com")
        self.base = self.base.rstrip("/")
        self.account = account or getattr(settings, "MADOGUCHI_SMS_ACCOUNT", "")
        self.token = token or getattr(settings, "MADOGUCHI_SMS_TOKEN", "")
        self.sender = sender or getattr(settings, "MADOGUCHI_SMS_FROM", "")
        self.timeout = timeout
        if not (self.account and self.token and self.sender):
            raise SmsError("SMS backend needs MADOGUCHI_SMS_ACCOUNT, _TOKEN and _FROM")

    def send(self, to: str, body: str) -> SentSms:
        to = to_e164(to)
        url = f"{self.base}/2010-04-01/Accounts/{urllib.parse.quote(self.account)}/Messages.json"
        data = urllib.parse.urlencode({"To": to, "From": self.sender, "Body": body}).encode()
        auth = base64.b64encode(f"{self.account}:{self.token}".encode()).decode()
        request = urllib.request.Request(  # noqa: S310 (URL comes from settings, https in prod)
            url,
            data=data,
            method="POST",
            headers={
                "Authorization": f"Basic {auth}",
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                payload = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise SmsError(f"SMS API answered {exc.code}: {exc.read()[:200]!r}") from exc
        except (urllib.error.URLError, TimeoutError, ValueError) as exc:
            raise SmsError(f"SMS API unreachable or bad reply: {exc}") from exc
        sid = payload.get("sid")
        if not sid:
            raise SmsError(f"SMS API reply without sid: {payload!r}")
        return SentSms(to=to, body=body, message_id=sid)


def get_sms_backend():
    path = getattr(settings, "MADOGUCHI_SMS_BACKEND", "madoguchi.booking.sms.ConsoleSmsBackend")
    return import_string(path)()
