# tradekg — set-up, build, test. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STORE ?= build/store
DOCS ?= seeds
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
# apt-get for what the query page and the browser tests need (CI runs as root on a clean Debian machine).
APT_GET := $(if $(filter 0,$(shell id -u)),,sudo )env DEBIAN_FRONTEND=noninteractive apt-get
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install browser build run test check lint score clean bench

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  \033[1m%-10s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# The query page's YASGUI and the network view's Cytoscape.js, pinned in package-lock.json, served from node_modules
# by our own server (no CDN).
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { $(APT_GET) update -q && $(APT_GET) install -y -q --no-install-recommends nodejs npm; }
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $(NODE_STAMP)

install: $(STAMP) $(NODE_STAMP) ## Create .venv with tradekg and its pinned dependencies; npm ci YASGUI and Cytoscape.js

browser: ## Install Debian's chromium, chromium-driver and a Chinese font for the browser tests (no-op when present)
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && fc-list :lang=zh | grep -q . || \
	  { $(APT_GET) update -q && \
	    $(APT_GET) install -y -q --no-install-recommends chromium chromium-driver fontconfig fonts-wqy-microhei; }

build: $(STAMP) ## Build the graph from $(DOCS) into $(STORE)
	$(BIN)/tradekg build $(DOCS) --store $(STORE)

run: build $(NODE_STAMP) ## Set up, build the graph from seeds/ and serve it (query page and SPARQL endpoint; Ctrl-C stops)
	$(BIN)/tradekg serve --store $(STORE) --host $(HOST) --port $(PORT)

test: $(STAMP) $(NODE_STAMP) browser ## Set up (with chromium for the browser tests) and run the tests, linter and type checker
	$(BIN)/ruff check graph tests
	$(BIN)/mypy graph
	$(BIN)/python -m pytest

check: $(STAMP) ## Lint, format check and type check
	$(BIN)/ruff check graph tests
	$(BIN)/ruff format --check graph tests
	$(BIN)/mypy graph

score: $(STAMP) ## Cross-check extraction with an external scorer: make score SCORER=path/to/score_extraction.py
	@test -n "$(SCORER)" || { echo "set SCORER=path/to/score_extraction.py"; exit 2; }
	$(PYTHON) $(SCORER) --project . --docs seeds --gold tests/gold/seeds
	$(PYTHON) $(SCORER) --project . --docs tests/corpus/en --gold tests/gold/corpus
	$(PYTHON) $(SCORER) --project . --docs tests/corpus/zh --gold tests/gold/corpus

BENCH_SIZES ?= 1000
BENCH_JOBS ?= 1,2
bench: build ## Build benchmark on generated corpora (BENCH_SIZES=1000,10000,100000 for the full run), then query latency, load and start-up side by side with the Oxigraph server (writes build/bench-*.md)
	@command -v wrk >/dev/null || { $(APT_GET) update -q && $(APT_GET) install -y -q --no-install-recommends wrk; }
	$(BIN)/python bench/build.py --sizes $(BENCH_SIZES) --jobs $(BENCH_JOBS) --markdown build/bench-build.md
	$(BIN)/python bench/queries.py --store $(STORE) --repeat 20 --markdown build/bench-queries.md
	$(BIN)/python bench/load.py --store $(STORE) --duration 10 --markdown build/bench-load.md
	$(BIN)/python bench/startup.py --store $(STORE) --runs 3 --markdown build/bench-startup.md

clean: ## Remove the built store and caches (keeps .venv)
	rm -rf build .pytest_cache .ruff_cache .mypy_cache
