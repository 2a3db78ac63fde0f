"""The navigator's facts: one typed value, parsed strictly from a query string.

Facts are what the navigator asks, what the operator console fills in and what the API takes.
They never contain personal data (no names, numbers or PINs): only answers such as "a proxy
will go" or "the certificate expires on 2027-03-01". Parsing, validation and rendering back
into a URL live here and nowhere else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args
from urllib.parse import urlencode

Renewal = Literal["ecert", "card"]
Stage = Literal["apply", "pickup"]
Visitor = Literal["self", "proxy", "legal_rep"]
Pins = Literal["known", "forgot_one", "forgot_all"]
# New reasons are appended at the end so that existing short codes (an index) keep their meaning.
ProxyReason = Literal[
    "illness",
    "disability",
    "age75",
    "pregnancy",
    "facility",
    "child",
    "student",
    "work",
    "other",
    "guardianship",
    "business_trip",
    "study_abroad",
    "hikikomori",
]
OldCard = Literal["has", "lost"]

# The choices of each enumerated key, in the order they are offered.
CHOICES: dict[str, tuple[str, ...]] = {
    "renewal": get_args(Renewal),
    "stage": get_args(Stage),
    "visitor": get_args(Visitor),
    "pins": get_args(Pins),
    "proxy_reason": get_args(ProxyReason),
    "old_card": get_args(OldCard),
}
BOOL_KEYS = ("guardianship", "shokaisho", "changed_info", "card_same_expiry", "preschool")
DATE_KEYS = ("expiry", "today")
INT_KEYS = ("age",)
# Query keys in their canonical order (also the order of the rendered query string).
KEYS = (
    "renewal",
    "stage",
    "expiry",
    "card_same_expiry",
    "visitor",
    "age",
    "preschool",
    "guardianship",
    "shokaisho",
    "pins",
    "proxy_reason",
    "old_card",
    "changed_info",
    "today",
)
MAX_AGE = 130
MIN_DATE = dt.date(2015, 1, 1)
MAX_DATE = dt.date(2060, 12, 31)


class FactsError(ValueError):
    """A query string that is not a valid set of facts; ``fields`` maps each bad key to why."""

    def __init__(self, fields: dict[str, str]):
        self.fields = fields
        super().__init__("; ".join(f"{key}: {msg}" for key, msg in fields.items()))


@dataclass(frozen=True, slots=True)
class Facts:
    renewal: Renewal | None = None
    stage: Stage | None = None
    expiry: dt.date | None = None
    # The card itself (date printed on the front) expires on the certificates' date or is
    # less than 3 months from expiry (or already expired): a new card instead (§1).
    card_same_expiry: bool | None = None
    visitor: Visitor | None = None
    age: int | None = None
    # The child has not started primary school (未就学児); asked only where age cannot tell (§5).
    preschool: bool | None = None
    guardianship: bool | None = None
    shokaisho: bool | None = None
    pins: Pins | None = None
    proxy_reason: ProxyReason | None = None
    old_card: OldCard | None = None
    changed_info: bool | None = None
    today: dt.date | None = None

    def replace(self, **changes: Any) -> Facts:
        return dataclasses.replace(self, **changes)

    def without(self, keys: Iterable[str]) -> Facts:
        return dataclasses.replace(self, **dict.fromkeys(keys))

    def as_params(self) -> dict[str, str]:
        """The facts that are set, as query parameters in canonical order."""
        params: dict[str, str] = {}
        for key in KEYS:
            value = getattr(self, key)
            if value is not None:
                params[key] = render_value(value)
        return params

    def to_query(self) -> str:
        return urlencode(self.as_params())

    def is_set(self, key: str) -> bool:
        return getattr(self, key) is not None


def render_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def parse_value(key: str, raw: str) -> object:
    """One query value, converted; raises ``ValueError`` with a message for the user."""
    raw = raw.strip()
    if key in CHOICES:
        if raw not in CHOICES[key]:
            raise ValueError(f"must be one of {', '.join(CHOICES[key])}")
        return raw
    if key in BOOL_KEYS:
        if raw not in ("true", "false"):
            raise ValueError("must be true or false")
        return raw == "true"
    if key in INT_KEYS:
        if not raw.isascii() or not raw.isdigit() or len(raw) > 3:
            raise ValueError(f"must be a whole number from 0 to {MAX_AGE}")
        number = int(raw)
        if number > MAX_AGE:
            raise ValueError(f"must be a whole number from 0 to {MAX_AGE}")
        return number
    if key in DATE_KEYS:
        return parse_date(raw)
    raise ValueError("is not a known key")


def parse_date(raw: str) -> dt.date:
    if len(raw) != 10 or not raw.isascii():
        raise ValueError("must be a date written YYYY-MM-DD")
    try:
        value = dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError("must be a real date written YYYY-MM-DD") from None
    if not MIN_DATE <= value <= MAX_DATE:
        raise ValueError(f"must be between {MIN_DATE} and {MAX_DATE}")
    return value


def parse_facts(params: Mapping[str, Any], *, allow: Iterable[str] = ()) -> Facts:
    """Facts from a QueryDict or a plain dict; strict.

    Unknown keys (other than those in ``allow``), repeated keys, empty values and bad values
    raise :class:`FactsError` naming every offending key.
    """
    allowed = set(allow)
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    for key in params:
        if key in allowed:
            continue
        raw_values = _values(params, key)
        if key not in KEYS:
            errors[key] = "is not a known key"
            continue
        if len(raw_values) != 1:
            errors[key] = "must be given once"
            continue
        if not isinstance(raw_values[0], str) or not raw_values[0].strip():
            errors[key] = "must not be empty"
            continue
        try:
            values[key] = parse_value(key, raw_values[0])
        except ValueError as exc:
            errors[key] = str(exc)
    if errors:
        raise FactsError(errors)
    facts = Facts(**values)  # type: ignore[arg-type]
    check_consistent(facts)
    return facts


def check_consistent(facts: Facts) -> None:
    """Combinations that cannot be true together, named by the key that contradicts."""
    errors: dict[str, str] = {}
    if facts.stage is not None and facts.renewal == "ecert":
        errors["stage"] = "applies only to renewal=card"
    if facts.guardianship and facts.age is not None and facts.age < 18:
        errors["guardianship"] = "applies only to adults (age 18 or over)"
    if facts.card_same_expiry is not None and facts.renewal == "card":
        errors["card_same_expiry"] = "applies only to renewal=ecert"
    if facts.preschool and facts.age is not None and facts.age >= 8:
        errors["preschool"] = "applies only to children under 8"
    if errors:
        raise FactsError(errors)


def _values(params: Mapping[str, Any], key: str) -> list[Any]:
    getlist = getattr(params, "getlist", None)
    if getlist is not None:
        return list(getlist(key))
    value = params[key]
    return list(value) if isinstance(value, list | tuple) else [value]


# --- short codes: the facts in a few characters, for the short URL and the QR code ------------

_CODE_LETTERS = {
    "renewal": "r",
    "stage": "s",
    "expiry": "x",
    "card_same_expiry": "e",
    "visitor": "v",
    "age": "a",
    "preschool": "n",
    "guardianship": "g",
    "shokaisho": "k",
    "pins": "p",
    "proxy_reason": "y",
    "old_card": "o",
    "changed_info": "c",
    "today": "t",
}
_CODE_KEYS = {letter: key for key, letter in _CODE_LETTERS.items()}
_CODE_PART = re.compile(r"([a-z])(\d{1,8})")


def to_code(facts: Facts) -> str:
    """A short, URL-safe code for the facts, e.g. ``r0x20270315v0p1``."""
    parts = []
    for key in KEYS:
        value = getattr(facts, key)
        if value is None:
            continue
        if key in CHOICES:
            digits = str(CHOICES[key].index(value))
        elif isinstance(value, bool):
            digits = "1" if value else "0"
        elif isinstance(value, dt.date):
            digits = value.strftime("%Y%m%d")
        else:
            digits = str(value)
        parts.append(_CODE_LETTERS[key] + digits)
    return "".join(parts)


def from_code(code: str) -> Facts:
    """The facts of a short code; raises :class:`FactsError` for anything malformed."""
    if len(code) > 120:
        raise FactsError({"code": "is not a valid short code"})
    params: dict[str, str] = {}
    position = 0
    while position < len(code):
        match = _CODE_PART.match(code, position)
        if not match or match.group(1) not in _CODE_KEYS:
            raise FactsError({"code": "is not a valid short code"})
        key, digits = _CODE_KEYS[match.group(1)], match.group(2)
        if key in params:
            raise FactsError({"code": "repeats a fact"})
        params[key] = _decode(key, digits)
        position = match.end()
    return parse_facts(params)


def _decode(key: str, digits: str) -> str:
    if key in CHOICES:
        index = int(digits)
        if index >= len(CHOICES[key]):
            raise FactsError({"code": f"has a bad value for {key}"})
        return CHOICES[key][index]
    if key in BOOL_KEYS:
        if digits not in ("0", "1"):
            raise FactsError({"code": f"has a bad value for {key}"})
        return "true" if digits == "1" else "false"
    if key in DATE_KEYS:
        if len(digits) != 8:
            raise FactsError({"code": f"has a bad value for {key}"})
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    return digits
