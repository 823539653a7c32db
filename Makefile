# expomatch — the two commands: `make run` (set up and start the demo portal) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: run serve test lint messages format setup setup-dev migrate seed worker serve-dev browser clean help

help:
	@echo "make run    set up .venv, migrate, seed the Securex demo if empty, start portal + task worker"
	@echo "make test   install test dependencies (and Debian's chromium) and run the whole suite"
	@echo "make lint   ruff, and mypy on the pure cores"
	@echo "make messages  collect new strings into the ru/uz catalogues and compile them (frontend/locale)"
	@echo "make serve  production mode on this machine: needs DATABASE_URL (PostgreSQL) and REDIS_URL;"
	@echo "            PLAIN_HTTP=1 for a local trial without a TLS proxy (docs/operations.md)"

$(VENV)/.python-ok:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "expomatch needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.installed: $(VENV)/.python-ok pyproject.toml
	$(VENV)/bin/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.python-ok pyproject.toml
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

setup: $(VENV)/.installed
setup-dev: $(VENV)/.installed-dev

migrate: setup
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo --if-empty

# Portal (daphne, ASGI: HTTP and WebSockets), the task worker and the notification sweep (morning agendas, and a
# safety net for reminders) side by side; Ctrl-C stops all three.
run: seed
	@$(PY) manage.py db_worker --queue-name '*' --no-reload & worker=$$!; \
	$(PY) manage.py send_due_notifications --every 60 & sweep=$$!; \
	$(VENV)/bin/daphne -b $(HOST) -p $(PORT) expomatch.asgi:application & server=$$!; \
	trap 'kill $$worker $$sweep $$server 2>/dev/null; wait; echo "expomatch stopped."; exit 0' INT TERM; \
	sleep 2; \
	echo ""; \
	echo "  expomatch is running at http://$(HOST):$(PORT)/   (Ctrl-C stops the portal and the workers)"; \
	echo "  Demo logins, password securex2026:"; \
	echo "    organiser  organiser@securex.example   (also /admin/)"; \
	echo "    buyer      buyer@securex.example"; \
	echo "    exhibitor  exhibitor@securex.example"; \
	echo ""; \
	wait

# Production mode on one machine (docs/operations.md): PostgreSQL + Redis from the environment, DEBUG off, migrations,
# collected static files, gunicorn with uvicorn workers (HTTP + WebSockets) and task workers; Ctrl-C stops all.
# Example: DATABASE_URL=postgres://postgres@127.0.0.1:5432/expomatch REDIS_URL=redis://127.0.0.1:6379/0 \
#          make serve PLAIN_HTTP=1
serve: setup
	@$(if $(PLAIN_HTTP),PLAIN_HTTP=$(PLAIN_HTTP)) HOST=$(HOST) PORT=$(PORT) $(PY) -m expomatch.serve

browser:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Chromium at $(CHROMIUM)."; \
		echo "Install it (Debian/Ubuntu: sudo apt-get install chromium), set CHROMIUM=/path/to/chromium,"; \
		echo "or run without browser tests: make test E2E=0"; \
		exit 1; \
	fi

E2E ?= 1
# The pure cores' tests import no Django: the database and the channel layer cannot change them, so the PostgreSQL
# run leaves them out.
PURE_TESTS := tests/meetings/scheduling tests/matchmaking/engine
test: setup-dev $(if $(filter 1,$(E2E)),browser)
	@echo "== unit and service tests (SQLite, in-memory channel layer)"
	env -u DATABASE_URL -u REDIS_URL $(PY) -m pytest -m "not e2e" -q
	@if [ "$(E2E)" = "1" ]; then \
		echo "== browser tests (Playwright on $(CHROMIUM))"; \
		env -u DATABASE_URL -u REDIS_URL CHROMIUM=$(CHROMIUM) $(PY) -m pytest -m e2e -q -p no:randomly; \
	else echo "== browser tests NOT run (E2E=0)"; fi
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== the suite again on PostgreSQL ($$TEST_DATABASE_URL), with Redis when REDIS_URL is set (pure cores once)"; \
		DATABASE_URL="$$TEST_DATABASE_URL" $(PY) -m pytest -m "not e2e" -q $(addprefix --ignore=,$(PURE_TESTS)); \
	else echo "== PostgreSQL/Redis integration run skipped: set TEST_DATABASE_URL and REDIS_URL (see README)"; fi

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# Russian and Uzbek catalogues (frontend/locale): collect new strings from the whole project, then compile the .mo
# files, which are committed. Needs GNU gettext (Debian: apt-get install gettext). Translate, then run it again.
messages: setup
	$(PY) manage.py makemessages -l ru -l uz --ignore=.venv --ignore=bench --ignore=tests --ignore=docs --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

format: setup-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .test-db*
