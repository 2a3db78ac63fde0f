"""The JSON Schema of a city's data file (content/city/*.yaml)."""

TEXT = {
    "type": "object",
    "required": ["ja", "en", "easy"],
    "properties": {lang: {"type": "string", "minLength": 1} for lang in ("ja", "en", "easy")},
    "additionalProperties": False,
}
TIME = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$"}
MONTH_DAY = {"type": "string", "pattern": r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"}
SLUG = {"type": "string", "pattern": r"^[a-z][a-z0-9_-]{0,39}$"}
DAY = {"enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}
SOURCED_RULE = {
    "type": "object",
    "required": ["source", "verified_on"],
    "properties": {
        "source": {"type": "string", "pattern": "^https?://"},
        "verified_on": {"type": "string", "format": "date"},
    },
}

CITY_SCHEMA = {
    "type": "object",
    "required": ["city", "procedures", "phone_lines", "offices"],
    "additionalProperties": False,
    "properties": {
        "city": {
            "type": "object",
            "required": ["slug", "name"],
            "additionalProperties": False,
            "properties": {
                "slug": SLUG,
                "name": TEXT,
                "website": {"type": "string", "pattern": "^https?://"},
            },
        },
        "rules": {
            "type": "object",
            "properties": {
                "national_maintenance": {
                    **SOURCED_RULE,
                    "properties": {
                        **SOURCED_RULE["properties"],
                        "rule": {"enum": ["sunday_after_third_saturday", "none"]},
                    },
                    "required": ["rule", "source", "verified_on"],
                },
            },
            "additionalProperties": SOURCED_RULE,
        },
        "procedures": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["code", "name", "minutes"],
                "additionalProperties": False,
                "properties": {
                    "code": SLUG,
                    "name": TEXT,
                    "minutes": {"type": "integer", "minimum": 5, "maximum": 240},
                    "needs_notice": {"type": "boolean"},
                },
            },
        },
        "phone_lines": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "name", "number", "hours"],
                "additionalProperties": False,
                "properties": {
                    "key": SLUG,
                    "name": TEXT,
                    "number": {"type": "string", "pattern": r"^0\d{1,4}-\d{1,4}-\d{3,4}$"},
                    "hours": TEXT,
                },
            },
        },
        "closures": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name"],
                "additionalProperties": False,
                "properties": {
                    "name": TEXT,
                    "office": SLUG,
                    "yearly": {
                        "type": "object",
                        "required": ["from", "to"],
                        "additionalProperties": False,
                        "properties": {"from": MONTH_DAY, "to": MONTH_DAY},
                    },
                    "from": {"type": "string", "format": "date"},
                    "to": {"type": "string", "format": "date"},
                },
                "oneOf": [{"required": ["yearly"]}, {"required": ["from", "to"]}],
            },
        },
        "offices": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": [
                    "id",
                    "kind",
                    "ward",
                    "name",
                    "postcode",
                    "address",
                    "counters",
                    "procedures",
                    "hours",
                    "booking",
                ],  # fmt: skip
                "additionalProperties": False,
                "properties": {
                    "id": SLUG,
                    "kind": {"enum": ["center", "ward", "branch"]},
                    "ward": TEXT,
                    "name": TEXT,
                    "postcode": {"type": "string", "pattern": r"^\d{3}-\d{4}$"},
                    "address": TEXT,
                    "access": TEXT,
                    "phone": {"type": "string", "pattern": r"^0\d{1,4}-\d{1,4}-\d{3,4}$"},
                    "counters": {"type": "integer", "minimum": 1, "maximum": 100},
                    "procedures": {"type": "array", "minItems": 1, "items": SLUG},
                    "booking": {
                        "type": "object",
                        "required": ["days_ahead", "release_time"],
                        "additionalProperties": False,
                        "properties": {
                            "days_ahead": {"type": "integer", "minimum": 1, "maximum": 180},
                            "release_time": TIME,
                        },
                    },
                    "hours": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["days", "open", "close"],
                            "additionalProperties": False,
                            "properties": {
                                "days": {"type": "array", "minItems": 1, "items": DAY},
                                "weeks": {
                                    "type": "array",
                                    "items": {"type": "integer", "minimum": 1, "maximum": 5},
                                },
                                "open": TIME,
                                "close": TIME,
                                "note": TEXT,
                            },
                        },
                    },
                },
            },
        },
    },
}
