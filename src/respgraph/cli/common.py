"""Options and helpers shared by the commands that analyse or draw loaded plans.

A command that works on plans stacks two decorators and calls two helpers::

    @main.command()
    @plan_input_options
    @output_options
    def mycommand(plan_input, fmt, output):
        plans = load_plans_from_options(plan_input)          # files or Neo4j, --plan applied
        G = coordination_graph(plans, blanket=plan_input.blanket)
        emit_rows(rows, ["unit", "value"], fmt, output, title="My table")

:func:`plan_input_options`
    adds the ``FILE...`` arguments and ``--source files|neo4j``, ``--uri``,
    ``--username``, ``--password``, ``--database`` (defaults from NEO4J_URI,
    NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE), ``--plan KEY`` (repeatable),
    ``--blanket exclude|group|expand``, and hands the command one
    :class:`PlanInput` as ``plan_input``.  Put it *after* decorators that add
    the command's own positional arguments (``UNIT``, ``PLAN_A PLAN_B``) so
    those come before ``FILE...`` on the command line.
:func:`output_options`
    adds ``--format table|csv|json|xlsx`` and ``-o/--output FILE``; the
    command receives ``fmt`` and ``output``.
:func:`load_plans_from_options`
    reads the plans (task tables through :func:`respgraph.ingest.parse_files`,
    or Neo4j through :func:`respgraph.graphdb.read.read_plans`), then keeps
    the ``--plan`` ones; an unknown key is an :class:`InputError` listing
    the keys available.
:func:`emit_rows`
    prints rows as a rich table, or writes CSV / JSON / XLSX.

Nothing here catches :class:`~respgraph.errors.RespgraphError`: the group in
:mod:`respgraph.cli.app` turns it into a clean message and exit code.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from respgraph.errors import InputError

__all__ = [
    "PlanInput",
    "plan_input_options",
    "output_options",
    "load_plans_from_options",
    "open_driver",
    "select_plans",
    "emit_rows",
    "FORMATS",
    "BLANKET_HELP",
]

FORMATS = ("table", "csv", "json", "xlsx")

BLANKET_HELP = (
    "What blanket phrases such as 各街道 become: 'exclude' (default) keeps explicit links only, "
    "'group' makes each phrase one node, 'expand' links every member unit (marked inferred)."
)


@dataclass
class PlanInput:
    """Where the plans come from and which of them to use, as given on the command line."""

    files: tuple = ()
    source: str = "files"  # "files" or "neo4j"
    plan_keys: tuple = ()  # --plan, possibly repeated; empty = every loaded plan
    blanket: str = "exclude"
    uri: str | None = None
    username: str | None = None
    password: str | None = None
    database: str | None = None
    loaded_keys: list = field(default_factory=list)  # filled by load_plans_from_options


def plan_input_options(command):
    """Decorator: ``FILE...`` plus source, plan and blanket options, bundled as ``plan_input``."""
    options = [
        click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path), metavar="[FILE]..."),
        click.option(
            "--source",
            type=click.Choice(["files", "neo4j"]),
            default="files",
            show_default=True,
            help="Read task tables given as FILE arguments, or plans already loaded into Neo4j.",
        ),
        click.option("--plan", "plan_keys", multiple=True, metavar="KEY", help="Use only this plan (e.g. 拱墅区-2021); repeatable. Default: all loaded plans together."),
        click.option("--blanket", type=click.Choice(["exclude", "group", "expand"]), default="exclude", show_default=True, help=BLANKET_HELP),
        click.option("--uri", envvar="NEO4J_URI", show_envvar=True, default=None, metavar="URI",
                     help="With --source neo4j: the Neo4j address [default: bolt://127.0.0.1:7687, the local server]."),
        click.option("--username", envvar="NEO4J_USERNAME", show_envvar=True, default=None, help="Neo4j user name, used with a password [default: neo4j]."),
        click.option("--password", envvar="NEO4J_PASSWORD", show_envvar=True, default=None, help="Neo4j password; without one, connect without authentication."),
        click.option("--database", envvar="NEO4J_DATABASE", show_envvar=True, default=None, help="Neo4j database [default: the server's default]."),
    ]

    @functools.wraps(command)
    def wrapper(*args, files, source, plan_keys, blanket, uri, username, password, database, **kwargs):
        plan_input = PlanInput(tuple(files), source, tuple(plan_keys), blanket, uri, username, password, database)
        return command(*args, plan_input=plan_input, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def output_options(command):
    """Decorator: ``--format table|csv|json|xlsx`` (as ``fmt``) and ``-o/--output FILE`` (as ``output``)."""
    command = click.option(
        "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write to FILE instead of the terminal (required for xlsx)."
    )(command)
    command = click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format."
    )(command)
    return command


def open_driver(plan_input):
    """The Neo4j :class:`~respgraph.graphdb.connection.Connection` for ``plan_input``; use it in ``with``.

    Connection errors come back from :func:`respgraph.graphdb.connection.connect`
    as a :class:`~respgraph.errors.DatabaseError` with one clear sentence.
    """
    from respgraph.graphdb.connection import connect  # imported late: only --source neo4j needs the driver

    return connect(uri=plan_input.uri, username=plan_input.username, password=plan_input.password, database=plan_input.database)


def select_plans(plans, plan_keys):
    """Keep the plans named in ``plan_keys`` (all when empty), in the order asked.

    >>> from respgraph.model import Plan
    >>> plans = [Plan("甲区", 2021, "", "a"), Plan("甲区", 2022, "", "b")]
    >>> [p.key for p in select_plans(plans, ["甲区-2022"])]
    ['甲区-2022']
    >>> select_plans(plans, ["乙区-2021"])
    Traceback (most recent call last):
    ...
    respgraph.errors.InputError: --plan: unknown plan '乙区-2021'; loaded plans: 甲区-2021, 甲区-2022
    """
    plans = list(plans)
    if not plan_keys:
        return plans
    by_key = {p.key: p for p in plans}
    chosen = []
    for key in plan_keys:
        if key not in by_key:
            available = ", ".join(by_key) or "(none)"
            raise InputError(f"unknown plan {key!r}; loaded plans: {available}", where="--plan")
        if by_key[key] not in chosen:
            chosen.append(by_key[key])
    return chosen


def load_plans_from_options(plan_input, *, select=True):
    """Read the plans ``plan_input`` points at; with ``select`` keep only the ``--plan`` ones.

    Files are parsed with :func:`respgraph.ingest.parse_files`; with
    ``--source neo4j`` the plans are read with
    :func:`respgraph.graphdb.read.read_plans`.  Giving files together with
    ``--source neo4j``, or neither, is an :class:`InputError`.
    ``plan_input.loaded_keys`` records every plan that was read.
    """
    if plan_input.source == "neo4j":
        if plan_input.files:
            raise InputError("FILE arguments cannot be combined with --source neo4j", where="--source")
        from respgraph.graphdb.read import read_plans

        with open_driver(plan_input) as driver:
            plans = read_plans(driver, None, database=plan_input.database)
        if not plans:
            raise InputError("the database holds no plans; load one with `respgraph load FILE`", where="--source neo4j")
    else:
        if not plan_input.files:
            raise InputError("give at least one task table FILE, or --source neo4j", where="FILE")
        for path in plan_input.files:
            if not Path(path).is_file():
                raise InputError("no such file", source=path)
        from respgraph.ingest import parse_files

        plans = parse_files([str(p) for p in plan_input.files])
    plan_input.loaded_keys = [p.key for p in plans]
    return select_plans(plans, plan_input.plan_keys) if select else plans


def _cell(value, joiner="、"):
    """A value as text for tables, CSV and spreadsheets: lists joined, floats shortened, None empty."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return joiner.join(_cell(v, joiner) for v in value)
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _json_value(value):
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, float) and value != value:  # nan
        return None
    return value


def _table(rows, columns, title, caption, file=None):
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, caption=caption, show_lines=False)
    for col in columns:
        numeric = any(isinstance(r.get(col), (int, float)) and not isinstance(r.get(col), bool) for r in rows)
        table.add_column(col, justify="right" if numeric else "left", overflow="fold")
    for r in rows:
        table.add_row(*(_cell(r.get(c)) for c in columns))
    target = file if file is not None else sys.stdout
    interactive = target.isatty() if hasattr(target, "isatty") else False
    console = Console(file=target, width=None if interactive else 200, soft_wrap=False, highlight=False, color_system="auto" if interactive else None)
    console.print(table)


def _sheet_title(title):
    bad = '[]:*?/\\'
    clean = "".join("_" if ch in bad else ch for ch in (title or "respgraph"))
    return clean[:31] or "respgraph"


def emit_rows(rows, columns, format="table", output=None, title=None, caption=None):
    """Print or write ``rows`` (a list of dicts) with the given ``columns`` in ``format``.

    * ``table`` — a rich table on stdout (or plain text in ``output``);
      ``caption`` is printed under it (e.g. how a measure was sampled).
    * ``csv`` — a header row of column names; lists joined with 、.  Files
      are written UTF-8 with a byte-order mark so that Excel shows Chinese.
    * ``json`` — a list of objects with just ``columns``; lists stay lists.
    * ``xlsx`` — one sheet named after ``title``; needs ``output``.

    >>> emit_rows([{"unit": "区财政局", "value": 3}], ["unit", "value"], "csv")
    unit,value
    区财政局,3
    """
    columns = list(columns)
    if format not in FORMATS:
        raise InputError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}", where="--format")
    if format == "xlsx" and output is None:
        raise InputError("--format xlsx writes a file: give -o FILE.xlsx", where="--format")
    if output is not None:
        out_dir = Path(output).parent
        if not out_dir.exists():
            raise InputError("the folder to write into does not exist", source=output)
    if format == "table":
        if output is None:
            _table(rows, columns, title, caption)
        else:
            with open(output, "w", encoding="utf-8") as fh:
                _table(rows, columns, title, caption, file=fh)
    elif format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow([_cell(r.get(c)) for c in columns])
        text = buffer.getvalue()
        if output is None:
            click.echo(text, nl=False)
        else:
            Path(output).write_text(text, encoding="utf-8-sig")
    elif format == "json":
        data = [{c: _json_value(r.get(c)) for c in columns} for r in rows]
        text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
        if output is None:
            click.echo(text)
        else:
            Path(output).write_text(text + "\n", encoding="utf-8")
    else:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = _sheet_title(title)
        ws.append(columns)
        for r in rows:
            ws.append([r.get(c) if isinstance(r.get(c), (int, float)) and not isinstance(r.get(c), bool) else _cell(r.get(c)) for c in columns])
        if caption:
            ws.append([])
            ws.append([caption])
        wb.save(output)
    if output is not None:
        click.echo(f"Wrote {len(rows)} rows to {output}", err=True)
