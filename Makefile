# Two entry points: `make run` and `make test`. Both set everything up and are idempotent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app edu

.PHONY: run test setup lint format extract-translations update-translations \
        compile-translations bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

compile-translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d translations

setup: $(VENV)/.installed compile-translations
	$(FLASK) db upgrade
	$(FLASK) content load
	$(FLASK) quiz generate

run: setup
	$(FLASK) run --host 127.0.0.1 --port 5000

test: setup $(VENV)/.installed-test
	$(BIN)/ruff check edu tests bench migrations
	$(BIN)/ruff format --check edu tests bench migrations
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(FLASK) quiz check
	$(BIN)/python -m pytest -n auto --dist worksteal

lint: $(VENV)/.installed-test
	$(BIN)/ruff check --fix edu tests bench migrations
	$(BIN)/ruff format edu tests bench migrations

# Translators: extract new strings, then merge them into the French catalog (no fuzzy guesses).
extract-translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k _n:1,2 -k N_ --no-location --sort-output \
		-o translations/messages.pot edu

update-translations: extract-translations
	$(BIN)/pybabel update -N --ignore-obsolete -w 100 -i translations/messages.pot -d translations

# Every benchmark, one table: about 15 minutes, twice that with BENCH_BEFORE=<other checkout>;
# BENCH_ONLY=wrk_get,wrk_post runs some.
bench: setup
	@command -v wrk >/dev/null || (echo "wrk is missing: apt-get install wrk" && exit 1)
	cd bench && ../$(BIN)/python all.py

clean:
	rm -rf $(VENV) instance/*.sqlite3*
