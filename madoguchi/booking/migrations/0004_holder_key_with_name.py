"""Existing bookings get the new holder key (contact + kana name without spaces), so that the
one-active-booking-per-holder rule keeps working for bookings made before the change."""

from django.db import migrations


def add_names(apps, schema_editor):
    Booking = apps.get_model("booking", "Booking")
    for booking in Booking.objects.exclude(holder_key__startswith="notice:").iterator():
        if "|" in booking.holder_key:
            continue
        name = "".join(booking.name_kana.split())
        Booking.objects.filter(pk=booking.pk).update(holder_key=f"{booking.holder_key}|{name}")


def drop_names(apps, schema_editor):
    Booking = apps.get_model("booking", "Booking")
    for booking in Booking.objects.filter(holder_key__contains="|").iterator():
        key = booking.holder_key.split("|", 1)[0]
        Booking.objects.filter(pk=booking.pk).update(holder_key=key)


class Migration(migrations.Migration):
    dependencies = [("booking", "0003_notice_unique_request_hash")]

    operations = [migrations.RunPython(add_names, drop_names)]
