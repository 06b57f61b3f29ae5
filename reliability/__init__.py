"""Reliability and security harnesses: bad-input corpus, kill tests, fuzzing, load.

The heavier versions live here as scripts (``python -m reliability.<name>``); the
quick versions run in ``make test`` from ``tests/test_reliability.py``,
``tests/test_hostile.py`` and ``tests/test_security.py``. See reliability/README.md.
"""
