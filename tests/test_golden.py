"""The golden answers (tests/golden.py): storage and code changes keep every answer
identical, and so does the cache derived again from the Whoosh index alone.

If this fails after a change that is *meant* to change answers, regenerate the file
with ``python -m tests.golden --write`` and commit it alone, saying why.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from analysis.layout import CACHE_DIR, current_generation
from indexer.__main__ import main
from search.store import IndexMissing, Store
from tests import golden


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list[dict]]:
    return golden.build_corpus(tmp_path_factory.mktemp("golden"))


def _differing(text: str) -> list[str]:
    new, old = json.loads(text), json.loads(golden.GOLDEN.read_text(encoding="utf-8"))
    return [f"{part}: {name}" for part in ("searches", "views")
            for name in sorted(set(new[part]) | set(old[part]))
            if new[part].get(name) != old[part].get(name)]


def test_answers_equal_the_golden_file(built):
    index, manifest = built
    text = golden.dumps(golden.answers(index, manifest))
    assert text == golden.GOLDEN.read_text(encoding="utf-8"), _differing(text)


def test_the_cache_regenerated_from_whoosh_answers_the_same(built, tmp_path):
    """Delete the derived cache: the index refuses to serve with a clear message;
    ``python -m indexer cache`` derives it from the Whoosh index alone, and every
    golden answer is byte-identical."""
    index = tmp_path / "index"
    shutil.copytree(built[0], index, symlinks=True)
    shutil.rmtree(current_generation(index) / CACHE_DIR)
    with pytest.raises(IndexMissing, match="python -m indexer cache"):
        Store(index).corpus()
    assert main(["cache", "--index", str(index), "--quiet"]) == 0
    text = golden.dumps(golden.answers(index, built[1]))
    assert text == golden.GOLDEN.read_text(encoding="utf-8"), _differing(text)
