"""Shared fixtures: the seed corpus built once per session, the Flask app and a client.

- ``index_dir`` (session): ``data/notices`` built into a temporary index folder.
- ``app`` (session): ``create_app({"INDEX_DIR": index_dir})``. Shared by every test;
  a test that needs to change configuration should call ``create_app`` itself.
- ``client``: a fresh Flask test client (own cookie jar) per test.
- ``browser`` (session): Debian's chromium driven by Playwright's sync API. One
  instance for the whole session: Playwright allows one sync instance per thread.
- ``opensearch_cluster`` (session): a real 3-node OpenSearch cluster on free ports,
  started by ``scripts/opensearch-cluster.sh`` in a folder of its own, stopped at the end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from app import create_app
from indexer.build import build

ROOT = Path(__file__).resolve().parent.parent
SEED_DATA = ROOT / "data" / "notices"
ARTIFACTS = ROOT / "tests" / "artifacts"  # screenshots (git-ignored)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("seed-index")
    build(SEED_DATA, tmp, quiet=True)
    return tmp


@pytest.fixture(scope="session")
def app(index_dir: Path):
    return create_app({"INDEX_DIR": str(index_dir), "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def browser():
    exe = shutil.which("chromium") or str(CHROMIUM)
    if not Path(exe).exists():
        pytest.fail("Chromium is not installed (/usr/bin/chromium): run `make browser` "
                    "(or `make test`, which installs it) before the browser tests.",
                    pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is missing: run `make install`.", pytrace=False)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class LiveServer:
    """The WSGI app served by waitress in a background thread on 127.0.0.1."""

    def __init__(self, app) -> None:
        from waitress.server import create_server

        self.server = create_server(app, host="127.0.0.1", port=0, threads=4,
                                    clear_untrusted_proxy_headers=True)
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.close()
        self.server.task_dispatcher.shutdown(timeout=2)


class OpenSearchCluster:
    """The test cluster: its nodes' URLs and pids, and the script that controls it."""

    script = ROOT / "scripts" / "opensearch-cluster.sh"

    def __init__(self, name: str, config: pytest.Config) -> None:
        self.env = {**os.environ, "OPENSEARCH_CLUSTER": name}
        self.config = config
        self.folder = Path(self.run("dir").strip())

    def say(self, line: str) -> None:
        """A line on the terminal even under output capture: the cluster tests' timings."""
        capture = self.config.pluginmanager.get_plugin("capturemanager")
        with capture.global_and_fixture_disabled():
            self.config.pluginmanager.get_plugin("terminalreporter").write_line(line)

    def run(self, *args: str) -> str:
        done = subprocess.run(["bash", str(self.script), *args], env=self.env,
                              capture_output=True, text=True, timeout=1800)
        if done.returncode:
            pytest.fail(f"`scripts/opensearch-cluster.sh {' '.join(args)}` failed; the cluster "
                        f"tests need it:\n{done.stderr[-3000:]}", pytrace=False)
        return done.stdout

    @property
    def urls(self) -> list[str]:
        ports = (self.folder / "ports").read_text().split("\n")[0].split()
        return [f"http://127.0.0.1:{p}" for p in ports]

    def pid(self, node: int) -> int:
        return int((self.folder / f"node-{node}" / "pid").read_text())


@pytest.fixture(scope="session")
def opensearch_cluster(request: pytest.FixtureRequest):
    # A folder of its own, which the script places where the nodes' user can reach it.
    t0 = time.monotonic()
    cluster = OpenSearchCluster(f"test-{os.getpid()}", request.config)
    cluster.run("start")
    cluster.say(f"opensearch: 3-node cluster green in {time.monotonic() - t0:.0f} s")
    yield cluster
    t1 = time.monotonic()
    cluster.run("stop")
    shutil.rmtree(cluster.folder, ignore_errors=True)
    cluster.say(f"opensearch: cluster up {t1 - t0:.0f} s in all, "
                f"stopped in {time.monotonic() - t1:.0f} s")
