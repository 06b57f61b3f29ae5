"""Groonga, the C engine built for CJK search, as a benchmark anchor.

Debian's ``groonga-bin`` (``scripts/ensure-groonga.sh`` installs it), run as its
own HTTP server on 127.0.0.1 and queried over HTTP, as an application would.
Two configurations over the same rows:

* ``groonga-norm``: ``TokenBigram`` with no normalizer over text already passed
  through this project's ``normalize()``; queries are normalized the same way.
  Exact by construction: a term is a phrase of bigrams at consecutive positions.
* ``groonga-auto``: ``TokenBigram`` + ``NormalizerAuto`` (Groonga's default) over
  the original text, queries as typed. NormalizerAuto makes runs of digits and
  latin letters single tokens and drops spaces, so ``019年`` or ``八项 规定``
  do not mean what they say.

Both turn off match escalation (``match_escalation_threshold=-1``): with it,
a phrase that matches nothing is retried as a looser search, which is never an
exact answer. A query is one ``select``: the text match, then one slice per
filter set (:func:`bench.response.filter_sets`), each with a drilldown over the
notice and, over that, one drilldown per facet summing the notices' hits — the
multi-select facets with paragraph and notice counts, computed in the engine.

Each database is served twice: with the query cache off (``--cache-limit 0``,
the uncached line) and with Groonga's default cache of 100 responses (the
cached line, where a repeated request is answered from the cache).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import shutil
import subprocess
import time
import urllib.parse
from pathlib import Path
from typing import Any

from bench.engines import Rows, free_port
from bench.queries import BenchQuery, quoted
from bench.response import FACETS, Answer, filter_sets

CONFIGS = {"groonga-norm": {"normalized": True, "normalizer": None},
           "groonga-auto": {"normalized": False, "normalizer": "NormalizerAuto"}}
NOTICE_COLUMNS = {name: "flags" if name == "flag" else name for name in FACETS}
LOAD_BATCH = 5000


class GroongaError(RuntimeError):
    """Groonga answered with an error, or could not be started."""


def groonga_binary() -> str:
    path = shutil.which("groonga")
    if path is None:
        raise GroongaError("groonga is not installed: run scripts/ensure-groonga.sh")
    return path


class GroongaServer:
    """One ``groonga --protocol http`` process on a free 127.0.0.1 port, for one database."""

    def __init__(self, db: Path, create: bool = False, cache_limit: int | None = 0,
                 start_timeout: float = 60.0) -> None:
        self.port = free_port()
        cmd = [groonga_binary(), "-s", "--protocol", "http", "--bind-address", "127.0.0.1",
               "--port", str(self.port), "--log-path", str(db.parent / "groonga.log"),
               *(["--cache-limit", str(cache_limit)] if cache_limit is not None else []),
               *(["-n"] if create else []), str(db)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        deadline = time.monotonic() + start_timeout
        while True:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode("utf-8", "replace") if self.proc.stderr else ""
                raise GroongaError(f"groonga exited with {self.proc.returncode}: {err.strip()}")
            try:
                self.call("status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    self.close()
                    raise GroongaError(
                        f"groonga did not answer within {start_timeout:.0f} s") from None
                time.sleep(0.05)

    def call(self, command: str, body: bytes | None = None, **params: Any) -> Any:
        """One command; returns its body (command version 3), raises on an error."""
        url = f"/d/{command}?" + urllib.parse.urlencode({"command_version": 3, **params})
        for attempt in (1, 2):  # a dropped keep-alive connection is reopened once
            try:
                if body is None:
                    self.conn.request("GET", url)
                else:
                    self.conn.request("POST", url, body, {"Content-Type": "application/json"})
                data = self.conn.getresponse().read()
                break
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                if attempt == 2:
                    raise
        reply = json.loads(data)
        if reply["header"]["return_code"] != 0:
            raise GroongaError(f"{command}: {reply['header'].get('error', reply['header'])}")
        return reply["body"]

    def close(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(OSError, http.client.HTTPException, GroongaError):
                self.call("shutdown")
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.conn.close()
        if self.proc.stderr:
            self.proc.stderr.close()


def _notice_record(key: int, values: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    rec: dict[str, Any] = {"_key": key}
    for name, column in NOTICE_COLUMNS.items():
        v = values[name]
        if name == "flag":
            rec[column] = list(v)
        elif name == "year":
            rec[column] = int(v[0]) if v else -1
        else:
            rec[column] = v[0] if v else ""
    return rec


def build(rows: Rows, db_dir: Path, config: str) -> float:
    """A new database for ``config`` over ``rows``; returns seconds (schema, load, index).

    The index is created after the load, so Groonga builds it in one pass (its
    static indexing) rather than updating it row by row.
    """
    conf = CONFIGS[config]
    if db_dir.exists():
        shutil.rmtree(db_dir)
    db_dir.mkdir(parents=True)
    server = GroongaServer(db_dir / "db", create=True)
    try:
        t0 = time.perf_counter()
        server.call("table_create", name="Notices", flags="TABLE_HASH_KEY", key_type="UInt32")
        for name, column in NOTICE_COLUMNS.items():
            server.call("column_create", table="Notices", name=column,
                        flags="COLUMN_VECTOR" if name == "flag" else "COLUMN_SCALAR",
                        type="Int32" if name == "year" else "ShortText")
        notices = [_notice_record(i, values) for i, values in enumerate(rows.notices)]
        server.call("load", json.dumps(notices, ensure_ascii=False).encode(), table="Notices")
        server.call("table_create", name="Paragraphs", flags="TABLE_NO_KEY")
        for column, kind in (("pid", "ShortText"), ("body", "Text"), ("notice", "Notices"),
                             ("date", "ShortText")):
            server.call("column_create", table="Paragraphs", name=column, flags="COLUMN_SCALAR",
                        type=kind)
        body = rows.norms if conf["normalized"] else rows.texts
        for start in range(0, len(rows), LOAD_BATCH):
            batch = [{"pid": rows.pids[i], "body": body[i], "notice": rows.notice[i],
                      "date": rows.date[i]}
                     for i in range(start, min(start + LOAD_BATCH, len(rows)))]
            server.call("load", json.dumps(batch, ensure_ascii=False).encode(),
                        table="Paragraphs")
        lexicon: dict[str, Any] = {"name": "Bigrams", "flags": "TABLE_PAT_KEY",
                                   "key_type": "ShortText", "default_tokenizer": "TokenBigram"}
        if conf["normalizer"]:
            lexicon["normalizer"] = conf["normalizer"]
        server.call("table_create", **lexicon)
        server.call("column_create", table="Bigrams", name="body_index",
                    flags="COLUMN_INDEX|WITH_POSITION", type="Paragraphs", source="body")
        return time.perf_counter() - t0
    finally:
        server.close()


def _selection_filter(selections: dict[str, tuple[str, ...]]) -> str:
    """Groonga script for facet selections: OR within a facet, AND across facets."""
    parts = []
    for name, values in selections.items():
        column = f"notice.{NOTICE_COLUMNS[name]}"
        alts = [f"{column} == {int(v) if name == 'year' else quoted(v)}" for v in values]
        parts.append("(" + " || ".join(alts) + ")")
    return " && ".join(parts)


def _drilldowns(prefix: str, names: tuple[str, ...]) -> dict[str, Any]:
    """Per-notice hit counts, then one roll-up per facet over them (notices, paragraphs)."""
    params: dict[str, Any] = {f"{prefix}drilldowns[n].keys": "notice",
                              f"{prefix}drilldowns[n].limit": 0}
    for name in names:
        d = f"{prefix}drilldowns[{name}]."
        params |= {d + "table": "n", d + "keys": NOTICE_COLUMNS[name], d + "calc_types": "SUM",
                   d + "calc_target": "_nsubrecs", d + "output_columns": "_key,_nsubrecs,_sum",
                   d + "limit": -1}
    return params


class Groonga:
    """One configuration, answered by one server (cache off, or Groonga's default cache)."""

    def __init__(self, config: str, db_dir: Path, cached: bool = False) -> None:
        self.config = config
        self.name = f"{config}-cached" if cached else config
        self.normalized = CONFIGS[config]["normalized"]
        self.server = GroongaServer(db_dir / "db", cache_limit=None if cached else 0)

    def _text(self, q: BenchQuery) -> str:
        return q.groonga("body", self.normalized)

    def run(self, q: BenchQuery) -> Answer:
        sort = "-date,_id" if q.sort == "newest" else "-_score,_id"
        params: dict[str, Any] = {"table": "Paragraphs", "filter": self._text(q),
                                  "match_escalation_threshold": -1, "output_columns": "_id",
                                  "limit": 0}
        labels = []
        for k, (selections, names) in enumerate(filter_sets(q)):
            prefix = f"slices[s{k}]." if selections else ""
            labels.append(prefix)
            params |= _drilldowns(prefix, names)
            if selections:
                params |= {prefix + "filter": _selection_filter(selections), prefix + "limit": 0}
            if k == 0:
                params |= {prefix + "output_columns": "pid,snippet_html(body)",
                           prefix + "sort_keys": sort, prefix + "limit": q.per_page,
                           prefix + "offset": (q.page - 1) * q.per_page}
        body = self.server.call("select", **params)
        answer = Answer(0, 0, {})
        for k, prefix in enumerate(labels):
            result = body["slices"][f"s{k}"] if prefix else body
            drill = result["drilldowns"]
            for name, table in drill.items():
                if name == "n":
                    continue
                answer.facets[name] = {
                    str(key): (int(paras), int(notices))
                    for key, notices, paras in table["records"]
                    if key not in ("", None) and not (name == "year" and key <= 0)}
            if k == 0:
                answer.total, answer.notices = result["n_hits"], drill["n"]["n_hits"]
                answer.page = [pid for pid, _ in result["records"]]
                answer.snippets = [snips for _, snips in result["records"]]
        return answer

    def hit_set(self, q: BenchQuery) -> set[str]:
        text = self._text(q)
        selections = q.selections()
        if selections:
            text = f"({text}) && {_selection_filter(selections)}"
        body = self.server.call("select", table="Paragraphs", filter=text, output_columns="pid",
                                match_escalation_threshold=-1, limit=-1)
        return {pid for (pid,) in body["records"]}

    def close(self) -> None:
        self.server.close()
