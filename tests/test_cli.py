"""The `qa` command line: thin over the library, clear errors with documented exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from qa.cli import main

from .conftest import CHINA_DOC, ROOT


@pytest.fixture
def run(seed_corpus: Path, seed_index: Path):  # noqa: ANN201
    def invoke(*args: str):  # noqa: ANN202
        return CliRunner().invoke(main, [*args], catch_exceptions=False)
    return invoke


def test_ask_prints_the_answer_and_numbered_sources(run, seed_corpus, seed_index) -> None:
    result = run("ask", "--corpus", str(seed_corpus), "--index", str(seed_index), "What did China commit to?")
    assert result.exit_code == 0, result.output
    assert "soybeans" in result.output and "Sources:" in result.output
    assert "[1] U.S. and China Reopen Military Channels" in result.output
    assert CHINA_DOC in result.output


def test_ask_json_has_the_answer_fields(run, seed_corpus, seed_index) -> None:
    result = run("ask", "--json", "--corpus", str(seed_corpus), "--index", str(seed_index),
                 "What did Hegseth say about North Korea?")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["abstained"] is True and data["citations"] == []
    assert {"text", "citations", "abstained", "reason", "rewritten_question", "passages", "timings_ms"} <= set(data)


def test_empty_question_exits_2_with_a_message(run, seed_corpus, seed_index) -> None:
    result = run("ask", "--corpus", str(seed_corpus), "--index", str(seed_index), "   ")
    assert result.exit_code == 2
    assert "question is empty" in result.output


def test_missing_corpus_exits_2_naming_it(run, tmp_path: Path) -> None:
    result = run("ingest", "--corpus", str(tmp_path / "absent"), "--index", str(tmp_path / "i"), "--quiet")
    assert result.exit_code == 2
    assert str(tmp_path / "absent") in result.output and "does not exist" in result.output


def test_corpus_path_that_is_not_an_article_or_dump_exits_2(run, tmp_path: Path) -> None:
    f = tmp_path / "data.bin"
    f.write_bytes(b"\x00\x01")
    result = run("ingest", "--corpus", str(f), "--index", str(tmp_path / "i"), "--quiet")
    assert result.exit_code == 2 and "not an article or a dump" in result.output


def test_every_command_has_help(run) -> None:
    for cmd in ([], ["ingest"], ["ask"], ["chat"], ["eval"], ["bench"]):
        result = run(*cmd, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output
    listed = run("--help").output
    assert all(f"  {name} " in listed for name in ("ask", "bench", "chat", "eval", "ingest")), listed


def test_asking_and_chatting_start_without_the_eval_and_bench_packages() -> None:
    # they are imported when `qa eval` / `qa bench` is run or listed, not by every `qa ask`
    code = "import sys; from qa.cli import main\nimport tui.app, tui.screens.chat\n" \
           "print(sorted(m for m in sys.modules if m.split('.')[0] in ('eval', 'bench', 'markdown_it')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env=dict(os.environ))
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_help_does_not_import_torch() -> None:
    code = "import sys; from qa.cli import main\ntry: main(['--help'])\nexcept SystemExit: pass\n" \
           "print('torch' in sys.modules, 'chromadb' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env=dict(os.environ))
    assert out.stdout.strip().endswith("False False"), out.stdout + out.stderr
