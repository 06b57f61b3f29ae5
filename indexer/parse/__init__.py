"""Parse a notice's text into metadata and citable paragraphs.

Pure functions over strings: :func:`parse_notice` takes a :class:`SourceDoc` and
returns a :class:`Notice`. Every metadata field may stay empty; a value is only set
when the text (or the page around it) states it. The formatting traps handled here
(wrapped or repeated titles, glued furniture fields, lost brackets, run-in headings,
first-person issuers …) each have a hand-written sample in tests/test_parse.py.

Modules, in the order :mod:`~indexer.parse.notice` runs them: ``title`` (the lines
above the text), ``headings`` (numbered headings and section paths), ``closing``
(invitation, contacts, signature), ``metadata`` (inspector, dates, issuer, region),
``ids`` (stable notice and paragraph ids).
"""

from indexer.parse.closing import closing_start
from indexer.parse.headings import numbering, split_heading
from indexer.parse.notice import parse_notice

__all__ = ["closing_start", "numbering", "parse_notice", "split_heading"]
