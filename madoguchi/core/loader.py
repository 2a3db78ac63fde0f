"""Validate and load a city's data file into the core models, all or nothing."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import jsonschema
import yaml
from django.db import transaction

from madoguchi.core.city_schema import CITY_SCHEMA
from madoguchi.core.models import City, Closure, Office, OpeningHours, PhoneLine, Procedure

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class CityDataError(Exception):
    """A problem in a city file, with the file and the field path."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = str(path)
        self.problems = problems
        super().__init__(f"{path}:\n" + "\n".join(f"  - {p}" for p in problems))


def _field_path(parts) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _t(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def read_city_file(path: Path | str) -> dict:
    """Parse and validate; raise CityDataError listing every problem found."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CityDataError(path, ["file not found"]) from None
    except yaml.YAMLError as exc:
        raise CityDataError(path, [f"not valid YAML: {exc}"]) from None
    # YAML turns dates into date objects; the schema speaks strings.
    data = _stringify_dates(data)
    validator = jsonschema.Draft202012Validator(
        CITY_SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    problems = [
        f"{_field_path(err.absolute_path)}: {err.message}"
        for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path)))
    ]
    if problems:
        raise CityDataError(path, problems)
    problems = _semantic_problems(data)
    if problems:
        raise CityDataError(path, problems)
    return data


def _stringify_dates(value):
    if isinstance(value, dict):
        return {k: _stringify_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify_dates(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _duplicates(items: list[str]) -> set[str]:
    seen: set[str] = set()
    return {x for x in items if x in seen or seen.add(x)}


def _semantic_problems(data: dict) -> list[str]:
    problems: list[str] = []
    codes = [p["code"] for p in data["procedures"]]
    for code in sorted(_duplicates(codes)):
        problems.append(f"procedures: duplicate code {code!r}")
    office_ids = [o["id"] for o in data["offices"]]
    for oid in sorted(_duplicates(office_ids)):
        problems.append(f"offices: duplicate office id {oid!r}")
    for key in sorted(_duplicates([p["key"] for p in data["phone_lines"]])):
        problems.append(f"phone_lines: duplicate key {key!r}")
    for i, office in enumerate(data["offices"]):
        for j, code in enumerate(office["procedures"]):
            if code not in codes:
                problems.append(
                    f"offices[{i}].procedures[{j}]: unknown procedure {code!r} "
                    f"(known: {', '.join(codes)})"
                )
        for j, hours in enumerate(office["hours"]):
            if _t(hours["open"]) >= _t(hours["close"]):
                problems.append(
                    f"offices[{i}].hours[{j}]: opens at {hours['open']} but closes at "
                    f"{hours['close']}"
                )
    for i, closure in enumerate(data.get("closures", [])):
        if "office" in closure and closure["office"] not in office_ids:
            problems.append(f"closures[{i}].office: unknown office {closure['office']!r}")
        if "from" in closure and closure["from"] > closure["to"]:
            problems.append(f"closures[{i}]: 'from' is after 'to'")
    return problems


@transaction.atomic
def load_city(path: Path | str) -> City:
    """Load (or reload) a city file. Validates first; on any error nothing is written."""
    data = read_city_file(path)
    c = data["city"]
    city, _ = City.objects.update_or_create(
        slug=c["slug"],
        defaults={
            "name": c["name"],
            "website": c.get("website", ""),
            "loaded_from": str(path),
            "rules": data.get("rules", {}),
        },
    )
    procedures = {}
    for order, p in enumerate(data["procedures"]):
        procedures[p["code"]], _ = Procedure.objects.update_or_create(
            code=p["code"],
            defaults={
                "name": p["name"],
                "minutes": p["minutes"],
                "needs_notice": p.get("needs_notice", False),
                "order": order,
            },
        )
    Procedure.objects.exclude(code__in=procedures).delete()

    for order, line in enumerate(data["phone_lines"]):
        PhoneLine.objects.update_or_create(
            key=line["key"],
            defaults={
                "city": city,
                "name": line["name"],
                "number": line["number"],
                "hours": line["hours"],
                "order": order,
            },
        )
    PhoneLine.objects.exclude(key__in=[p["key"] for p in data["phone_lines"]]).delete()

    offices = {}
    for order, o in enumerate(data["offices"]):
        office, _ = Office.objects.update_or_create(
            slug=o["id"],
            defaults={
                "city": city,
                "kind": o["kind"],
                "ward": o["ward"],
                "name": o["name"],
                "postcode": o["postcode"],
                "address": o["address"],
                "access": o.get("access", {}),
                "phone": o.get("phone", ""),
                "counters": o["counters"],
                "booking_days_ahead": o["booking"]["days_ahead"],
                "booking_release_time": _t(o["booking"]["release_time"]),
                "order": order,
            },
        )
        office.procedures.set([procedures[code] for code in o["procedures"]])
        office.hours.all().delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(
                office=office,
                weekday=DAYS.index(day),
                opens=_t(h["open"]),
                closes=_t(h["close"]),
                weeks_of_month=h.get("weeks", []),
                note=h.get("note", {}),
            )
            for h in o["hours"]
            for day in h["days"]
        )
        offices[o["id"]] = office
    Office.objects.exclude(slug__in=offices).delete()

    city.closures.all().delete()
    Closure.objects.bulk_create(
        Closure(
            city=city,
            office=offices.get(cl.get("office", "")),
            name=cl["name"],
            yearly_start=cl.get("yearly", {}).get("from", ""),
            yearly_end=cl.get("yearly", {}).get("to", ""),
            start=date.fromisoformat(cl["from"]) if "from" in cl else None,
            end=date.fromisoformat(cl["to"]) if "to" in cl else None,
        )
        for cl in data.get("closures", [])
    )
    return city
