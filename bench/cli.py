"""`qa bench`: thin over `bench.run.run_bench` (imports nothing heavy: `qa --help` loads this)."""

from __future__ import annotations

import sys

import click


@click.command()
@click.option("--corpus", type=click.Path(), help="Folder of articles or a dump (default from settings: seeds).")
@click.option("--index", "index_dir", type=click.Path(file_okay=False),
              help="Index of the corpus (default: a folder of its own under ~/.cache/qa-bench).")
@click.option("--json", "json_file", type=click.Path(dir_okay=False), help="Write all results as JSON here.")
@click.option("--scale-docs", type=click.IntRange(min=1), default=5183, show_default=True,
              help="Documents of the scale corpus (SciFact abstracts, built once under ~/.cache/qa-bench).")
@click.option("--skip-scale", is_flag=True, help="Skip the scale corpus.")
@click.option("--quick", is_flag=True, help="Single runs, no throughput sample: a smoke test, not a measurement.")
@click.option("--rounds", type=click.IntRange(min=1), default=5, show_default=True,
              help="Timed passes over the questions for warm ask latency.")
@click.option("--gold", type=click.Path(dir_okay=False), help="Questions file (default eval/gold.jsonl).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def bench_command(corpus: str | None, index_dir: str | None, json_file: str | None, scale_docs: int,
                  skip_scale: bool, quick: bool, rounds: int, gold: str | None, quiet: bool) -> None:
    """Measure ingest, re-ingest, warm and cold asking, the TUI's first paint and memory, against targets.

    Prints a table of targets (met / missed) and other figures; --json writes every number.
    The first run builds a 5k-document SciFact index under ~/.cache/qa-bench (a few minutes).
    """
    from bench.report import print_table, write_json
    from bench.run import BenchOptions, run_bench
    from qa.cli import progress_bar

    opts = BenchOptions(corpus=corpus, index=index_dir, scale_docs=scale_docs, skip_scale=skip_scale,
                        quick=quick, rounds=rounds, gold=gold)
    try:
        results = run_bench(opts, bar=lambda: progress_bar(not quiet),
                            log=lambda msg: click.secho(msg, fg="yellow", err=True))
    except (ValueError, OSError) as exc:
        click.secho(f"Error: {exc}", fg="red", err=True)
        sys.exit(2)
    print_table(results)
    if json_file:
        path = write_json(results, json_file)
        click.echo(f"results written to {path}")
    if results.get("errors"):
        click.secho(f"{len(results['errors'])} phase(s) failed: {', '.join(results['errors'])}", fg="red", err=True)
        sys.exit(1)
