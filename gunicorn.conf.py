"""gunicorn settings for production: `gunicorn madoguchi.wsgi -c gunicorn.conf.py`."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
timeout = 30
accesslog = "-"


def post_worker_init(worker):
    """After the worker has loaded the Django app: load the Japanese dictionary, the sentence model and the FAQ index before the first
    request, so no citizen waits ~2.5 s for a cold worker."""
    from madoguchi.faq.index import warm_up

    warm_up()
