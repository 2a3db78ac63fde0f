"""`make bench`: run every app's benchmark and print `BENCH name=value` lines.

Each app may have `madoguchi/<app>/bench.py` with `run() -> None`.
"""

from __future__ import annotations

import importlib
import os
import sys
import time


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "madoguchi.settings")
    import django

    django.setup()
    from django.apps import apps

    failures = 0
    for config in apps.get_app_configs():
        if not config.name.startswith("madoguchi."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.bench")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.bench":
                continue
            raise
        started = time.perf_counter()
        print(f"# {config.label}", flush=True)
        try:
            module.run()
        except Exception as exc:  # report and go on with the other apps
            failures += 1
            print(f"# {config.label} bench failed: {exc!r}", file=sys.stderr, flush=True)
        print(f"# {config.label} took {time.perf_counter() - started:.1f}s", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
