# The two commands of the README: `make run` and `make test`. Everything they need is set up here.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8501

.PHONY: run test build bench typecheck clean test-servers wrk

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  rm -rf $(VENV); \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    echo "python venv support is missing: installing python3-venv"; \
	    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); \
	  else \
	    echo "error: '$(PYTHON) -m venv' failed; install python3-venv (Debian: sudo apt-get install python3-venv)"; exit 1; \
	  fi; }
	@$(BIN)/python -m pip install -q -c requirements.lock pip

$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install -q -c requirements.lock -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	@touch $@ $(VENV)/.installed

## run: set up, build the graph from data/ (unchanged documents are skipped), open the app
run: $(VENV)/.installed
	$(BIN)/probation-graph build
	$(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT) \
	  --server.headless true --browser.gatherUsageStats false

## test-servers: what the tests start besides Python: Debian's Chromium (the app end to end) and Virtuoso
## (a second SPARQL store); installed when missing and we are root, else those tests are skipped with the reason
test-servers:
	@missing=""; command -v chromium >/dev/null || missing="chromium"; \
	command -v virtuoso-t >/dev/null || missing="$$missing virtuoso-opensource-7-bin"; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    echo "installing$$missing for the tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "warning: $$missing not installed and cannot be installed here; their tests will be skipped"; \
	  fi; \
	fi

## test: set up with the dev extras and run the whole test suite (lint included)
test: $(VENV)/.installed-dev test-servers
	$(BIN)/ruff check src tests app.py bench
	$(BIN)/ruff format --check src tests app.py bench
	$(BIN)/mypy
	@status=0; $(BIN)/python -m pytest $(PYTEST_ARGS) || status=$$?; \
	  if [ $$status -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$status

build: $(VENV)/.installed
	$(BIN)/probation-graph build

## bench: the benchmarks of bench/ (not part of make test); figures are appended to bench/results.md
bench: $(VENV)/.installed-dev wrk
	@start=$$(date +%s); set -e; \
	$(BIN)/python bench/bench_extract.py; \
	$(BIN)/python bench/bench_ingest.py; \
	$(BIN)/python bench/bench_ask.py; \
	$(BIN)/python bench/bench_queries.py; \
	$(BIN)/python bench/bench_memory.py; \
	$(BIN)/python bench/bench_validate.py; \
	$(BIN)/python bench/bench_large_document.py; \
	$(BIN)/python bench/bench_app.py; \
	$(BIN)/python bench/bench_export.py; \
	$(BIN)/python bench/bench_endpoint.py --seconds 5; \
	$(BIN)/python bench/bench_endpoint.py --documents 1000 --seconds 5; \
	$(BIN)/python bench/load_endpoint.py; \
	echo "make bench: $$(( $$(date +%s) - start )) s in all"

## wrk: the HTTP load generator of the endpoint benchmarks (Debian's wrk, installed when missing and root)
wrk:
	@command -v wrk >/dev/null || { \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "error: the endpoint benchmarks need wrk (Debian: sudo apt-get install wrk)"; exit 1; fi; }

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

clean:
	rm -rf $(VENV) data/.store bench/.cache test-output .pytest_cache .ruff_cache .mypy_cache
