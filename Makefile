# Hearth: `make demo` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo totp serve install install-dev test test-fast bench lint fmt messages system-deps chromium clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Installs exactly what the lock file says (hash-checked).
$(VENV)/.installed-base: requirements/base.lock | $(BIN)/uv
	$(BIN)/uv pip sync --quiet --python $(BIN)/python --require-hashes requirements/base.lock
	@rm -f $(VENV)/.installed-dev
	touch $@

$(VENV)/.installed-dev: requirements/dev.lock | $(BIN)/uv
	$(BIN)/uv pip sync --quiet --python $(BIN)/python --require-hashes requirements/dev.lock
	touch $@ $(VENV)/.installed-base

install: $(VENV)/.installed-base
install-dev: $(VENV)/.installed-dev

demo: install system-deps
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	$(MAKE) serve

# The current two-step code for a demo staff account: make totp EMAIL=specialist@riverbend.example
totp:
	@$(BIN)/python manage.py demo_totp $(EMAIL)

serve:
	@echo "Hearth is running on http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	$(BIN)/uvicorn config.asgi:application --host $(HOST) --port $(PORT) --lifespan off

# Libraries WeasyPrint needs to render PDFs (safety plans, records), and poppler's pdftotext,
# with which the tests read the PDFs' text back; installed when missing.
PDF_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 fonts-dejavu-core poppler-utils
system-deps:
	@missing=$$(for p in $(PDF_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages for PDF rendering: $$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# Debian's Chromium drives the browser tests; installed when missing (needs root or sudo).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for browser tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: install-dev system-deps chromium
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-fast: install-dev system-deps
	$(BIN)/python -m pytest -n 2 -m "not browser" $(PYTEST_ARGS)

# BENCH_ARGS passes options to both benchmarks, e.g. make bench BENCH_ARGS=--quick
bench: install-dev
	$(BIN)/python bench/pages.py $(BENCH_ARGS)
	$(BIN)/python bench/caseload.py $(BENCH_ARGS)
	$(BIN)/python bench/triage.py $(BENCH_ARGS)
	$(BIN)/python bench/matching.py $(BENCH_ARGS)
	$(BIN)/python bench/groups.py $(BENCH_ARGS)
	$(BIN)/python bench/referrals.py $(BENCH_ARGS)
	$(BIN)/python bench/directory_import.py $(BENCH_ARGS)
	$(BIN)/python bench/chat.py $(BENCH_ARGS)
	$(BIN)/python bench/directory.py $(BENCH_ARGS)

lint: install-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

fmt: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Extract strings after changing templates or code, then translate locale/es/LC_MESSAGES/django.po.
messages: install-dev
	$(BIN)/python manage.py makemessages -l es --ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=docs
	$(BIN)/python manage.py compilemessages --ignore=.venv

lock: $(BIN)/uv
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -o requirements/base.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements/dev.lock

clean:
	rm -rf $(VENV) var .pytest_cache
	find . -name __pycache__ -type d -not -path "./.venv/*" -prune -exec rm -rf {} +
