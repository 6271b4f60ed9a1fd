# fieldwise: `make serve` and `make test` are all a new machine needs (Python 3.11+ and pip).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install serve check test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: install
	$(BIN)/fieldwise serve --host $(HOST) --port $(PORT)

# Lint and type-check src/ (settings in pyproject.toml); `make test` runs it first and stops on any finding.
check: install
	$(BIN)/ruff check src
	$(BIN)/mypy

test: check
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m benchmarks.run_all

clean:
	rm -rf $(VENV) fieldwise-data .pytest_cache .mypy_cache .ruff_cache
