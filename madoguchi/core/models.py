"""The city as data: offices, counters, hours, closures, phone lines and procedures.

Everything here is loaded from the city's YAML file by ``manage.py load_city``;
texts are stored as ``{"ja": ..., "en": ..., "easy": ...}`` and shown with the
``tr`` template filter (or :func:`madoguchi.core.i18n.tr` in Python).
"""

from __future__ import annotations

from django.db import models

from madoguchi.core.i18n import tr


class City(models.Model):
    slug = models.SlugField(unique=True)
    name = models.JSONField()
    website = models.URLField(blank=True)
    loaded_from = models.CharField(max_length=500, blank=True)
    # Rules with a source and verified-on date (e.g. national maintenance day).
    rules = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "市"
        verbose_name_plural = "市"

    def __str__(self) -> str:
        return tr(self.name)


class Procedure(models.Model):
    """One vocabulary shared by every app (navigator, booking, counter, insights)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.JSONField()
    minutes = models.PositiveSmallIntegerField(help_text="Standard counter minutes")
    needs_notice = models.BooleanField(
        default=False, help_text="A booking must carry the 交付通知書 number and date of birth"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "手続"
        verbose_name_plural = "手続"

    def __str__(self) -> str:
        return f"{tr(self.name)} ({self.minutes}分)"


class Office(models.Model):
    class Kind(models.TextChoices):
        CENTER = "center", "マイナンバーカードセンター"
        WARD = "ward", "区役所"
        BRANCH = "branch", "出張所"

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="offices")
    slug = models.SlugField(max_length=40, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    ward = models.JSONField()
    name = models.JSONField()
    postcode = models.CharField(max_length=8)
    address = models.JSONField()
    access = models.JSONField(default=dict, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    counters = models.PositiveSmallIntegerField()
    procedures = models.ManyToManyField(Procedure, related_name="offices")
    booking_days_ahead = models.PositiveSmallIntegerField(default=31)
    booking_release_time = models.TimeField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = "窓口"
        verbose_name_plural = "窓口"

    def __str__(self) -> str:
        return tr(self.name)


class OpeningHours(models.Model):
    """Regular weekly hours, or extra openings on the n-th weekday of each month."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(help_text="0=月曜 … 6=日曜")
    opens = models.TimeField()
    closes = models.TimeField()
    # Empty: every week. Otherwise which weeks of the month (1–5), e.g. [2, 4].
    weeks_of_month = models.JSONField(default=list, blank=True)
    note = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["office", "weekday", "opens"]
        verbose_name = "開庁時間"
        verbose_name_plural = "開庁時間"

    def __str__(self) -> str:
        weeks = f" (第{','.join(map(str, self.weeks_of_month))})" if self.weeks_of_month else ""
        return f"{self.office.slug} {'月火水木金土日'[self.weekday]}{weeks} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Closure(models.Model):
    """Days when counters are closed: a fixed date range, or a yearly month-day range."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="closures")
    office = models.ForeignKey(
        Office, null=True, blank=True, on_delete=models.CASCADE, related_name="closures"
    )
    name = models.JSONField()
    # Either yearly (MM-DD to MM-DD, may wrap the year end) or fixed dates.
    yearly_start = models.CharField(max_length=5, blank=True)
    yearly_end = models.CharField(max_length=5, blank=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "閉庁日"
        verbose_name_plural = "閉庁日"

    def __str__(self) -> str:
        return tr(self.name)


class PhoneLine(models.Model):
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="phone_lines")
    key = models.SlugField(max_length=40, unique=True)
    name = models.JSONField()
    number = models.CharField(max_length=20)
    hours = models.JSONField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "key"]
        verbose_name = "電話窓口"
        verbose_name_plural = "電話窓口"

    def __str__(self) -> str:
        return f"{tr(self.name)} {self.number}"
