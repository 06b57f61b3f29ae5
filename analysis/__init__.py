"""The analysis layer: everything indexing and searching must agree on.

``indexer/`` (read → parse → build) and ``search/`` (query → match → rank →
highlight) both import from here, and nothing here imports either of them, so the
server never loads the reader, the parser or the builder.

- :mod:`~analysis.normalize` — the one text normalization (+ offset map)
- :mod:`~analysis.words` — jieba words with the domain dictionary (ranking, 分词)
- :mod:`~analysis.schema` — the Whoosh schema (the index of record), BM25F boosts
- :mod:`~analysis.postings` — the postings codec of the derived cache
- :mod:`~analysis.columns` — string columns (ids, display and normalized text)
- :mod:`~analysis.layout` — the index folder's files and ``FORMAT_VERSION``
- :mod:`~analysis.records` — typed records past the parser (notice, row)
- :mod:`~analysis.vocab` — levels, flags, inspection kinds, figure labels, the
  notice-date rule
- :mod:`~analysis.numerals` — Chinese numerals
- :mod:`~analysis.sentences` — sentences and clauses
"""
