# Stockroom: `make run` (app on 127.0.0.1:8000 with demo data), `make test` (whole suite).
# Every target installs what it needs first; a second run skips what is done.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Django 6 needs Python 3.12+. Look on PATH, then in pyenv's versions.
PYTHON_FOR_VENV ?= $(shell for p in python3.13 python3.12 \
	$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[23]*/bin/python3 2>/dev/null | sort -rV); do \
	$$p -c 'import sys; assert sys.version_info >= (3, 12); print(sys.executable)' 2>/dev/null && break; done)

VENV := .venv
PY := $(VENV)/bin/python
THEME := theme/static_src
CSS := theme/static/css/dist/styles.css
HTMX := static/vendor/htmx.min.js
DEV_ENV := DEBUG=1
CSS_SOURCES := $(shell find templates apps -name '*.html' -o -name '*.py' 2>/dev/null) $(THEME)/src/styles.css

.PHONY: help setup lint run test test-unit test-e2e stack stack-start stack-stop stack-rollout stack-faults backup restore bench bench-imports check-stock clean

help:
	@echo "make run     install everything, migrate SQLite, load demo data, serve on 127.0.0.1:8000"
	@echo "make test    install everything, run the whole suite (SQLite; PostgreSQL with DATABASE_URL)"
	@echo "make lint    ruff (lint, format), djlint, import layers, migrations up to date"
	@echo "make stack   Nginx + 2 Gunicorn app servers + Redis on 127.0.0.1:8080, production settings"
	@echo "             (STACK_APP_SERVERS=N, STACK_TLS=1 for HTTPS on :8443; docs/deploy.md)"
	@echo "make backup  pg_dump of DATABASE_URL + media tarball into backups/"
	@echo "make restore BACKUP=backups/stockroom-<time> CONFIRM=yes   put a backup back"
	@echo "make bench   the benchmark on the large data set (PostgreSQL in DATABASE_URL)"
	@echo "make bench-imports  a 100,000-row parts import checked and committed (PostgreSQL)"

$(VENV)/.installed: requirements.lock
	@if [ -z "$(PYTHON_FOR_VENV)" ]; then \
		echo "Python 3.12 or newer is needed (Django 6). Install it, e.g. 'pyenv install 3.12' or" \
		     "'apt-get install python3.12 python3.12-venv', or pass PYTHON_FOR_VENV=/path/to/python3.12." >&2; \
		exit 1; fi
	@command -v npm >/dev/null || { echo "npm is needed to build the CSS: apt-get install nodejs npm" >&2; exit 1; }
	test -x $(PY) || $(PYTHON_FOR_VENV) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

$(THEME)/node_modules/.installed: $(THEME)/package.json $(THEME)/package-lock.json
	cd $(THEME) && npm install --no-audit --no-fund --loglevel=error
	touch $@

$(HTMX): $(THEME)/node_modules/.installed
	cd $(THEME) && npm run --silent vendor

# crispy-tailwind's classes live in the venv; tell Tailwind where (path depends on Python).
$(THEME)/src/crispy-source.css: $(VENV)/.installed
	echo "@source \"$$($(PY) -c 'import crispy_tailwind, os; print(os.path.dirname(crispy_tailwind.__file__))')\";" > $@

$(CSS): $(THEME)/node_modules/.installed $(THEME)/src/crispy-source.css $(CSS_SOURCES)
	cd $(THEME) && npm run --silent build

setup: $(VENV)/.installed $(HTMX) $(CSS)

run: setup
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py seed_demo --size small --if-empty
	@echo "Sign in at http://127.0.0.1:8000/ as admin / stockroom-demo"
	@# The task worker (big imports, the daily notices) beside the dev server; stopped with it.
	$(DEV_ENV) $(PY) manage.py schedule_notices
	$(DEV_ENV) $(PY) manage.py db_worker --queue-name '*' --no-reload & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# The same checks as .pre-commit-config.yaml; .ci/run runs them before the tests.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint --lint templates apps
	$(VENV)/bin/lint-imports
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

test-unit: setup
	$(PY) -m pytest -m "not e2e" $(PYTEST_ARGS)

test-e2e: setup
	$(PY) -m pytest e2e $(PYTEST_ARGS)

stack: setup
	deploy/stack.sh run

stack-start: setup
	deploy/stack.sh start

stack-stop:
	deploy/stack.sh stop

# Restart the running stack's app servers one at a time (a deploy that drops nothing).
stack-rollout:
	deploy/rollout.sh

# The fault table against the running stack (make stack-start first; DATABASE_URL).
stack-faults:
	$(PY) deploy/faults.py

backup: setup
	deploy/backup.sh backup $(BACKUP_DIR)

restore: setup
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/stockroom-<time> CONFIRM=yes" >&2; exit 1; }
	deploy/backup.sh restore "$(BACKUP)" $(if $(filter yes,$(CONFIRM)),--yes,)

bench: setup
	$(PY) bench/run.py

# Imports on the large set: a 100,000-row parts file checked and committed by the worker.
bench-imports: setup
	$(PY) bench/imports.py

check-stock: setup
	$(DEV_ENV) $(PY) manage.py check_stock

clean:
	rm -rf $(VENV) $(THEME)/node_modules theme/static/css/dist .stack staticfiles
