"""Fixed-window rate limits in Django's cache (per IP, per contact). Off when
``settings.MADOGUCHI_RATE_LIMITS`` is False (benchmarks)."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

# (limit, window seconds)
PER_IP = (30, 600)
PER_CONTACT = (5, 3600)


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(scope: str, key: str, limit: int, window: int) -> bool:
    """Count one hit; False once more than ``limit`` hits fall in the current window."""
    if not getattr(settings, "MADOGUCHI_RATE_LIMITS", True):
        return True
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # no personal data in cache keys
    bucket = int(time.time() // window)
    cache_key = f"rl:{scope}:{digest}:{bucket}"
    if cache.add(cache_key, 1, window + 5):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, window + 5)
        return True
    return count <= limit


def allow_ip(request, scope: str = "booking") -> bool:
    return allow(f"{scope}:ip", client_ip(request), *PER_IP)


def allow_contact(holder: str, scope: str = "booking") -> bool:
    return allow(f"{scope}:contact", holder, *PER_CONTACT)


def retry_after(window: int) -> int:
    """Seconds until the current fixed window ends (for the Retry-After header)."""
    return max(1, int(window - time.time() % window))
