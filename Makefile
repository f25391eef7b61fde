# Satu Data Kota Serang — the two commands of the README and their helpers.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PORT ?= 5000
STAMP := $(VENV)/.installed-$(shell cat requirements.lock setup.py | sha256sum | cut -c1-12)
I18N := ckanext/satudata_serang/i18n
CATALOG := $(I18N)/id/LC_MESSAGES/ckanext-satudata_serang
CHROMIUM := /usr/bin/chromium
DOCKER_COMPOSE := /usr/bin/docker-compose

.PHONY: demo test test-system install lint bench-search bench-dcat bench-datastore clean-data i18n

demo: $(STAMP) $(CATALOG).mo
	$(VENV)/bin/python -m ckanext.satudata_serang.runtime demo --port $(PORT)

test: $(STAMP) $(CATALOG).mo $(CHROMIUM) $(DOCKER_COMPOSE)
	$(VENV)/bin/python -m ckanext.satudata_serang.runtime test $(PYTEST_ARGS)

# The same suite against the machine's own PostgreSQL and Redis (see the script).
test-system: $(STAMP) $(CATALOG).mo $(CHROMIUM) $(DOCKER_COMPOSE)
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
	$(VENV)/bin/python scripts/compile_catalogs.py $(I18N)
	$(VENV)/bin/pip check
	rm -f $(VENV)/.installed-*
	touch $@

# The compiled catalog follows its .po and the CKAN core and ckanext-harvest strings
# merged into it (a pull that changes only translations). scripts/compile_catalogs.py
# runs setup.py's code.
$(CATALOG).mo: $(CATALOG).po $(I18N)/ckan-core/id.po $(I18N)/ckanext-harvest/id.po $(I18N)/ckanext-xloader/id.po | $(STAMP)
	$(VENV)/bin/python scripts/compile_catalogs.py $(I18N)

# The browser journeys of the suite drive Debian's Chromium through Playwright.
$(CHROMIUM):
	@echo "Memasang chromium (uji peramban)…"
	apt-get update -qq && apt-get install -y -qq chromium

# tests/docker/test_compose.py checks docker/compose.yaml with `docker-compose config`
# (no container engine needed). Without recommends: Debian's docker-compose recommends
# the whole Docker engine.
$(DOCKER_COMPOSE):
	@echo "Memasang docker-compose (uji docker/compose.yaml)…"
	apt-get update -qq && apt-get install -y -qq --no-install-recommends docker-compose

lint: $(STAMP)
	$(VENV)/bin/ruff check ckanext tests
	$(VENV)/bin/pyright

# Re-extracts the translatable strings (babel.cfg) into the .pot, merges them into the
# id catalog (new strings get an empty or fuzzy msgstr to translate) and compiles it
# together with the CKAN core strings of i18n/ckan-core/id.po and the ckanext-harvest
# strings of i18n/ckanext-harvest/id.po (both edited by hand).
i18n: $(STAMP)
	$(VENV)/bin/pybabel -q extract -F babel.cfg --add-location=file --add-comments=TRANSLATORS: \
		--project=ckanext-satudata_serang --copyright-holder="Pemerintah Kota Serang" \
		-o ckanext/satudata_serang/i18n/ckanext-satudata_serang.pot ckanext
	$(VENV)/bin/pybabel update -i ckanext/satudata_serang/i18n/ckanext-satudata_serang.pot \
		-d ckanext/satudata_serang/i18n -D ckanext-satudata_serang -l id --init-missing --ignore-obsolete --no-fuzzy-matching
	$(VENV)/bin/python scripts/compile_catalogs.py --statistics $(I18N)

bench-search: $(STAMP)
	$(VENV)/bin/python -m ckanext.satudata_serang.runtime bench-search

# DCAT export (catalog pages, paging, serialisation per profile) and harvest throughput.
bench-dcat: $(STAMP)
	$(VENV)/bin/python -m ckanext.satudata_serang.runtime bench-dcat

# A 1,000,000-row CSV through the real DataStore loading path beside a bare COPY;
# datastore_search with a filter on the loaded table.
bench-datastore: $(STAMP)
	$(VENV)/bin/python -m ckanext.satudata_serang.runtime bench-datastore

# Deletes the demo portal's databases, uploads and secrets.
clean-data:
	rm -rf .data/demo
