"""parse and audit: read task tables and show what the reader made of them."""

from __future__ import annotations

import json

import click

from respgraph.cli.app import main
from respgraph.cli.neo4j_cmds import connection_options
from respgraph.errors import InputError

__all__ = ["ingest_options", "parse_from_options"]


def ingest_options(func):
    """Options every command that reads task tables shares."""
    options = [
        click.option("--district", help="District that issued the table (overrides the title), e.g. 拱墅区."),
        click.option("--year", type=int, help="Year of the plan (overrides the title)."),
        click.option("--title", help="Title of the plan (overrides the document)."),
        click.option("--aliases", "aliases_file", type=click.Path(dir_okay=False),
                     help="Alias file (CSV variant,canonical or YAML variant: canonical), applied first."),
        click.option("--lexicon", "lexicon_file", type=click.Path(dir_okay=False),
                     help="Extra unit lexicon (YAML, same shape as the shipped one)."),
        click.option("--gazetteer", "gazetteer_file", type=click.Path(dir_okay=False),
                     help="Extra gazetteer: districts, their streets, blanket phrases."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def parse_from_options(files, district=None, year=None, title=None, aliases_file=None, lexicon_file=None, gazetteer_file=None, **_):
    """Parse FILE... with the shared ingest options; returns a list of Plans."""
    from respgraph.ingest import parse_files

    return parse_files(files, district=district, year=year, title=title, aliases=aliases_file,
                       lexicon=lexicon_file, gazetteer=gazetteer_file)


def _console():
    from rich.console import Console

    return Console(soft_wrap=False)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True)
@ingest_options
def parse(files, fmt, **options):
    """Read task tables and print the resolved tasks.

    JSON (the default) has the documented, stable shape
    {"plans": [{"key", "district", "year", "title", "source", "sections",
    "tasks": [{"seq", "section", "text", "deadline", "leaders", "lead_units",
    "co_units", "groups"}]}]}: lead_units/co_units hold canonical unit names,
    groups the raw blanket phrases (各街道, 区政府各部门, ...).

    \b
    Examples:
      respgraph parse seeds/gongshu-2021.txt > plan.json
      respgraph parse seeds/gongshu-2021.txt --format table
      respgraph parse table.xlsx --district 拱墅区 --year 2022
    """
    plans = parse_from_options(files, **options)
    if fmt == "json":
        click.echo(json.dumps({"plans": [p.to_dict() for p in plans]}, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    console = _console()
    for plan in plans:
        table = Table(title=f"{plan.title} — {plan.key} ({len(plan.tasks)} tasks)", show_lines=False)
        for column in ("序号", "section", "leaders", "lead units", "co-responsible", "groups"):
            table.add_column(column, overflow="fold")
        for task in plan.tasks:
            table.add_row(str(task.seq), task.section, "、".join(task.leaders), "、".join(task.lead_units),
                          f"({len(task.co_units)}) " + "、".join(task.co_units), "、".join(g.phrase for g in task.groups))
        console.print(table)


@main.command()
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--source", type=click.Choice(["files", "neo4j"]), default="files", show_default=True,
              help="Audit task tables given as FILE arguments, or plans loaded into Neo4j (as of their last load).")
@click.option("--plan", "plan_keys", multiple=True, metavar="KEY", help="With --source neo4j: only this plan; repeatable.")
@ingest_options
@connection_options
def audit(files, fmt, source, plan_keys, uri, username, password, database, **options):
    """The analyst's check-list for task tables.

    Counts (tasks, sections, leaders, units, groups), every correction, join,
    split and alias the reader applied with its row, every name left
    unresolved, and every row with a problem.

    \b
    Examples:
      respgraph audit seeds/gongshu-2021.txt
      respgraph audit seeds/gongshu-2021.txt --format json > audit.json
      respgraph audit --source neo4j --plan 拱墅区-2021
    """
    from respgraph.audit import AUDIT_SECTIONS, audit_report

    if source == "neo4j":
        given = [name for name, value in options.items() if value is not None]
        if given:
            option = "--" + given[0].removesuffix("_file").replace("_", "-")
            raise InputError("applies to reading task tables, not to plans already in Neo4j", where=option)
        from respgraph.cli.common import PlanInput, load_plans_from_options

        plans = load_plans_from_options(PlanInput(tuple(files), "neo4j", tuple(plan_keys), "exclude",
                                                  uri, username, password, database))
    else:
        if not files:
            raise InputError("give at least one task table FILE, or --source neo4j", where="FILE")
        if plan_keys:
            raise InputError("chooses among plans in Neo4j; use it with --source neo4j", where="--plan")
        plans = parse_from_options(files, **options)
    reports = [audit_report(p) for p in plans]
    if fmt == "json":
        click.echo(json.dumps({"audits": reports}, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    console = _console()
    for report in reports:
        counts = Table(title=f"Audit of {report['source']} — {report['plan']}", show_header=False)
        counts.add_column("what")
        counts.add_column("count", justify="right")
        for name, value in report["counts"].items():
            counts.add_row(name.replace("_", " "), str(value))
        console.print(counts)
        for key, heading in AUDIT_SECTIONS:
            rows = report[key]
            if not rows:
                console.print(f"[bold]{heading}[/bold]: none")
                continue
            table = Table(title=f"{heading} ({len(rows)})", title_justify="left")
            columns = list(rows[0].keys())
            if key != "groups":
                columns = ["kind", "row", "column", "raw", "result", "detail"]
            for column in columns:
                table.add_column(column, overflow="fold")
            for row in rows:
                table.add_row(*[str(row.get(c) if row.get(c) is not None else "").replace("\n", "⏎") for c in columns])
            console.print(table)
