# The two entry points: `make demo` and `make test`. Both create .venv and install what they need.
# The interpreter .venv is made from: see scripts/pick-python.sh (Debian's optimised build when it can).
PYTHON ?= $(shell sh scripts/pick-python.sh)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install bytecode demo test lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The C modules are built by the install: a change to one of them reinstalls.
$(STAMP): $(BIN)/python pyproject.toml setup.py $(wildcard src/marsad/*/*.c)
	$(BIN)/pip install -q --upgrade pip setuptools wheel
	$(BIN)/pip install -q -e '.[test,bench]'
	@$(MAKE) --no-print-directory bytecode
	touch $(STAMP)

# marsad's own .pyc, written once: an editable install has none, and where PYTHONDONTWRITEBYTECODE is set every
# `marsad extract` would recompile its modules (~0.15 s of its 0.5 s start-up; bench/extract_startup.py).
bytecode:
	@$(BIN)/python -m compileall -q src/marsad >/dev/null

install: $(STAMP)

# The demo archive holds the embedded sample and the team-written fixture articles; DEMO_SERVE=0 skips the server.
DEMO_SERVE ?= 1
DEMO_ARTICLES := tests/fixtures/outlets/*.txt tests/fixtures/watch/site/news/**/*.html

demo: $(STAMP) bytecode
	@$(BIN)/python -m marsad demo --ingest $(DEMO_ARTICLES) $(if $(filter 1,$(DEMO_SERVE)),--serve,)

test: $(STAMP)
	@# Debian's chromium for the browser tests; they skip with a reason where it cannot be installed.
	-@bash scripts/install-browser.sh >/dev/null 2>&1 || echo "note: chromium not installed; browser tests will skip"
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
