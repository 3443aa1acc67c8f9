"""`qa eval` and `qa eval beir`: thin over `run_eval` and `run_beir`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from eval.beir import BEIR_MODES
from eval.runner import CONFIGS

DEFAULT_GOLD = Path("eval") / "gold.jsonl"


def default_gold() -> Path:
    """`eval/gold.jsonl` of the current folder, else the one shipped with the package."""
    return DEFAULT_GOLD if DEFAULT_GOLD.exists() else Path(__file__).resolve().parent / "gold.jsonl"


def index_for_corpus(corpus: str, settings: object) -> str:
    """The index of a corpus given without `--index`: the configured one for the configured corpus,
    else its own folder under the user cache (`~/.cache/qa/index-<name>-<hash>`)."""
    import hashlib

    from platformdirs import user_cache_dir

    path = Path(corpus).resolve()
    if path == Path(settings.corpus).resolve():  # type: ignore[attr-defined]
        return str(settings.index)  # type: ignore[attr-defined]
    digest = hashlib.sha1(str(path).encode()).hexdigest()[:8]
    return str(Path(user_cache_dir("qa")) / f"index-{path.name}-{digest}")


@contextmanager
def _errors() -> Iterator[None]:
    """The `qa` command's error handling; a bad gold or BEIR file is a usage error (exit 2)."""
    from qa.cli import _errors as qa_errors
    from qa.errors import ConfigError

    with qa_errors():
        try:
            yield
        except (ValueError, FileNotFoundError) as exc:
            raise ConfigError(str(exc)) from exc


def _bar(quiet: bool):  # noqa: ANN202
    from qa.cli import progress_bar

    return progress_bar(not quiet)


@click.group(invoke_without_command=True)
@click.option("--gold", type=click.Path(dir_okay=False), help="Gold JSONL file (default eval/gold.jsonl).")
@click.option("--corpus", type=click.Path(), help="Folder of articles or a dump (default from settings: seeds).")
@click.option("--index", "index_dir", type=click.Path(),
              help="Index directory (default .qa-index; with --corpus, a cache folder of its own).")
@click.option("--config", "configs", multiple=True, metavar="NAME",
              help=f"Configuration to run, repeatable (default all): {', '.join(CONFIGS)}.")
@click.option("--json", "json_file", type=click.Path(dir_okay=False), help="Write all results as JSON here.")
@click.option("--report", "report_dir", type=click.Path(file_okay=False),
              help="Write report.md and chart.png into this folder.")
@click.option("--llm", "llm", metavar="SPEC",
              help="Model for the hybrid+llm configuration: ollama:MODEL, openai:MODEL or gguf:PATH.")
@click.option("--llm-url", "llm_url", metavar="URL", help="Server of the --llm model.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.pass_context
def eval_command(ctx: click.Context, gold: str | None, corpus: str | None, index_dir: str | None,
                 configs: tuple[str, ...], json_file: str | None, report_dir: str | None,
                 llm: str | None, llm_url: str | None, quiet: bool) -> None:
    """Score the assistant on a gold file, configurations side by side (Markdown table on stdout).

    Retrieval: recall@1/@5 and MRR of a gold quote in the retrieved passages. Answers: key-fact
    recall, citation precision/recall, abstention precision/recall/F1, share of cited sentences,
    pass rate. Latency p50/p95 per stage.
    """
    if ctx.invoked_subcommand is not None:
        return
    from eval.report import markdown_table, write_json, write_report
    from eval.runner import run_eval
    from qa.config import load_settings

    with _errors():
        if corpus and not index_dir:
            index_dir = index_for_corpus(corpus, load_settings())
        with _bar(quiet) as tick:
            extra = {k: v for k, v in {"llm": llm, "llm_url": llm_url}.items() if v}
            result = run_eval(gold or default_gold(), corpus, index_dir, configs=configs or None,
                              progress=tick, **extra)
        click.echo(markdown_table(result))
        for w in result.warnings:
            click.secho(f"warning: {w}", fg="yellow", err=True)
        if json_file:
            write_json(result.to_dict(), json_file)
            click.echo(f"\nJSON: {json_file}", err=True)
        if report_dir:
            path = write_report(result, report_dir)
            click.echo(f"report: {path}", err=True)


@eval_command.command("beir")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--index", "index_dir", type=click.Path(), help="Index directory (default ~/.cache/qa/beir-<name>).")
@click.option("--config", "configs", multiple=True, type=click.Choice(list(BEIR_MODES)),
              help="Retrieval mode to score, repeatable (default all).")
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N test queries.")
@click.option("--k", "k", type=click.IntRange(min=10), default=100, show_default=True,
              help="Passages retrieved per query before folding them into documents.")
@click.option("--json", "json_file", type=click.Path(dir_okay=False), help="Write the results as JSON here.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def beir_command(folder: str, index_dir: str | None, configs: tuple[str, ...], limit: int | None, k: int,
                 json_file: str | None, quiet: bool) -> None:
    """Score retrieval on a BEIR dataset FOLDER: nDCG@10 and recall@100 per mode."""
    from eval.beir import run_beir
    from eval.report import beir_table, write_json

    with _errors():
        with _bar(quiet) as tick:
            result = run_beir(folder, index_dir, configs=configs or None, limit=limit, k=k, progress=tick)
        click.echo(beir_table(result))
        if json_file:
            write_json(result.to_dict(), json_file)
            click.echo(f"\nJSON: {json_file}", err=True)
