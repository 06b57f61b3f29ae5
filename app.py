"""The application factory (flaskr's ``create_app``): configuration only.

Settings come from the defaults below, then ``XUNSHI_*`` environment variables
(``app.config.from_prefixed_env("XUNSHI")``), then ``test_config``:

    XUNSHI_INDEX_DIR   index folder (default ``var/index``; ``XUNSHI_INDEX`` also works)
    XUNSHI_PUBLIC_URL  base URL that citations and exports carry (e.g. ``https://example.org``)

Routes, views and templates are in the :mod:`web` package. Run with ``make run``
(waitress, ``--call app:create_app``).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping
from typing import Any

from flask import Flask

import web
from web.corpus import warm_up

DEFAULT_INDEX = "var/index"


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The WSGI app."""
    app = Flask(__name__, static_folder="static", template_folder="templates")
    app.config.update(
        INDEX_DIR=os.environ.get("XUNSHI_INDEX", DEFAULT_INDEX),
        PUBLIC_URL="",
        PROVIDE_AUTOMATIC_OPTIONS=False,  # GET (and HEAD) only; everything else is a 405
        PROPAGATE_EXCEPTIONS=False,
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    app.config.from_prefixed_env("XUNSHI")
    if test_config:
        app.config.update(test_config)
    app.config["DEBUG"] = False
    app.debug = False
    web.init_app(app)
    if app.config.get("WARM_UP", not app.config.get("TESTING")):
        threading.Thread(target=warm_up, args=(app.extensions["xunshi_store"],),
                         name="xunshi-warm-up", daemon=True).start()
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    return app
