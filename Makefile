# The two commands from the README:
#   make run    set up, build the index and answer a question (QUESTION="...")
#   make test   set up, then lint, type-check and run every test and the eval gate (the
#               tests start real Redis and PostgreSQL servers: installed when missing)
# Both create .venv from requirements.lock on first use; nothing else is needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Every file requirements.lock names, downloaded once (hash-checked); installs from it, and
# the wheel test's throwaway virtualenv, need no registry.
WHEELHOUSE := $(VENV)/wheelhouse
QUESTION ?= What does a Lead MLOps Engineer own for monitoring?
# The resolver `make lock` uses (installed in a throwaway virtualenv, never in .venv).
UV_VERSION := 0.13.9

.PHONY: setup run test lint eval bench mutation mutation-sample clean lock servers

# Dependencies are installed only from requirements.lock, every file checked against its
# sha256. The project itself cannot be hash-checked (it is built here), so it goes in last,
# without dependencies, with the setuptools the lock pinned.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip download --quiet --require-hashes --no-deps -r requirements.lock -d $(WHEELHOUSE)
	$(BIN)/pip install --quiet --require-hashes --no-index --find-links $(WHEELHOUSE) \
		-r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation --no-index -e .
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

# The tests start a real redis-server and PostgreSQL; installed here when missing (as root).
servers:
	@bash .ci/test-servers

test: servers lint
	$(BIN)/pytest -q
	$(MAKE) --no-print-directory eval

bench: $(STAMP)
	$(BIN)/python bench/retrieval_vs_recipe.py
	$(BIN)/python bench/chat_load.py
	$(BIN)/python bench/faults.py
	$(BIN)/python bench/streaming.py

# Mutation testing (not part of `make test`). Modules and tests are listed under
# [tool.mutmut] in pyproject.toml. `make mutation` checks every mutant (about 4,300; two to
# three hours on two cores); `make mutation-sample` checks a fixed quarter of each module's
# (under an hour), the everyday habit. Both start from scratch; `$(BIN)/mutmut run`
# continues an interrupted run, `$(BIN)/mutmut show NAME` shows one survivor.
MUTATION_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
MUTATION_SHARE ?= 0.25
mutation: $(STAMP)
	rm -rf mutants
	$(BIN)/mutmut run --max-children $(MUTATION_JOBS)
	$(BIN)/python -m tests.mutation_summary

mutation-sample: $(STAMP)
	rm -rf mutants
	$(BIN)/python -m tests.mutation_sample $(MUTATION_SHARE) > .mutation-sample.txt
	$(BIN)/mutmut run --max-children $(MUTATION_JOBS) $$(cat .mutation-sample.txt)
	$(BIN)/python -m tests.mutation_summary

clean:
	rm -rf $(VENV) .rolebot .mypy_cache .ruff_cache .pytest_cache mutants .mutation-cache .mutation-sample.txt

# After changing a dependency in pyproject.toml or a pin in requirements.lock (a bare
# `name==version` line is enough), this re-resolves within the current pins and rewrites both
# lock files with the sha256 of every file of each release (needs the package registry).
# requirements-runtime.lock is the subset the Docker image installs (no dev tools).
lock:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && set -e && \
	$(PYTHON) -m venv "$$tmp/venv" && "$$tmp/venv/bin/pip" install --quiet uv==$(UV_VERSION) && \
	sed -n 's/^\([A-Za-z0-9_.-]*==[^ \\;]*\).*/\1/p' requirements.lock > "$$tmp/pins.txt" && \
	grep -o 'setuptools==[0-9.]*' pyproject.toml > "$$tmp/build.txt" && \
	(cat "$$tmp/build.txt"; grep -i '^pip==' "$$tmp/pins.txt" || true) > "$$tmp/tools.txt" && \
	"$$tmp/venv/bin/uv" pip compile --quiet --generate-hashes --no-annotate \
		--custom-compile-command "make lock" --python-version 3.11 --extra dev \
		-c "$$tmp/pins.txt" -o requirements.lock pyproject.toml "$$tmp/tools.txt" && \
	"$$tmp/venv/bin/uv" pip compile --quiet --generate-hashes --no-annotate \
		--custom-compile-command "make lock" --python-version 3.11 \
		-c requirements.lock -o requirements-runtime.lock pyproject.toml "$$tmp/build.txt"
