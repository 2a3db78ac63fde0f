"""Every write to bookings goes through these verb-named functions.

Capacity is claimed in the database: ``_claim_units`` runs one conditional
``UPDATE … SET used = used + 1 WHERE … AND used < capacity`` over all units of the booking and
rolls the whole transaction back unless every unit was updated. A CHECK constraint
(``used <= capacity``) is the backstop. On PostgreSQL the unit rows are first locked in time
order (``SELECT … FOR UPDATE ORDER BY start``) so overlapping bookings never deadlock.

Messages are sent only after commit (``transaction.on_commit`` → a Django task).
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from madoguchi.booking.availability import (
    is_offered_start as _is_offered_start,
)
from madoguchi.booking.availability import (
    last_bookable_day,
    unit_starts,
)
from madoguchi.booking.case import Journey, booking_facts, window_message
from madoguchi.booking.models import Booking, CapacityUnit, CardNotice, Hold, WaitlistEntry
from madoguchi.core import jp
from madoguchi.core.calendar import TOKYO, closed_reason
from madoguchi.guide.facts import Facts

log = logging.getLogger(__name__)

HOLD_MINUTES = 10
OFFER_HOLD = timedelta(hours=2)
OFFER_MIN_LEAD = timedelta(hours=3)
CHANGE_CUTOFF_TIME = time(17, 0)  # changes and cancellations online until 17:00 the day before
MAX_NAME = 60  # the column's length
DASHES = str.maketrans({c: "-" for c in "ー－‐‑–—−ｰ"})  # hyphens people type in a number
MAX_EMAIL = 254  # RFC 5321 path limit; the column is as long
MAX_EMAIL_LOCAL = 64
REFERENCE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no look-alikes (0/O, 1/I, 2/Z, 5/S, 8/B)


# --- errors -----------------------------------------------------------------------------------


class BookingError(Exception):
    """A booking could not be made or changed; ``code`` and ``message`` are for the user."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, fields: dict[str, str] | None = None, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        if code:
            self.code = code


class InvalidBooking(BookingError):
    status = 400
    code = "invalid"


class SlotTaken(BookingError):
    status = 409
    code = "slot_taken"


class AlreadyBooked(BookingError):
    status = 409
    code = "already_booked"


class TooLate(BookingError):
    status = 409
    code = "too_late"


class StaleLink(BookingError):
    status = 404
    code = "not_found"


class KeyReused(BookingError):
    """The same Idempotency-Key came with a different request body."""

    status = 422
    code = "idempotency_key_reused"


# --- input ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    name_kana: str
    email: str = ""
    phone: str = ""
    notice_number: str = ""
    birth_date: date | None = None


def _msg(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def clean_contact(raw: dict, procedure, today: date) -> Contact:
    """Validate and normalise the contact fields; raise InvalidBooking with a message per field.

    Every text field is also checked for a 12-digit number that looks like a 個人番号.
    """
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    for name in ("name_kana", "email", "phone", "notice_number", "birth_date"):
        value = raw.get(name)
        value = "" if value is None else str(value).strip()
        try:
            jp.reject_my_number(value)
        except ValidationError as exc:
            errors[name] = _msg(exc)
            continue
        values[name] = value

    if "name_kana" in values and len(str(values["name_kana"])) > MAX_NAME:
        errors["name_kana"] = _("お名前は60文字以内で入力してください。")
    elif "name_kana" in values:
        try:
            values["name_kana"] = jp.validate_kana_name(values["name_kana"])
        except ValidationError as exc:
            errors["name_kana"] = _msg(exc)
    if values.get("email"):
        email = str(values["email"])
        if len(email) > MAX_EMAIL or len(email.rpartition("@")[0]) > MAX_EMAIL_LOCAL:
            errors["email"] = _("メールアドレスが長すぎます。254文字以内で入力してください。")
        else:
            try:
                validate_email(email)
                values["email"] = email.lower()
            except ValidationError:
                errors["email"] = _("メールアドレスの形式が正しくありません。例：name@example.jp")
    if values.get("phone"):
        try:
            values["phone"] = jp.validate_phone(values["phone"])
        except ValidationError as exc:
            errors["phone"] = _msg(exc)
    if (
        "email" in values
        and "phone" in values
        and not values["email"]
        and not values["phone"]
        and "email" not in errors
        and "phone" not in errors
    ):
        errors["email"] = _("メールアドレスか電話番号のどちらかを入力してください。")

    birth: date | None = None
    if procedure.needs_notice:
        number = str(values.get("notice_number", ""))
        number = jp.nfkc(number.translate(DASHES)).replace("-", "").replace(" ", "")
        if "notice_number" not in errors:
            if not number:
                errors["notice_number"] = _("交付通知書の予約番号を入力してください。")
            elif not number.isdigit() or not 6 <= len(number) <= 10:
                errors["notice_number"] = _(
                    "予約番号は交付通知書に書かれたとおりに数字で入力してください（例：101-000001）。"
                )
        values["notice_number"] = number
        if "birth_date" not in errors:
            birth = _parse_birth_date(str(values.get("birth_date", "")), today, errors)
        if not errors:
            notice = CardNotice.objects.filter(number=number).first()
            if notice is None or notice.birth_date != birth:
                errors["notice_number"] = _(
                    "予約番号と生年月日の組み合わせが見つかりません。交付通知書をご確認ください。"
                )
    else:
        values["notice_number"] = ""

    if errors:
        raise InvalidBooking(_("入力内容を確認してください。"), fields=errors)
    return Contact(
        name_kana=str(values["name_kana"]),
        email=str(values.get("email", "")),
        phone=str(values.get("phone", "")),
        notice_number=str(values["notice_number"]),
        birth_date=birth,
    )


ERAS = {"明治": 1868, "大正": 1912, "昭和": 1926, "平成": 1989, "令和": 2019}
ERAS |= {"M": 1868, "T": 1912, "S": 1926, "H": 1989, "R": 2019}
_ERA_DATE = re.compile(
    r"^(明治|大正|昭和|平成|令和|[MTSHR])(元|\d{1,2})[年./-](\d{1,2})[月./-](\d{1,2})日?$"
)
_WESTERN_DATE = re.compile(r"^(\d{4})[年./-](\d{1,2})[月./-](\d{1,2})日?$")


def parse_date_of_birth(value: str) -> date | None:
    """A date as people write it: 1975-02-28, 1975/2/28, 1975年2月28日, 19750228,
    昭和50年2月28日, S50.2.28 (full-width digits too); None when it is not a date."""
    text = "".join(jp.nfkc(value or "").split()).upper()
    try:
        if found := _ERA_DATE.match(text):
            era, year, month, day = found.groups()
            number = 1 if year == "元" else int(year)
            return date(ERAS[era] + number - 1, int(month), int(day))
        if found := _WESTERN_DATE.match(text):
            return date(*(int(part) for part in found.groups()))
        if len(text) == 8 and text.isdigit():
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None
    return None


def _parse_birth_date(value: str, today: date, errors: dict[str, str]) -> date | None:
    if not value:
        errors["birth_date"] = _("生年月日を入力してください。")
        return None
    birth = parse_date_of_birth(value)
    if birth is None:
        errors["birth_date"] = _(
            "生年月日は 1980年4月1日、1980/4/1、昭和55年4月1日 のように入力してください。"
        )
        return None
    if birth > today or birth.year < 1900:
        errors["birth_date"] = _("生年月日が正しくありません。")
        return None
    return birth


def holder_key(contact: Contact) -> str:
    """Who the booking is for: the 交付通知書 for pickups, else the contact and the person's
    name (a family sharing one address can book each member)."""
    if contact.notice_number:
        return f"notice:{contact.notice_number}"
    name = "".join(contact.name_kana.split())
    return f"{contact_key(contact)}|{name}"


def contact_key(contact: Contact) -> str:
    """The address messages go to (for per-contact rate limits)."""
    if contact.email:
        return f"email:{contact.email}"
    return f"tel:{contact.phone}"


def active_booking_for(contact: Contact, procedure) -> Booking | None:
    """The holder's active booking of this procedure (or of the same 交付通知書), if any."""
    if contact.notice_number:
        found = Booking.objects.filter(
            status=Booking.Status.CONFIRMED, notice_number=contact.notice_number
        )
    else:
        found = Booking.objects.filter(
            status=Booking.Status.CONFIRMED, holder_key=holder_key(contact), procedure=procedure
        )
    return found.first()


def already_booked_message() -> str:
    return _(
        "この手続きはすでに予約があります。予約の変更は、予約確認メールのリンクから行ってください。"
    )


def check_slot(
    office, procedure, start: datetime, now: datetime, not_before: date | None = None
) -> datetime:
    """The slot's end time; raise InvalidBooking when the time cannot be booked at all
    (including a day before ``not_before``, when the renewal window is not open yet)."""
    if timezone.is_naive(start):
        raise InvalidBooking(
            _("日時の形式が正しくありません。"),
            fields={"start": _("時刻はタイムゾーン付きで指定してください（例：+09:00）。")},
        )
    if not office.procedures.filter(pk=procedure.pk).exists():
        raise InvalidBooking(
            _("この窓口ではこの手続きを予約できません。"),
            fields={"service": _("この窓口ではこの手続きを予約できません。")},
        )
    if start <= now:
        raise InvalidBooking(
            _("過ぎた日時は予約できません。"), fields={"start": _("過ぎた日時は予約できません。")}
        )
    day = start.astimezone(TOKYO).date()
    if day > last_bookable_day(office, now):
        message = day_unavailable_reason(office, day, now)
        raise InvalidBooking(message, fields={"start": message})
    if not_before is not None and day < not_before:
        message = window_message(not_before)
        raise InvalidBooking(message, fields={"start": message}, code="too_early")
    if closed_reason(office, day):
        message = _("この日は閉庁日・祝日のため予約できません。")
        raise InvalidBooking(message, fields={"start": message})
    if not _is_offered_start(office, procedure.minutes, start):
        raise InvalidBooking(
            _("この時刻は予約できません。予約できる時刻から選んでください。"),
            fields={"start": _("この時刻は予約できません。予約できる時刻から選んでください。")},
        )
    return start + timedelta(minutes=procedure.minutes)


def day_unavailable_reason(office, day: date, now: datetime) -> str:
    """Why ``day`` has no times at all for the citizen ('' when it is open for booking): a past
    day, a day not yet released (and when it will be), or a closed day."""
    from madoguchi.booking.templatetags.booking_tags import day_label
    from madoguchi.core.calendar import opening_windows

    today = now.astimezone(TOKYO).date()
    if day < today:
        return _("過ぎた日は予約できません。")
    if day > last_bookable_day(office, now):
        opens = day - timedelta(days=office.booking_days_ahead)
        return _("この日はまだ予約を受け付けていません（%(day)s %(time)s から受け付けます）。") % {
            "day": day_label(opens),
            "time": office.booking_release_time.strftime("%H:%M"),
        }
    if closed_reason(office, day) or not opening_windows(office, day):
        return _("この日は閉庁日・祝日のため予約できません。")
    return ""


def next_release(office, now: datetime) -> tuple[date, datetime]:
    """The next day to open for booking, and when it opens (Tokyo time)."""
    local = now.astimezone(TOKYO)
    opens_on = local.date() + timedelta(days=0 if local.time() < office.booking_release_time else 1)
    opens_at = datetime.combine(opens_on, office.booking_release_time, tzinfo=TOKYO)
    return opens_on + timedelta(days=office.booking_days_ahead), opens_at


# --- the capacity ledger -----------------------------------------------------------------------


def _ensure_units(office, start: datetime, end: datetime) -> list[datetime]:
    units = unit_starts(start, end)
    CapacityUnit.objects.bulk_create(
        [CapacityUnit(office=office, start=u, capacity=office.counters) for u in units],
        ignore_conflicts=True,
    )
    return units


def _claim_units(office, start: datetime, end: datetime) -> None:
    """Take one place in every unit of [start, end) or raise SlotTaken (caller's atomic block)."""
    units = _ensure_units(office, start, end)
    rows = CapacityUnit.objects.filter(office=office, start__gte=start, start__lt=end)
    if connection.features.has_select_for_update:
        list(rows.select_for_update().order_by("start").values_list("pk", flat=True))
    updated = rows.filter(used__lt=F("capacity")).update(used=F("used") + 1)
    if updated != len(units):
        raise SlotTaken(
            _("申し訳ありません。この時間は満員になりました。別の時間をお選びください。")
        )


def _release_units(office, start: datetime, end: datetime) -> None:
    rows = CapacityUnit.objects.filter(office=office, start__gte=start, start__lt=end)
    if connection.features.has_select_for_update:
        list(rows.select_for_update().order_by("start").values_list("pk", flat=True))
    rows.filter(used__gt=0).update(used=F("used") - 1)


def _new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def format_reference(reference: str) -> str:
    return f"{reference[:4]}-{reference[4:]}"


def normalise_reference(value: str) -> str:
    return jp.nfkc(value or "").upper().replace("-", "").replace(" ", "")


# --- holds --------------------------------------------------------------------------------------


def hold_slot(
    office,
    procedure,
    start: datetime,
    *,
    now: datetime | None = None,
    journey: Journey | None = None,
) -> Hold:
    """Keep a place for a few minutes while the citizen fills in the form; the hold keeps the
    journey (navigator facts, ``not_before``) for the later steps."""
    now = now or timezone.now()
    journey = journey or Journey()
    end = check_slot(office, procedure, start, now, journey.not_before)
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                _claim_units(office, start, end)
                return Hold.objects.create(
                    token=secrets.token_urlsafe(18),
                    office=office,
                    procedure=procedure,
                    start=start,
                    end=end,
                    expires_at=now + timedelta(minutes=HOLD_MINUTES),
                    facts=journey.facts.as_params() if journey.facts else {},
                    from_guide=journey.from_guide,
                    not_before=journey.not_before,
                )
        except SlotTaken:
            if attempt == 2 or not release_expired_holds(now=now, office=office):
                raise
    raise AssertionError("unreachable")


def release_hold(token: str) -> bool:
    """Give back a checkout hold at once (the citizen chose another time)."""
    hold = Hold.objects.filter(
        token=token, status=Hold.Status.ACTIVE, purpose=Hold.Purpose.CHECKOUT
    ).first()
    if hold is None:
        return False
    with transaction.atomic():
        if not Hold.objects.filter(pk=hold.pk, status=Hold.Status.ACTIVE).update(
            status=Hold.Status.RELEASED
        ):
            return False
        _release_units(hold.office, hold.start, hold.end)
    return True


def release_expired_holds(*, now: datetime | None = None, office=None) -> int:
    """Give back the places of holds past their time; expired waitlist offers go to the next
    person. Safe to run twice: each hold is released by a conditional UPDATE."""
    now = now or timezone.now()
    expired = Hold.objects.filter(status=Hold.Status.ACTIVE, expires_at__lt=now)
    if office is not None:
        expired = expired.filter(office=office)
    released = 0
    for hold in expired.select_related("office")[:500]:
        with transaction.atomic():
            if not Hold.objects.filter(pk=hold.pk, status=Hold.Status.ACTIVE).update(
                status=Hold.Status.RELEASED
            ):
                continue
            _release_units(hold.office, hold.start, hold.end)
            released += 1
            if hold.purpose == Hold.Purpose.WAITLIST_OFFER:
                _after_commit_offer(hold.office_id, hold.start, hold.end)
    return released


def _take_hold(token: str, office, procedure, start: datetime) -> bool:
    """Turn an active hold into the booking's places (inside the caller's transaction)."""
    return bool(
        Hold.objects.filter(
            token=token,
            status=Hold.Status.ACTIVE,
            office=office,
            procedure=procedure,
            start=start,
        ).update(status=Hold.Status.USED)
    )


# --- bookings -----------------------------------------------------------------------------------


def book_slot(
    *,
    office,
    procedure,
    start: datetime,
    contact: Contact,
    now: datetime | None = None,
    hold_token: str = "",
    idempotency_key: str = "",
    request_hash: str = "",
    channel: str = Booking.Channel.WEB,
    lang: str = "ja",
    booked_by=None,
    facts: Facts | None = None,
    not_before: date | None = None,
) -> Booking:
    """Book a place: whole or not at all. Submitting the same hold or key twice gives one booking.

    The booking keeps the navigator's ``facts`` (or defaults for the procedure when none came)
    and ``not_before`` (no visit before that day). Raises InvalidBooking (400), SlotTaken /
    AlreadyBooked (409).
    """
    now = now or timezone.now()
    key = idempotency_key or (f"hold:{hold_token}" if hold_token else "")
    if key:
        existing = _replayed(key, request_hash)
        if existing is not None:
            return existing
    end = check_slot(office, procedure, start, now, not_before)
    booking = Booking(
        reference=_new_reference(),
        office=office,
        procedure=procedure,
        start=start,
        end=end,
        channel=channel,
        lang=lang,
        name_kana=contact.name_kana,
        email=contact.email,
        phone=contact.phone,
        notice_number=contact.notice_number,
        birth_date=contact.birth_date,
        holder_key=holder_key(contact),
        idempotency_key=key or None,
        request_hash=request_hash if key else "",
        booked_by=booked_by,
        facts=booking_facts(procedure.code, facts),
        not_before=not_before,
    )
    try:
        with transaction.atomic():
            if not (hold_token and _take_hold(hold_token, office, procedure, start)):
                _claim_units(office, start, end)
            booking.save(force_insert=True)
            _after_commit_notify(booking.pk, "confirmed", booking.token_version)
            _after_commit_schedule_reminder(booking)
    except IntegrityError as exc:
        if key:
            existing = _replayed(key, request_hash)
            if existing is not None:
                return existing
        if "reference" in str(exc).lower():  # 1 in 26**8: try once more with a new number
            return book_slot(
                office=office,
                procedure=procedure,
                start=start,
                contact=contact,
                now=now,
                hold_token=hold_token,
                idempotency_key=idempotency_key,
                request_hash=request_hash,
                channel=channel,
                lang=lang,
                booked_by=booked_by,
                facts=facts,
                not_before=not_before,
            )
        raise AlreadyBooked(already_booked_message()) from None
    except SlotTaken:
        if release_expired_holds(now=now, office=office):
            return book_slot(
                office=office,
                procedure=procedure,
                start=start,
                contact=contact,
                now=now,
                idempotency_key=idempotency_key,
                request_hash=request_hash,
                channel=channel,
                lang=lang,
                booked_by=booked_by,
                facts=facts,
                not_before=not_before,
            )
        raise
    return booking


def _replayed(key: str, request_hash: str) -> Booking | None:
    """The booking already made with this key; KeyReused when it was made for another body."""
    existing = Booking.objects.filter(idempotency_key=key).first()
    if existing is not None and existing.request_hash != request_hash:
        raise KeyReused(
            _(
                "この Idempotency-Key は別の内容の申し込みに使われています。新しいキーをお使いください。"
            )
        )
    return existing


def change_cutoff(booking: Booking) -> datetime:
    """Changes and cancellations online until 17:00 (Tokyo) the day before the visit."""
    day = booking.start.astimezone(TOKYO).date() - timedelta(days=1)
    return datetime.combine(day, CHANGE_CUTOFF_TIME, tzinfo=TOKYO)


def can_change(booking: Booking, now: datetime) -> bool:
    return booking.is_active and now < change_cutoff(booking)


def can_cancel(booking: Booking, now: datetime) -> bool:
    """Cancelling online stays open until the visit starts (a freed place helps someone)."""
    return booking.is_active and now < booking.start


def change_booking(
    booking: Booking,
    new_start: datetime,
    *,
    now: datetime | None = None,
    token_version: int | None = None,
    hold_token: str = "",
    staff: bool = False,
) -> Booking:
    """Move a booking: the new time is booked first, then the old one is released, in one
    transaction. Links signed for the old version stop working."""
    now = now or timezone.now()
    if not booking.is_active:
        raise StaleLink(_("この予約は取り消されています。"))
    if not staff and not can_change(booking, now):
        raise TooLate(_("ウェブでの変更・取消の期限を過ぎています。お電話でご連絡ください。"))
    new_end = check_slot(booking.office, booking.procedure, new_start, now, booking.not_before)
    with transaction.atomic():
        return _move_booking(
            booking, new_start, new_end, now=now, token_version=token_version, hold_token=hold_token
        )


def _locked_booking(booking: Booking, token_version: int | None) -> Booking:
    """The booking as it is now, row-locked (caller's transaction); StaleLink unless it is
    still active (and at ``token_version`` when given)."""
    rows = Booking.objects.filter(pk=booking.pk, status=Booking.Status.CONFIRMED)
    if token_version is not None:
        rows = rows.filter(token_version=token_version)
    if connection.features.has_select_for_update:
        rows = rows.select_for_update()
    current = rows.first()
    if current is None:
        raise StaleLink(
            _("このリンクは使えなくなっています。最新のメールのリンクをお使いください。")
        )
    return current


def _move_booking(
    booking: Booking,
    new_start: datetime,
    new_end: datetime,
    *,
    now: datetime,
    token_version: int | None = None,
    hold_token: str = "",
    held: bool = False,
) -> Booking:
    """Inside the caller's transaction: claim the new time (or use the caller's ``held``
    places), release the old time as stored now, bump the link version."""
    current = _locked_booking(booking, token_version)
    office = booking.office
    if not held and not (
        hold_token and _take_hold(hold_token, office, booking.procedure, new_start)
    ):
        _claim_units(office, new_start, new_end)
    _release_units(office, current.start, current.end)
    Booking.objects.filter(pk=current.pk).update(
        start=new_start,
        end=new_end,
        changed_at=now,
        token_version=F("token_version") + 1,
        reminder_claimed_at=None,
        reminder_sent_at=None,
        reminder_sms_sent_at=None,
        attendance_confirmed_at=None,
    )
    booking.refresh_from_db()
    _after_commit_notify(booking.pk, "changed", booking.token_version)
    _after_commit_schedule_reminder(booking)
    _after_commit_offer(office.pk, current.start, current.end)
    return booking


def cancel_booking(
    booking: Booking,
    *,
    now: datetime | None = None,
    token_version: int | None = None,
    staff: bool = False,
) -> Booking:
    """Cancel and free the places at once; the freed time is offered to the waitlist first.
    Citizens can cancel online until the visit starts."""
    now = now or timezone.now()
    if not booking.is_active:
        raise StaleLink(_("この予約は取り消されています。"))
    if not staff and not can_cancel(booking, now):
        raise TooLate(_("予約の時間を過ぎているため、取り消しできません。"))
    with transaction.atomic():
        current = _locked_booking(booking, token_version)
        Booking.objects.filter(pk=current.pk).update(
            status=Booking.Status.CANCELLED,
            cancelled_at=now,
            token_version=F("token_version") + 1,
        )
        _release_units(current.office, current.start, current.end)
        WaitlistEntry.objects.filter(booking=current).update(active=False)
        _after_commit_notify(current.pk, "cancelled", current.token_version + 1)
        _after_commit_offer(current.office_id, current.start, current.end)
    booking.refresh_from_db()
    return booking


def confirm_attendance(booking: Booking, *, now: datetime | None = None) -> Booking:
    """The citizen answered the reminder: 'I will come'."""
    now = now or timezone.now()
    Booking.objects.filter(pk=booking.pk, status=Booking.Status.CONFIRMED).update(
        attendance_confirmed_at=now
    )
    booking.refresh_from_db()
    return booking


# --- waitlist -------------------------------------------------------------------------------------


def join_waitlist(booking: Booking, *, now: datetime | None = None) -> WaitlistEntry:
    """Ask to be offered an earlier time at the same office; joining twice changes nothing."""
    now = now or timezone.now()
    if not booking.is_active:
        raise StaleLink(_("この予約は取り消されています。"))
    entry, created = WaitlistEntry.objects.get_or_create(
        booking=booking,
        defaults={"office": booking.office, "procedure": booking.procedure, "earliest": now},
    )
    if not created and not entry.active:
        entry.active = True
        entry.save(update_fields=["active"])
    return entry


def leave_waitlist(booking: Booking) -> None:
    WaitlistEntry.objects.filter(booking=booking).update(active=False)


def offer_to_waitlist(
    office, start: datetime, end: datetime, *, now: datetime | None = None
) -> Hold | None:
    """Offer a freed time to the first waitlisted citizen it suits (an earlier visit than the one
    they have, of a procedure that fits). The places are held for them for a while; unanswered
    offers go to the next person when they expire."""
    now = now or timezone.now()
    if start <= now + OFFER_MIN_LEAD:
        return None
    expires_at = min(offer_clock_start(now) + OFFER_HOLD, start - timedelta(hours=1))
    if expires_at < offer_clock_start(now) + timedelta(minutes=30):
        return None  # offered at night for early the next morning: no time to answer
    entries = (
        WaitlistEntry.objects.filter(
            office=office,
            active=True,
            booking__status=Booking.Status.CONFIRMED,
            booking__start__gt=start,
            earliest__lte=start,
        )
        .exclude(offers__start=start)
        .exclude(booking__email="", booking__phone="")  # no way to tell them
        .select_related("booking", "procedure")
        .order_by("created_at", "pk")
    )
    for entry in entries[:50]:
        offer_end = start + timedelta(minutes=entry.procedure.minutes)
        try:
            check_slot(office, entry.procedure, start, now, entry.booking.not_before)
            with transaction.atomic():
                _claim_units(office, start, offer_end)
                hold = Hold.objects.create(
                    token=secrets.token_urlsafe(18),
                    office=office,
                    procedure=entry.procedure,
                    start=start,
                    end=offer_end,
                    expires_at=expires_at,
                    purpose=Hold.Purpose.WAITLIST_OFFER,
                    waitlist_entry=entry,
                )
                WaitlistEntry.objects.filter(pk=entry.pk).update(last_offered_at=now)
                _after_commit_send_offer(hold.pk, offer_send_time(now))
            return hold
        except (SlotTaken, InvalidBooking):
            continue
    return None


QUIET_FROM, QUIET_UNTIL, OFFER_CLOCK_FROM = time(22, 0), time(8, 0), time(9, 0)


def offer_send_time(now: datetime) -> datetime | None:
    """No offers at night (22:00–08:00 Tokyo): they go out at 08:00; None = at once."""
    local = now.astimezone(TOKYO)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return None
    day = local.date() + timedelta(days=1 if local.time() >= QUIET_FROM else 0)
    return datetime.combine(day, QUIET_UNTIL, tzinfo=TOKYO)


def offer_clock_start(now: datetime) -> datetime:
    """When an offer's answer time starts to run: now by day, 09:00 for offers made at night."""
    if offer_send_time(now) is None:
        return now
    local = now.astimezone(TOKYO)
    day = local.date() + timedelta(days=1 if local.time() >= QUIET_FROM else 0)
    return datetime.combine(day, OFFER_CLOCK_FROM, tzinfo=TOKYO)


def accept_offer(hold: Hold, *, now: datetime | None = None) -> Booking:
    """The waitlisted citizen takes the offered time: their booking moves to it.

    The hold row is locked and marked used in the same transaction as the move, so a second
    accept (a double click, a second tab) finds it used and changes nothing."""
    now = now or timezone.now()
    stale = _("このご案内の期限が過ぎたか、すでに使われています。")
    with transaction.atomic():
        rows = Hold.objects.filter(
            pk=hold.pk,
            purpose=Hold.Purpose.WAITLIST_OFFER,
            status=Hold.Status.ACTIVE,
            expires_at__gte=now,
            waitlist_entry__isnull=False,
        )
        if connection.features.has_select_for_update:
            rows = rows.select_for_update()
        current = rows.select_related("waitlist_entry").first()
        if current is None or not rows.update(status=Hold.Status.USED):
            raise StaleLink(stale)
        booking = Booking.objects.select_related("office", "procedure").get(
            pk=current.waitlist_entry.booking_id
        )
        if not booking.is_active:
            raise StaleLink(stale)
        booking = _move_booking(booking, current.start, current.end, now=now, held=True)
        WaitlistEntry.objects.filter(pk=current.waitlist_entry_id).update(active=False)
    return booking


def decline_offer(hold: Hold, *, now: datetime | None = None) -> None:
    """Let the offered time go to the next person at once."""
    if hold.purpose != Hold.Purpose.WAITLIST_OFFER:
        return
    Hold.objects.filter(pk=hold.pk, status=Hold.Status.ACTIVE).update(
        expires_at=(now or timezone.now()) - timedelta(seconds=1)
    )
    release_expired_holds(now=now, office=hold.office)


# --- reminders ------------------------------------------------------------------------------------


def reminder_due(booking: Booking, now: datetime) -> bool:
    """The day before the visit (Tokyo time), for an active booking not yet reminded. A booking
    made (or moved) after the reminder time needs none: the confirmation has just been sent."""
    tomorrow = now.astimezone(TOKYO).date() + timedelta(days=1)
    booked_at = booking.changed_at or booking.created_at
    return (
        booking.is_active
        and booking.start.astimezone(TOKYO).date() == tomorrow
        and booking.reminder_claimed_at is None
        and (booked_at is None or booked_at < reminder_time(booking))
    )


def send_reminder(booking: Booking, *, now: datetime | None = None) -> bool:
    """Send one reminder (e-mail and, when a phone number is given, SMS); never twice.

    The booking is claimed with a conditional UPDATE before anything is sent: two workers (or a
    retried task) racing for the same booking send one message."""
    from madoguchi.booking import messages

    now = now or timezone.now()
    if not reminder_due(booking, now):
        return False
    claimed = Booking.objects.filter(
        pk=booking.pk,
        status=Booking.Status.CONFIRMED,
        start=booking.start,
        reminder_claimed_at__isnull=True,
    ).update(reminder_claimed_at=now)
    if not claimed:
        return False
    booking.refresh_from_db()
    try:
        if booking.email:
            messages.send_booking_email(booking, "reminder")
            Booking.objects.filter(pk=booking.pk).update(reminder_sent_at=timezone.now())
        if booking.phone:
            messages.send_reminder_sms(booking)
            Booking.objects.filter(pk=booking.pk).update(reminder_sms_sent_at=timezone.now())
    except Exception:
        log.exception("reminder for booking %s failed; it will be retried", booking.pk)
        Booking.objects.filter(pk=booking.pk, reminder_sent_at__isnull=True).update(
            reminder_claimed_at=None
        )
        return False
    return True


def send_reminders(*, now: datetime | None = None) -> int:
    """Remind everyone whose visit is tomorrow. Safe to run any number of times."""
    now = now or timezone.now()
    tomorrow = now.astimezone(TOKYO).date() + timedelta(days=1)
    day_start = datetime.combine(tomorrow, time.min, tzinfo=TOKYO)
    due = Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        start__gte=day_start,
        start__lt=day_start + timedelta(days=1),
        reminder_claimed_at__isnull=True,
    ).select_related("office", "procedure")
    return sum(send_reminder(b, now=now) for b in due)


def reminder_time(booking: Booking) -> datetime:
    """When the reminder goes out: 10:00 (Tokyo) the day before the visit."""
    day = booking.start.astimezone(TOKYO).date() - timedelta(days=1)
    return datetime.combine(day, time(10, 0), tzinfo=TOKYO)


# --- after commit ---------------------------------------------------------------------------------


def _after_commit_notify(booking_id: int, kind: str, version: int) -> None:
    """Queue the message for the booking as it is at ``version``; the task skips it when the
    booking has changed (or been cancelled) since."""
    from madoguchi.booking import tasks

    transaction.on_commit(
        lambda: tasks.enqueue_safely(tasks.notify_booking, booking_id, kind, version)
    )


def _after_commit_schedule_reminder(booking: Booking) -> None:
    from madoguchi.booking import tasks

    run_after = reminder_time(booking)
    transaction.on_commit(
        lambda: tasks.enqueue_safely(tasks.remind_booking, booking.pk, run_after=run_after)
    )


def _after_commit_offer(office_id: int, start: datetime, end: datetime) -> None:
    from madoguchi.booking import tasks

    transaction.on_commit(
        lambda: tasks.enqueue_safely(
            tasks.offer_freed_time, office_id, start.isoformat(), end.isoformat()
        )
    )


def _after_commit_send_offer(hold_id: int, run_after: datetime | None = None) -> None:
    from madoguchi.booking import tasks

    transaction.on_commit(
        lambda: tasks.enqueue_safely(tasks.send_waitlist_offer, hold_id, run_after=run_after)
    )
