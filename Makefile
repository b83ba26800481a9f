# Two commands on a fresh clone: `make run` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
SAMPLES := src/cliffhanger/data/samples
DB ?= cliffhanger.db

.PHONY: train setup run test test-sqlite test-postgres bench lint fmt clean browser wrk fuzz

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,spacy]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

# Debian's chromium for the browser tests (a test tool's own browser download fails here).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "chromium not installed: browser tests will be skipped"

# Debian's wrk, the compiled load generator of benchmarks/api_bench.py (a Python client would
# eat the cores the server runs on). Without it the API bench says what it could not measure.
wrk:
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null) || echo "wrk not installed: the API bench skips its CPU and 50-client figures"

run: setup
	CLIFFHANGER_DATABASE_URL=$${CLIFFHANGER_DATABASE_URL:-sqlite:///$(DB)} $(BIN)/cliffhanger ingest $(SAMPLES)
	CLIFFHANGER_DATABASE_URL=$${CLIFFHANGER_DATABASE_URL:-sqlite:///$(DB)} $(BIN)/cliffhanger board

test: setup browser
	$(BIN)/pytest

# At least 10,000 cases per entry point (API, CLI, extract, archive loader); prints the counts.
# `make test` runs the same tests with a few hundred cases in all.
# Both fuzzers run even when the first fails; crash inputs land in .fuzz-artifacts/.
fuzz: setup
	@mkdir -p .fuzz-artifacts; status=0; \
	CLIFFHANGER_FUZZ=full $(BIN)/pytest tests/fuzz -p no:cacheprovider || status=$$?; \
	$(BIN)/python tests/fuzz/atheris_loader.py -runs=10000 -max_len=8192 \
		-artifact_prefix=.fuzz-artifacts/ || status=$$?; \
	exit $$status

bench: setup wrk
	$(BIN)/python benchmarks/run.py

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

fmt: setup
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache

# Refit the extraction scorer from the labelled data (needs ../shared beside the repo).
train: setup
	$(BIN)/python training/train_scorer.py
