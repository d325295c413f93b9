# Two entry points for a fresh machine: `make run` builds the graph and its outputs
# from the bundled briefs; `make test` runs the test suite. Both create .venv on first use.
# `make quick` runs the unit tests only: no browser, no child processes or whole builds, no long property
# tests (the slow, browser and integration markers in pyproject.toml), spread over the machine's cores.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: run test quick clean

$(BIN)/cikg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/cikg

run: $(BIN)/cikg
	$(BIN)/cikg build --out $(OUT)
	$(BIN)/cikg analyze $(OUT)
	$(BIN)/cikg viz $(OUT)

test: $(BIN)/cikg
	$(BIN)/python -m pytest -q

quick: $(BIN)/cikg
	$(BIN)/python -m pytest -q -n auto -m "not slow and not browser and not integration"

clean:
	rm -rf $(OUT) .pytest_cache
