"""Shared fixtures: the seed corpus built once per session, the Flask app and a client.

- ``index_dir`` (session): ``data/notices`` built into a temporary index folder.
- ``app`` (session): ``create_app({"INDEX_DIR": index_dir})``. Shared by every test;
  a test that needs to change configuration should call ``create_app`` itself.
- ``client``: a fresh Flask test client (own cookie jar) per test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app import create_app
from indexer.build import build

ROOT = Path(__file__).resolve().parent.parent
SEED_DATA = ROOT / "data" / "notices"


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("seed-index")
    build(SEED_DATA, tmp, quiet=True)
    return tmp


@pytest.fixture(scope="session")
def app(index_dir: Path):
    return create_app({"INDEX_DIR": str(index_dir), "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()
