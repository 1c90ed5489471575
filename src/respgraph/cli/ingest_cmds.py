"""parse, audit and inspect: read task tables and show what the reader made of them."""

from __future__ import annotations

import json

import click

from respgraph.cli.app import main
from respgraph.cli.common import connection_options
from respgraph.cli.reading import finish, read_plans, reading_options
from respgraph.errors import InputError

__all__ = ["parse", "audit", "inspect"]


def _text(value):
    """Document text for a rich table: shown as written (no markup), control characters as stand-ins."""
    from rich.text import Text

    from respgraph.export import clean_text

    return Text(clean_text("" if value is None else str(value)))


def _add_row(table, *values):
    table.add_row(*(_text(v) for v in values))


def _console():
    from rich.console import Console

    return Console(soft_wrap=False)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True)
@reading_options
def parse(files, fmt, reading):
    """Read task tables and print the resolved tasks.

    FILE may be a table file, a folder (every table in it, sorted) or a
    pattern such as 'tables/*.docx'.  JSON (the default) has the documented,
    stable shape {"plans": [{"key", "district", "year", "title", "source",
    "sections", "tasks": [{"seq", "section", "text", "deadline", "leaders",
    "lead_units", "co_units", "groups"}]}]}: lead_units/co_units hold
    canonical unit names, groups the raw blanket phrases (各街道, 区政府各部门, ...).

    \b
    Examples:
      respgraph parse seeds/gongshu-2021.txt > plan.json
      respgraph parse seeds/gongshu-2021.txt --format table
      respgraph parse table.xlsx --district 拱墅区 --year 2022
      respgraph parse downloads/ --aliases my-aliases.csv
    """
    batch = read_plans(files, reading)
    plans = batch.plans
    if fmt == "json":
        click.echo(json.dumps({"plans": [p.to_dict() for p in plans]}, ensure_ascii=False, indent=2))
        finish(batch)
        return
    from rich.table import Table

    console = _console()
    for plan in plans:
        table = Table(title=_text(f"{plan.title} — {plan.key} ({len(plan.tasks)} tasks)"), show_lines=False)
        for column in ("序号", "section", "leaders", "lead units", "co-responsible", "groups"):
            table.add_column(column, overflow="fold")
        for task in plan.tasks:
            _add_row(table, str(task.seq), task.section, "、".join(task.leaders), "、".join(task.lead_units),
                          f"({len(task.co_units)}) " + "、".join(task.co_units), "、".join(g.phrase for g in task.groups))
        console.print(table)
    finish(batch)


@main.command()
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--source", type=click.Choice(["files", "neo4j"]), default="files", show_default=True,
              help="Audit task tables given as FILE arguments, or plans loaded into Neo4j (as of their last load).")
@click.option("--plan", "plan_keys", multiple=True, metavar="KEY", help="With --source neo4j: only this plan; repeatable.")
@reading_options
@connection_options
def audit(files, fmt, source, plan_keys, reading, connection):
    """The analyst's check-list for task tables.

    Counts (tasks, sections, leaders, units, groups), every correction, join,
    split and alias the reader applied with its row, every name left
    unresolved, and every row with a problem; first, how the document was
    read (its layout, lines passed over).  Several files or a folder: one
    summary line per file first.

    \b
    Examples:
      respgraph audit seeds/gongshu-2021.txt
      respgraph audit downloads/
      respgraph audit seeds/gongshu-2021.txt --format json > audit.json
      respgraph audit --source neo4j --plan 拱墅区-2021
    """
    from respgraph.audit import AUDIT_SECTIONS, audit_report

    batch = None
    if source == "neo4j":
        given = reading.given()
        if given:
            raise InputError("applies to reading task tables, not to plans already in Neo4j", where=given[0])
        from respgraph.cli.common import PlanInput, load_plans_from_options

        plans = load_plans_from_options(PlanInput(tuple(files), "neo4j", tuple(plan_keys), "exclude",
                                                  connection=connection))
    else:
        if not files:
            raise InputError("give at least one task table FILE, or --source neo4j", where="FILE")
        if plan_keys:
            raise InputError("chooses among plans in Neo4j; use it with --source neo4j", where="--plan")
        batch = read_plans(files, reading)
        plans = batch.plans
    reports = [audit_report(p) for p in plans]
    if fmt == "json":
        out = {"audits": reports}
        if batch is not None:
            out["skipped"] = [{"file": f, "why": why} for f, why in batch.skipped]
            out["failed"] = [{"file": f, "why": why} for f, why in batch.failed]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        if batch is not None:
            finish(batch)
        return
    from rich.table import Table

    console = _console()
    if batch is not None and len(reports) + len(batch.failed) + len(batch.skipped) > 1:
        summary = Table(title="Files read", title_justify="left")
        for column in ("file", "plan", "layout", "tasks", "units", "corrections", "unresolved", "problems"):
            summary.add_column(column, overflow="fold")
        for report in reports:
            c = report["counts"]
            _add_row(summary, report["source"], report["plan"], report.get("layout") or "", str(c["tasks"]), str(c["units"]),
                            str(c["corrections"]), str(c["unresolved"]), str(c["problems"]))
        for path, why in batch.skipped:
            _add_row(summary, path, "skipped", "", "", "", "", "", why)
        for path, why in batch.failed:
            _add_row(summary, path, "FAILED", "", "", "", "", "", why)
        console.print(summary)
    for report in reports:
        counts = Table(title=_text(f"Audit of {report['source']} — {report['plan']}"), show_header=False)
        counts.add_column("what")
        counts.add_column("count", justify="right")
        for name, value in report["counts"].items():
            _add_row(counts, name.replace("_", " "), str(value))
        console.print(counts)
        for key, heading in AUDIT_SECTIONS:
            rows = report.get(key) or []  # an audit stored by an older respgraph lacks the newer sections
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
                _add_row(table, *[str(row.get(c) if row.get(c) is not None else "").replace("\n", "⏎") for c in columns])
            console.print(table)
    if batch is not None:
        finish(batch)


@main.command()
@click.argument("file", type=click.Path())
@click.option("--rows", "shown", type=click.IntRange(min=1), default=5, show_default=True, help="How many rows to show as read.")
@reading_options
def inspect(file, shown, reading):
    """Show how a file is read: reader, layout, the header or labels matched,
    the first rows as read, and the lines passed over and why.

    Every layout is tried and listed with what it found, so when a table is
    misread, this says which layout won and why the others did not.

    \b
    Examples:
      respgraph inspect downloads/2023年重点工作分解.txt
      respgraph inspect table.html --layout flat --rows 10
    """
    from rich.console import Console
    from rich.table import Table

    from respgraph.inspect import inspect_file

    report = inspect_file(file, **reading.parse_options())
    console = Console(soft_wrap=False, highlight=False)
    console.print(_text(f"{report['source']}: read as {report['format']}, layout {report['layout']}"))
    tried = Table(title="Layouts tried", title_justify="left")
    for column in ("layout", "tasks", "with units", "outcome"):
        tried.add_column(column, overflow="fold")
    for entry in report["tried"]:
        _add_row(tried, entry["layout"], str(entry.get("tasks", "")), str(entry.get("with_units", "")), entry["outcome"])
    if report["tried"]:
        console.print(tried)
    matched = Table(title="Columns or labels matched", title_justify="left")
    matched.add_column("role")
    matched.add_column("as written")
    for role, text in report["columns"].items():
        _add_row(matched, role, text)
    console.print(matched)
    if report["preamble"]:
        console.print(_text("Title lines: " + " | ".join(report["preamble"][:5])))
    rows = Table(title=f"First {min(shown, len(report['rows']))} of {report['tasks']} tasks as read", title_justify="left")
    for column in ("where", "heading / 序号", "text", "leaders", "lead", "co"):
        rows.add_column(column, overflow="fold")
    for row in report["rows"][:shown]:
        cells = row["cells"]
        _add_row(rows, row["where"], row["heading"] or cells.get("seq", ""), (cells.get("text") or "")[:40],
                     cells.get("leaders", ""), cells.get("lead", ""), cells.get("co", ""))
    console.print(rows)
    if report["skipped"]:
        skipped = Table(title=f"Lines passed over ({len(report['skipped'])})", title_justify="left")
        for column in ("where", "text", "why"):
            skipped.add_column(column, overflow="fold")
        for where, text, why in report["skipped"]:
            _add_row(skipped, where, text[:60], why)
        console.print(skipped)
