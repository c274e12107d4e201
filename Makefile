# PRYZM: `make run` starts everything, `make test` tests everything. Both set themselves up.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
EDITOR := apps/editor

.PHONY: run test test-python test-editor bench install editor clean help

help:
	@echo "make run    start PRYZM on http://localhost:3000 (Ctrl-C stops it)"
	@echo "make test   run the whole test suite (browser tests included)"
	@echo "make bench  run the benchmarks under bench/"

run: install editor
	$(BIN)/pryzm up

test: install editor
	scripts/ensure-test-deps
	cd $(EDITOR) && npm test
	$(BIN)/pytest

bench: install editor
	$(BIN)/python -m bench

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

editor: $(EDITOR)/dist/index.html

$(EDITOR)/node_modules/.package-lock.json: $(EDITOR)/package-lock.json
	cd $(EDITOR) && npm ci --no-audit --no-fund

$(EDITOR)/dist/index.html: $(EDITOR)/node_modules/.package-lock.json $(shell find $(EDITOR)/src $(EDITOR)/index.html $(EDITOR)/vite.config.ts $(EDITOR)/tsconfig.json -type f 2>/dev/null)
	cd $(EDITOR) && npm run build

clean:
	rm -rf $(VENV) $(EDITOR)/node_modules $(EDITOR)/dist
