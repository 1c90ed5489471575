"""Across plans: ``trend UNIT``, ``aliases suggest PLAN_A PLAN_B`` and ``neo4j migrate``.

Thin commands over :mod:`respgraph.analysis.trend`,
:mod:`respgraph.analysis.renames` and :func:`respgraph.graphdb.loader.migrate`.
"""

from __future__ import annotations

from pathlib import Path

import click

from respgraph.analysis.renames import aliases_yaml, suggest_renames
from respgraph.analysis.trend import TREND_METRICS, trend as unit_trend
from respgraph.cli.app import main
from respgraph.cli.common import connection_options, emit_rows, load_plans_from_options, load_two_plans, output_options, plan_input_options
from respgraph.cli.neo4j_cmds import neo4j_group
from respgraph.errors import InputError

__all__ = ["trend", "aliases_group", "suggest", "migrate_cmd"]


@main.command()
@click.argument("unit")
@click.option("--in", "in_district", metavar="DISTRICT", default=None,
              help="The district whose unit UNIT is, when several districts use the name (or give its key, 拱墅区/区财政局).")
@plan_input_options
@output_options
def trend(unit, in_district, plan_input, fmt, output):
    """One unit year by year: tasks, lead share, partners and centrality in each plan of its district.

    The unit is followed by its key, so a unit renamed between years and
    joined with --aliases (see `respgraph aliases suggest`) is one line; a
    plan of the district that does not name it shows as absent.  Each plan
    is measured on its own coordination graph, as `rank` does.

    \b
    Examples:
      respgraph trend 区发改局 gongshu-2021.txt gongshu-2022.txt --aliases renames.yaml
      respgraph trend 区住建局 --source neo4j --in 拱墅区
      respgraph trend 拱墅区/区财政局 plans/ --format csv -o trend.csv
    """
    plans = load_plans_from_options(plan_input)
    rows = unit_trend(plans, unit, district=in_district, blanket=plan_input.blanket)
    columns = ["plan", "year", "unit", "present", "tasks", "lead", "co", "lead_share", "partners"]
    columns += [c for m in TREND_METRICS for c in (m, f"{m}_rank")] + ["top_partners"]
    emit_rows(rows, columns, fmt, output, title=f"{unit} year by year", caption=f"blanket {plan_input.blanket}")


@main.group("aliases")
def aliases_group():
    """Aliases that join a unit renamed between two years of a district.

    \b
    Example:
      respgraph aliases suggest 拱墅区-2021 拱墅区-2022 a.txt b.xlsx -o renames.yaml
      respgraph rank a.txt b.xlsx --aliases renames.yaml
    """


@aliases_group.command("suggest")
@click.argument("plan_a")
@click.argument("plan_b")
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="The least score (0–1) a pair needs to be suggested.")
@plan_input_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the alias file here (default: print it).")
def suggest(plan_a, plan_b, threshold, plan_input, output):
    """Propose likely renames from PLAN_A to PLAN_B (two years of one district) as an alias file.

    Units PLAN_A names and PLAN_B does not are paired with units PLAN_B
    names and PLAN_A does not, and scored on name similarity, same kind,
    how far their tasks come back and the partners they share.  Edit the
    file (delete the wrong lines) and pass it back with --aliases: each line
    joins the old name to the new one within that district only.

    \b
    Examples:
      respgraph aliases suggest 拱墅区-2021 拱墅区-2022 a.txt b.xlsx -o renames.yaml
      respgraph aliases suggest 拱墅区-2021 拱墅区-2022 --source neo4j
    """
    a, b = load_two_plans(plan_input, plan_a, plan_b, "aliases suggest")
    rows = suggest_renames(a, b, threshold=threshold)
    text = aliases_yaml(rows, a.key, b.key)
    if output is None:
        click.echo(text, nl=False)
    else:
        if not Path(output).parent.exists():
            raise InputError("the folder to write into does not exist", source=output)
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"Wrote {len(rows)} suggested renames to {output}; check them, then pass it with --aliases.", err=True)


@neo4j_group.command("migrate")
@click.option("--gazetteer", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="A gazetteer that names the districts' cities (city:), for units such as 市生态环境局.")
@connection_options
def migrate_cmd(gazetteer, connection):
    """Rewrite a database loaded by an earlier respgraph into the current graph model, keeping every plan.

    Earlier versions keyed units and leaders by name alone, so two
    districts' 区财政局 were one node.  Every plan is read back (with edges
    drawn by hand), each unit and leader is given its district (or city),
    and the graph is written again in one transaction: a failure leaves the
    database as it was.  Scores stored with --write-back are not carried
    over; store them again.  Nothing happens on a database already current.

    \b
    Example:
      respgraph neo4j migrate
    """
    from respgraph.graphdb.loader import migrate
    from respgraph.lexicon import load_gazetteer

    gaz = load_gazetteer(gazetteer)
    with connection.connect() as conn:
        result = migrate(conn, gazetteer=gaz)
    if not result.migrated:
        dropped = f" (dropped the old constraints {', '.join(result.constraints_dropped)})" if result.constraints_dropped else ""
        click.echo(f"Nothing to migrate: the database is of the current model{dropped}.")
        return
    click.echo(
        f"Migrated {len(result.plans)} plans: {result.units_before} units keyed by name became {result.units_after} "
        f"keyed by jurisdiction/name; {result.leaders_before} leaders became {result.leaders_after}."
    )
