"""Start-up stops with a message naming the variable when the environment is wrong."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _check(**env: str) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
    full.update({"SECRET_KEY": "k" * 60, "DJANGO_SETTINGS_MODULE": "madoguchi.settings", **env})
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_bad_database_url_stops_startup_naming_the_variable():
    result = _check(DATABASE_URL="mysql-ish:/nonsense", DEBUG="true")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_an_unsupported_database_engine_is_refused():
    result = _check(DATABASE_URL="mysql://u:p@localhost/db", DEBUG="true")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr and "postgres" in result.stderr


def test_a_bad_boolean_stops_startup_naming_the_variable():
    result = _check(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_production_needs_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"DEBUG": "false", "DJANGO_SETTINGS_MODULE": "madoguchi.settings"})
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_missing_city_file_stops_startup():
    result = _check(DEBUG="true", MADOGUCHI_CITY="/nonexistent/city.yaml")
    assert result.returncode != 0
    assert "MADOGUCHI_CITY" in result.stderr


@pytest.mark.parametrize("value", ["true", "1", "yes", "on", "false", "0", "no", "off"])
def test_accepted_booleans_start_cleanly(value):
    result = _check(DEBUG=value, ALLOWED_HOSTS="example.jp", SECURE_SSL_REDIRECT="false")
    assert result.returncode == 0, result.stderr


def test_production_settings_pass_the_deploy_check():
    full = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO") and k not in {"SECURE_SSL_REDIRECT", "DEBUG"}
    }
    full.update(
        {
            "SECRET_KEY": "p-" + "Zk8#q2" * 10,
            "DEBUG": "false",
            "ALLOWED_HOSTS": "madoguchi.example.jp",
            "DJANGO_SETTINGS_MODULE": "madoguchi.settings",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
