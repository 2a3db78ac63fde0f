"""Start the app under gunicorn on loopback for the storm test and the benchmark."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(
    database_url: str,
    *,
    workers: int = 2,
    threads: int = 8,
    settings_module: str = "madoguchi.test_settings",
    timeout: float = 30.0,
    extra_env: dict[str, str] | None = None,
    quiet: bool = False,
) -> Iterator[str]:
    """Yield the base URL of gunicorn serving the app on 127.0.0.1 (killed on exit)."""
    port = free_port()
    env = (
        os.environ
        | {
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": settings_module,
            "MADOGUCHI_RATE_LIMITS": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "PYTHONPATH": str(BASE_DIR),
        }
        | (extra_env or {})
    )
    gunicorn_bin = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn_bin),
        "madoguchi.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread" if threads > 1 else "sync",
        "--timeout",
        "60",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
    ]
    # Run from an empty directory so no gunicorn.conf.py is picked up: the numbers measure the
    # app with plain gthread workers, whatever the deployment's own hooks do.
    workdir = tempfile.mkdtemp(prefix="madoguchi-gunicorn-")
    process = subprocess.Popen(  # noqa: S603
        command, cwd=workdir, env=env, stderr=subprocess.DEVNULL if quiet else None
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}")
            try:
                with urllib.request.urlopen(url + "/api/v1/offices", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer in time")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(workdir, ignore_errors=True)
