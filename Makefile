# Satu Data Kota Serang — the two commands of the README and their helpers.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PORT ?= 5000
STAMP := $(VENV)/.installed-$(shell cat requirements.lock setup.py | sha256sum | cut -c1-12)

.PHONY: demo test test-system install lint bench-search clean-data

demo: $(STAMP)
	$(VENV)/bin/python -m ckanext.satudata_serang.runtime demo --port $(PORT)

test: $(STAMP)
	$(VENV)/bin/python -m ckanext.satudata_serang.runtime test $(PYTEST_ARGS)

# The same suite against the machine's own PostgreSQL and Redis (see the script).
test-system: $(STAMP)
	scripts/test-system.sh

install: $(STAMP)

# psycopg2 (CKAN's pin) builds from source: it needs pg_config (libpq-dev) and gcc.
$(STAMP): requirements.lock setup.py
	@command -v pg_config >/dev/null && command -v gcc >/dev/null || \
		{ echo "Memasang libpq-dev dan gcc (dibutuhkan psycopg2)…"; \
		  apt-get update -qq && apt-get install -y -qq libpq-dev gcc; }
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check pip==25.3 setuptools==84.2.1 wheel==0.48.0
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	$(VENV)/bin/pip check
	rm -f $(VENV)/.installed-*
	touch $@

lint: $(STAMP)
	$(VENV)/bin/ruff check ckanext tests
	$(VENV)/bin/pyright

bench-search: $(STAMP)
	$(VENV)/bin/python -m ckanext.satudata_serang.runtime bench-search

# Deletes the demo portal's databases, uploads and secrets.
clean-data:
	rm -rf .data/demo
