# The two commands: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= office.settings.local

.PHONY: install run test lint check bandit audit requirements messages migrate seed worker beat web clean backup restore bench seed-scale

install: $(STAMP)

# Reinstall only when the pinned requirements change (a newer uv is no reason to).
$(STAMP): requirements/base.txt requirements/dev.txt | $(UV)
	@[ -x $(BIN)/python ] || $(UV) venv --quiet --python $(PYTHON) $(VENV)
	$(UV) pip sync --quiet --python $(BIN)/python --require-hashes requirements/dev.txt
	@touch $(STAMP)

# Re-pin after editing pyproject.toml. Existing pins are kept unless a new constraint needs
# another version; --python-version 3.11 keeps the markers of the oldest supported Python
# (redis needs async-timeout below 3.11.3).
requirements: | $(UV)
	$(UV) pip compile --quiet pyproject.toml --python-version 3.11 --generate-hashes --no-header -o requirements/base.txt
	$(UV) pip compile --quiet pyproject.toml --python-version 3.11 --extra dev --generate-hashes --no-header -o requirements/dev.txt

# uv, when it is neither on PATH nor in ~/.local/bin: installed with pip into ~/.local, as
# .ci/run does. A Debian Python refuses `pip install --user` (PEP 668, "externally managed")
# unless given --break-system-packages, which is harmless here: uv is one self-contained
# binary in the user's own ~/.local. A Python without pip gets it from ensurepip or, as root
# on Debian (whose Python has no ensurepip), from the python3-pip package.
$(UV):
	@$(PYTHON) -m pip --version >/dev/null 2>&1 \
		|| $(PYTHON) -m ensurepip --user >/dev/null 2>&1 \
		|| { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
			&& apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pip; } \
		|| { echo "make: uv is missing and $(PYTHON) has no pip: install uv or python3-pip" >&2; exit 1; }
	$(PYTHON) -m pip install --user --quiet uv 2>/dev/null \
		|| $(PYTHON) -m pip install --user --quiet --break-system-packages uv

# The compiled catalog is committed, so a machine without gettext still runs in Chinese.
messages: install
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(BIN)/python manage.py compilemessages --ignore=.venv -v 0; \
	else echo "msgfmt not found: using the committed .mo catalog"; fi

migrate: install
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py rebuild_search_index --if-empty

run: install messages migrate
	@mkdir -p var/broker/queue var/broker/processed var/broker/control
	$(BIN)/python manage.py seed_demo --if-empty
	@echo ""
	@echo "  县委办公室工作平台 · http://127.0.0.1:8000  (Ctrl-C stops web, worker and beat)"
	@echo ""
	$(BIN)/honcho start -f Procfile.dev

test: install messages
	DJANGO_SETTINGS_MODULE=office.settings.test $(BIN)/python -m pytest $(PYTEST_ARGS)

# Database (pg_dump custom format) and uploaded files in one archive with checksums:
# var/backups/office-backup-<time>.tar, or DIR=<folder>. Needs pg_dump on PATH.
backup: install
	$(BIN)/python manage.py backup $(if $(DIR),--output "$(DIR)")

# Into an empty database (REPLACE=1 overwrites a database that holds tables). Checks every
# checksum first and the row counts afterwards.
restore: install
	@[ -n "$(FILE)" ] || { echo "usage: make restore FILE=var/backups/office-backup-<time>.tar [REPLACE=1]" >&2; exit 2; }
	$(BIN)/python manage.py restore "$(FILE)" $(if $(REPLACE),--replace)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint

# Security checks of the code and of the pinned dependencies (SECURITY.md).
check: bandit audit

# Findings are fixed, or kept with `# nosec <id>` and the reason beside them ([tool.bandit]).
bandit: install
	$(BIN)/bandit -c pyproject.toml -r office supervision --quiet

# pip-audit asks the OSV vulnerability database on the internet about every pinned package
# (--disable-pip: the hashed pins are audited as they are, nothing is resolved or installed).
# Where that database cannot be reached (an intranet, this project's CI machine) the audit is
# skipped and says so; run it where it can be reached before each release.
OSV_HOST := api.osv.dev
audit: install
	@if $(BIN)/python -c 'import socket, sys; socket.create_connection((sys.argv[1], 443), timeout=5).close()' $(OSV_HOST) 2>/dev/null; then \
		$(BIN)/pip-audit --vulnerability-service osv --disable-pip --no-deps \
			--progress-spinner off -r requirements/dev.txt; \
	else \
		echo "pip-audit skipped: no route to the vulnerability database ($(OSV_HOST))"; \
	fi

# Performance (docs/performance.md). PostgreSQL only: DATABASE_URL=postgres://... and Redis
# (REDIS_URL) as for `make run`; start them with `docker compose up -d db redis` or the
# distribution's services. `make seed-scale COUNTIES=10 YEARS=2` adds generated counties;
# `make bench` starts gunicorn with the production settings on loopback, times every key page
# against the floor at 10 concurrent clients, stops it and writes var/bench/<time>.json
# (BENCH_ARGS="--in-process" for a quick run through Django's test client, no gunicorn).
COUNTIES ?= 1
YEARS ?= 10
seed-scale: install migrate
	$(BIN)/python manage.py seed_demo --if-empty
	nice -n 10 $(BIN)/python manage.py seed_scale --counties $(COUNTIES) --years $(YEARS)

bench: install
	$(BIN)/python manage.py bench --check-services
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py rebuild_search_index --if-empty
	$(BIN)/python manage.py bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/*.sqlite3 staticfiles
