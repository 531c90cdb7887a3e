# The README's two commands: `make run` and `make test`. Both set themselves up on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run chat test lint eval clean

# Install the project when pyproject.toml changed since the last install.
$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The mcp extra too, so the MCP client test (tests/web/test_app_mcp.py) runs on every `make test`.
$(BIN)/.installed-dev: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev,mcp]'
	touch $@

# The browser tests drive Debian's chromium (Playwright's own browser download does not work here).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	apt-get install -y -q chromium >/dev/null || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)

run: $(BIN)/.installed
	$(BIN)/python app.py

chat: $(BIN)/.installed
	$(BIN)/assistant chat

test: $(BIN)/.installed-dev $(CHROMIUM)
	$(BIN)/ruff check app.py assistant tests evals benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest
	$(BIN)/assistant eval --gates evals/gates.yaml

# Every suite in evals/, with report.json, report.md and report.html in artifacts/eval.
eval: $(BIN)/.installed
	$(BIN)/assistant eval --report artifacts/eval --gates evals/gates.yaml

lint: $(BIN)/.installed-dev
	$(BIN)/ruff check app.py assistant tests evals benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) data artifacts .pytest_cache .ruff_cache
