"""The request's one index generation, on ``flask.g`` (flaskr's ``get_db`` pattern).

Every view takes the corpus through :func:`get_corpus`, so one request reads one
generation from start to end even if a rebuild is swapped in meanwhile."""

from __future__ import annotations

import logging
from weakref import WeakKeyDictionary

from flask import Flask, current_app, g

from search.engine import SearchParams, reuse_view
from search.store import Corpus, IndexMissing, Store

log = logging.getLogger("xunshi.app")


class IndexUnavailable(RuntimeError):
    """The index folder has a ``current`` generation that cannot be loaded."""


def get_corpus() -> Corpus:
    """The request's Corpus, loaded once; an index that fails to load is a 503, not a 500."""
    if "corpus" not in g:
        try:
            g.corpus = current_app.extensions["xunshi_store"].corpus()
        except IndexMissing:
            raise
        except Exception as exc:
            log.exception("the index could not be loaded")
            raise IndexUnavailable(str(exc)) from exc
    return g.corpus


_REPEATS: WeakKeyDictionary[Corpus, bool] = WeakKeyDictionary()


def has_repeated_passages(corpus: Corpus) -> bool:
    """Whether any text occurs in two or more notices, so that the repeated-passage
    controls mean something; asked once per loaded generation."""
    if corpus not in _REPEATS:
        found = reuse_view(corpus, SearchParams(reuse_min=2), limit=1)
        _REPEATS[corpus] = found["total"]["clusters"] > 0
    return _REPEATS[corpus]


def warm_up(store: Store) -> None:
    """Load the index (and with it jieba and the gazetteer) before the first visitor."""
    try:
        store.corpus()
    except Exception as exc:  # no index yet, or a broken one: the request path reports it
        log.info("warm-up skipped: %s", exc)


def init_app(app: Flask) -> None:
    app.extensions["xunshi_store"] = Store(app.config["INDEX_DIR"])
