# kpu_site: `make run` serves the site with demo content, `make test` runs everything.
# Both set up .venv and find a PostgreSQL first (scripts/dev_database.py).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Evaluated inside each recipe so the database is found (or started) once per target.
FIND_DB := DATABASE_URL="$$($(BIN)/python scripts/dev_database.py)"

.PHONY: help setup run test check lint format migrate demo e2e chromium nginx messages clean bench

help:
	@echo "make run     set up, migrate, load demo content, serve http://$(HOST):$(PORT)"
	@echo "make test    set up and run the whole suite, ruff and the migrations check"
	@echo "make lint    ruff check + ruff format --check"
	@echo "make format  ruff format + ruff check --fix"
	@echo "make e2e     only the browser tests"
	@echo "make bench   load figures per page (MODE=nginx: through nginx)"
	@echo "make backup  database and media into var/backups/ (make restore FILE=… to bring one back)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,test]'
	touch $@

setup: $(VENV)/.installed

run: setup
	@export $(FIND_DB) && test -n "$$DATABASE_URL" && \
	$(BIN)/python manage.py migrate --no-input && \
	$(BIN)/python manage.py load_demo_content && \
	echo "Serving http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)" && \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium; install it when missing and we may.
chromium:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

# tests/deploy/ runs Debian's nginx in front of gunicorn; likewise.
nginx:
	@test -x /usr/sbin/nginx || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nginx >/dev/null; \
	  else echo "Deployment tests need Debian's nginx: sudo apt-get install nginx" >&2; exit 1; fi; }

test: setup chromium nginx
	@export $(FIND_DB) && test -n "$$DATABASE_URL" && \
	$(BIN)/pytest $(PYTEST_ARGS) && \
	$(BIN)/ruff check . && \
	$(BIN)/ruff format --check . && \
	$(BIN)/python manage.py makemigrations --check --dry-run && \
	$(BIN)/python scripts/audit.py --allow-unreachable

e2e: setup chromium
	@export $(FIND_DB) && $(BIN)/pytest tests/e2e $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrate: setup
	@export $(FIND_DB) && $(BIN)/python manage.py migrate

demo: setup
	@export $(FIND_DB) && $(BIN)/python manage.py load_demo_content

# After changing UI text: English msgids in code and templates, Indonesian in
# locale/id (edit the .po, then compile; the .mo is committed). Needs gettext.
messages: setup
	$(BIN)/python manage.py makemessages -l id --no-location --ignore=.venv --ignore=var --ignore=tests --ignore="*.egg-info"
	$(BIN)/python manage.py compilemessages

# Load figures per page against a hello baseline (bench/run.py, bench/RESULTS.md):
# gunicorn with production settings on scaled data in its own database.
# MODE=nginx goes through nginx (deploy/nginx.conf), MODE=all does both;
# BENCH_DURATION=5 for a quick try, BENCH_REBUILD=1 to reload the data.
MODE ?= app
bench: setup
	@export $(FIND_DB) && test -n "$$DATABASE_URL" && \
	MODE="$(MODE)" $(BIN)/python -m bench.run

# Front-end checks and dependency audit (scripts/lighthouse.py, scripts/audit.py).
.PHONY: lighthouse audit
LIGHTHOUSE_VERSION := 12.2.3
LIGHTHOUSE_DIR := var/lighthouse

# 12.2.3 is the last Lighthouse that runs on Node 20; pinned exactly.
$(LIGHTHOUSE_DIR)/node_modules/.lighthouse-$(LIGHTHOUSE_VERSION):
	npm install --prefix $(LIGHTHOUSE_DIR) --save-exact --no-audit --no-fund lighthouse@$(LIGHTHOUSE_VERSION)
	touch $@

# Mobile scores of the home and an article page, served as in production.
lighthouse: setup chromium $(LIGHTHOUSE_DIR)/node_modules/.lighthouse-$(LIGHTHOUSE_VERSION)
	@export $(FIND_DB) && test -n "$$DATABASE_URL" && \
	CHROME_PATH=/usr/bin/chromium $(BIN)/python scripts/lighthouse.py $(LIGHTHOUSE_ARGS)

# Fails on a known vulnerability, and when nothing could be audited (offline).
audit: setup
	$(BIN)/python scripts/audit.py

# Backups (scripts/backup.py): the database (pg_dump) and the uploaded media in
# one archive under var/backups/. `make restore FILE=…` brings one back into an
# empty database and media folder, and refuses anything else.
.PHONY: backup restore
backup: setup
	@export $(FIND_DB) && test -n "$$DATABASE_URL" && \
	$(BIN)/python scripts/backup.py backup

restore: setup
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/kpu_site-….tar.gz" >&2; exit 2; }
	@export $(FIND_DB) && test -n "$$DATABASE_URL" && \
	$(BIN)/python scripts/backup.py restore "$(FILE)"

clean:
	rm -rf $(VENV) *.egg-info test-artifacts .pytest_cache .ruff_cache
