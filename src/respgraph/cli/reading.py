"""The options every command that reads task tables shares, and reading many files at once.

``@reading_options`` adds ``--layout``, ``--district``, ``--year``, ``--title``,
``--aliases``, ``--lexicon``, ``--gazetteer`` and ``--strict`` and hands the
command one :class:`ReadingOptions` as ``reading``; :func:`read_plans` reads
FILE... (files, folders, glob patterns) with them, shows a progress bar on a
terminal, names the files skipped and failed at the end, and raises an
:class:`~respgraph.errors.InputError` (exit 2) after the others were read when
any failed.  parse, audit, load, report, render and every analysis use the
same two, so an alias file that fixes a table in ``audit`` fixes it everywhere.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from respgraph.errors import InputError
from respgraph.export import clean_text
from respgraph.layouts import LAYOUTS

__all__ = ["ReadingOptions", "reading_options", "read_plans", "READING_FLAGS"]

#: The flags :func:`reading_options` adds, by parameter name (for messages naming them).
READING_FLAGS = {
    "layout": "--layout",
    "district": "--district",
    "year": "--year",
    "title": "--title",
    "aliases": "--aliases",
    "lexicon": "--lexicon",
    "gazetteer": "--gazetteer",
    "strict": "--strict",
}


@dataclass(frozen=True)
class ReadingOptions:
    """How to read task tables, as given on the command line (None: detect or default)."""

    layout: str | None = None
    district: str | None = None
    year: int | None = None
    title: str | None = None
    aliases: str | None = None
    lexicon: str | None = None
    gazetteer: str | None = None
    strict: bool = False

    def given(self) -> list[str]:
        """The flags given, for commands that read no files (``--source neo4j``)."""
        return [READING_FLAGS[name] for name in ("layout", "district", "year", "title", "aliases", "lexicon", "gazetteer")
                if getattr(self, name) is not None]

    def parse_options(self) -> dict:
        """Keyword arguments for :func:`respgraph.ingest.read_many`."""
        return {"layout": self.layout, "district": self.district, "year": self.year, "title": self.title,
                "aliases": self.aliases, "lexicon": self.lexicon, "gazetteer": self.gazetteer}


def reading_options(command):
    """Decorator: the reading options, bundled as ``reading``."""
    options = [
        click.option("--layout", type=click.Choice(LAYOUTS), default=None,
                     help="How the table is laid out, instead of detecting it: tabbed (cells opened by tabs), "
                          "flat (one cell per line, a web table copied as text), inline (numbered paragraphs with "
                          "（牵头单位：…；责任单位：…）), labelled (牵头单位：… on lines of their own), grid (a table)."),
        click.option("--district", default=None, help="District that issued the table (overrides the title), e.g. 拱墅区."),
        click.option("--year", type=int, default=None, help="Year of the plan (overrides the title)."),
        click.option("--title", default=None, help="Title of the plan (overrides the document)."),
        click.option("--aliases", type=click.Path(dir_okay=False), default=None,
                     help="Alias file (CSV variant,canonical or YAML variant: canonical), applied first."),
        click.option("--lexicon", type=click.Path(dir_okay=False), default=None,
                     help="Extra unit lexicon (YAML, same shape as the shipped one)."),
        click.option("--gazetteer", type=click.Path(dir_okay=False), default=None,
                     help="Extra gazetteer: districts, their streets, blanket phrases."),
        click.option("--strict", is_flag=True, default=False,
                     help="Stop at the first file that cannot be read (by default every file is tried and the "
                          "failures are listed at the end, exit code 2)."),
    ]

    @functools.wraps(command)
    def wrapper(*args, layout, district, year, title, aliases, lexicon, gazetteer, strict, **kwargs):
        reading = ReadingOptions(layout, district, year, title, aliases, lexicon, gazetteer, strict)
        return command(*args, reading=reading, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def read_plans(files, reading: ReadingOptions | None = None, *, quiet: bool = False):
    """Read FILE... (files, folders, patterns); returns the :class:`~respgraph.ingest.Batch`.

    ``quiet`` shows no progress bar (for callers that are not a command on a terminal).

    Files skipped (no task table) and failed are echoed to stderr; when any
    failed, an :class:`InputError` is raised *after* the others were read, so
    call :func:`finish` once the command has written what it could.
    """
    from respgraph.ingest import read_many

    reading = reading or ReadingOptions()
    if not files:
        raise InputError("give at least one task table FILE (or a folder of them)", where="FILE")
    progress = _progress(files, shown=not quiet)
    try:
        batch = read_many(list(files), strict=reading.strict, on_file=progress.step, **reading.parse_options())
    finally:
        progress.close()
    for path, why in batch.skipped:
        click.echo(clean_text(f"Skipped {path}: {why}"), err=True)
    if not batch.plans and not batch.failed:
        raise InputError("no task table found in the files given", where=", ".join(str(f) for f in files))
    if not batch.plans:
        finish(batch)
    return batch


def finish(batch) -> None:
    """Name the files that failed, then raise one :class:`InputError` (exit 2) when any did."""
    if not batch.failed:
        return
    for _, message in batch.failed:
        click.echo(clean_text(f"Failed: {message}"), err=True)
    total = len(batch.failed) + len(batch.plans)
    raise InputError(f"{len(batch.failed)} of {total} table files could not be read (listed above)")


class _progress:
    """A rich progress bar on stderr when it is a terminal and there is more than one file."""

    def __init__(self, files, shown=True):
        from rich.progress import Progress

        self._bar = None
        if shown and sys.stderr.isatty() and (len(files) > 1 or any(Path(f).is_dir() for f in files)):
            self._bar = Progress(transient=True)
            self._bar.start()
            self._task = self._bar.add_task("reading", total=None)

    def step(self, path):
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=f"reading {path}")

    def close(self):
        if self._bar is not None:
            self._bar.stop()
