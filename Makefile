# Tocsin: `make demo` ingests the bundled sample corpus and prints what was found;
# `make test` runs the whole test suite. Both set up everything they need first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB ?= var/demo.db

.PHONY: demo serve test lint audit bench eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/tocsin ingest samples --db $(DEMO_DB)
	$(BIN)/tocsin summary --db $(DEMO_DB)
	@echo
	@echo "Open the dashboard:  make serve   (then http://127.0.0.1:8000/)"

serve: $(STAMP)
	$(BIN)/tocsin serve --db $(DEMO_DB)

test: $(STAMP)
	bash scripts/test-system.sh
	$(MAKE) audit
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy
	. ./.test-env 2>/dev/null; $(BIN)/pytest

# Known vulnerabilities in the installed dependencies, from PyPI's advisory service (SECURITY.md);
# fails on a vulnerability, reports a service it cannot reach as a skipped audit (scripts/audit.py).
audit: $(STAMP)
	$(BIN)/python scripts/audit.py

eval: $(STAMP)
	$(BIN)/tocsin eval --gold ../shared/gold/seeds --articles ../shared/seeds
	$(BIN)/tocsin eval --plover-gsr ../shared/peer/plover-gsr/PLOVER_GSR_CAMEO.json

bench: $(STAMP)
	$(BIN)/python scripts/bench_pipeline.py
	$(BIN)/python scripts/bench_api.py

clean:
	rm -rf $(VENV) var .test-env artifacts
