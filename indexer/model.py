"""Records that flow through the pipeline: read → parse → (normalize) → build.

Plain dataclasses so every stage can be run, printed and tested on its own.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class SourceDoc:
    """One notice's raw text as the reader found it, before any parsing.

    ``origin`` names where it came from (a path relative to the data folder, with
    ``#row-N`` for a row of a JSON Lines/CSV file). ``given`` holds metadata a
    crawler supplied in columns (title, url, published, source): it wins over what
    the parser infers. ``page`` holds what a saved HTML page said about itself
    (<meta> tags, canonical link): the parser uses it only where the text is silent.
    """

    origin: str
    text: str
    given: dict[str, str] = field(default_factory=dict)
    page: dict[str, str] = field(default_factory=dict)
    fmt: str = "text"  # text | html | jsonl | csv


@dataclass
class InputError:
    """A file (or row) that was rejected, and why, in words a researcher can act on."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


class NotANotice(ValueError):
    """Raised by the parser when decoded text is not a rectification notice."""


@dataclass
class Paragraph:
    id: str
    ordinal: int
    kind: str  # heading | body | closing (analysis.vocab.PARAGRAPH_KINDS)
    section_path: list[str]
    text: str
    depth: int = 0  # heading depth (1 = 一、); 0 for body and closing text


@dataclass
class Notice:
    id: str
    source_file: str
    title: str = ""
    issuer: str = ""
    province: str = ""
    city: str = ""
    county: str = ""
    region_code: str = ""  # most specific GB/T 2260 code known for the region
    former_region: str = ""  # e.g. 江干区 when the text says 原江干区
    level: str = ""  # administrative level of the inspected body (analysis.vocab.LEVELS)
    inspection_kind: str = ""  # 巡视 | 巡察 (analysis.vocab.INSPECTION_KINDS)
    flags: list[str] = field(default_factory=list)  # 回头看, 专项, 机动, 提级
    inspector: str = ""
    round: str = ""
    inspection_start: str = ""
    inspection_end: str = ""
    feedback_date: str = ""
    published_date: str = ""
    posted_date: str = ""  # the web page's own posting date, when different
    year: int | None = None
    year_basis: str = ""  # published | feedback | inspection
    source: str = ""  # 来源 line of the page
    url: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def metadata(self) -> dict[str, Any]:
        """Everything but the paragraphs (what the index stores per paragraph)."""
        data = asdict(self)
        data.pop("paragraphs")
        return data
