# The project's vocabulary: setup, run, test, bench, lint.
# `make run` and `make test` work on a fresh Debian machine with Python 3.11:
# system packages are installed here, never by hand.

PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
OUT     ?= out
BENCH   ?=
DEMO_YEARS ?= 2017 2018 2019 2020 2021 2022 2023 2024  # published by `make run` (the demo is public)
DEMO_TEXT_YEARS ?= 2023 2024  # the demo ships the team's text for these: final builds, text checked
# Debian packages jbr needs at run or test time (checked with dpkg, installed with apt-get).
SYSTEM_PACKAGES ?=
# Java for the Spark engine (--engine spark; PySpark comes from PyPI).
SYSTEM_PACKAGES += default-jre-headless
# WeasyPrint (rapport.pdf): Pango for text layout, HarfBuzz subsetting to embed fonts, and the
# DejaVu fonts the report's CSS and charts name.
SYSTEM_PACKAGES += libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
# chromium: the real browser the accessibility tests drive through Playwright (tests/browser/).
SYSTEM_PACKAGES += chromium
SYSTEM_PACKAGES += wrk  # load generator of bench/serve_bench.py
# poppler-utils: pdftotext and pdftoppm, with which the tests read the PDFs' text and pages
# (tests/artefacts.py scans every published PDF page for machinery).
SYSTEM_PACKAGES += poppler-utils
# axe-core, the accessibility engine those tests inject into the page, and pa11y (with
# HTML_CodeSniffer, tests/browser/test_pa11y.py) come from npm. pa11y drives the same Debian
# chromium through puppeteer: puppeteer must never download a browser (.puppeteerrc.cjs too).
AXE     := node_modules/axe-core/axe.min.js
export PUPPETEER_SKIP_DOWNLOAD := 1
# Python keeps the modules it compiled (__pycache__, ignored by git) also where the
# environment says not to (PYTHONDONTWRITEBYTECODE, set on some CI images): `make test` starts
# hundreds of Python processes (the CLI, servers, PDF and chart workers, two test workers that
# each rewrite the tests' asserts) that would each compile jbr and the tests again.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: setup system run test check bench bench-readme lint docs clean

system:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

$(STAMP): pyproject.toml
	@$(PY) -c 'import sys; assert sys.version_info >= (3, 11), "jbr needs Python 3.11 or newer"'
	@$(PY) -m venv --help >/dev/null 2>&1 || { SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq python3-venv; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,spark]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

setup: system $(STAMP) $(AXE)

# npm ships with Debian's nodejs/npm packages (or NodeSource's nodejs): installed only when absent.
$(AXE): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm; }
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	@touch $(AXE)

# The demo's 2024 and 2023 are built final with the demo's text (a concept would fail
# --final); the years before it have no text in jbr and are published as figures only.
# The demo's 2024 and 2023 go out for review (wederhoor: a workbook per ministry in
# $(OUT)/wederhoor); the demo's ministries cannot answer, so every year is released
# without their approval, with that reason on record (the data-quality annex shows it).
DEMO_NO_REVIEW = "Demo: de ministeries van de demo bestaan niet en kunnen geen akkoord geven"
run: setup
	$(BIN)/jbr build --demo --final --out $(OUT) --demo-dir demo/full --demo-scale full --db $(OUT)/jbr.duckdb
	$(BIN)/jbr build --year 2023 --final --out $(OUT)/2023 --db $(OUT)/jbr.duckdb
	$(foreach y,$(DEMO_TEXT_YEARS),$(BIN)/jbr review start --year $(y) --db $(OUT)/jbr.duckdb --out $(OUT)/wederhoor/$(y) &&) true
	$(foreach y,$(DEMO_YEARS),$(BIN)/jbr review override --year $(y) --all --reason $(DEMO_NO_REVIEW) --db $(OUT)/jbr.duckdb &&) true
	$(BIN)/jbr publish --db $(OUT)/jbr.duckdb --out $(OUT) $(foreach y,$(DEMO_TEXT_YEARS),--year $(y))
	$(BIN)/jbr publish --without-text --reason "Rapportage van dit jaar buiten jbr gemaakt" --db $(OUT)/jbr.duckdb --out $(OUT) $(foreach y,$(filter-out $(DEMO_TEXT_YEARS),$(DEMO_YEARS)),--year $(y))
	@echo "report: $(OUT)/rapport.html (2024), $(OUT)/2023/rapport.html (2023)"

# The whole suite, on every core (at most 4 workers: each builds the test worlds its tests
# need, tests/worlds.py). --dist loadscope with the units of tests/conftest.py: a test
# file stays on one worker (its module fixtures built once), and so do the files that read
# the dearest world; the dearest units go out first (--no-loadscope-reorder keeps that
# order). The 20 slowest tests are listed at the end.
PYTEST_PARALLEL ?= -n auto --maxprocesses 4 --dist loadscope --no-loadscope-reorder
test: setup
	$(BIN)/pytest -q $(PYTEST_PARALLEL) --durations=20

# The fast tests, while working: no test world, browser, server, PDF or demo (the `slow`
# marker, set in tests/conftest.py). `make test` before a commit still runs everything.
check: setup
	$(BIN)/pytest -q $(PYTEST_PARALLEL) -m "not slow"

bench: setup
	$(BIN)/python -m bench $(if $(BENCH),--only $(BENCH),) --out $(OUT)/bench.json

# The README's benchmark table from out/bench.json (tests/test_bench_readme.py checks its form).
bench-readme: setup
	$(BIN)/python -m bench.readme $(OUT)/bench.json --readme README.md

lint: setup
	$(BIN)/ruff format --check jbr tests bench
	$(BIN)/ruff check jbr tests bench
	$(BIN)/mypy jbr/locale jbr/codelists jbr/deliveries/declaration.py jbr/deliveries/validate jbr/store jbr/indicators/engine.py jbr/indicators/rows.py jbr/indicators/missing.py jbr/indicators/selection.py jbr/indicators/targets.py jbr/indicators/values.py jbr/indicators/catalogue.py jbr/indicators/laws.py jbr/indicators/compare.py jbr/indicators/classification.py

# The README's command table (from --help), themes and ministry codes; tests/test_docs.py
# fails when they are stale.
docs: setup
	$(BIN)/python -m jbr.cli.docs README.md

clean:
	rm -rf $(OUT) .pytest_cache .benchmarks
