# The two commands a newcomer needs: `make run` and `make test`.
# Both create the virtualenv in .venv on first use; later runs reuse it.

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# Django 6 needs Python 3.12 or newer: take the first one found.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 \
	$$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v $$p; break; }; done)

.PHONY: run test lint format migrate seed bench load clean

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (Django 6)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Development commands run with DEBUG on unless told otherwise.
migrate seed run: export DEBUG ?= 1

migrate: $(STAMP)
	@mkdir -p var
	$(PY) manage.py migrate --noinput

# Loads the fixtures in fixtures/ into an empty database and skips those
# already loaded, so a second run changes nothing (editors' work included).
# loaddata bypasses the services, so the search documents are rebuilt after
# it (a no-op on SQLite).
seed: migrate
	$(PY) manage.py load_fixtures
	$(PY) manage.py search_reindex

run: seed
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	@mkdir -p var
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) var/staticfiles
