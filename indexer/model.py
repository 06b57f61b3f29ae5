"""Records that flow through the pipeline: read → parse → (normalize) → build.

Plain dataclasses so every stage can be run, printed and tested on its own.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from analysis.records import NoticeMeta


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
class Notice(NoticeMeta):
    """What the parser makes of one notice: its metadata and its paragraphs."""

    paragraphs: list[Paragraph] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def metadata(self) -> dict[str, Any]:
        """Everything but the paragraphs."""
        data = asdict(self)
        data.pop("paragraphs")
        return data
