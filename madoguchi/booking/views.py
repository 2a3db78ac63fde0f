"""Citizen and staff booking pages: server-rendered, one question per page, no JS needed.

procedure → office → day → time (a short hold) → details → check your answers → confirmation.
Personal data never goes into URLs: the contact details travel in the POST body and the session.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import segno
from django.contrib import messages as flash
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from madoguchi.accounts.decorators import staff_required
from madoguchi.accounts.services import audit
from madoguchi.booking import case, links, ratelimit, services
from madoguchi.booking.availability import (
    available_slots,
    earliest_slot,
    last_bookable_day,
)
from madoguchi.booking.case import Journey
from madoguchi.booking.messages import booking_ics
from madoguchi.booking.models import Booking, Hold
from madoguchi.booking.services import BookingError, InvalidBooking, format_reference
from madoguchi.core.calendar import TOKYO, prefetch_calendar
from madoguchi.core.i18n import current_lang, tr
from madoguchi.core.models import Office, Procedure

HOLD_SESSION_KEY = "booking-hold"
CONTACT_FIELDS = ("name_kana", "email", "phone", "notice_number", "birth_date")


# --- small helpers ------------------------------------------------------------------------------


def _procedure(code: str | None) -> Procedure | None:
    return Procedure.objects.filter(code=code or "", offices__isnull=False).distinct().first()


def _office(slug: str | None, procedure: Procedure) -> Office | None:
    return prefetch_calendar(Office.objects.filter(slug=slug or "", procedures=procedure)).first()


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None


def _step_url(name: str, journey: Journey | None = None, **params) -> str:
    """A booking step's URL with its own parameters followed by the journey's."""
    query = {k: v for k, v in params.items() if v} | (journey.params() if journey else {})
    url = reverse(f"booking:{name}")
    return f"{url}?{urlencode(query)}" if query else url


def _journey_context(journey: Journey, now: datetime) -> dict:
    """What every step needs to carry the journey on and to say why days are held back."""
    return {
        "journey_params": journey.params(),
        "not_before": journey.waiting_until(now.astimezone(TOKYO).date()),
    }


def _slots_by_day(office, procedure, now, not_before: date | None = None) -> list[tuple[date, int]]:
    today = now.astimezone(TOKYO).date()
    first = max(today, not_before) if not_before else today
    slots = available_slots(office, procedure.minutes, first, last_bookable_day(office, now), now)
    days: dict[date, int] = {}
    for slot in slots:
        day = slot.start.astimezone(TOKYO).date()
        days[day] = days.get(day, 0) + 1
    return sorted(days.items())


def _scrubbed(values: dict[str, str]) -> dict[str, str]:
    """The form values to show again, without anything that looks like a 個人番号: a rejected
    number is never printed back into the page."""
    from madoguchi.core import jp

    return {
        name: ("" if jp.looks_like_my_number(value or "") else value)
        for name, value in values.items()
    }


BOOKED_SESSION_KEY = "booking-booked"


def _remember_booked(request, booking: Booking) -> None:
    """The done page is for the browser that booked; others get the manage page."""
    booked = [pk for pk in request.session.get(BOOKED_SESSION_KEY, []) if pk != booking.pk]
    request.session[BOOKED_SESSION_KEY] = (booked + [booking.pk])[-10:]


def _render(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, f"booking/{template}", context, status=status)


def _error_page(request, message: str, status: int = 404) -> HttpResponse:
    return _render(request, "gone.html", {"message": message}, status=status)


def _old_link_page(request, token: str) -> HttpResponse:
    """An outdated or cancelled link: when the booking is already where the citizen wanted it
    (cancelled; or changed in this very browser, e.g. a double click) say so instead of an
    error; otherwise the link is gone."""
    booking = links.booking_of_any_version(token)
    if booking is not None and not booking.is_active:
        return _render(request, "cancelled.html", {"booking": booking, "already": True})
    if booking is not None and booking.pk in request.session.get(BOOKED_SESSION_KEY, []):
        return redirect("booking:done", token=links.manage_token(booking))
    return _error_page(
        request, _("このリンクは使えなくなっています。最新のメールのリンクをお使いください。")
    )


# --- citizen flow ---------------------------------------------------------------------------------


def _guide_back_url(journey: Journey) -> str:
    """The navigator's result the citizen came from."""
    return case.guide_path(journey.facts, current_lang())


def start(request: HttpRequest) -> HttpResponse:
    """Choose the procedure (skipped when the navigator sends ?service=<code>)."""
    code = request.GET.get("service")
    journey = case.journey_from(request.GET)
    procedure = _procedure(code)
    if procedure is not None:
        return redirect(_step_url("office", journey, service=procedure.code))
    procedures = Procedure.objects.filter(offices__isnull=False).distinct().order_by("order")
    error = _("手続きを選んでください。") if code is not None else ""
    context = {
        "procedures": procedures,
        "error": error,
        "guide_back_url": _guide_back_url(journey) if journey.from_guide else "",
    }
    return _render(request, "start.html", context | _journey_context(journey, timezone.now()))


def choose_office(request: HttpRequest) -> HttpResponse:
    """The first question when the procedure is known: the office, with its earliest free time
    (not before ``not_before``)."""
    journey = case.journey_from(request.GET)
    procedure = _procedure(request.GET.get("service"))
    if procedure is None:
        return redirect(_step_url("start", journey, service="_"))
    now = timezone.now()
    ward = request.GET.get("ward", "")
    offices = list(prefetch_calendar(Office.objects.filter(procedures=procedure)))
    offices.sort(key=lambda o: (o.ward.get("ja") != ward, o.order, o.slug))
    rows = [
        (office, earliest_slot(office, procedure.minutes, now, not_before=journey.not_before))
        for office in offices
    ]
    wards = sorted({(o.ward.get("ja"), tr(o.ward)) for o in offices}, key=lambda w: w[0])
    error = _("窓口を選んでください。") if "office" in request.GET else ""
    back_url = _guide_back_url(journey) if journey.from_guide else _step_url("start", journey)
    context = {
        "procedure": procedure,
        "rows": rows,
        "wards": wards,
        "ward": ward,
        "error": error,
        "back_url": back_url,
        "back_to_guide": journey.from_guide,
    }
    return _render(request, "office.html", context | _journey_context(journey, now))


def choose_day(request: HttpRequest) -> HttpResponse:
    journey = case.journey_from(request.GET)
    procedure = _procedure(request.GET.get("service"))
    if procedure is None:
        return redirect(_step_url("start", journey, service="_"))
    office = _office(request.GET.get("office"), procedure)
    if office is None:
        return redirect(_step_url("office", journey, service=procedure.code, office="_"))
    now = timezone.now()
    days = _slots_by_day(office, procedure, now, journey.not_before)
    error = _("日にちを選んでください。") if "day" in request.GET else ""
    release_day, release_at = services.next_release(office, now)
    context = {
        "procedure": procedure,
        "office": office,
        "days": days,
        "release_day": release_day,
        "release_at": release_at,
        "error": error,
        "back_url": _step_url("office", journey, service=procedure.code),
    }
    return _render(request, "day.html", context | _journey_context(journey, now))


def choose_time(request: HttpRequest) -> HttpResponse:
    params = request.POST if request.method == "POST" else request.GET
    journey = case.journey_from(params)
    procedure = _procedure(params.get("service"))
    if procedure is None:
        return redirect(_step_url("start", journey, service="_"))
    office = _office(params.get("office"), procedure)
    day = _day(params.get("day"))
    if office is None:
        return redirect(_step_url("office", journey, service=procedure.code, office="_"))
    now = timezone.now()
    if day is None:  # the day page again, saying what is wrong (no odd ?day=_ address)
        context = {
            "procedure": procedure,
            "office": office,
            "days": _slots_by_day(office, procedure, now, journey.not_before),
            "error": _("日にちを選んでください。"),
            "back_url": _step_url("office", journey, service=procedure.code),
        }
        return _render(request, "day.html", context | _journey_context(journey, now), status=400)
    error = ""
    error_status = 400
    if request.method == "POST":
        if not ratelimit.allow_ip(request, scope="hold"):
            error = _("短い時間に多くの申し込みがありました。しばらくしてからお試しください。")
            error_status = 429
        else:
            start_at = _parse_local(params.get("start"))
            if start_at is None:
                error = _("時間を選んでください。")
            else:
                try:
                    previous = request.session.get(HOLD_SESSION_KEY)
                    if previous:  # one hold per visitor: choosing again frees the last one
                        services.release_hold(previous)
                    hold = services.hold_slot(office, procedure, start_at, now=now, journey=journey)
                    request.session[HOLD_SESSION_KEY] = hold.token
                    return redirect("booking:details", hold=hold.token)
                except BookingError as exc:
                    error = exc.message
                    error_status = exc.status
    shown = day if not journey.not_before or day >= journey.not_before else None
    slots = available_slots(office, procedure.minutes, day, day, now) if shown else []
    hidden = {"service": procedure.code, "office": office.slug, "day": day.isoformat()}
    context = {
        "procedure": procedure,
        "office": office,
        "day": day,
        "slots": slots,
        "error": error,
        "action": reverse("booking:time"),
        "hidden": hidden | journey.params(),
        "back": _step_url("day", journey, service=procedure.code, office=office.slug),
        "day_reason": services.day_unavailable_reason(office, day, now),
    }
    return _render(
        request,
        "time.html",
        context | _journey_context(journey, now),
        status=error_status if error and request.method == "POST" else 200,
    )


def _parse_local(value: str | None) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value or "")
    except ValueError:
        return None
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=TOKYO)


def _active_hold(token: str) -> Hold:
    hold = Hold.objects.select_related("office__city", "procedure").filter(token=token).first()
    if hold is None:
        raise Http404
    return hold


def _draft_key(hold: Hold) -> str:
    return f"booking-draft:{hold.token}"


def _hold_context(hold: Hold) -> dict:
    """The journey kept on the hold, and the way back to its time page."""
    journey = case.journey_of(hold)
    time_url = _step_url(
        "time",
        journey,
        service=hold.procedure.code,
        office=hold.office.slug,
        day=hold.start.astimezone(TOKYO).date().isoformat(),
    )
    return {"time_url": time_url} | _journey_context(journey, timezone.now())


def details(request: HttpRequest, hold: str) -> HttpResponse:
    the_hold = _active_hold(hold)
    if the_hold.status == Hold.Status.USED:
        return _already_booked(request, the_hold)
    values = request.session.get(_draft_key(the_hold), {})
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {name: request.POST.get(name, "").strip() for name in CONTACT_FIELDS}
        try:
            contact = services.clean_contact(values, the_hold.procedure, timezone.localdate())
        except InvalidBooking as exc:
            errors = exc.fields
            values = _scrubbed(values)
        else:
            if services.active_booking_for(contact, the_hold.procedure) is not None:
                field = "notice_number" if contact.notice_number else "name_kana"
                errors = {field: services.already_booked_message()}
            else:
                request.session[_draft_key(the_hold)] = values
                return redirect("booking:confirm", hold=the_hold.token)
    return _render(
        request,
        "details.html",
        {"hold": the_hold, "values": values, "errors": errors} | _hold_context(the_hold),
        status=400 if errors else 200,
    )


def _already_booked(request, hold: Hold) -> HttpResponse:
    booking = Booking.objects.filter(idempotency_key=f"hold:{hold.token}").first()
    if booking is None:
        raise Http404
    return redirect("booking:done", token=links.manage_token(booking))


def confirm(request: HttpRequest, hold: str) -> HttpResponse:
    """Check your answers; the POST books (twice-safe: the hold books once)."""
    the_hold = _active_hold(hold)
    if the_hold.status == Hold.Status.USED:
        return _already_booked(request, the_hold)
    values = request.session.get(_draft_key(the_hold))
    if not values:
        return redirect("booking:details", hold=the_hold.token)
    error = ""
    if request.method == "POST":
        try:
            contact = services.clean_contact(values, the_hold.procedure, timezone.localdate())
            if not ratelimit.allow_contact(services.contact_key(contact)):
                raise BookingError(
                    _("短い時間に多くの申し込みがありました。しばらくしてからお試しください。")
                )
            booking = services.book_slot(
                office=the_hold.office,
                procedure=the_hold.procedure,
                start=the_hold.start,
                contact=contact,
                hold_token=the_hold.token,
                lang=current_lang(),
                facts=case.stored_facts(the_hold.facts),
                not_before=the_hold.not_before,
            )
        except BookingError as exc:
            error = exc.message
        else:
            request.session.pop(_draft_key(the_hold), None)
            _remember_booked(request, booking)
            return redirect("booking:done", token=links.manage_token(booking))
    return _render(
        request,
        "confirm.html",
        {"hold": the_hold, "values": _as_stored(values, the_hold), "error": error}
        | _hold_context(the_hold),
        status=409 if error else 200,
    )


def _as_stored(values: dict[str, str], hold: Hold) -> dict[str, str]:
    """The contact details as they will be kept (カタカナ, digits), for 'check your answers'."""
    from madoguchi.booking.templatetags.booking_tags import day_label
    from madoguchi.core import jp

    try:
        contact = services.clean_contact(values, hold.procedure, timezone.localdate())
    except InvalidBooking:
        return _scrubbed(values)
    return {
        "name_kana": contact.name_kana,
        "email": contact.email,
        "phone": jp.format_phone(contact.phone) if contact.phone else "",
        "notice_number": contact.notice_number,
        "birth_date": day_label(contact.birth_date) if contact.birth_date else "",
    }


def _booking_context(booking: Booking, token: str) -> dict:
    qr = segno.make(format_reference(booking.reference), error="m")
    lang = current_lang()
    visit_day = booking.start.astimezone(TOKYO).date()
    bring = case.bring_items(booking.facts, booking.procedure.code, lang, visit_day)
    return {
        "bring": bring,
        "bring_partial": not case.guide_link_is_result(booking.facts, bring),
        "guide_url": case.guide_path(booking.facts, lang),
        "booking": booking,
        "token": token,
        "reference": format_reference(booking.reference),
        "qr": qr.svg_data_uri(scale=5, border=2),
        "cutoff": services.change_cutoff(booking),
        "can_change": services.can_change(booking, timezone.now()),
        "can_cancel": services.can_cancel(booking, timezone.now()),
        "waitlisted": hasattr(booking, "waitlist") and booking.waitlist.active,
    }


def done(request: HttpRequest, token: str) -> HttpResponse:
    found = links.booking_from_token(token)
    if found is None or not found[0].is_active:
        return _old_link_page(request, token)
    if found[0].pk not in request.session.get(BOOKED_SESSION_KEY, []):
        return redirect("booking:manage", token=token)
    return _render(request, "done.html", _booking_context(found[0], token))


@csrf_exempt
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """The booking behind a signed link. DELETE (for API clients) cancels: 204.
    The signed link is the credential; CSRF still guards the HTML form posts."""
    if request.method == "DELETE":
        found = links.booking_from_token(token)
        if found is None:
            old = links.booking_of_any_version(token)
            gone = old is not None and not old.is_active
            return HttpResponse(status=204 if gone else 404)  # cancelling twice is fine
        try:
            services.cancel_booking(found[0], token_version=found[1])
        except BookingError as exc:
            return HttpResponse(exc.message, status=exc.status, content_type="text/plain")
        return HttpResponse(status=204)
    return _manage_page(request, token)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _manage_page(request: HttpRequest, token: str) -> HttpResponse:
    found = links.booking_from_token(token)
    if found is None:
        return _old_link_page(request, token)
    booking, version = found
    action = request.POST.get("action") or request.GET.get("action", "")
    if request.method == "POST":
        try:
            if action == "cancel":
                services.cancel_booking(booking, token_version=version)
                return _render(request, "cancelled.html", {"booking": booking})
            if action == "attend":
                services.confirm_attendance(booking)
                flash.success(request, _("ご来庁の予定を受け付けました。ありがとうございます。"))
            elif action == "waitlist":
                services.join_waitlist(booking)
                flash.success(
                    request,
                    _("早い時間が空いたら、メールでお知らせします。")
                    if booking.email
                    else _("早い時間が空いたら、SMS（ショートメッセージ）でお知らせします。"),
                )
            elif action == "leave_waitlist":
                services.leave_waitlist(booking)
                flash.success(request, _("キャンセル待ちをやめました。"))
        except BookingError as exc:
            flash.error(request, exc.message)
        return redirect("booking:manage", token=token)
    if not booking.is_active:
        return _old_link_page(request, token)
    context = _booking_context(booking, token) | {"confirm_cancel": action == "cancel"}
    return _render(request, "manage.html", context)


def ics_download(request: HttpRequest, token: str) -> HttpResponse:
    found = links.booking_from_token(token)
    if found is None:
        raise Http404
    response = HttpResponse(booking_ics(found[0]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="booking-{found[0].reference}.ics"'
    return response


def change(request: HttpRequest, token: str) -> HttpResponse:
    """Pick a new day and time; the new time is booked before the old one is released."""
    found = links.booking_from_token(token)
    if found is None or not found[0].is_active:
        return _old_link_page(request, token)
    booking, version = found
    office = prefetch_calendar(Office.objects.filter(pk=booking.office_id)).get()
    procedure = booking.procedure
    now = timezone.now()
    if not services.can_change(booking, now):
        return _error_page(
            request, _("ウェブでの変更・取消の期限を過ぎています。お電話でご連絡ください。"), 409
        )
    params = request.POST if request.method == "POST" else request.GET
    day = _day(params.get("day"))
    error = ""
    error_status = 400
    if request.method == "POST":
        new_start = _parse_local(params.get("start"))
        if new_start is None:
            error = _("時間を選んでください。")
        else:
            try:
                booking = services.change_booking(
                    booking, new_start, now=now, token_version=version
                )
            except BookingError as exc:
                error = exc.message
                error_status = exc.status
            else:
                flash.success(request, _("予約を変更しました。前のリンクは使えなくなりました。"))
                _remember_booked(request, booking)
                return redirect("booking:done", token=links.manage_token(booking))
    not_before = booking.not_before
    waiting = {
        "not_before": Journey(not_before=not_before).waiting_until(now.astimezone(TOKYO).date())
    }
    if day is None:
        days = _slots_by_day(office, procedure, now, not_before)
        return _render(
            request,
            "day.html",
            {"procedure": procedure, "office": office, "days": days, "change_token": token,
             "error": _("日にちを選んでください。") if "day" in params else ""} | waiting,
        )  # fmt: skip
    too_early = bool(not_before and day < not_before)
    slots = [] if too_early else available_slots(office, procedure.minutes, day, day, now)
    return _render(
        request,
        "time.html",
        {
            "procedure": procedure,
            "office": office,
            "day": day,
            "slots": slots,
            "error": error,
            "action": reverse("booking:change", args=[token]),
            "hidden": {"day": day.isoformat()},
            "back": reverse("booking:change", args=[token]),
            "changing": booking,
            "day_reason": services.day_unavailable_reason(office, day, now),
        }
        | waiting,
        status=error_status if error else 200,
    )


def find(request: HttpRequest) -> HttpResponse:
    """Find a booking by its reference and the date of birth, e-mail or phone given."""
    values = {"reference": "", "secret": ""}
    error = ""
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in values}
        if not ratelimit.allow_ip(request, scope="find"):
            error = _("短い時間に多くの申し込みがありました。しばらくしてからお試しください。")
        else:
            booking = _find_booking(values["reference"], values["secret"])
            if booking is not None:
                return redirect("booking:manage", token=links.manage_token(booking))
            error = _(
                "予約が見つかりませんでした。予約番号と、生年月日・メールアドレス・電話番号のいずれかをご確認ください。"
            )
            values = _scrubbed(values)
    return _render(
        request, "find.html", {"values": values, "error": error}, status=400 if error else 200
    )


def _find_booking(reference: str, secret: str) -> Booking | None:
    from madoguchi.core import jp

    booking = Booking.objects.filter(
        reference=services.normalise_reference(reference), status=Booking.Status.CONFIRMED
    ).first()
    if booking is None or not secret:
        return None
    secret = jp.nfkc(secret).strip()
    candidates = {secret.lower(), jp.normalise_phone(secret)}
    birth = services.parse_date_of_birth(secret)
    if booking.birth_date and birth == booking.birth_date:
        return booking
    if booking.email and booking.email in candidates:
        return booking
    if booking.phone and booking.phone in candidates:
        return booking
    return None


def offer(request: HttpRequest, hold: str) -> HttpResponse:
    """A waitlisted citizen answers an offer of an earlier time."""
    the_hold = get_object_or_404(
        Hold.objects.select_related("office", "procedure", "waitlist_entry__booking"),
        token=hold,
        purpose=Hold.Purpose.WAITLIST_OFFER,
    )
    live = the_hold.status == Hold.Status.ACTIVE and the_hold.expires_at > timezone.now()
    if request.method == "POST" and live:
        if request.POST.get("action") == "accept":
            try:
                booking = services.accept_offer(the_hold)
            except BookingError as exc:
                return _error_page(request, exc.message, 409)
            flash.success(request, _("予約を変更しました。前のリンクは使えなくなりました。"))
            _remember_booked(request, booking)
            return redirect("booking:done", token=links.manage_token(booking))
        services.decline_offer(the_hold)
        return _render(request, "offer.html", {"hold": the_hold, "declined": True})
    if not live:
        booking = the_hold.waitlist_entry.booking if the_hold.waitlist_entry else None
        accepted = the_hold.status == Hold.Status.USED and booking is not None
        if accepted and booking.is_active and booking.start == the_hold.start:
            _remember_booked(request, booking)  # a second click on "accept": it is done
            return redirect("booking:done", token=links.manage_token(booking))
        return _error_page(request, _("このご案内の期限が過ぎたか、すでに使われています。"), 410)
    return _render(request, "offer.html", {"hold": the_hold, "live": live})


# --- staff: booking on behalf of a caller -----------------------------------------------------------


@staff_required("book_on_behalf")
def staff_book(request: HttpRequest) -> HttpResponse:
    """Phone operators and counter clerks book for a caller (same rules, same capacity)."""
    params = request.POST if request.method == "POST" else request.GET
    procedures = Procedure.objects.filter(offices__isnull=False).distinct().order_by("order")
    procedure = _procedure(params.get("service"))
    office = _office(params.get("office"), procedure) if procedure else None
    offices = prefetch_calendar(Office.objects.filter(procedures=procedure)) if procedure else []
    day = _day(params.get("day"))
    journey = case.journey_from(params)  # an operator may come from the navigator's result
    if day and journey.not_before and day < journey.not_before:
        day = None
    now = timezone.now()
    errors: dict[str, str] = {}
    values = {name: params.get(name, "") for name in CONTACT_FIELDS}
    booked = None
    existing_reference = ""
    if request.method == "POST" and procedure and office:
        start_at = _parse_local(params.get("start"))
        try:
            if start_at is None:
                raise InvalidBooking(
                    _("時間を選んでください。"), fields={"start": _("時間を選んでください。")}
                )
            contact = services.clean_contact(values, procedure, timezone.localdate())
            channel = (
                Booking.Channel.COUNTER
                if params.get("channel") == "counter"
                else Booking.Channel.PHONE
            )
            booked = services.book_slot(
                office=office,
                procedure=procedure,
                start=start_at,
                contact=contact,
                channel=channel,
                lang=params.get("lang") if params.get("lang") in ("ja", "en", "easy") else "ja",
                booked_by=request.user,
                now=now,
                facts=journey.facts,
                not_before=journey.not_before,
            )
            audit(request, "booking.book_on_behalf", booked, detail={"channel": channel})
        except services.AlreadyBooked as exc:
            existing = services.active_booking_for(contact, procedure)
            errors = {"name_kana": exc.message}
            if existing is not None:
                errors["name_kana"] = _(
                    "この方はこの手続きをすでに予約しています（予約番号 %(ref)s）。"
                    "変更する場合は「予約の確認・変更・取消」から行ってください。"
                ) % {"ref": format_reference(existing.reference)}
                existing_reference = existing.reference
        except BookingError as exc:
            errors = exc.fields or {"start": exc.message}
            values = _scrubbed(values)
    days = _slots_by_day(office, procedure, now, journey.not_before) if office else []
    slots = available_slots(office, procedure.minutes, day, day, now) if office and day else []
    return _render(
        request,
        "staff.html",
        {
            "procedures": procedures,
            "procedure": procedure,
            "offices": offices,
            "office": office,
            "days": days,
            "day": day,
            "slots": slots,
            "values": values,
            "errors": errors,
            "booked": booked,
            "booked_reference": format_reference(booked.reference) if booked else "",
            "existing_reference": existing_reference,
            "bring": (
                case.bring_items(
                    booked.facts,
                    procedure.code,
                    current_lang(),
                    booked.start.astimezone(TOKYO).date(),
                )
                if booked
                else []
            ),
            "hours_ahead": timedelta(hours=0),
        }
        | _journey_context(journey, now),
        status=400 if errors else 200,
    )


@staff_required("book_on_behalf")
def staff_find(request: HttpRequest) -> HttpResponse:
    """Phone and counter staff look a booking up by its reference, then cancel or move it for
    the caller (no web cutoff for staff). Showing the contact details is audited."""
    params = request.POST if request.method == "POST" else request.GET
    reference = services.normalise_reference(params.get("reference", ""))
    booking = (
        Booking.objects.select_related("office__city", "procedure")
        .filter(reference=reference)
        .first()
        if reference
        else None
    )
    error = ""
    if reference and booking is None:
        error = _("この予約番号の予約は見つかりません。")
    now = timezone.now()
    if request.method == "POST" and booking is not None:
        action = params.get("action")
        try:
            if action == "cancel":
                services.cancel_booking(booking, now=now, staff=True)
                audit(request, "booking.staff_cancel", booking)
                flash.success(request, _("予約を取り消しました。"))
            elif action == "change":
                new_start = _parse_local(params.get("start"))
                if new_start is None:
                    raise InvalidBooking(_("時間を選んでください。"))
                old = booking.start
                services.change_booking(booking, new_start, now=now, staff=True)
                audit(
                    request,
                    "booking.staff_change",
                    booking,
                    detail={"from": old.isoformat(), "to": new_start.isoformat()},
                )
                flash.success(request, _("予約を変更しました。"))
        except BookingError as exc:
            error = exc.message
        else:
            return redirect(_step_url("staff_find", reference=booking.reference))
    context: dict = {"reference": params.get("reference", ""), "booking": booking, "error": error}
    if booking is not None:
        audit(request, "booking.view_contact", booking)
        context |= {"booked_reference": format_reference(booking.reference)}
        if booking.is_active:
            office = prefetch_calendar(Office.objects.filter(pk=booking.office_id)).get()
            day = _day(params.get("day"))
            context |= {
                "days": _slots_by_day(office, booking.procedure, now, booking.not_before),
                "day": day,
                "slots": (
                    available_slots(office, booking.procedure.minutes, day, day, now) if day else []
                ),
            }
    return _render(request, "staff_find.html", context, status=400 if error else 200)
