"""Chroma server mode: a real `chroma run` on 127.0.0.1, ingest and ask through it, and a
fast, clear failure (exit code 6, naming the URL) when it is down. Nothing leaves the machine."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from index import ingest
from index.store import Manifest
from qa.errors import StoreUnavailableError

from .conftest import ROOT, free_port, serving

pytestmark = pytest.mark.server

CHROMA = Path(sys.executable).with_name("chroma")
QUESTION = "What did China commit to?"
# The `qa` command with this suite's network guard installed: a process that tried to reach
# anything but loopback exits 99 (the guard lives in tests/conftest.py).
GUARDED_QA = ("import atexit, os, sys\nsys.path.insert(0, sys.argv.pop(1))\n"
              "env = {k: v for k, v in os.environ.items() if k.startswith('QA_')}\n"
              "import tests.conftest as guard\nos.environ.update(env)  # the conftest clears QA_* settings\n"
              "atexit.register(lambda: guard.BLOCKED and os._exit(99))\n"
              "from qa.cli import main\nmain(prog_name='qa')")


def qa(*args: str, collection: str = "cli_passages", timeout: float = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, QA_COLLECTION=collection)
    return subprocess.run([sys.executable, "-c", GUARDED_QA, str(ROOT), *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=timeout)


@contextmanager
def chroma_server(path: Path, port: int | None = None) -> Iterator[str]:
    """`chroma run` on 127.0.0.1, yielding its URL once its heartbeat answers; stopped on exit."""
    if not CHROMA.exists():
        pytest.skip(f"no chroma CLI at {CHROMA}")
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    with serving(cmd, f"{url}/api/v2/heartbeat", path.parent / f"chroma-{port}.log", 20,
                 env=dict(os.environ, ANONYMIZED_TELEMETRY="False")):
        yield url


def server_ids(url: str, collection: str) -> list[str]:
    import chromadb
    from chromadb.config import Settings

    host, port = url.removeprefix("http://").split(":")
    client = chromadb.HttpClient(host=host, port=int(port), settings=Settings(anonymized_telemetry=False))
    col = client.get_collection(collection, embedding_function=None)
    ids = col.get(include=[])["ids"]
    assert len(ids) == len(set(ids)) == col.count()
    return ids


def local_pids(folder: Path) -> set[str]:
    m = Manifest(folder)
    try:
        return m.pids()
    finally:
        m.close()


def test_ingest_and_ask_through_a_chroma_server(tmp_path: Path, seed_corpus: Path) -> None:
    from qa import Assistant

    store = tmp_path / "server-data"
    lib_index, cli_index = tmp_path / "lib-index", tmp_path / "cli-index"
    with chroma_server(store) as url:
        port = int(url.rsplit(":", 1)[1])
        # The library.
        report = ingest(seed_corpus, lib_index, chroma_url=url)
        assert report.added == 2 and report.passages > 10
        assert not (lib_index / "chroma").exists()  # vectors live on the server only
        assert set(server_ids(url, "passages")) == local_pids(lib_index)
        a = Assistant.open(seed_corpus, lib_index, chroma_url=url, ingest=False)
        try:
            assert a.stats().chroma_url == url
            answer = a.ask(QUESTION)
            assert "soybeans" in answer.text and answer.citations
            dense = a.configure(mode="dense").ask(QUESTION)  # dense retrieval is the server's part
            assert "soybeans" in dense.text
        finally:
            a.close()
        # The command line, into its own collection.
        first = qa("ingest", "--corpus", str(seed_corpus), "--index", str(cli_index), "--chroma-url", url, "--quiet")
        assert first.returncode == 0 and "added 2" in first.stdout, first.stderr[-2000:]
        again = qa("ingest", "--corpus", str(seed_corpus), "--index", str(cli_index), "--chroma-url", url, "--quiet")
        assert again.returncode == 0 and "unchanged 2" in again.stdout and "(0 embedded" in again.stdout
        assert set(server_ids(url, "cli_passages")) == local_pids(cli_index)
        asked = qa("ask", "--corpus", str(seed_corpus), "--index", str(cli_index), "--chroma-url", url, QUESTION)
        assert asked.returncode == 0 and "soybeans" in asked.stdout, asked.stderr[-2000:]

        # Another index folder pointed at a collection that already serves an index is refused
        # (its ingest would delete the other index's vectors); --rebuild takes it over.
        other, other_index = tmp_path / "other-corpus", tmp_path / "other-index"
        other.mkdir()
        (other / "port.txt").write_text("Port news\n\nThe port of Santos reopened on Friday after a strike.\n")
        refused = qa("ingest", "--corpus", str(other), "--index", str(other_index), "--chroma-url", url, "--quiet",
                     collection="cli_passages")
        assert refused.returncode == 2, refused.stderr[-2000:]
        assert "holds the passages of another index folder" in refused.stderr and "Traceback" not in refused.stderr
        assert set(server_ids(url, "cli_passages")) == local_pids(cli_index)  # untouched
        taken = ingest(other, other_index, chroma_url=url, collection="cli_passages", rebuild=True)
        assert set(server_ids(url, "cli_passages")) == local_pids(other_index) and taken.passages == 1
        again = qa("ingest", "--corpus", str(seed_corpus), "--index", str(cli_index), "--chroma-url", url, "--quiet")
        assert again.returncode == 2 and "another index folder" in again.stderr
        assert qa("ingest", "--rebuild", "--corpus", str(seed_corpus), "--index", str(cli_index), "--chroma-url", url,
                  "--quiet").returncode == 0
        assert set(server_ids(url, "cli_passages")) == local_pids(cli_index)
        n = len(server_ids(url, "passages"))
    before = (local_pids(lib_index), local_pids(cli_index))

    # The server is down: a clear error naming the URL, at once, and nothing local is touched.
    t = time.perf_counter()
    with pytest.raises(StoreUnavailableError, match=url):
        ingest(seed_corpus, lib_index, chroma_url=url)
    t_ingest = time.perf_counter() - t
    t = time.perf_counter()
    with pytest.raises(StoreUnavailableError, match=url):
        Assistant.open(seed_corpus, lib_index, chroma_url=url, ingest=False)
    t_open = time.perf_counter() - t
    assert t_ingest < 5 and t_open < 5, (t_ingest, t_open)
    times = []
    for args in (("ask", QUESTION), ("ingest", "--quiet")):
        t = time.perf_counter()
        out = qa(args[0], "--corpus", str(seed_corpus), "--index", str(cli_index), "--chroma-url", url, *args[1:])
        times.append(time.perf_counter() - t)
        assert out.returncode == 6, (args, out.returncode, out.stderr[-2000:])
        assert f"Chroma server at {url} is not reachable" in out.stderr and "Traceback" not in out.stderr
    assert max(times) < 10, times  # Python start-up and imports included; the failure itself is instant
    assert (local_pids(lib_index), local_pids(cli_index)) == before

    # Started again on the same data: answers without any re-ingest.
    with chroma_server(store, port) as url2:
        assert len(server_ids(url2, "passages")) == n
        asked = qa("ask", "--corpus", str(seed_corpus), "--index", str(cli_index), "--chroma-url", url2, QUESTION)
        assert asked.returncode == 0 and "soybeans" in asked.stdout, asked.stderr[-2000:]
    print(f"server mode: {n} passages through {url}; down: library ingest {t_ingest:.2f} s, open {t_open:.2f} s, "
          f"`qa ask` {times[0]:.1f} s, `qa ingest` {times[1]:.1f} s (whole process) -> exit 6")


def test_a_malformed_chroma_url_is_a_clear_error(tmp_path: Path, seed_corpus: Path) -> None:
    out = qa("ask", "--corpus", str(seed_corpus), "--index", str(tmp_path / "i"), "--chroma-url", "localhost:8000",
             QUESTION)
    assert out.returncode == 6 and "not of the form http://host:port" in out.stderr and "Traceback" not in out.stderr
