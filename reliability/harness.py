"""Shared plumbing for the reliability scripts and tests: builds in a subprocess,
servers on loopback, and a comparable "what a researcher sees" signature.

Why a subprocess for builds: a build that hangs (FIFO) or eats memory (/dev/zero)
must not take the test runner or the shared machine with it, and a build killed
with SIGKILL has to be a separate process group (workers included) to be a
realistic crash.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SEEDS = ROOT / "data" / "notices"

# Queries a researcher might run; together they touch matching, boolean logic,
# filters and facets, so two indexes that answer them identically are the same to a user.
PROBES: tuple[str, ...] = (
    "整改", "八项规定", "党", "巡视 OR 巡察", "整改 NOT 巡视", "", "province:湖南",
    "形式主义 官僚主义", "year:2016-2019 选人用人", "“两个维护”", "巡視整改",
)


@dataclass
class BuildRun:
    """Outcome of one ``python -m indexer build`` subprocess."""

    returncode: int | None  # None: killed by us (timeout)
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool

    @property
    def report(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.stdout)
        except ValueError:
            return None


def _limits(mem_bytes: int | None) -> Any:
    def apply() -> None:
        if mem_bytes:
            resource.setrlimit(resource.RLIMIT_AS, (mem_bytes, mem_bytes))
    return apply


def build_cmd(data: Path, index: Path, procs: int = 2, command: str = "build") -> list[str]:
    return [PYTHON, "-m", "indexer", command, "--data", str(data), "--index", str(index),
            "--procs", str(procs), "--quiet", "--json"]


def start_build(data: Path, index: Path, procs: int = 2, mem_bytes: int | None = None,
                command: str = "build") -> subprocess.Popen[str]:
    """Start a build in its own process group (so a kill takes its workers too)."""
    return subprocess.Popen(
        build_cmd(data, index, procs, command), cwd=ROOT, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        preexec_fn=_limits(mem_bytes), env=os.environ | {"PYTHONHASHSEED": "0"})


def kill_group(proc: subprocess.Popen[Any], sig: int = signal.SIGKILL) -> None:
    """Signal the build and every worker it forked (its session = process group)."""
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass


def run_build(data: Path, index: Path, procs: int = 2, timeout: float = 600,
              mem_bytes: int | None = None, command: str = "build") -> BuildRun:
    """Run a build to completion, or kill its process group after ``timeout`` seconds."""
    t0 = time.monotonic()
    proc = start_build(data, index, procs, mem_bytes, command)
    try:
        out, err = proc.communicate(timeout=timeout)
        return BuildRun(proc.returncode, out, err, time.monotonic() - t0, False)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        out, err = proc.communicate()
        return BuildRun(None, out, err, time.monotonic() - t0, True)


def signature(index: Path, probes: Sequence[str] = PROBES) -> dict[str, Any]:
    """What a researcher sees for each probe: totals, facets and every hit id in order.

    Generation names and timings are left out, so two indexes built from the same
    data compare equal."""
    from search.engine import SearchParams, iter_hits, search
    from search.store import Store

    corpus = Store(index).corpus()
    out: dict[str, Any] = {}
    for q in probes:
        params = SearchParams.from_args({"q": q, "sort": "newest"})
        result = search(corpus, params)
        out[q] = {
            "total": result["total"],
            "facets": result["facets"],
            "ids": [h["paragraph_id"] for h in iter_hits(corpus, params, with_text=False)],
        }
    return out


def generations(index: Path) -> list[str]:
    return sorted(p.name for p in index.glob("gen-*"))


def leftovers(index: Path) -> list[str]:
    """Debris a finished build must not leave: generations other than the live one
    and its predecessor, and temporary ``.current-*`` links."""
    from analysis.layout import current_generation

    live = current_generation(index)
    gens = generations(index)
    problems = [f"stale temporary link {p.name}" for p in index.glob(".current-*")]
    if live is None:
        return [*problems, "no current generation"]
    older = [g for g in gens if g < live.name]
    allowed = {live.name, *(older[-1:])}
    problems += [f"leftover generation {g}" for g in gens if g not in allowed]
    return problems


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served_index(index: str | None, threads: int = 8, prefix: str = "xunshi-") -> Iterator[str]:
    """The ``make run`` server over ``index``, or over the seeds built into a temporary
    folder when no index is given (removed afterwards); yields the base URL."""
    import shutil
    import tempfile

    from indexer.build import build

    tmp = None
    if index is None:
        tmp = Path(tempfile.mkdtemp(prefix=prefix))
        build(SEEDS, tmp / "index", quiet=True)
    try:
        with waitress_subprocess(Path(index) if index else tmp / "index",
                                 threads=threads) as base:
            yield base
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def waitress_subprocess(index: Path, threads: int = 8,
                        port: int | None = None) -> Iterator[str]:
    """The ``make run`` server (waitress, ``--call app:create_app``) on a free loopback
    port; yields its base URL and stops it afterwards."""
    port = port or free_port()
    cmd = [PYTHON, "-m", "waitress", "--host=127.0.0.1", f"--port={port}",
           f"--threads={threads}", "--call", "app:create_app"]
    env = os.environ | {"XUNSHI_INDEX": str(index)}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        last = "no answer"
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {proc.stderr.read().decode()[-2000:]}")
            try:
                url = f"{base}/api/search?q=%E5%B7%A1%E8%A7%86"  # q=巡视
                with urllib.request.urlopen(url, timeout=30) as resp:
                    if resp.status == 200:
                        break
            except urllib.error.HTTPError as exc:
                last = f"HTTP {exc.code}: {exc.read()[:300]!r}"
            except OSError as exc:
                last = repr(exc)
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not answer 200 within 60 s (last: {last})")
            time.sleep(0.2)
        yield base
    finally:
        kill_group(proc, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            kill_group(proc)
            proc.wait()


@contextmanager
def waitress_in_process(app: Any, threads: int = 8) -> Iterator[str]:
    """A real waitress server for ``app`` on 127.0.0.1 in a background thread."""
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=threads,
                           clear_untrusted_proxy_headers=True)
    port = server.effective_port  # type: ignore[union-attr]
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()
        thread.join(timeout=10)


def raw_http(port: int, request_line: bytes, timeout: float = 10) -> tuple[int, bytes]:
    """Send one raw HTTP/1.1 request (bytes a normal client would refuse to send)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(request_line + b"\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        chunks = []
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    data = b"".join(chunks)
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
    return status, body
