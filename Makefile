# DanVan — every developer task. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/danvan
SMOKE_REDIS_URL ?= redis://127.0.0.1:6379/15
MUTATION_JOBS ?= 2

.DEFAULT_GOAL := help
.PHONY: help venv run setup test lint check test-sqlite test-postgres smoke browser-deps mutation clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements/base.in requirements/dev.in requirements/constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -r requirements/dev.in
	touch $@

venv: $(BIN)/.installed ## create .venv and install the pinned dependencies

setup: venv ## migrate, load the unit tree and the demo data (idempotent)
	mkdir -p var
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_units
	$(PY) manage.py seed_demo

run: setup ## set up and start the server on http://127.0.0.1:8000 (SQLite, demo data)
	@echo
	@echo "  DanVan đang chạy tại / is running at: http://$(HOST):$(PORT)/"
	@echo "  Đăng nhập bằng một tài khoản mẫu ở trên (mật khẩu DanVan@2026)."
	@echo
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: venv ## ruff (lint and format check), bandit, the layers' import contract (import-linter) and mypy on the services, selectors and rules
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	$(BIN)/bandit -q -r danvan -x '*/tests/*' -s B101,B311

check: venv ## Django system checks and makemigrations --check
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

browser-deps: ## install Debian's chromium for the browser tests when missing
	@scripts/ensure-chromium.sh

test-sqlite: venv browser-deps ## the test suite on SQLite
	$(BIN)/pytest

test-postgres: venv browser-deps ## the test suite on PostgreSQL (skipped locally when no server answers)
	@scripts/with-postgres.sh "$(PG_TEST_URL)" $(BIN)/pytest

smoke: venv ## the production start on loopback: collectstatic, gunicorn, every demo account opens its menu (its own Redis db, SMOKE_REDIS_URL)
	SMOKE_REDIS_URL="$(SMOKE_REDIS_URL)" $(PY) scripts/smoke_production.py

mutation: venv ## mutation testing of the permissions, workflows and services' guards (long, not in make test; docs/testing.md)
	$(PY) scripts/mutate.py --jobs $(MUTATION_JOBS) $(MUTATION_ARGS)

test: lint check test-sqlite test-postgres smoke ## everything CI runs: lint, migrations check, tests on SQLite and PostgreSQL, the production smoke test

clean: ## remove the virtual environment, the database and caches
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache .mypy_cache
