"""The `qa` command: a thin layer over the library (parse options, call, print)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from qa.errors import QAError

EXIT_CODES = """Exit codes: 0 ok; 1 unexpected error; 2 bad question, corpus or setting;
3 index locked by another ingest; 4 no index yet; 5 index damaged (run `qa ingest --rebuild`);
6 Chroma server unreachable."""


def _settings(**overrides: Any) -> Any:
    from qa.config import load_settings

    return load_settings(**overrides)


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except QAError as exc:
        click.secho(f"Error: {exc}", fg="red", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[Callable[[str, int, int], None]]:
    """A `progress(stage, done, total)` callback drawing a Rich progress bar on stderr."""
    if not enabled:
        yield lambda stage, done, total: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description:>14}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=Console(stderr=True), transient=True) as bar:
        tasks: dict[str, Any] = {}

        def tick(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=max(total, 1))
            bar.update(tasks[stage], completed=done, total=max(total, 1))

        yield tick


class _Commands(click.Group):
    """The `qa` group; `eval` and `bench` (other top-level packages, absent from a wheel install)
    are imported only when asked for or listed, so `qa ask` and `qa chat` start without them."""

    OPTIONAL = {"eval": ("eval.cli", "eval_command"), "bench": ("bench.cli", "bench_command")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | {n for n in self.OPTIONAL if self._optional(n)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, cmd_name) or self._optional(cmd_name)

    def _optional(self, name: str) -> click.Command | None:
        if name not in self.OPTIONAL:
            return None
        module, attr = self.OPTIONAL[name]
        try:
            return getattr(__import__(module, fromlist=[attr]), attr)
        except ImportError:
            return None


@click.group(cls=_Commands, epilog=EXIT_CODES)
@click.version_option(package_name="qa-news")
def main() -> None:
    """Ask questions about a corpus of news articles; answers cite the sentences they rest on.

    Settings come from defaults, then qa.toml (or [tool.qa] in pyproject.toml), then QA_*
    environment variables, then options.
    """


@main.command()
@click.option("--corpus", type=click.Path(), help="Folder of articles, or a .jsonl/.jsonl.gz/.csv dump.")
@click.option("--index", "index_dir", type=click.Path(), help="Index directory (default .qa-index).")
@click.option("--rebuild", is_flag=True, help="Drop the index and build it again (recovers a damaged index).")
@click.option("--chroma-url", help="Use the Chroma server at this URL instead of the embedded store.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def ingest(corpus: str | None, index_dir: str | None, rebuild: bool, chroma_url: str | None, quiet: bool) -> None:
    """Index the corpus: new files added, changed ones re-embedded, deleted ones removed."""
    with _errors():
        s = _settings(corpus=corpus, index=index_dir, chroma_url=chroma_url)
        from index.ingest import ingest as run_ingest

        with progress_bar(not quiet) as tick:
            report = run_ingest(s.corpus, s.index, model=s.embed_model, chroma_url=s.chroma_url,
                                collection=s.collection, batch_size=s.embed_batch_size,
                                max_chars=s.passage_tokens * 4, rebuild=rebuild, progress=tick)
        click.echo(report.summary())


def _print_answer(answer: Any) -> None:
    if answer.rewritten_question:
        click.secho(f"(read as: {answer.rewritten_question})", dim=True)
    for notice in answer.notices:
        click.secho(f"note: {notice}", fg="yellow", err=True)
    click.echo(answer.text)
    if answer.citations:
        click.echo("\nSources:")
        for c in answer.citations:
            date = f", {c.date[:10]}" if c.date else ""
            click.echo(f"  [{c.n}] {c.title} ({c.doc}{date}, chars {c.start}-{c.end})")
            click.secho(f"      “{' '.join(c.quote.split())}”", dim=True)
            if c.also_in:
                click.secho(f"      also in: {', '.join(c.also_in[:5])}", dim=True)
    elif answer.abstained and answer.passages:
        click.echo("\nClosest passages (related, not an answer):")
        for p in answer.passages[:3]:
            click.echo(f"  - {p.title} ({p.doc}, chars {p.start}-{p.end})")


@main.command()
@click.argument("question", nargs=-1, required=True)
@click.option("--corpus", type=click.Path(), help="Folder of articles or a dump (default seeds).")
@click.option("--index", "index_dir", type=click.Path(), help="Index directory (default .qa-index).")
@click.option("--json", "as_json", is_flag=True, help="Print the Answer as one JSON object.")
@click.option("--mode", type=click.Choice(["hybrid", "dense", "bm25"]), help="Retrieval mode.")
@click.option("--since", help="Only articles published on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Only articles published on or before this date (YYYY-MM-DD).")
@click.option("--chroma-url", help="Chroma server URL.")
@click.option("--llm", "llm", metavar="SPEC",
              help="Answerer: extractive (default), openai:MODEL, ollama:MODEL or gguf:PATH.")
@click.option("--llm-url", metavar="URL", help="Base URL of the model server (e.g. http://127.0.0.1:8080/v1).")
def ask(question: tuple[str, ...], corpus: str | None, index_dir: str | None, as_json: bool,
        mode: str | None, since: str | None, until: str | None, chroma_url: str | None,
        llm: str | None, llm_url: str | None) -> None:
    """Answer QUESTION from the articles, with numbered sources.

    Questions longer than `max_question_chars` (2000) are cut, with a notice.
    """
    with _errors():
        text = " ".join(question)
        if not text.strip():
            from qa.errors import QuestionError

            raise QuestionError("the question is empty: ask something about the articles")
        from qa import Assistant

        with progress_bar(sys.stderr.isatty()) as tick:
            assistant = Assistant.open(corpus, index_dir, progress=tick, mode=mode, chroma_url=chroma_url,
                                       llm=llm, llm_url=llm_url)
        answer = assistant.ask(text, since=since, until=until)
        if as_json:
            click.echo(json.dumps(answer.to_dict(), ensure_ascii=False))
        else:
            _print_answer(answer)


@main.command()
@click.option("--corpus", type=click.Path(), help="Folder of articles or a dump (default seeds).")
@click.option("--index", "index_dir", type=click.Path(), help="Index directory (default .qa-index).")
def chat(corpus: str | None, index_dir: str | None) -> None:
    """Open the terminal UI for a conversation with the articles."""
    with _errors():
        s = _settings(corpus=corpus, index=index_dir)
        from tui.app import run

        run(s)


if __name__ == "__main__":
    main()
