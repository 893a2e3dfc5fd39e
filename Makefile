# The two commands from the README:
#   make run    set up, build the index and answer a question (QUESTION="...")
#   make test   set up, then lint, type-check and run every test and the eval gate
# Both create .venv from requirements.lock on first use; nothing else is needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
QUESTION ?= What does a Lead MLOps Engineer own for monitoring?

.PHONY: setup run test lint eval bench mutation clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/rolebot ingest
	$(BIN)/rolebot ask "$(QUESTION)"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy bot adapters
	$(BIN)/hadolint --failure-threshold warning Dockerfile

eval: $(STAMP)
	ROLEBOT_DATA_DIR=$$(mktemp -d) $(BIN)/rolebot eval --check

test: lint
	$(BIN)/pytest -q
	$(MAKE) --no-print-directory eval

bench: $(STAMP)
	$(BIN)/python bench/retrieval_vs_recipe.py
	$(BIN)/python bench/slack_load.py

# Mutation testing (not part of `make test`; takes about an hour on two cores). Modules and
# tests are listed under [tool.mutmut] in pyproject.toml. Starts from scratch each time;
# `$(BIN)/mutmut run` continues an interrupted run, `$(BIN)/mutmut browse` shows survivors.
MUTATION_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
mutation: $(STAMP)
	rm -rf mutants
	$(BIN)/mutmut run --max-children $(MUTATION_JOBS)
	$(BIN)/python -m tests.mutation_summary

clean:
	rm -rf $(VENV) .rolebot .mypy_cache .ruff_cache .pytest_cache mutants .mutation-cache
