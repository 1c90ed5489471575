"""Database commands: ``neo4j init``, ``load``, ``plans``, ``delete`` and ``cypher``.

Each command takes the shared connection options
(:func:`respgraph.cli.common.connection_options`) and opens its one
connection with ``connection.connect()``; the connection carries the
database, so the library functions are not told it again.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from respgraph.cli.app import main
from respgraph.cli.reading import finish, read_plans, reading_options
from respgraph.cli.common import connection_options
from respgraph.cli.neo4j_cmds import neo4j_group
from respgraph.errors import InputError, QueryError

FORMATS = ("table", "csv", "json")


@neo4j_group.command("init")
@connection_options
def init_cmd(connection):
    """Create the constraints and indexes of the graph model (safe to run again).

    \b
    Example:
      respgraph neo4j init
    """
    from respgraph.graphdb.loader import apply_schema

    with connection.connect() as conn:
        count = apply_schema(conn)
    click.echo(f"Schema applied: {count} constraints and indexes (IF NOT EXISTS).")


@main.command("load")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Replace plans already in the database exactly (rows gone from the table are deleted).")
@click.option("--batch-size", type=click.IntRange(1), default=1000, show_default=True, help="Rows per UNWIND batch.")
@click.option("--bulk", is_flag=True, help="Import into a FRESH database of the local server with Neo4j's offline "
              "importer (the server is stopped and restarted around it): for a national corpus.")
@click.option("--overwrite", is_flag=True, help="With --bulk: replace a database that already holds data.")
@reading_options
@connection_options
def load_cmd(files, replace, batch_size, bulk, overwrite, reading, connection):
    """Parse task tables and load them into Neo4j, one transaction per plan.

    Loading the same table again changes nothing.  A changed table of a plan
    already in the database is merged (new rows added, nothing removed) unless
    --replace is given, which replaces the plan exactly.

    --bulk writes the plans as CSV and imports them with Neo4j's own importer
    into the local server's (empty) default database: for a corpus of many
    plans (for one plan the batched loader is faster: the server is stopped
    and restarted around the import).  It replaces the whole database, so one
    holding data is refused unless --overwrite.

    \b
    Examples:
      respgraph load seeds/gongshu-2021.txt
      respgraph load new-table.xlsx --district 拱墅区 --year 2022 --replace
      respgraph load downloads/          # every table in the folder; unreadable ones listed, exit 2
      respgraph load --bulk corpus/      # a fresh database, offline import
    """
    if bulk or overwrite:
        _bulk_load(files, replace, overwrite, bulk, reading, connection)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from respgraph.graphdb.loader import load_plan

    batch = read_plans([str(f) for f in files], reading)
    plans = batch.plans
    console = Console(stderr=True)
    with connection.connect() as conn:
        for plan in plans:
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            ) as bar:
                job = bar.add_task(f"loading {plan.key}", total=None)
                result = load_plan(
                    conn,
                    plan,
                    replace=replace,
                    batch_size=batch_size,
                    # every row sent: what is left is the server committing the transaction
                    progress=lambda done, total: bar.update(
                        job,
                        completed=done,
                        total=total,
                        description=f"{'committing' if done == total else 'loading'} {plan.key}",
                    ),
                )
            rows = result.rows
            how = "replaced" if result.existed and replace else "merged into the existing plan" if result.existed else "loaded"
            click.echo(
                f"{plan.key}: {how} from {plan.source}: {rows['tasks']} tasks, {rows['sections']} sections, "
                f"{rows['units']} units, {rows['leaders']} leaders, {rows['groups']} groups; "
                f"{rows['leads']} LEADS, {rows['co']} CO_RESPONSIBLE, {rows['oversees']} OVERSEES edges "
                f"({result.nodes_created} nodes and {result.relationships_created} relationships created)."
            )
            if result.existed and not replace:
                click.echo("  (merged: rows no longer in the table stay; use --replace to drop them)")
    finish(batch)


def _bulk_load(files, replace, overwrite, bulk, reading, connection):
    """``load --bulk``: check the target first (a national corpus takes long to read), then import."""
    from respgraph.graphdb.bulk import bulk_load, check_target

    if not bulk:
        raise InputError("only goes with --bulk (the transactional loader replaces plans with --replace)", option="overwrite")
    if replace:
        raise InputError("goes with the transactional loader, not with --bulk, which imports into a fresh database "
                         "(see --overwrite)", option="replace")
    check_target(database=connection.database, overwrite=overwrite, uri=connection.uri)
    batch = read_plans([str(f) for f in files], reading)
    finish(batch)  # a table that could not be read stops the import: nothing half-written
    result = bulk_load(batch.plans, database=connection.database, overwrite=overwrite, uri=connection.uri,
                       progress=lambda message: click.echo(f"  {message}...", err=True))
    nodes, rels = result.nodes, result.relationships
    click.echo(
        f"Imported {len(result.plans)} plans into the database {result.database!r}"
        + (f" (replacing its {result.overwritten} nodes)" if result.overwritten else "")
        + f": {result.nodes_written} nodes ({nodes.get('Task', 0)} tasks, {nodes.get('Unit', 0)} units, "
        f"{nodes.get('Leader', 0)} leaders) and {result.relationships_written} relationships "
        f"({rels.get('LEADS', 0)} LEADS, {rels.get('CO_RESPONSIBLE', 0)} CO_RESPONSIBLE, {rels.get('OVERSEES', 0)} OVERSEES) "
        f"in {result.total_seconds:.1f} s (the importer {result.import_seconds:.1f} s)."
    )


@main.command("plans")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@connection_options
def plans_cmd(fmt, connection):
    """List the plans in the database, with their tasks and units.

    \b
    Example:
      respgraph plans
    """
    from respgraph.graphdb.read import plan_overview

    with connection.connect() as conn:
        rows = plan_overview(conn)
    columns = ["key", "district", "year", "tasks", "units", "title", "source"]
    _emit(columns, [[row[c] for c in columns] for row in rows], fmt, None)


@main.command("delete")
@click.argument("plans", nargs=-1, required=True)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@connection_options
def delete_cmd(plans, yes, connection):
    """Delete plans from the database, by key (see `respgraph plans`).

    A plan's tasks, sections and groups go, and so do units, leaders and
    districts that no other plan refers to; units shared with other plans
    stay.  Each plan goes in one transaction.  An unknown key stops the
    command before anything is deleted.

    \b
    Example:
      respgraph delete 拱墅区-2021 --yes
    """
    from respgraph.graphdb.loader import delete_plan
    from respgraph.graphdb.read import plan_keys

    with connection.connect() as conn:
        known = set(plan_keys(conn))
        unknown = [key for key in plans if key not in known]
        if unknown:
            listed = ", ".join(sorted(known)) or "none"
            raise InputError(f"no plan {', '.join(unknown)} in the database (plans there: {listed}); nothing was deleted")
        if not yes:
            click.confirm(f"Delete {len(plans)} plan(s) ({', '.join(plans)}) from the database?", abort=True, err=True)
        for key in dict.fromkeys(plans):
            delete_plan(conn, key)
            click.echo(f"{key}: deleted.")


def _parse_params(pairs):
    from respgraph.graphdb.library import parse_param_value

    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InputError(f"--param {pair!r}: write it as name=value")
        params[name.strip()] = parse_param_value(value)
    return params


@main.command("cypher")
@click.argument("query", required=False)
@click.option("-f", "--file", "file", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="Read the query from a file.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter (ints, floats, null, true/false and JSON lists are typed; the rest is text).")
@click.option("--list", "list_", is_flag=True, help="List the library's queries with the question each answers.")
@click.option("--write", is_flag=True, help="Allow the query to write, or to call procedures and commands that act on "
              "the server or other sessions (only reading queries run otherwise).")
@click.option("--allow-load-csv", is_flag=True, help="Allow LOAD CSV, which makes the server fetch the URL or read the file the query names.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the result to a file.")
@connection_options
def cypher_cmd(query, file, params, list_, write, allow_load_csv, fmt, output, connection):
    """Run Cypher: your own, from a file, or a library query by name.

    Only reading queries run unless --write: each statement is first shown
    to the server (EXPLAIN), and one that writes, calls a procedure that acts
    on the server or on other sessions (dbms.killConnection,
    db.clearQueryCaches, ...), or TERMINATEs transactions is refused.
    LOAD CSV needs --allow-load-csv.  A library query gets its documented
    defaults; --param overrides them.

    \b
    Examples:
      respgraph cypher --list
      respgraph cypher pairs --param top=5
      respgraph cypher partners --param unit=区发改经信局 --param plan=拱墅区-2021
      respgraph cypher "MATCH (t:Task) RETURN t.plan AS plan, count(*) AS tasks" --format csv
      respgraph cypher -f my-query.cypher --param plan=null -o result.json --format json
    """
    from respgraph.graphdb import library

    if list_:
        _echo_library(library.list_queries(), fmt, output)
        return
    if bool(query) == bool(file):
        raise QueryError("give a query (text or a library name) or -f FILE, not both, not neither; --list shows the library")
    defaults, writes = {}, False
    if file is not None:
        text = file.read_text(encoding="utf-8")
        _, defaults, _, writes = library.parse_header(text)
    elif _is_library_name(query):
        entry = library.find_query(query)
        text, defaults, writes = entry.text, entry.params, entry.writes
    else:
        text = query
    if writes and not write:
        raise QueryError("this query writes; run with --write")
    values = {**defaults, **_parse_params(params)}

    from respgraph.graphdb.runner import run_script

    with connection.connect() as conn:
        columns, rows = run_script(conn, text, values, write=write, allow_load_csv=allow_load_csv)
    _emit(columns, rows, fmt, output)


def _is_library_name(query: str) -> bool:
    from respgraph.graphdb.library import cypher_dir

    stem = query[: -len(".cypher")] if query.endswith(".cypher") else query
    return stem.replace("_", "").replace("-", "").isalnum() and (cypher_dir() / f"{stem}.cypher").is_file()


def _echo_library(queries, fmt, output):
    columns = ["name", "question", "parameters"]
    rows = [
        [q.name, q.question + (" (writes)" if q.writes else ""), ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in q.params.items())]
        for q in queries
    ]
    _emit(columns, rows, fmt, output)


def _emit(columns, rows, fmt, output):
    """Print or write a query's result through :mod:`respgraph.export` (formula- and control-character-safe)."""
    from respgraph import export

    if output is not None:
        export.write_rows(rows, columns, fmt, output, nested="json")
        click.echo(f"{len(rows)} rows written to {output}", err=True)
    else:
        click.echo(render(columns, rows, fmt), nl=False)


def render(columns, rows, fmt) -> str:
    """The result as a table, CSV or JSON (a list of objects); lists and maps in cells as JSON."""
    from respgraph import export

    if fmt == "table" and not columns:
        return "(the query returned no columns)\n"
    text = export.format_rows(rows, columns, fmt, nested="json")
    return text + (f"({len(rows)} rows)\n" if fmt == "table" else "")
