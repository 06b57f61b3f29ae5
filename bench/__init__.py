"""Benchmark for the notice search engine (not part of ``make test``; see bench/README.md).

``bench.generate`` writes a deterministic synthetic corpus in the formats the real
pipeline reads, ``bench.harness`` (run through ``bench/run``) builds it with the
project's own command line, times the search path the web API uses, and compares
it with three other designs on speed *and* on recall/precision against a literal scan.
"""
