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
    adds the ``FILE...`` arguments and ``--source files|neo4j``, ``--plan KEY``
    (repeatable), ``--blanket exclude|group|expand`` and the connection
    options of :func:`connection_options`, and hands the command one
    :class:`PlanInput` as ``plan_input`` (its ``connection`` opens Neo4j).  Put it *after* decorators that add
    the command's own positional arguments (``UNIT``, ``PLAN_A PLAN_B``) so
    those come before ``FILE...`` on the command line.
:func:`connection_options`
    adds ``--uri``, ``--username``, ``--password``, ``--database`` (defaults
    from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE) to any
    command that talks to Neo4j, as one :class:`ConnectionOptions` named
    ``connection``; ``connection.connect()`` opens it.  Declared once, here.
:func:`output_options`
    adds ``--format table|csv|json|xlsx`` and ``-o/--output FILE``; the
    command receives ``fmt`` and ``output``.
:func:`load_plans_from_options`
    reads the plans (task tables through :func:`respgraph.cli.reading.read_plans`,
    or Neo4j through :func:`respgraph.graphdb.read.read_plans`), then keeps
    the ``--plan`` ones; an unknown key is an :class:`InputError` listing
    the keys available.
:func:`emit_rows`
    prints rows as a rich table, or writes CSV / JSON / XLSX.

Nothing here catches :class:`~respgraph.errors.RespgraphError`: the group in
:mod:`respgraph.cli.app` turns it into a clean message and exit code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import click

from respgraph.cli.reading import finish, read_plans, reading_options
from respgraph.errors import InputError
from respgraph.graphs import BLANKET_MODES, DEFAULT_BLANKET

__all__ = [
    "ConnectionOptions",
    "connection_options",
    "PlanInput",
    "plan_input_options",
    "output_options",
    "load_plans_from_options",
    "load_two_plans",
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


@dataclass(frozen=True)
class ConnectionOptions:
    """``--uri``, ``--username``, ``--password``, ``--database`` as given (``None``: not given).

    :meth:`connect` is the one way a command opens its connection; the
    :class:`~respgraph.graphdb.connection.Connection` owns the database, so
    nothing else needs to be told which one.
    """

    uri: str | None = None
    username: str | None = None
    password: str | None = None
    database: str | None = None

    def connect(self):
        """The checked :class:`~respgraph.graphdb.connection.Connection`; use it in ``with``.

        Missing values come from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD,
        NEO4J_DATABASE, and for the local server its generated password;
        failures are a :class:`~respgraph.errors.DatabaseError` with one clear sentence.
        """
        from respgraph.graphdb.connection import connect  # the driver loads only when a command needs it

        return connect(uri=self.uri, username=self.username, password=self.password, database=self.database)


def connection_options(command):
    """Decorator: ``--uri``, ``--username``, ``--password``, ``--database``, bundled as ``connection``.

    Each defaults from its NEO4J_* variable; the command receives one
    :class:`ConnectionOptions` and opens it with ``connection.connect()``.
    """
    options = [
        click.option("--uri", envvar="NEO4J_URI", show_envvar=True, default=None, metavar="URI",
                     help="Neo4j address [default: bolt://127.0.0.1:7687, the local server]; "
                          "neo4j:// or neo4j+s:// for Aura and clusters."),
        click.option("--username", envvar="NEO4J_USERNAME", show_envvar=True, default=None,
                     help="Neo4j user name, used with a password [default: neo4j]."),
        click.option("--password", envvar="NEO4J_PASSWORD", show_envvar=True, default=None,
                     help="Neo4j password [default: for the local server, the password it generated "
                          "(.respgraph/neo4j/password); otherwise none]."),
        click.option("--database", envvar="NEO4J_DATABASE", show_envvar=True, default=None,
                     help="Neo4j database [default: the server's default, neo4j]."),
    ]

    @functools.wraps(command)
    def wrapper(*args, uri, username, password, database, **kwargs):
        return command(*args, connection=ConnectionOptions(uri, username, password, database), **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


@dataclass
class PlanInput:
    """Where the plans come from and which of them to use, as given on the command line."""

    files: tuple = ()
    source: str = "files"  # "files" or "neo4j"
    plan_keys: tuple = ()  # --plan, possibly repeated; empty = every loaded plan
    blanket: str = "exclude"
    connection: ConnectionOptions = field(default_factory=ConnectionOptions)  # with --source neo4j
    loaded_keys: list = field(default_factory=list)  # filled by load_plans_from_options
    reading: object = None  # respgraph.cli.reading.ReadingOptions: how FILE... are read
    batch: object = None  # the respgraph.ingest.Batch the files gave (skipped and failed files)


def plan_input_options(command):
    """Decorator: ``FILE...`` plus source, plan and blanket options, bundled as ``plan_input``."""
    options = [
        click.argument("files", nargs=-1, type=click.Path(path_type=Path), metavar="[FILE|FOLDER]..."),
        click.option(
            "--source",
            type=click.Choice(["files", "neo4j"]),
            default="files",
            show_default=True,
            help="Read task tables given as FILE arguments, or plans already loaded into Neo4j.",
        ),
        click.option("--plan", "plan_keys", multiple=True, metavar="KEY", help="Use only this plan (e.g. 拱墅区-2021); repeatable. Default: all loaded plans together."),
        click.option("--blanket", type=click.Choice(BLANKET_MODES), default=DEFAULT_BLANKET, show_default=True, help=BLANKET_HELP),
    ]

    @functools.wraps(command)
    def wrapper(*args, files, source, plan_keys, blanket, connection, reading, **kwargs):
        plan_input = PlanInput(tuple(files), source, tuple(plan_keys), blanket, connection=connection, reading=reading)
        return command(*args, plan_input=plan_input, **kwargs)

    # the connection options (used with --source neo4j) come after the others in --help
    wrapper = connection_options(wrapper)
    wrapper = reading_options(wrapper)
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


def load_plans_from_options(plan_input, *, select=True, keep_going=False):
    """Read the plans ``plan_input`` points at; with ``select`` keep only the ``--plan`` ones.

    Files (folders, patterns) are read with :func:`respgraph.cli.reading.read_plans`
    and the reading options; a file that cannot be read is an error at once,
    unless ``keep_going``: then the caller calls
    :func:`respgraph.cli.reading.finish` with ``plan_input.batch`` once it has
    written what it could.  With
    ``--source neo4j`` the plans are read with
    :func:`respgraph.graphdb.read.read_plans`.  Giving files together with
    ``--source neo4j``, or neither, is an :class:`InputError`.
    ``plan_input.loaded_keys`` records every plan that was read.
    """
    if plan_input.source == "neo4j":
        if plan_input.files:
            raise InputError("FILE arguments cannot be combined with --source neo4j", where="--source")
        given = plan_input.reading.given() if plan_input.reading is not None else []
        if given:
            raise InputError("applies to reading task tables, not to plans already in Neo4j", where=given[0])
        from respgraph.graphdb.read import read_plans as read_stored_plans

        with plan_input.connection.connect() as conn:
            plans = read_stored_plans(conn)
        if not plans:
            raise InputError("the database holds no plans; load one with `respgraph load FILE`", where="--source neo4j")
    else:
        if not plan_input.files:
            raise InputError("give at least one task table FILE, or --source neo4j", where="FILE")
        batch = plan_input.batch = read_plans([str(p) for p in plan_input.files], plan_input.reading)
        if not keep_going:
            finish(batch)
        plans = batch.plans
    plan_input.loaded_keys = [p.key for p in plans]
    return select_plans(plans, plan_input.plan_keys) if select else plans


def load_two_plans(plan_input, plan_a, plan_b, command: str):
    """The two plans a command compares, named PLAN_A PLAN_B (``--plan`` is refused: it would be a third way)."""
    if plan_input.plan_keys:
        raise InputError(f"{command} takes its two plans as PLAN_A PLAN_B, not --plan", where="--plan")
    plans = load_plans_from_options(plan_input, select=False)
    (a,) = select_plans(plans, [plan_a])
    (b,) = select_plans(plans, [plan_b])
    if a is b:
        raise InputError("PLAN_A and PLAN_B are the same plan", where="PLAN_B")
    return a, b


def emit_rows(rows, columns, format="table", output=None, title=None, caption=None):
    """Print or write ``rows`` (a list of dicts) with the given ``columns`` in ``format``.

    Everything is written by :mod:`respgraph.export`: cells that would start
    a spreadsheet formula are neutralised, control characters shown as
    stand-ins, and a file is written whole or not at all.

    * ``table`` — a rich table on stdout (or plain text in ``output``);
      ``caption`` is printed under it (e.g. how a measure was sampled).
    * ``csv`` — a header row of column names; lists joined with 、.  Files
      are written UTF-8 with a byte-order mark so that Excel shows Chinese.
    * ``json`` — a list of objects with just ``columns``; lists stay lists.
    * ``xlsx`` — one sheet named after ``title``; needs ``output``.

    >>> emit_rows([{"unit": "区财政局", "value": 3}, {"unit": "=cmd", "value": -1}], ["unit", "value"], "csv")
    unit,value
    区财政局,3
    '=cmd,-1
    """
    from respgraph import export

    columns = list(columns)
    if format not in export.FORMATS:
        raise InputError(f"unknown format {format!r}; choose one of {', '.join(export.FORMATS)}", where="--format")
    if format == "xlsx" and output is None:
        raise InputError("--format xlsx writes a file: give -o FILE.xlsx", where="--format")
    if output is not None:
        export.write_rows(rows, columns, format, output, title=title, caption=caption)
        click.echo(f"Wrote {len(rows)} rows to {output}", err=True)
    elif format == "table":
        export.print_table(rows, columns, title=title, caption=caption)
    else:
        click.echo(export.format_rows(rows, columns, format), nl=False)
