"""Browser tests: Debian's Chromium driven by Playwright, checked with axe-core."""

from __future__ import annotations

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.exit(
            "Chromium is not installed. Install Debian's package: "
            "sudo apt-get install -y chromium (make e2e never downloads a browser).",
            returncode=3,
        )
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": _chromium(), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "ja-JP", "timezone_id": "Asia/Tokyo"}


@pytest.fixture
def page_nojs(browser, browser_context_args):
    """A page with JavaScript disabled: everything must still work."""
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def live_city(transactional_db, live_server):
    """The demo city, visible to the live server."""
    from django.conf import settings

    from madoguchi.core.loader import load_city

    load_city(settings.BASE_DIR / "content" / "city" / "demo-city.yaml")
    return live_server


@pytest.fixture(scope="session")
def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def axe_check(_axe):
    """Call ``axe_check(page)``: fails with the list of WCAG 2.2 AA violations, if any.

    axe-core is JavaScript: check pages opened with JavaScript on (``page``); a no-JS journey
    (``page_nojs``) re-checks the same URLs in a JS page."""

    def check(page) -> None:
        results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        violations = results.response["violations"]
        assert not violations, results.generate_report()

    return check
