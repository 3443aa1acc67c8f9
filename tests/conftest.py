"""Shared fixtures: real model, real Chroma, real files, and a guard that keeps tests offline."""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"
os.environ["ORT_DISABLE_TELEMETRY"] = "1"
for key in [k for k in os.environ if k.startswith("QA_")]:
    del os.environ[key]  # the suite runs with default settings, whatever the shell holds

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CHINA_DOC = "000_7ff22d41db9a0194.txt"
OTHER_DOC = "002_6ebee9ec12d4812c.txt"

BLOCKED: list[str] = []
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _allowed(address: object) -> bool:
    if not isinstance(address, tuple):
        return True  # AF_UNIX and friends never leave the machine
    host = str(address[0])
    if host in {"localhost", ""}:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a hostname other than localhost would need DNS


def _guarded_connect(self: socket.socket, address: object) -> None:
    if not _allowed(address):
        BLOCKED.append(str(address))
        raise ConnectionRefusedError(f"test suite is offline: connection to {address} blocked")
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if not _allowed(address):
        BLOCKED.append(str(address))
        return 111
    return _real_connect_ex(self, address)


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on (once this returns)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(cmd: Sequence[str], ready_url: str, log: Path, seconds: float, *,
            env: dict[str, str] | None = None, stop_seconds: float = 15) -> Iterator[subprocess.Popen]:
    """Run a server process (output to `log`: a file, as a full pipe would stall it) until
    `ready_url` answers 200; fail with the log's end if it exits or `seconds` pass. Stopped on exit."""
    with log.open("wb") as out:
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + seconds
        while True:
            if proc.poll() is not None:
                pytest.fail(f"{cmd[0]} exited: {log.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(ready_url, timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"{ready_url} did not answer within {seconds:g} s: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(stop_seconds)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(autouse=True)
def _data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Conversations and caches of the UI go to a temp folder, never the user's."""
    monkeypatch.setenv("QA_DATA_DIR", str(tmp_path_factory.getbasetemp() / "data"))


@pytest.fixture(scope="session")
def seed_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the seed articles."""
    dest = tmp_path_factory.mktemp("corpus") / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory, seed_corpus: Path) -> Path:
    """The seeds ingested once for the session (real model, real embedded Chroma)."""
    from index import ingest

    folder = tmp_path_factory.mktemp("index")
    ingest(seed_corpus, folder)
    return folder


@pytest.fixture(scope="session")
def assistant(seed_corpus: Path, seed_index: Path):  # noqa: ANN201
    """One Assistant over the seeds, shared by the session."""
    from qa import Assistant

    a = Assistant.open(corpus=seed_corpus, index=seed_index, ingest=False)
    yield a
    a.close()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Any attempt to reach the network fails the run, even if the code swallowed the error."""
    if BLOCKED:
        print(f"\nnetwork guard blocked {len(BLOCKED)} connection(s): {sorted(set(BLOCKED))[:5]}")
        session.exitstatus = 1
