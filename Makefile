# Dialogue Toolkit — `make run` serves the site, `make test` checks everything.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run test setup messages screenshots bench scale-check clean

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

# axe-core, for the browser tests' accessibility checks, from the npm registry (package.json).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

setup: $(BIN)/.installed
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) load_toolkit
	$(MANAGE) load_checklists

# The mail worker runs in the background and stops with the server (Ctrl-C stops both).
# PORT goes to the settings too: emailed links point at the port the site is served on.
run: setup
	@PORT=$(PORT) $(MANAGE) db_worker --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	PORT=$(PORT) $(MANAGE) runserver 127.0.0.1:$(PORT)

# The suite runs on every core (browser tests included); the last lines say how long it took.
test: $(BIN)/.installed node_modules/.installed
	@MAKE_TEST_STARTED=$$(date +%s.%N); export MAKE_TEST_STARTED; set -e; \
	$(BIN)/ruff check .; \
	$(BIN)/ruff format --check .; \
	$(MANAGE) makemigrations --check --dry-run; \
	$(BIN)/python -m toolkit_site.translations; \
	$(BIN)/pytest -n auto --dist loadgroup --durations=15 $(PYTEST_ARGS)

# Extract new strings (needs GNU gettext), then compile the catalogues.
messages: $(BIN)/.installed
	$(MANAGE) makemessages --no-obsolete -l fr -l es -l ar --ignore=.venv --ignore=var
	$(BIN)/python -m toolkit_site.translations --compile

screenshots: $(BIN)/.installed node_modules/.installed
	$(BIN)/pytest -m browser tests/browser/test_screenshots.py --screenshots

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/run.py

# Two app servers on one PostgreSQL and one Redis (REDIS_URL, default db 5): see the README.
scale-check: $(BIN)/.installed
	$(BIN)/python benchmarks/scale.py

clean:
	rm -rf $(VENV) var node_modules
