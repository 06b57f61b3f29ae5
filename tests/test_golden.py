"""The golden answers (tests/golden.py): storage and code changes keep every answer identical.

If this fails after a change that is *meant* to change answers, regenerate the file
with ``python -m tests.golden --write`` and commit it alone, saying why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
