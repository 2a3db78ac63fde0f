# Madoguchi — `make run` serves the demo city on http://127.0.0.1:8000/, `make test` runs the tests.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Development defaults; production sets these in the environment (see README).
export DEBUG ?= true
export PYTHONDONTWRITEBYTECODE := 1
LOCALE_DIRS := $(wildcard madoguchi/*/locale)
PO_FILES := $(wildcard madoguchi/*/locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)
# Production-like settings for checks and benchmarks (not for serving).
CHECK_ENV := DEBUG=false SITE_URL=http://127.0.0.1:8000 SECRET_KEY=check-only-$(shell printf 'x%.0s' $$(seq 50))

help:
	@echo "make run    set up everything and serve the demo city on http://$(HOST):$(PORT)/"
	@echo "make test   run the test suite (SQLite; DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make lint   ruff, template format, migrations and content checks"
	@echo "make e2e    browser tests in Debian's Chromium (axe-core accessibility checks)"
	@echo "make bench  print the measured figures as BENCH name=value lines"

# A Python 3.12+ interpreter: $(PYTHON) if given, else pyenv's 3.12.1, python3.13, python3.12, python3.
$(VENV)/.python:
	@set -e; for cand in "$(PYTHON)" "PYENV_VERSION=3.12.1 python" python3.13 python3.12 python3; do \
	  [ -n "$$cand" ] || continue; \
	  if env $$cand -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	    echo "Using $$(env $$cand --version) ($$cand)"; env $$cand -m venv $(VENV); \
	    echo "$$cand" > $@; exit 0; fi; \
	done; \
	echo "No Python 3.12 or newer found. Install one (e.g. 'pyenv install 3.12') or run 'make PYTHON=/path/to/python3.12 ...'." >&2; exit 1

$(VENV)/.installed: $(VENV)/.python requirements.txt requirements-dev.txt constraints.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt -c constraints.txt
	@touch $@

install: $(VENV)/.installed

%.mo: %.po $(VENV)/.installed
	@$(VENV)/bin/python -c "import polib,sys; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])" $< $@

messages: $(MO_FILES)

var:
	@mkdir -p var

setup: install messages var
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) createcachetable
	$(MANAGE) seed_demo

run: setup
	@echo "Serving on http://$(HOST):$(PORT)/ (staff: http://$(HOST):$(PORT)/staff/). Ctrl-C stops."
	@trap 'kill 0' EXIT; \
	  $(MANAGE) db_worker >var/worker.log 2>&1 & \
	  (while true; do $(MANAGE) send_booking_reminders >>var/worker.log 2>&1; sleep 600; done) & \
	  $(MANAGE) runserver $(HOST):$(PORT)

test: install messages
	@DEBUG=false $(VENV)/bin/pytest -m "not e2e" -q $(PYTEST_ARGS); rc=$$?; [ $$rc -eq 5 ] && exit 0; exit $$rc

e2e: install messages
	@command -v chromium >/dev/null || { echo "Chromium is missing: install Debian's package with 'sudo apt-get install -y chromium' (make e2e never downloads a browser)." >&2; exit 1; }
	@DEBUG=false $(VENV)/bin/pytest e2e -q $(PYTEST_ARGS); rc=$$?; [ $$rc -eq 5 ] && exit 0; exit $$rc

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint madoguchi --check --quiet
	$(CHECK_ENV) $(MANAGE) makemigrations --check --dry-run
	$(CHECK_ENV) $(MANAGE) check_content

bench: setup
	@$(CHECK_ENV) ALLOWED_HOSTS=127.0.0.1,localhost,testserver $(PY) -m madoguchi.bench

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djlint madoguchi --reformat --quiet || true

clean:
	rm -rf $(VENV) var

.PHONY: help install messages setup run test e2e lint bench format clean
