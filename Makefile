# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PARTIES := registry/data/parties.csv
# The pages' languages besides English (the language the messages are written in); see registry/i18n.py.
LANGUAGES := fr es ru zh ar
CATALOGS := registry/translations
PYBABEL_EXTRACT := extract -F babel.cfg -k _l -k lazy_gettext -c Translators: --add-location=file \
	--sort-output --width=110 --project="BRS focal point registry" --msgid-bugs-address=""

.PHONY: run test lint test-sqlite test-postgres bench fuzz clean translations

$(BIN)/registry: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev: $(BIN)/registry
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

## Set up (venv, database, parties, a sync of the bundled lists) and serve on http://127.0.0.1:5000
run: $(BIN)/registry
	$(BIN)/registry db upgrade
	$(BIN)/registry parties import $(PARTIES)
	$(BIN)/registry sync run; status=$$?; test $$status -eq 0 -o $$status -eq 1 -o $$status -eq 3
	$(BIN)/registry serve --host $${HOST:-127.0.0.1} --port $${PORT:-5000}

## Languages: extract the pages' and e-mails' messages (babel.cfg) into messages.pot, merge them into each
## language's catalog (a new message waits there, untranslated, for a translator), and compile the catalogs
## (the .mo files are committed, so that `make run` needs no build step: tests/i18n checks they match).
## The template keeps the date it was first made: a new date in six files from every branch that adds a
## message would make each merge conflict there; with it, running this again changes nothing.
translations: $(BIN)/registry
	$(BIN)/pybabel $(PYBABEL_EXTRACT) -o $(CATALOGS)/messages.pot.new .
	if [ -f $(CATALOGS)/messages.pot ]; then \
	  grep -m1 '^"POT-Creation-Date: ' $(CATALOGS)/messages.pot > $(CATALOGS)/.date && \
	  sed -i -e '/^"POT-Creation-Date: /{r $(CATALOGS)/.date' -e 'd}' $(CATALOGS)/messages.pot.new; \
	  rm -f $(CATALOGS)/.date; fi
	mv $(CATALOGS)/messages.pot.new $(CATALOGS)/messages.pot
	for lang in $(LANGUAGES); do \
	  $(BIN)/pybabel update -i $(CATALOGS)/messages.pot -d $(CATALOGS) -l $$lang --init-missing \
	    --ignore-obsolete --no-fuzzy-matching --width=110 || exit 1; \
	done
	$(BIN)/pybabel compile -d $(CATALOGS) --statistics

## Lint, type-check, and run the whole suite on SQLite and on PostgreSQL, the two at once (one per core); each
## pass's output is printed when it ends
test: lint
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

lint: $(VENV)/.dev
	$(BIN)/ruff check registry sync tests migrations bench wsgi.py
	$(BIN)/ruff format --check registry sync tests migrations bench wsgi.py
	$(BIN)/mypy

test-sqlite: $(VENV)/.dev
	@echo "== test suite on SQLite"
	env -u TEST_DATABASE_URL $(BIN)/pytest

# With TEST_DATABASE_URL set, use that server; otherwise start a throwaway cluster when PostgreSQL is installed.
test-postgres: $(VENV)/.dev
	@echo "== test suite on PostgreSQL"
	@if [ -n "$$TEST_DATABASE_URL" ]; then $(BIN)/pytest; \
	else scripts/with-postgres $(BIN)/pytest; status=$$?; \
	  if [ $$status -eq 77 ]; then echo "PostgreSQL pass SKIPPED: no PostgreSQL server installed (apt-get install postgresql)"; \
	  else exit $$status; fi; fi

## Benchmarks: the sync at 1x/10x/100x and the API under gunicorn + wrk, each next to its reference; on SQLite,
## and on a throwaway PostgreSQL when one can be started. Figures: bench/out/*.json; summary: bench/RESULTS.md
bench: $(VENV)/.dev
	@command -v wrk >/dev/null || (apt-get update -q && apt-get install -y -q wrk)
	@scripts/with-postgres sh -c 'BENCH_DATABASE_URL=$$TEST_DATABASE_URL $(BIN)/python -m bench $(BENCH_ARGS)'; \
	status=$$?; if [ $$status -eq 77 ]; then $(BIN)/python -m bench $(BENCH_ARGS); else exit $$status; fi

## Longer fuzzing of the API from its OpenAPI document (random seeds, 500 examples per operation and mode)
fuzz: $(VENV)/.dev
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-500} FUZZ_RANDOM=1 $(BIN)/pytest tests/registry/api/test_schemathesis.py -q

clean:
	rm -rf $(VENV) instance .mypy_cache .ruff_cache
