"""Booking benchmark (``make bench``): release-moment storm and availability latency.

Creates its own PostgreSQL database ``madoguchi_bench`` on 127.0.0.1:5432, migrates it, loads
the demo city, seeds 100,000 bookings (past days and the open horizon, capacity respected),
serves the app with gunicorn (2 workers) on a free loopback port, then

1. the storm: ``STORM_CLIENTS`` concurrent clients race for the places of the newest bookable
   day (each looks at availability, picks one of the earliest free times, books; on 409 it looks
   again, up to ``STORM_ATTEMPTS`` times);
2. availability: a month of slots for every office, ``AVAIL_ROUNDS`` times, one client.

Prints ``BENCH booking.<name>=<value>`` lines and drops the database. Bounded in time.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
DB_NAME = "madoguchi_bench"
PG = "postgres://postgres@127.0.0.1:5432"
SEED_BOOKINGS = 100_000
STORM_CLIENTS = int(os.environ.get("BENCH_STORM_CLIENTS", "200"))
STORM_ATTEMPTS = 4
STORM_DEADLINE_S = 120
AVAIL_ROUNDS = 12


def _env() -> dict[str, str]:
    return os.environ | {
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "DJANGO_SETTINGS_MODULE": "madoguchi.settings",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MADOGUCHI_RATE_LIMITS": "false",
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(BASE_DIR),
    }


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _manage(env: dict, *args: str, timeout: int = 300) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    return result.stdout


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _request(method: str, url: str, body: dict | None = None) -> tuple[int, dict | list | None]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 (loopback only)
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, None


# --- seeding (runs in a subprocess with Django set up on the bench database) -------------------


def seed() -> None:
    import django

    django.setup()
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from madoguchi.booking.availability import candidate_starts, last_bookable_day, unit_starts
    from madoguchi.booking.models import Booking, CapacityUnit
    from madoguchi.booking.services import REFERENCE_ALPHABET
    from madoguchi.core.calendar import TOKYO, prefetch_calendar
    from madoguchi.core.models import Office, Procedure

    rng = random.Random(20261203)
    now = timezone.now()
    offices = list(prefetch_calendar(Office.objects.all()))
    procedure = Procedure.objects.get(code="ecert_renew")
    center = next(o for o in offices if o.slug == "center")
    storm_day = last_bookable_day(center, now)
    while not candidate_starts(center, procedure.minutes, storm_day):
        storm_day -= timedelta(days=1)

    def reference(n: int) -> str:
        out = ""
        for _ in range(8):
            n, r = divmod(n, len(REFERENCE_ALPHABET))
            out += REFERENCE_ALPHABET[r]
        return out

    bookings: list[Booking] = []
    units: dict[tuple[int, object], list[int]] = {}
    day = storm_day - timedelta(days=1)
    n = 0
    while n < SEED_BOOKINGS:
        for office in offices:
            for start, end in candidate_starts(office, procedure.minutes, day):
                taken = min(office.counters, rng.choice((0, 1, 2, 3, 4, 5, 6, 7, 8)))
                for _ in range(taken):
                    if n >= SEED_BOOKINGS:
                        break
                    bookings.append(
                        Booking(
                            reference=reference(n),
                            office=office,
                            procedure=procedure,
                            start=start,
                            end=end,
                            name_kana="シード",
                            email=f"seed{n}@example.jp",
                            holder_key=f"email:seed{n}@example.jp",
                            channel=Booking.Channel.WEB,
                        )
                    )
                    for unit in unit_starts(start, end):
                        units.setdefault((office.pk, unit), [office.counters, 0])[1] += 1
                    n += 1
        day -= timedelta(days=1)
    with transaction.atomic():
        Booking.objects.bulk_create(bookings, batch_size=5000)
        CapacityUnit.objects.bulk_create(
            [
                CapacityUnit(office_id=o, start=s, capacity=c, used=u)
                for (o, s), (c, u) in units.items()
            ],
            batch_size=5000,
        )
    print(
        json.dumps(
            {
                "bookings": Booking.objects.count(),
                "storm_day": storm_day.isoformat(),
                "first_day": (day + timedelta(days=1)).isoformat(),
                "today": now.astimezone(TOKYO).date().isoformat(),
            }
        )
    )


def count_double_bookings(storm_day: str) -> str:
    """Independent of the ledger: for each office and 5-minute unit of the storm day, how many
    confirmed bookings cover it beyond the office's counters; plus duplicate holders."""
    import django

    django.setup()
    from datetime import date, datetime, time, timedelta

    from madoguchi.booking.availability import unit_starts
    from madoguchi.booking.models import Booking
    from madoguchi.core.calendar import TOKYO

    day = date.fromisoformat(storm_day)
    start = datetime.combine(day, time.min, tzinfo=TOKYO)
    rows = Booking.objects.filter(
        status=Booking.Status.CONFIRMED, start__gte=start, start__lt=start + timedelta(days=1)
    ).values_list("office_id", "office__counters", "start", "end", "holder_key")
    cover: dict[tuple[int, datetime], int] = {}
    counters: dict[int, int] = {}
    holders: dict[str, int] = {}
    for office_id, office_counters, s, e, holder in rows:
        counters[office_id] = office_counters
        holders[holder] = holders.get(holder, 0) + 1
        for unit in unit_starts(s, e):
            cover[(office_id, unit)] = cover.get((office_id, unit), 0) + 1
    over = sum(max(0, c - counters[o]) for (o, _), c in cover.items())
    duplicates = sum(c - 1 for c in holders.values() if c > 1)
    print(json.dumps({"double_bookings": over + duplicates, "storm_bookings": len(rows)}))
    return ""


def _in_subprocess(env: dict, function: str, *args: str) -> dict:
    code = f"from madoguchi.booking import bench; bench.{function}(*{args!r})"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- the storm and the availability queries -------------------------------------------------------


def storm(base: str, storm_day: str, offices: list[str]) -> dict:
    barrier = threading.Barrier(STORM_CLIENTS)
    latencies: list[float] = []
    outcome = {"ok": 0, "conflict": 0, "errors": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + STORM_DEADLINE_S

    def client(n: int) -> None:
        rng = random.Random(n)
        office = offices[0] if n % 2 == 0 else rng.choice(offices)  # half want the centre
        barrier.wait(timeout=60)
        for _attempt in range(STORM_ATTEMPTS):
            if time.monotonic() > deadline:
                return
            status, body = _request(
                "GET",
                f"{base}/api/v1/availability?office={office}&service=ecert_renew"
                f"&from={storm_day}&to={storm_day}",
            )
            if status != 200:
                with lock:
                    outcome["errors"] += 1
                return
            slots = [s for s in body["slots"] if s["remaining"] > 0][:3]
            if not slots:
                return
            choice = rng.choice(slots)
            payload = {
                "office": office,
                "service": "ecert_renew",
                "start": choice["start"],
                "name_kana": "ストーム",
                "email": f"storm{n}@example.jp",
            }
            began = time.perf_counter()
            try:
                status, _ = _request("POST", f"{base}/api/v1/bookings", payload)
            except OSError:
                status = 0
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                latencies.append(elapsed)
                if status == 201:
                    outcome["ok"] += 1
                elif status == 409:
                    outcome["conflict"] += 1
                else:
                    outcome["errors"] += 1
            if status == 201 or status not in (409,):
                return

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=STORM_CLIENTS) as pool:
        list(pool.map(client, range(STORM_CLIENTS)))
    wall = time.perf_counter() - began
    return outcome | {
        "wall_s": wall,
        "per_s": outcome["ok"] / wall if wall else 0.0,
        "p50_ms": _percentile(latencies, 0.5),
        "p95_ms": _percentile(latencies, 0.95),
    }


def availability_p95(base: str, offices: list[str], today: str, month_end: str) -> dict:
    latencies = []
    for _round in range(AVAIL_ROUNDS):
        for office in offices:
            began = time.perf_counter()
            status, body = _request(
                "GET",
                f"{base}/api/v1/availability?office={office}&service=ecert_renew"
                f"&from={today}&to={month_end}",
            )
            latencies.append((time.perf_counter() - began) * 1000)
            if status != 200 or not isinstance(body, dict):
                raise RuntimeError(f"availability answered {status}")
    return {"p50_ms": _percentile(latencies, 0.5), "p95_ms": _percentile(latencies, 0.95)}


def run() -> None:
    from datetime import date, timedelta

    from madoguchi.booking.serve import gunicorn

    env = _env()
    _admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    _admin(f"CREATE DATABASE {DB_NAME}")
    try:
        _manage(env, "migrate", "--noinput")
        _manage(env, "load_city", str(BASE_DIR / "content" / "city" / "demo-city.yaml"))
        seeded = _in_subprocess(env, "seed")
        print(f"BENCH booking.seeded_bookings={seeded['bookings']}")
        with gunicorn(
            f"{PG}/{DB_NAME}", workers=2, threads=4, settings_module="madoguchi.settings",
            extra_env={k: env[k] for k in ("SECRET_KEY", "DEBUG", "SECURE_SSL_REDIRECT", "LOG_LEVEL")},
            quiet=True,
        ) as base:  # fmt: skip
            status, rows = _request("GET", f"{base}/api/v1/offices")
            offices = [row["id"] for row in rows]
            result = storm(base, seeded["storm_day"], offices)
            today = date.fromisoformat(seeded["today"])
            month_end = (today + timedelta(days=30)).isoformat()
            avail = availability_p95(base, offices, today.isoformat(), month_end)
        checked = _in_subprocess(env, "count_double_bookings", seeded["storm_day"])
        print(f"BENCH booking.storm.clients={STORM_CLIENTS}")
        print(f"BENCH booking.storm.booked={result['ok']}")
        print(f"BENCH booking.storm.conflicts_409={result['conflict']}")
        print(f"BENCH booking.storm.per_s={result['per_s']:.1f}")
        print(f"BENCH booking.storm.p50_ms={result['p50_ms']:.1f}")
        print(f"BENCH booking.storm.p95_ms={result['p95_ms']:.1f}")
        print(f"BENCH booking.storm.errors={result['errors']}")
        print(f"BENCH booking.storm.double_bookings={checked['double_bookings']}")
        print(f"BENCH booking.availability.p50_ms={avail['p50_ms']:.1f}")
        print(f"BENCH booking.availability.p95_ms={avail['p95_ms']:.1f}")
    finally:
        _admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


if __name__ == "__main__":
    run()
