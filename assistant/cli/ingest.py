"""``assistant ingest``: build or refresh the index (answering does it by itself; rarely needed)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--if-stale", is_flag=True, help="Only build or refresh when the corpus changed (fast otherwise).")
@click.option(
    "--rebuild",
    is_flag=True,
    help="Encode every document again into a new index; the current one keeps answering until it is ready.",
)
def ingest(paths: tuple[Path, ...], if_stale: bool, rebuild: bool) -> None:
    """Index the corpus (or PATHS inside it) for answering.

    Re-running is cheap: unchanged documents are skipped, changed ones replaced and removed
    ones deleted. You rarely need this: answering builds or refreshes the index itself, and
    rebuilds a damaged one. --rebuild ignores what is stored and takes no PATHS.
    """
    from assistant.index.store import ChromaUnavailableError, IndexBusyError, IndexStore
    from assistant.settings import get_settings

    store = IndexStore(get_settings())
    try:
        if if_stale and not paths and not rebuild:
            notices = store.ensure_ready()
            click.echo(" ".join(notices) or "The index is up to date.")
            return
        report = store.ingest(list(paths) or None, progress=True, rebuild=rebuild)
    except (IndexBusyError, ChromaUnavailableError) as exc:
        raise click.ClickException(str(exc)) from exc
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    for problem in report.problems:
        click.echo(f"warning: skipped {problem}", err=True)
    click.echo(report.summary())
    for notice in report.notices:
        click.echo(notice)
