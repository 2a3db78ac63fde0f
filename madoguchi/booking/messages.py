"""E-mail (over SMTP, with an .ics file) and SMS for bookings, in the booking's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from madoguchi.booking import case, ics, links
from madoguchi.booking.models import Booking, Hold
from madoguchi.booking.services import change_cutoff, format_reference
from madoguchi.booking.sms import get_sms_backend
from madoguchi.core.calendar import TOKYO
from madoguchi.core.i18n import tr


def _subject(kind: str, booking: Booking) -> str:
    subjects = {
        "confirmed": _("窓口予約を受け付けました"),
        "changed": _("窓口予約を変更しました"),
        "cancelled": _("窓口予約を取り消しました"),
        "reminder": _("明日は窓口予約の日です"),
    }
    city = tr(booking.office.city.name)
    return f"【{city}】{subjects[kind]}（{format_reference(booking.reference)}）"


def booking_ics(booking: Booking) -> str:
    with translation.override(booking.lang):
        return ics.event_ics(
            uid=f"{booking.reference}@madoguchi",
            start=booking.start,
            end=booking.end,
            summary=f"{tr(booking.procedure.name)}（{tr(booking.office.name)}）",
            location=f"{tr(booking.office.name)} {tr(booking.office.address)}",
            description=_("予約番号") + f": {format_reference(booking.reference)}",
            stamp=timezone.now(),
            cancelled=not booking.is_active,
            sequence=booking.token_version,
        )


def email_context(booking: Booking) -> dict:
    local_start = booking.start.astimezone(TOKYO)
    lang = booking.lang
    bring = case.bring_items(booking.facts, booking.procedure.code, lang, local_start.date())
    return {
        "bring": bring,
        "bring_partial": not case.guide_link_is_result(booking.facts, bring),
        "booking": booking,
        "reference": format_reference(booking.reference),
        "start": local_start,
        "end": booking.end.astimezone(TOKYO),
        "office_name": tr(booking.office.name),
        "office_address": tr(booking.office.address),
        "office_phone": booking.office.phone,
        "procedure_name": tr(booking.procedure.name),
        "manage_url": links.manage_url(booking) if booking.is_active else "",
        "guide_url": links.absolute(case.guide_path(booking.facts, lang)),
        "cutoff": change_cutoff(booking).astimezone(TOKYO),
        "start_url": links.absolute(reverse("booking:start")),
    }


def send_booking_email(booking: Booking, kind: str) -> None:
    """kind: confirmed | changed | cancelled | reminder."""
    if not booking.email:
        return
    with translation.override(booking.lang):
        body = render_to_string(f"booking/email/{kind}.txt", email_context(booking))
        message = EmailMessage(
            subject=_subject(kind, booking),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[booking.email],
        )
        message.attach(f"booking-{booking.reference}.ics", booking_ics(booking), "text/calendar")
        message.send()


def send_offer(hold: Hold) -> str:
    """Tell the waitlisted citizen about the offer: by e-mail, or by SMS when they gave only a
    phone number. Returns the channel used ("" when there is none)."""
    booking = hold.waitlist_entry.booking
    if booking.email:
        send_offer_email(hold)
        return "email"
    if booking.phone:
        send_offer_sms(hold)
        return "sms"
    return ""


def send_offer_sms(hold: Hold) -> None:
    booking = hold.waitlist_entry.booking
    with translation.override(booking.lang):
        body = _(
            "%(office)s で %(time)s に空きが出ました。%(expires)s までにこちらからお答えください: %(url)s"
        ) % {
            "office": tr(booking.office.name),
            "time": hold.start.astimezone(TOKYO).strftime("%m/%d %H:%M"),
            "expires": hold.expires_at.astimezone(TOKYO).strftime("%m/%d %H:%M"),
            "url": links.offer_url(hold.token, booking.lang),
        }
    get_sms_backend().send(booking.phone, body)


def send_offer_email(hold: Hold) -> None:
    booking = hold.waitlist_entry.booking
    if not booking.email:
        return
    with translation.override(booking.lang):
        context = email_context(booking) | {
            "offer_start": hold.start.astimezone(TOKYO),
            "offer_expires": hold.expires_at.astimezone(TOKYO),
            "offer_url": links.offer_url(hold.token, booking.lang),
        }
        body = render_to_string("booking/email/offer.txt", context)
        subject = f"【{tr(booking.office.city.name)}】" + _("早い時間に空きが出ました")
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [booking.email]).send()


def send_reminder_sms(booking: Booking) -> None:
    with translation.override(booking.lang):
        start = booking.start.astimezone(TOKYO)
        body = _(
            "明日 %(time)s %(office)s の予約があります。来られない場合は取り消してください: %(url)s"
        ) % {
            "time": start.strftime("%m/%d %H:%M"),
            "office": tr(booking.office.name),
            "url": links.manage_url(booking),
        }
    get_sms_backend().send(booking.phone, body)
