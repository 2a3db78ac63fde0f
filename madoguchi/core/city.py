"""Read helpers for the city's data (the city, offices, phone lines): one place for these queries."""

from __future__ import annotations

from madoguchi.core.models import City, Office, PhoneLine


def get_city() -> City | None:
    return City.objects.order_by("pk").first()


def phone_line(key: str) -> PhoneLine | None:
    return PhoneLine.objects.filter(key=key).first()


def offices_for(procedure_code: str):
    return (
        Office.objects.filter(procedures__code=procedure_code)
        .prefetch_related("hours")
        .order_by("order", "slug")
    )
