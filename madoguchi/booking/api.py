"""The booking part of /api/v1/: offices, services, availability, bookings.

Mounted by the lead with ``api.add_router("", router)``. Errors follow the project's shape
``{"error": {"code", "message", "fields"}}`` through ``madoguchi.api.ApiError``.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from madoguchi.api import ApiError, error_response
from madoguchi.booking import links, ratelimit
from madoguchi.booking.availability import available_slots
from madoguchi.booking.models import Booking
from madoguchi.booking.services import (
    BookingError,
    book_slot,
    cancel_booking,
    clean_contact,
    contact_key,
)
from madoguchi.core import jp
from madoguchi.core.calendar import TOKYO, prefetch_calendar
from madoguchi.core.i18n import LANGS, tr
from madoguchi.core.models import Office, Procedure
from madoguchi.guide.facts import Facts, FactsError, parse_facts

router = Router(tags=["booking"])
MAX_RANGE_DAYS = 62


class OfficeOut(Schema):
    id: str
    name: str
    ward: str
    address: str


class ServiceOut(Schema):
    code: str
    name: str
    minutes: int
    needs_notice: bool


class SlotOut(Schema):
    start: str
    end: str
    remaining: int


class AvailabilityOut(Schema):
    slots: list[SlotOut]


class BookingIn(Schema):
    # Typed loosely on purpose: every field is checked by ``_booking_input`` so that all
    # problems are reported at once, in the client's language (not pydantic's English).
    office: Any = None
    service: Any = None
    start: Any = None
    name_kana: Any = None
    email: Any = None
    phone: Any = None
    notice_number: Any = None
    birth_date: Any = None
    lang: Any = None
    # Optional: the navigator's facts as query values (e.g. {"renewal": "ecert", "pins":
    # "forgot_all"}), kept with the booking; defaults for the service when left out.
    facts: Any = None


class BookingOut(Schema):
    reference: str
    start: str
    end: str
    office: str
    manage_url: str


class LangQuery(Schema):
    lang: str | None = None


def _lang(value: str | None) -> str:
    return value if value in LANGS else (translation.get_language() or "ja")


def iso(value: datetime) -> str:
    return value.astimezone(TOKYO).isoformat()


def _office(slug: str | None) -> Office:
    office = prefetch_calendar(Office.objects.filter(slug=slug or "")).first()
    if office is None:
        raise ApiError(
            400,
            "unknown_office",
            _("窓口が見つかりません。"),
            {"office": _("窓口が見つかりません。")},
        )
    return office


def _procedure(code: str | None) -> Procedure:
    procedure = Procedure.objects.filter(code=code or "").first()
    if procedure is None:
        raise ApiError(
            400,
            "unknown_service",
            _("手続きが見つかりません。"),
            {"service": _("手続きが見つかりません。")},
        )
    return procedure


def _date(name: str, value: str | None) -> date:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        message = _("日付は YYYY-MM-DD の形で指定してください。")
        raise ApiError(400, "invalid", message, {name: message}) from None


@router.get("/offices", response=list[OfficeOut])
def list_offices(request: HttpRequest, q: Query[LangQuery]):
    with translation.override(_lang(q.lang)):
        return [
            {"id": o.slug, "name": tr(o.name), "ward": tr(o.ward), "address": tr(o.address)}
            for o in Office.objects.order_by("order", "slug")
        ]


@router.get("/services", response=list[ServiceOut])
def list_services(request: HttpRequest, q: Query[LangQuery]):
    with translation.override(_lang(q.lang)):
        return [
            {
                "code": p.code,
                "name": tr(p.name),
                "minutes": p.minutes,
                "needs_notice": p.needs_notice,
            }
            for p in Procedure.objects.filter(offices__isnull=False).distinct().order_by("order")
        ]


@router.get("/availability", response=AvailabilityOut)
def availability(
    request: HttpRequest,
    office: str | None = None,
    service: str | None = None,
    from_date: str | None = Query(None, alias="from"),  # noqa: B008
    to: str | None = None,
    lang: str | None = None,
):
    with translation.override(_lang(lang)):
        the_office = _office(office)
        procedure = _procedure(service)
        start, end = _date("from", from_date), _date("to", to)
        if end < start:
            message = _("終わりの日付は始まりの日付より後にしてください。")
            raise ApiError(400, "invalid", message, {"to": message})
        if (end - start).days > MAX_RANGE_DAYS:
            message = _("一度に調べられるのは62日までです。")
            raise ApiError(400, "invalid", message, {"to": message})
        if not the_office.procedures.filter(pk=procedure.pk).exists():
            message = _("この窓口ではこの手続きを予約できません。")
            raise ApiError(400, "invalid", message, {"service": message})
        slots = available_slots(the_office, procedure.minutes, start, end, timezone.now())
        return {
            "slots": [
                {"start": iso(s.start), "end": iso(s.end), "remaining": s.remaining} for s in slots
            ]
        }


def _facts(value: dict[str, str] | None) -> Facts | None:
    if not value:
        return None
    try:
        return parse_facts(value)
    except FactsError as exc:
        fields = {f"facts.{key}": f"{key} {message}" for key, message in exc.fields.items()}
        raise ApiError(400, "invalid_facts", next(iter(fields.values())), fields) from None


def _parse_start(value: str | None) -> datetime:
    try:
        start = datetime.fromisoformat(value or "")
    except ValueError:
        start = None
    if start is None or timezone.is_naive(start):
        message = _("日時は 2027-01-14T09:00:00+09:00 の形で指定してください。")
        raise ApiError(400, "invalid", message, {"start": message})
    return start


def idempotency_key(request: HttpRequest) -> str:
    """The client's Idempotency-Key scoped to its IP (another client's key never matches)."""
    raw = (request.headers.get("Idempotency-Key") or "").strip()
    if not raw:
        return ""
    digest = hashlib.sha256(f"{ratelimit.client_ip(request)}\n{raw}".encode()).hexdigest()
    return f"api:{digest[:60]}"


def request_hash(payload: BookingIn) -> str:
    """A hash of the request body: the same key with another body is refused (422)."""
    body = json.dumps(payload.dict(), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def _rate_limited(request: HttpRequest, window: int) -> HttpResponse:
    response = error_response(
        request,
        429,
        "rate_limited",
        _("短い時間に多くの申し込みがありました。しばらくしてからお試しください。"),
    )
    response["Retry-After"] = str(ratelimit.retry_after(window))
    return response


TEXT_FIELDS = ("office", "service", "start", "name_kana", "email", "phone", "notice_number")
TEXT_FIELDS += ("birth_date", "lang")
REQUIRED = ("office", "service", "start", "name_kana")


def _booking_input(payload: BookingIn, now: datetime):
    """Check every field and raise one ApiError(400) listing all problems; else return
    (office, procedure, start, contact, facts)."""
    raw = payload.dict()
    fields: dict[str, str] = {}
    for name in TEXT_FIELDS:
        value = raw.get(name)
        if value is not None and not isinstance(value, str):
            fields[name] = _("文字列で指定してください。")
            raw[name] = None
            continue
        try:
            jp.reject_my_number(value or "")
        except ValidationError as exc:
            fields[name] = " ".join(str(m) for m in exc.messages)
            raw[name] = None
    for name in REQUIRED:
        if name not in fields and not (raw.get(name) or "").strip():
            fields[name] = _("入力してください。")
    office = procedure = start = facts = contact = None
    if "office" not in fields:
        office = prefetch_calendar(Office.objects.filter(slug=raw["office"])).first()
        if office is None:
            fields["office"] = _("窓口が見つかりません。")
    if "service" not in fields:
        procedure = Procedure.objects.filter(code=raw["service"]).first()
        if procedure is None:
            fields["service"] = _("手続きが見つかりません。")
    if "start" not in fields:
        try:
            start = datetime.fromisoformat(raw["start"])
        except ValueError:
            start = None
        if start is None or timezone.is_naive(start):
            fields["start"] = _("日時は 2027-01-14T09:00:00+09:00 の形で指定してください。")
    if raw.get("facts") is not None:
        if not isinstance(raw["facts"], dict) or not all(
            isinstance(v, str) for v in raw["facts"].values()
        ):
            fields["facts"] = _("facts は文字列の値をもつオブジェクトで指定してください。")
        else:
            try:
                facts = _facts(raw["facts"])
            except ApiError as exc:
                fields |= exc.fields
    try:
        contact = clean_contact(
            raw, procedure or SimpleNamespace(needs_notice=False), now.astimezone(TOKYO).date()
        )
    except BookingError as exc:
        fields |= {k: v for k, v in exc.fields.items() if k not in fields}
    if fields:
        codes = {"office": "unknown_office", "service": "unknown_service"}
        code = codes.get(next(iter(fields)), "invalid") if len(fields) == 1 else "invalid"
        raise ApiError(400, code, _("入力内容を確認してください。"), fields)
    return office, procedure, start, contact, facts


@router.post("/bookings", response={201: BookingOut})
def create_booking(request: HttpRequest, payload: BookingIn):
    lang = _lang(payload.lang if isinstance(payload.lang, str) else None)
    with translation.override(lang):
        if not ratelimit.allow_ip(request):
            return _rate_limited(request, ratelimit.PER_IP[1])
        now = timezone.now()
        office, procedure, start, contact, facts = _booking_input(payload, now)
        if not ratelimit.allow_contact(contact_key(contact)):
            return _rate_limited(request, ratelimit.PER_CONTACT[1])
        try:
            booking = book_slot(
                office=office,
                procedure=procedure,
                start=start,
                contact=contact,
                now=now,
                idempotency_key=idempotency_key(request),
                request_hash=request_hash(payload),
                channel=Booking.Channel.API,
                lang=lang,
                facts=facts,
            )
        except BookingError as exc:
            raise ApiError(exc.status, exc.code, exc.message, exc.fields) from None
        return Status(
            201,
            {
                "reference": booking.reference,
                "start": iso(booking.start),
                "end": iso(booking.end),
                "office": office.slug,
                "manage_url": request.build_absolute_uri(links.manage_path(booking, lang)),
            },
        )


@router.delete("/bookings/{token}", response={204: None})
def delete_booking(request: HttpRequest, token: str):
    found = links.booking_from_token(token)
    if found is None:
        old = links.booking_of_any_version(token)
        if old is not None and not old.is_active:
            return Status(204, None)  # already cancelled: deleting twice is fine
        raise ApiError(
            404, "not_found", _("予約が見つからないか、このリンクは使えなくなっています。")
        )
    booking, version = found
    try:
        cancel_booking(booking, token_version=version)
    except BookingError as exc:
        raise ApiError(exc.status, exc.code, exc.message, exc.fields) from None
    return Status(204, None)
