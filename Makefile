# kpu_site: `make run` serves the site with demo content, `make test` runs everything.
# Both set up .venv and find a PostgreSQL first (scripts/dev_database.py).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Evaluated inside each recipe so the database is found (or started) once per target.
FIND_DB := DATABASE_URL="$$($(BIN)/python scripts/dev_database.py)"

.PHONY: help setup lock run test check lint format migrate demo e2e chromium nginx wrk xmllint npm messages clean bench bench-ocr

help:
	@echo "make run     set up, migrate, load demo content, serve http://$(HOST):$(PORT)"
	@echo "make test    set up and run the whole suite, ruff and the migrations check"
	@echo "make lint    ruff check + ruff format --check"
	@echo "make format  ruff format + ruff check --fix"
	@echo "make e2e     only the browser tests"
	@echo "make bench   load figures per page (MODE=nginx: through nginx; all; conditional)"
	@echo "make bench-ocr  OCR throughput (pages per minute) of a 10-page scan"
	@echo "make backup  database and media into var/backups/ (make restore FILE=… to bring one back)"
	@echo "make validate  HTML, accessibility, sitemap and feed validators, counts per page"
	@echo "make lock    refresh requirements/*.txt from pyproject.toml (UPGRADE=1: newest releases)"

# pip 23 (Python 3.11's own) fails to resolve lxml asked for with the extra spelt two
# ways (html_clean by newspaper4k, html-clean by trafilatura); a pinned newer pip does.
PIP_VERSION := 26.3
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip==$(PIP_VERSION)

# Installs exactly the locked releases (requirements/test.txt: runtime, dev and test,
# each file checked against its hash) as wheels. The one exception is jstyleson, a
# single pure-Python module that extruct (a test-only validator) needs and that PyPI
# has only as source. The project itself is not installed: it is no package
# (pyproject's `packages = []`) and runs from this folder.
$(VENV)/.installed: requirements/test.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --only-binary=:all: \
		--no-binary=jstyleson -r requirements/test.txt
	touch $@

setup: $(VENV)/.installed

# Refresh the locks from pyproject.toml's ranges, for every platform on Python 3.11:
# test.txt (runtime + dev + test: make run, make test, CI) is resolved first, then
# base.txt (runtime only: deploy/README.md) within it, so both pin the same releases.
# Pins that still fit are kept; `make lock UPGRADE=1` takes the newest releases.
# uv reads no pip.conf, so it is given pip's index (PyPI unless this machine's pip
# names another); pip's extra, machine-local indexes are left out on purpose.
UV_VERSION := 0.13.9
UV := var/uv-$(UV_VERSION)/bin/uv
LOCK_INDEX = $(or $(PIP_INDEX_URL),$(shell $(BIN)/python -m pip config get global.index-url 2>/dev/null),https://pypi.org/simple)
UV_COMPILE = $(UV) pip compile pyproject.toml --quiet --universal --python-version 3.11 \
	--generate-hashes --default-index "$(LOCK_INDEX)" --custom-compile-command "make lock" \
	$(if $(UPGRADE),--upgrade)

$(UV): | $(BIN)/python
	$(BIN)/python -m pip install --quiet --target var/uv-$(UV_VERSION) uv==$(UV_VERSION)

lock: $(UV)
	@mkdir -p requirements
	$(UV_COMPILE) --extra dev --extra test --output-file requirements/test.txt
	$(UV_COMPILE) --constraint requirements/test.txt --output-file requirements/base.txt

# The task queue's worker (kpu_site/celery.py: OCR, previews, cover renditions) runs
# beside runserver, on the Redis the `redis` target starts, and stops with it.
run: setup redis tesseract
	@export $(FIND_DB) && test -n "$$DATABASE_URL" && \
	$(BIN)/python manage.py migrate --no-input && \
	$(BIN)/python manage.py load_demo_content || exit 1; \
	$(BIN)/celery -A kpu_site worker --loglevel=INFO --concurrency=2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT TERM; \
	echo "Serving http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/), task worker $$worker"; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Debian packages some targets need, installed when missing and we may (as root);
# otherwise a message says what to install. $(call debian,FILE,PACKAGE,WHO)
debian = test -e $(1) || { \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing Debian's $(2)" >&2 && \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	  else echo "Missing Debian's $(2), for $(3): sudo apt-get install $(2)" >&2; exit 1; fi; }

# Browser tests drive Debian's Chromium; tests/deploy/, make bench MODE=nginx and
# make lighthouse run nginx in front of gunicorn; make bench loads pages with wrk.
chromium:
	@$(call debian,/usr/bin/chromium,chromium,the browser tests)

nginx:
	@$(call debian,/usr/sbin/nginx,nginx,tests/deploy/ and make bench/lighthouse)

wrk:
	@$(call debian,/usr/bin/wrk,wrk,make bench)

xmllint:
	@$(call debian,/usr/bin/xmllint,libxml2-utils,the sitemap tests and make validate)

# OCR of scanned documents (documents/reading.py): Tesseract and its Indonesian model.
.PHONY: tesseract
tesseract:
	@$(call debian,/usr/bin/tesseract,tesseract-ocr,reading scanned documents)
	@$(call debian,/usr/share/tesseract-ocr/5/tessdata/ind.traineddata,tesseract-ocr-ind,reading scanned Indonesian documents)

# make lighthouse: Node.js 18.16 or newer (Debian 12 has 18.20) with npm.
npm:
	@command -v npm >/dev/null || $(call debian,/usr/bin/npm,nodejs npm,make lighthouse)

test: setup chromium nginx xmllint tesseract
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

# Load figures per page against a plain Django hello (bench/hello_project) in the same
# run (bench/run.py, bench/RESULTS.md): gunicorn with production settings on scaled
# data, a database per scale. MODE=nginx goes through nginx (deploy/nginx.conf),
# MODE=all does both; each ends with conditional GETs (If-None-Match), which
# MODE=conditional runs alone. SCALES=10000,100000 runs the mode at each number of
# articles and compares them. MODE=app and all end with the admin's timing and the
# publish-to-visible latency, with and without nginx (so nginx in every mode).
# BENCH_DURATION=5 for a quick try, BENCH_REBUILD=1 to reload the data.
MODE ?= app
SCALES ?= $(or $(BENCH_SCALES),10000)
bench: setup wrk redis nginx
	@export $(FIND_DB) && test -n "$$DATABASE_URL" && \
	MODE="$(MODE)" BENCH_SCALES="$(SCALES)" $(BIN)/python -m bench.run

# OCR throughput on this machine (bench/ocr_throughput.py): a 10-page scan drawn by
# Pillow, read by documents/reading.py with Debian's Tesseract.
bench-ocr: setup
	$(BIN)/python -m bench.ocr_throughput

# The task queue's broker (make run) and the bench's cache (bench/run.py,
# BENCH_CACHE_URL, flushed with redis-cli) are the Redis on 127.0.0.1:6379: Debian's redis-server, started here when none answers
# (keeping nothing on disk, as the machines here run it) unless BENCH_CACHE_URL is set.
.PHONY: redis
redis:
	@$(call debian,/usr/bin/redis-server,redis-server,make run and make bench)
	@$(if $(BENCH_CACHE_URL),true,redis-cli -p 6379 ping >/dev/null 2>&1) || { \
	  echo "Starting redis-server on 127.0.0.1:6379 (the task queue, make bench)" >&2 && mkdir -p var/redis && \
	  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no \
	    --dir $(CURDIR)/var/redis --logfile redis.log; }

# Front-end checks and dependency audit (scripts/lighthouse.py, scripts/audit.py).
.PHONY: lighthouse audit
LIGHTHOUSE_VERSION := 12.2.3
LIGHTHOUSE_DIR := var/lighthouse

# 12.2.3 is the last Lighthouse that runs on Node 20; pinned exactly.
$(LIGHTHOUSE_DIR)/node_modules/.lighthouse-$(LIGHTHOUSE_VERSION): | npm
	npm install --prefix $(LIGHTHOUSE_DIR) --save-exact --no-audit --no-fund lighthouse@$(LIGHTHOUSE_VERSION)
	touch $@

# Mobile scores of the home and an article page, served as in production.
lighthouse: setup chromium nginx $(LIGHTHOUSE_DIR)/node_modules/.lighthouse-$(LIGHTHOUSE_VERSION)
	@export $(FIND_DB) && test -n "$$DATABASE_URL" && \
	CHROME_PATH=/usr/bin/chromium $(BIN)/python scripts/lighthouse.py $(LIGHTHOUSE_ARGS)

# The external validators, counts per page (scripts/validate_site.py, docs/validation.md):
# the W3C Nu HTML Checker (vnu-jar on Debian's Java), pa11y (Debian's Chromium, so
# puppeteer downloads no browser), xmllint and the sitemaps.org schema (npm's sitemap
# ships it). Pinned exactly, into var/node/. VALIDATE_ARGS=--report-only: exit 0 anyway.
.PHONY: validate
VNU_VERSION := 26.9.27
PA11Y_VERSION := 9.1.1
SITEMAP_VERSION := 9.0.1
VALIDATE_NODE := var/node
VALIDATE_STAMP := $(VALIDATE_NODE)/node_modules/.validate-$(VNU_VERSION)-$(PA11Y_VERSION)-$(SITEMAP_VERSION)

$(VALIDATE_STAMP): | npm
	PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix $(VALIDATE_NODE) --save-exact --no-audit --no-fund \
		vnu-jar@$(VNU_VERSION) pa11y@$(PA11Y_VERSION) sitemap@$(SITEMAP_VERSION)
	touch $@

validate: setup chromium xmllint $(VALIDATE_STAMP)
	@$(call debian,/usr/bin/java,default-jre-headless,make validate)
	@export $(FIND_DB) && test -n "$$DATABASE_URL" && \
	$(BIN)/python scripts/validate_site.py $(VALIDATE_ARGS)

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
