# The two commands of the README, and the steps they are made of.
#   make demo   set everything up and open notebooks/quickstart.ipynb in JupyterLab
#   make test   set everything up (dev tools and Chromium too) and run every test
# Every step leaves a stamp under .venv/.stamps, so a second run skips what is done.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := $(VENV)/.stamps
# The CPU build of torch, installed first when torch is missing (a bare `torch` pulls CUDA).
TORCH_SPEC ?= torch==2.13.0
TORCH_PIP_ARGS ?=
HOST ?= 127.0.0.1
PORT ?= 8888
# Extra options for `jupyter lab` in make demo (the browser tests pass some).
JUPYTER_ARGS ?=
# TCP_NODELAY on the kernel websocket: without it every widget round trip waits ~40 ms
# (Nagle + delayed ACK); see latent_widgets/jupyter_server.py.
NODELAY := --ServerApp.kernel_websocket_connection_class=latent_widgets.jupyter_server.NoDelayKernelWebsocketConnection

JS_SOURCES := $(shell find js/src -type f 2>/dev/null) js/build.mjs
BUNDLE := latent_widgets/static/explorer.js

.PHONY: demo test setup setup-dev js chromium lint vitest pytest clean

# UMAP's numba code compiled into its cache folder once (a marker there says so), so that the
# first map of the first kernel does not wait a minute for it (projection/warm_umap.py).
WARM_UMAP := $(BIN)/python -m latent_widgets.projection.warm_umap --if-cold

demo: setup
	@$(WARM_UMAP)
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] || [ "$$(uname)" = Darwin ]; then browser=; else browser=--no-browser; fi; \
	if [ "$$(id -u)" = 0 ]; then root=--allow-root; else root=; fi; \
	echo "Starting JupyterLab with notebooks/quickstart.ipynb: open the URL it prints below."; \
	exec $(BIN)/jupyter lab --ip=$(HOST) --port=$(PORT) $$browser $$root \
		--ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks/quickstart.ipynb \
		$(NODELAY) $(JUPYTER_ARGS)

# numba's cache (UMAP) in one place, so that every test process reuses the compiled code.
test: export NUMBA_CACHE_DIR := $(CURDIR)/$(VENV)/numba-cache
test: setup-dev chromium
	@status=0; \
	echo "== ruff"; $(BIN)/ruff check latent_widgets tests benchmarks || status=1; \
	echo "== vitest"; (cd js && npx vitest run) || status=1; \
	echo "== pytest"; $(WARM_UMAP) && $(BIN)/python -m pytest || status=1; \
	exit $$status

setup: $(STAMPS)/package $(STAMPS)/demo-deps
setup-dev: $(STAMPS)/dev

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' || \
		{ echo "latent_widgets needs Python 3.10 or newer; run: make PYTHON=python3.11 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMPS)/torch: | $(BIN)/python
	@mkdir -p $(STAMPS)
	@if $(BIN)/python -c 'import torch' 2>/dev/null; then echo "torch is installed"; \
	else echo "Installing the CPU build of torch ($(TORCH_SPEC))"; \
		$(BIN)/python -m pip install $(TORCH_PIP_ARGS) "$(TORCH_SPEC)"; fi
	@touch $@

js/node_modules/.package-lock.json: js/package.json js/package-lock.json
	cd js && npm ci --no-audit --no-fund
	@touch $@

$(BUNDLE): js/node_modules/.package-lock.json $(JS_SOURCES)
	cd js && npm run build
	@touch $@

js: $(BUNDLE)

$(STAMPS)/package: pyproject.toml $(STAMPS)/torch | $(BUNDLE)
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(STAMPS)/demo-deps: $(STAMPS)/package
	$(BIN)/python -m pip install --quiet "jupyterlab>=4.2,<5" "ipykernel>=6.29"
	@touch $@

$(STAMPS)/dev: $(STAMPS)/package pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

# A real browser for the browser tests: Debian's chromium, installed when we are root.
chromium:
	@if [ -n "$$LW_CHROMIUM" ] || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Chromium with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Chromium: install it (e.g. 'sudo apt-get install chromium')"; \
		echo "or point LW_CHROMIUM at a Chromium or Chrome binary, then run make test again."; \
		exit 1; \
	fi

lint: setup-dev
	$(BIN)/ruff check latent_widgets tests benchmarks

vitest: js/node_modules/.package-lock.json
	cd js && npx vitest run

pytest: setup-dev
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) js/node_modules latent_widgets/static
