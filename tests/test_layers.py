"""The layering the folder names promise: the server loads neither the reader, the parser
nor the builder, and the analysis layer depends on neither side."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INDEXING = ("bs4", "indexer.read", "indexer.parse", "indexer.build", "indexer.figures",
            "indexer.dates", "indexer.boilerplate", "multiprocessing.pool", "tqdm")


def _modules_after(statement: str) -> set[str]:
    """Modules a fresh interpreter has loaded after running ``statement``."""
    code = f"{statement}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


@pytest.mark.parametrize("statement", ["import app", "import search.store",
                                       "import search.engine", "import search.__main__"])
def test_the_server_does_not_load_the_indexing_side(statement):
    loaded = _modules_after(statement)
    assert not {m for m in loaded for bad in INDEXING if m == bad or m.startswith(bad + ".")}


def test_the_analysis_layer_imports_neither_side():
    loaded = _modules_after("import " + ", ".join(
        f"analysis.{p.stem}" for p in sorted((ROOT / "analysis").glob("*.py"))
        if p.stem != "__init__"))
    assert not {m for m in loaded if m.split(".")[0] in ("indexer", "search", "app")}
