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

.PHONY: run test lint format migrate seed bench bench-static bench-pg-db bench-corpus bench-10x bench-peer load clean

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
# The rows go in through the services' bulk path, which also builds the
# search documents.
seed: migrate
	$(PY) manage.py load_fixtures

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

# Benchmarks (docs/benchmarks.md). Each database gets the same generated
# corpus (BENCH_SCALE, seed 1) once; runs use DEBUG off, as production does,
# with a secret key made for the run. Drop var/bench/claimsdb_bench.sqlite3 or
# the claimsdb_bench database to regenerate.
BENCH_SCALE ?= large
BENCH_ARGS ?=
BENCH_PG_HOST ?= 127.0.0.1
BENCH_PG_DB ?= claimsdb_bench
BENCH_SQLITE_URL := sqlite:///$(CURDIR)/var/bench/claimsdb_bench.sqlite3
BENCH_PG_URL := postgres://postgres@$(BENCH_PG_HOST):5432/$(BENCH_PG_DB)
BENCH_KEY = $$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')
# The bench app (benchmarks, load test, corpus generator, /bench/floor) is
# installed only by these settings, never by the production ones.
BENCH_SETTINGS := DJANGO_SETTINGS_MODULE=claimsdb.settings_bench
BENCH_ENV = $(BENCH_SETTINGS) DEBUG=0 SECRET_KEY=$(BENCH_KEY) SECURE_SSL_REDIRECT=0

bench-static: $(STAMP)
	@mkdir -p var/bench
	DEBUG=0 SECRET_KEY=$(BENCH_KEY) $(PY) manage.py collectstatic --noinput -v0

bench-pg-db:
	@pg_isready -h $(BENCH_PG_HOST) -p 5432 -q || { echo "PostgreSQL is not answering on $(BENCH_PG_HOST):5432."; exit 1; }
	@psql -h $(BENCH_PG_HOST) -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$(BENCH_PG_DB)'" | grep -q 1 \
		|| createdb -h $(BENCH_PG_HOST) -U postgres $(BENCH_PG_DB)

# The corpus on one database: make bench-corpus BENCH_URL=...
bench-corpus: $(STAMP)
	$(BENCH_SETTINGS) DEBUG=1 DATABASE_URL=$(BENCH_URL) $(PY) manage.py migrate --noinput -v0
	$(BENCH_SETTINGS) DEBUG=1 DATABASE_URL=$(BENCH_URL) $(PY) manage.py generate_corpus --scale $(BENCH_SCALE) --seed 1 --if-absent

bench: bench-static bench-pg-db
	$(MAKE) --no-print-directory bench-corpus BENCH_URL=$(BENCH_SQLITE_URL)
	$(BENCH_ENV) DATABASE_URL=$(BENCH_SQLITE_URL) $(PY) manage.py bench_pages --json var/bench/sqlite.json $(BENCH_ARGS)
	$(MAKE) --no-print-directory bench-corpus BENCH_URL=$(BENCH_PG_URL)
	$(BENCH_ENV) DATABASE_URL=$(BENCH_PG_URL) $(PY) manage.py bench_pages --json var/bench/postgresql.json $(BENCH_ARGS)
	$(BENCH_SETTINGS) DEBUG=1 $(PY) manage.py bench_report var/bench/sqlite.json var/bench/postgresql.json --output docs/benchmarks.md

# The pages at ten times the large corpus (10,000 sources, about 500,000
# sentences, 100,000 claims) beside the large one, on PostgreSQL: uncached
# medians side by side, the two sizes alternated BENCH_10X_ROUNDS times.
# Generating the 10x corpus takes about 4 minutes and 3 GB of memory, once;
# the database claimsdb_bench10x is kept for later runs.
BENCH_10X_DB ?= claimsdb_bench10x
BENCH_10X_URL := postgres://postgres@$(BENCH_PG_HOST):5432/$(BENCH_10X_DB)
BENCH_10X_ROUNDS ?= 2
bench-10x: bench-static bench-pg-db
	$(MAKE) --no-print-directory bench-pg-db BENCH_PG_DB=$(BENCH_10X_DB)
	$(MAKE) --no-print-directory bench-corpus BENCH_URL=$(BENCH_PG_URL)
	$(MAKE) --no-print-directory bench-corpus BENCH_URL=$(BENCH_10X_URL) BENCH_SCALE=10000
	rm -f var/bench/scale-*.json
	for round in $$(seq $(BENCH_10X_ROUNDS)); do \
		$(BENCH_ENV) DATABASE_URL=$(BENCH_PG_URL) $(PY) manage.py bench_pages --no-import --no-export --json var/bench/scale-1x-$$round.json $(BENCH_ARGS) && \
		$(BENCH_ENV) DATABASE_URL=$(BENCH_10X_URL) $(PY) manage.py bench_pages --no-import --no-export --json var/bench/scale-10x-$$round.json $(BENCH_ARGS) || exit 1; \
	done
	$(BENCH_SETTINGS) DEBUG=1 $(PY) manage.py bench_report --scales var/bench/scale-*.json --output docs/benchmarks.md

# claimsdb beside Datasette (a dev dependency) on the same SQLite corpus: both
# served on 127.0.0.1 (claimsdb with the page cache off), four pairs of pages
# timed interleaved over HTTP. PEER_ARGS="--rounds 5 --repeats 20" for more.
PEER_ARGS ?=
bench-peer: bench-static
	$(MAKE) --no-print-directory bench-corpus BENCH_URL=$(BENCH_SQLITE_URL)
	$(BENCH_ENV) DATABASE_URL=$(BENCH_SQLITE_URL) $(PY) manage.py bench_peer --json var/bench/peer.json --markdown docs/benchmarks.md $(PEER_ARGS)

# gunicorn (2 workers) on PostgreSQL under wrk; wrk comes from Debian.
load: bench-static bench-pg-db
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(MAKE) --no-print-directory bench-corpus BENCH_URL=$(BENCH_PG_URL)
	$(BENCH_ENV) DATABASE_URL=$(BENCH_PG_URL) $(PY) manage.py bench_load --json var/bench/load.json --markdown docs/benchmarks.md --server-log var/bench/gunicorn.log
