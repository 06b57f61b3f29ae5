"""The analysis layer: everything indexing and searching must agree on.

``indexer/`` (read → parse → build) and ``search/`` (query → match → rank →
highlight) both import from here, and nothing here imports either of them, so the
server never loads the reader, the parser or the builder.

- :mod:`~analysis.normalize` — the one text normalization (+ offset map)
- :mod:`~analysis.words` — jieba words with the domain dictionary (ranking, 分词)
- :mod:`~analysis.schema` — the Whoosh schema and BM25F field boosts
- :mod:`~analysis.postings` — the postings codec beside the Whoosh files
- :mod:`~analysis.columns` — string columns (display and normalized text)
- :mod:`~analysis.layout` — the index folder's files and ``FORMAT_VERSION``
- :mod:`~analysis.vocab` — levels, flags, inspection kinds, figure labels, the
  notice-date rule
- :mod:`~analysis.numerals` — Chinese numerals
- :mod:`~analysis.sentences` — sentences and clauses
"""
