"""Bookings, holds, the capacity ledger, the waitlist and card-pickup notices.

Capacity lives in the database: one :class:`CapacityUnit` row per office and 5-minute unit, with
a ``used`` counter that a CHECK constraint keeps at or below ``capacity``. A booking claims every
unit it covers with one conditional UPDATE inside its transaction (see ``services``), so two
requests can never both take the last place, whatever the number of web workers.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from madoguchi.core.models import Office, Procedure

UNIT_MINUTES = 5


class CapacityUnit(models.Model):
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="capacity_units")
    start = models.DateTimeField()
    capacity = models.PositiveSmallIntegerField()
    used = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "start"], name="booking_unit_office_start"),
            models.CheckConstraint(
                condition=Q(used__lte=F("capacity")), name="booking_unit_used_lte_capacity"
            ),
            models.CheckConstraint(condition=Q(used__gte=0), name="booking_unit_used_gte_0"),
        ]
        verbose_name = "予約枠（5分単位）"
        verbose_name_plural = "予約枠（5分単位）"

    def __str__(self) -> str:
        return f"{self.office.slug} {self.start:%Y-%m-%d %H:%M} {self.used}/{self.capacity}"


class Hold(models.Model):
    """Places taken for a short time: between 'choose a time' and 'confirm', or offered to a
    waitlisted citizen. Its units stay claimed until it is turned into a booking or released."""

    class Status(models.TextChoices):
        ACTIVE = "active", "確保中"
        USED = "used", "予約済み"
        RELEASED = "released", "解放"

    class Purpose(models.TextChoices):
        CHECKOUT = "checkout", "入力中"
        WAITLIST_OFFER = "offer", "キャンセル待ちへの案内"

    token = models.CharField(max_length=32, unique=True)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="holds")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="holds")
    start = models.DateTimeField()
    end = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    purpose = models.CharField(max_length=10, choices=Purpose.choices, default=Purpose.CHECKOUT)
    waitlist_entry = models.ForeignKey(
        "WaitlistEntry", null=True, blank=True, on_delete=models.SET_NULL, related_name="offers"
    )
    # The citizen's case, carried from the navigator (see ``booking.case``): no personal data.
    facts = models.JSONField(default=dict, blank=True)
    from_guide = models.BooleanField(default=False)
    not_before = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["status", "expires_at"])]
        verbose_name = "仮押さえ"
        verbose_name_plural = "仮押さえ"

    def __str__(self) -> str:
        return f"{self.token[:6]} {self.office.slug} {self.start:%Y-%m-%d %H:%M} ({self.status})"


class Booking(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "予約済み"
        CANCELLED = "cancelled", "取消"

    class Channel(models.TextChoices):
        WEB = "web", "ウェブ"
        API = "api", "API"
        PHONE = "phone", "電話（職員）"
        COUNTER = "counter", "窓口（職員）"

    ACTIVE_STATUSES = (Status.CONFIRMED,)

    reference = models.CharField(max_length=12, unique=True)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="bookings")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="bookings")
    start = models.DateTimeField()
    end = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    lang = models.CharField(max_length=8, default="ja")
    # Contact: the minimum needed to remind and to find the booking again.
    name_kana = models.CharField(max_length=60)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=15, blank=True)
    # Card pickup: the 交付通知書 reservation number and the holder's date of birth.
    notice_number = models.CharField(max_length=12, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    # Who the booking is for: 'notice:<number>', or the contact and the kana name without
    # spaces: 'email:<address>|<name>' or 'tel:<digits>|<name>'.
    holder_key = models.CharField(max_length=400)
    # The navigator's facts of the case as query values (no personal data; see ``booking.case``),
    # and the first day the procedure may be done (the renewal window), kept for changes.
    facts = models.JSONField(default=dict, blank=True)
    not_before = models.DateField(null=True, blank=True)
    # Bumped on every change or cancellation: links signed with an older version stop working.
    token_version = models.PositiveIntegerField(default=1)
    # API: a hash of the client's Idempotency-Key and IP; pages: 'hold:<token>'. The request's
    # body hash is kept so a key reused for another request is refused, not answered.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    request_hash = models.CharField(max_length=64, blank=True, default="")
    booked_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attendance_confirmed_at = models.DateTimeField(null=True, blank=True)
    reminder_claimed_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_sms_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["holder_key", "procedure"],
                condition=Q(status="confirmed"),
                name="booking_one_active_per_holder_procedure",
            ),
            # One active booking per 交付通知書, whichever pickup variant (self, proxy, …).
            models.UniqueConstraint(
                fields=["notice_number"],
                condition=Q(status="confirmed") & ~Q(notice_number=""),
                name="booking_one_active_per_notice",
            ),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="booking_end_after_start"),
        ]
        indexes = [
            models.Index(fields=["office", "start"]),
            models.Index(fields=["status", "start"]),
        ]
        verbose_name = "予約"
        verbose_name_plural = "予約"

    def __str__(self) -> str:
        return f"{self.reference} {self.office.slug} {self.start:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.CONFIRMED


class WaitlistEntry(models.Model):
    """'Tell me if an earlier time opens': tied to the citizen's booking, for the same office."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="waitlist")
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="waitlist")
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="+")
    earliest = models.DateTimeField(help_text="Offer nothing before this time")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_offered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["office", "active", "created_at"])]
        verbose_name = "キャンセル待ち"
        verbose_name_plural = "キャンセル待ち"

    def __str__(self) -> str:
        return f"waitlist {self.booking.reference}"


class CardNotice(models.Model):
    """A 交付通知書 (card-ready notice): its reservation number and the holder's date of birth.

    Loaded from J-LIS data in production; from ``content/city/demo-notices.yaml`` in the demo
    (``manage.py load_notices``)."""

    number = models.CharField(max_length=12, unique=True)
    birth_date = models.DateField()

    class Meta:
        verbose_name = "交付通知書"
        verbose_name_plural = "交付通知書"

    def __str__(self) -> str:
        return self.number
