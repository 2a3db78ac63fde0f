"""Background work, run by the database-backed worker (``manage.py db_worker``).

Every task is safe to run twice: reminders are claimed before sending, offers check the
current state, notifications read the booking as it is now.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.tasks import task
from django.utils import timezone

log = logging.getLogger(__name__)


def enqueue_safely(the_task, *args, run_after: datetime | None = None) -> None:
    """Enqueue after commit; a broken queue must not turn a booking already made into an error."""
    try:
        if run_after is not None and the_task.get_backend().supports_defer:
            the_task = the_task.using(run_after=max(run_after, timezone.now()))
        the_task.enqueue(*args)
    except Exception:
        log.exception("could not enqueue %s%r", getattr(the_task, "name", the_task), args)


@task
def notify_booking(booking_id: int, kind: str, version: int | None = None) -> bool:
    """Send the message for the booking as it was queued: nothing when it has changed or been
    cancelled since (a newer message is on its way, or none is needed)."""
    from madoguchi.booking.messages import send_booking_email
    from madoguchi.booking.models import Booking

    booking = (
        Booking.objects.select_related("office__city", "procedure").filter(pk=booking_id).first()
    )
    if booking is None or not notice_still_current(booking, kind, version):
        return False
    send_booking_email(booking, kind)
    return True


def notice_still_current(booking, kind: str, version: int | None) -> bool:
    if version is not None and booking.token_version != version:
        return False
    return booking.is_active == (kind != "cancelled")


@task
def remind_booking(booking_id: int) -> bool:
    from madoguchi.booking.models import Booking
    from madoguchi.booking.services import send_reminder

    booking = Booking.objects.select_related("office__city", "procedure").filter(pk=booking_id)
    booking = booking.first()
    return bool(booking and send_reminder(booking))


@task
def send_due_reminders() -> int:
    """Sweep: remind everyone due tomorrow who has not been (run daily, or at any time)."""
    from madoguchi.booking.services import send_reminders

    return send_reminders()


@task
def offer_freed_time(office_id: int, start_iso: str, end_iso: str) -> bool:
    from madoguchi.booking.services import offer_to_waitlist
    from madoguchi.core.models import Office

    office = Office.objects.select_related("city").get(pk=office_id)
    start, end = datetime.fromisoformat(start_iso), datetime.fromisoformat(end_iso)
    return offer_to_waitlist(office, start, end) is not None


@task
def send_waitlist_offer(hold_id: int) -> None:
    from madoguchi.booking.messages import send_offer
    from madoguchi.booking.models import Hold

    hold = Hold.objects.select_related(
        "waitlist_entry__booking__office__city", "waitlist_entry__booking__procedure"
    ).get(pk=hold_id)
    if hold.status == Hold.Status.ACTIVE:
        send_offer(hold)


@task
def release_expired_holds() -> int:
    from madoguchi.booking.services import release_expired_holds as release

    return release()
