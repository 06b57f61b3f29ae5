"""Stable ids: a notice's from what it *is*, a paragraph's from its normalized content."""

from __future__ import annotations

import base64
import hashlib

from analysis.normalize import normalize
from indexer.model import SourceDoc


def short_hash(text: str, length: int) -> str:
    """URL-safe (base32, lower case) prefix of the text's SHA-1."""
    digest = hashlib.sha1(text.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:length]


def notice_identity(doc: SourceDoc) -> str:
    """What a notice *is*, independent of file order and of other files.

    A crawler's URL when given; for a file, its path under the data folder; for a
    row without URL, its normalized text.
    """
    if doc.given.get("url"):
        return "url:" + doc.given["url"].strip()
    if "#row-" in doc.origin:
        return "text:" + normalize(doc.text)
    return "file:" + doc.origin


def paragraph_ids(notice_id: str, texts: list[str]) -> list[str]:
    """Ids from normalized content, so editing one paragraph leaves the others' ids alone.

    A paragraph repeated word for word gets ``-2``, ``-3`` … after the first.
    """
    seen: dict[str, int] = {}
    ids = []
    for text in texts:
        h = short_hash(normalize(text), 8)
        seen[h] = seen.get(h, 0) + 1
        ids.append(f"{notice_id}-{h}" + (f"-{seen[h]}" if seen[h] > 1 else ""))
    return ids
