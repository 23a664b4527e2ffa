# Every target builds .venv itself when it is missing or older than pyproject.toml,
# so `make run` and `make test` are the only commands a new machine needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint screenshots bench system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m desktop

# Qt needs a few system libraries even offscreen; scripts/system-deps installs them when run as root.
system-deps:
	bash scripts/system-deps

# Style, then the machine-checked architecture: layer and independence contracts
# (import-linter), types (mypy), dead code (vulture) and module size.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(VENV)/bin/vulture
	$(PY) scripts/check_module_sizes.py

# Two test processes (pytest-xdist); each has its own sandbox home (tests/conftest.py).
test: system-deps lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n 2

screenshots: system-deps $(STAMP)
	xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) scripts/screenshots.py docs/screenshots

bench: $(STAMP)
	bash scripts/bench-all

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .coverage .hypothesis
