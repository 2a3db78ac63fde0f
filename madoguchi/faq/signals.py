"""FAQ texts show city facts (phone numbers, offices, hours): when the city data changes,
every process must rebuild its search index and displayed texts."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save


def _city_changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # fixture loading
    from madoguchi.faq.services import bump_index_version

    bump_index_version()


def connect() -> None:
    from madoguchi.core.models import City, Office, OpeningHours, PhoneLine

    for model in (City, Office, OpeningHours, PhoneLine):
        post_save.connect(_city_changed, sender=model, dispatch_uid=f"faq-city-{model.__name__}")
        post_delete.connect(
            _city_changed, sender=model, dispatch_uid=f"faq-city-del-{model.__name__}"
        )
