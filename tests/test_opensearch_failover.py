"""A node killed mid-stream: no answer is ever silently partial (issue 14 §6).

One node of the test cluster is killed with SIGKILL while a thread keeps querying.
Until the cluster has noticed (turned yellow), an answer may be a clear error; every
answer is either exact or an error, and every one asked after yellow is exact (the
replicas serve). An index without replicas that lost a shard must answer with an error,
never with the paragraphs of the shards that survived. The node is restarted and the
cluster returns to green.
"""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
from test_opensearch import SEEDS, literal_paragraphs

from indexer import opensearch_load
from search.backends.opensearch import OpenSearchBackend
from search.backends.opensearch_index import ClusterError, check_complete, connect
from search.engine import SearchParams

pytestmark = pytest.mark.cluster

CAP = 600  # seconds: a hang detector, never a pass/fail criterion on speed
AFTER_YELLOW = 40  # answers that must be asked (and exact) after the cluster turned yellow


def _expected() -> dict[str, dict[str, int]]:
    truth = literal_paragraphs(SEEDS)

    def has(term: str) -> set[str]:
        return {pid for pid, (_, text) in truth.items() if term in text}

    sets = {"整改": has("整改"), "党": has("党"), '"八项规定"': has("八项规定"),
            "巡视 OR 巡察": has("巡视") | has("巡察"), "问题 -整改": has("问题") - has("整改")}
    return {q: {"paragraphs": len(s), "notices": len({truth[p][0] for p in s})}
            for q, s in sets.items()}


def _wait(what: str, ok, cap: float = CAP) -> float:
    deadline = time.monotonic() + cap
    while time.monotonic() < deadline:
        if ok():
            return time.monotonic()
        time.sleep(0.2)
    pytest.fail(f"gave up waiting for {what} after {cap:.0f} s")


def test_node_kill_gives_no_partial_answer_and_recovers(opensearch_cluster):
    client = connect(",".join(opensearch_cluster.urls), timeout=30)
    opensearch_load.build(SEEDS, client, alias="test-kill", quiet=True)
    opensearch_load.build(SEEDS, client, alias="test-fragile", shards=3, replicas=0, quiet=True)
    backend = OpenSearchBackend(client, alias="test-kill")
    fragile = OpenSearchBackend(client, alias="test-fragile")
    expected = _expected()
    queries = list(expected)
    for q in queries:  # before the kill: both indexes exact
        for b in (backend, fragile):
            assert b.search(SearchParams.from_args({"q": q}))["total"] == expected[q]

    # The victim holds a shard of the replica-less index and is not the cluster manager
    # (electing a new manager is another test).
    manager = client.cat.cluster_manager(format="json")[0]["node"]
    holders = {s["node"] for s in client.cat.shards(index=fragile.generation().index,
                                                     format="json")}
    victims = sorted(holders - {manager})
    assert victims, f"every shard of the replica-less index is on the manager {manager}"
    victim = int(victims[0].removeprefix("node-"))

    answers: list[tuple[float, str, object]] = []
    stop = threading.Event()

    def stream() -> None:
        i = 0
        while not stop.is_set() and i < 20_000:
            q = queries[i % len(queries)]
            i += 1
            asked = time.monotonic()
            try:
                got: object = backend.search(SearchParams.from_args({"q": q}))["total"]
            except ClusterError as exc:
                got = exc
            answers.append((asked, q, got))

    worker = threading.Thread(target=stream, daemon=True)
    worker.start()
    try:
        _wait("answers before the kill", lambda: len(answers) >= 10)
        os.kill(opensearch_cluster.pid(victim), signal.SIGKILL)
        killed = time.monotonic()
        index = backend.generation().index

        def yellow() -> bool:
            h = client.cluster.health(index=index)
            return h["status"] == "yellow" and h["number_of_nodes"] == 2

        turned_yellow = _wait("yellow after the kill", yellow)
        _wait(f"{AFTER_YELLOW} answers after yellow",
              lambda: sum(t >= turned_yellow for t, _, _ in answers) >= AFTER_YELLOW)
        # The replica-less index lost a shard: an error, not the surviving shards' hits.
        for q in queries:
            with pytest.raises(ClusterError):
                fragile.search(SearchParams.from_args({"q": q}))
    finally:
        stop.set()
        worker.join(timeout=CAP)

    wrong = [(q, got) for _, q, got in answers
             if not isinstance(got, ClusterError) and got != expected[q]]
    assert not wrong, f"partial or wrong answers: {wrong[:5]}"
    late_errors = [(q, str(got)) for t, q, got in answers
                   if t >= turned_yellow and isinstance(got, ClusterError)]
    assert not late_errors, f"errors after the cluster turned yellow: {late_errors[:5]}"
    during = [got for t, _, got in answers if killed <= t < turned_yellow]
    errors = sum(isinstance(g, ClusterError) for g in during)
    after = sum(t >= turned_yellow for t, _, _ in answers)
    say = opensearch_cluster.say
    say(f"opensearch: SIGKILL node-{victim}: yellow after {turned_yellow - killed:.1f} s, "
        f"{len(during)} answers in between ({errors} clear errors), "
        f"{after} exact answers after yellow")

    restarted = time.monotonic()
    opensearch_cluster.run("start-node", str(victim))  # waits for green
    say(f"opensearch: node-{victim} restarted, green again in {time.monotonic() - restarted:.0f} s")
    health = client.cluster.health()
    assert (health["status"], health["number_of_nodes"]) == ("green", 3)
    for q in queries:
        for b in (backend, fragile):
            assert b.search(SearchParams.from_args({"q": q}))["total"] == expected[q]


@pytest.mark.parametrize("shards", [
    {"total": 2, "successful": 1, "skipped": 0, "failed": 1, "failures": [{"reason": "gone"}]},
    {"total": 2, "successful": 1, "skipped": 0, "failed": 0},
])
def test_a_partial_answer_is_an_error(shards):
    with pytest.raises(ClusterError):
        check_complete({"_shards": shards, "timed_out": False})
    with pytest.raises(ClusterError):
        check_complete({"_shards": {"total": 2, "successful": 2, "failed": 0},
                        "timed_out": True})
