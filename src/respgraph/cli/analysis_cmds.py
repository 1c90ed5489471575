"""Analysis commands: rank, pairs, partners, communities, leaders, workload, summary, compare.

Each command loads plans (task tables, or Neo4j with ``--source neo4j``),
builds a graph from :mod:`respgraph.graphs`, calls one function of
:mod:`respgraph.analysis` and prints the rows (see :mod:`respgraph.cli.common`).
``--write-back`` stores the result on the :Unit nodes (or, for ``summary``,
on the :Plan nodes) of the database the plans were read from; the Cypher and
the property names live in :mod:`respgraph.graphdb.writeback`.
"""

from __future__ import annotations

import click

from respgraph.analysis import METRICS, rank as rank_rows
from respgraph.analysis.communities import ALGORITHMS, communities as find_communities, consensus
from respgraph.analysis.engine import ENGINES, default_engine
from respgraph.analysis.compare import MEASURES as COMPARE_MEASURES, compare as compare_graphs, measures as compare_measures
from respgraph.analysis.leaders import portfolios, units_with_several_leaders
from respgraph.analysis.pairs import find_unit, partners as unit_partners, top_pairs
from respgraph.analysis.summary import summary as graph_summary
from respgraph.analysis.workload import street_workload, unit_workload
from respgraph.cli.app import main
from respgraph.cli.common import (
    emit_rows,
    load_plans_from_options,
    load_two_plans,
    output_options,
    plan_input_options,
)
from respgraph.errors import InputError
from respgraph.graphs import coordination_graph, is_mixed, short_task, two_mode_graph

__all__ = ["rank", "pairs", "partners", "communities", "leaders", "workload", "summary", "compare"]

#: Above this many units, exact path measures on the networkx engine get a hint about --sample.
LARGE_GRAPH = 1500

#: Default of ``rank --exact-limit``: larger graphs get sampled betweenness/closeness.
EXACT_LIMIT = 20000

engine_option = click.option(
    "--engine", type=click.Choice(ENGINES), default=None,
    help="Who computes the measures: igraph (compiled, the default when installed) or networkx (pure Python); same values.",
)

def sampling_options(command):
    """Decorator: ``--sample K`` and ``--seed`` for the shortest-path measures."""
    command = click.option("--seed", type=int, default=0, show_default=True, help="Random seed for --sample.")(command)
    return click.option(
        "--sample", type=click.IntRange(min=1), default=None, metavar="K",
        help="Betweenness/closeness from K sampled pivots instead of exactly (for very large graphs).",
    )(command)


write_back_option = click.option(
    "--write-back",
    is_flag=True,
    help="Store the result as properties of the :Unit nodes in Neo4j (needs --source neo4j).",
)

def across_options(command):
    """Decorator: ``--by plan|district`` and ``--pooled``, for commands that answer per plan."""
    command = click.option(
        "--pooled", is_flag=True,
        help="All the plans as one graph (meaningful for one district's years; units of several districts stay apart).",
    )(command)
    return click.option(
        "--by", "by", type=click.Choice(["plan", "district"]), default="plan", show_default=True,
        help="With several plans: one answer per plan, or per district (its years together), side by side.",
    )(command)


def _answer_groups(plans, by="plan", pooled=False):
    """The groups of plans answered separately: each plan (or district), or all of them with --pooled.

    >>> from respgraph.model import Plan
    >>> ps = [Plan("甲区", 2021, "", "a"), Plan("甲区", 2022, "", "b"), Plan("乙区", 2021, "", "c")]
    >>> [[p.key for p in g] for g in _answer_groups(ps, "district")]
    [['甲区-2021', '甲区-2022'], ['乙区-2021']]
    >>> len(_answer_groups(ps, pooled=True)), len(_answer_groups(ps))
    (1, 3)
    """
    plans = list(plans)
    if pooled or len(plans) <= 1:
        if pooled and is_mixed(plans):
            click.echo("Note: --pooled over plans of several districts: their units stay apart "
                       "(shown with their district), but one ranking mixes districts of different sizes.", err=True)
        return [plans]
    if by == "district":
        groups: dict[str, list] = {}
        for plan in plans:
            groups.setdefault(plan.home, []).append(plan)
        return list(groups.values())
    return [[plan] for plan in plans]


def _group_label(group, by):
    if by == "district" and len({p.district for p in group}) == 1 and group[0].district:
        return group[0].district
    return ", ".join(p.key for p in group)


def _emit_groups(results, columns, cell, fmt, output, title, caption):
    """One answer per group: as today for one; side by side (table) or with a ``plans`` column (files) for several.

    ``results`` is ``[(label, rows)]``; ``cell(row)`` is a row's text in a side-by-side table.
    """
    if len(results) == 1:
        emit_rows(results[0][1], columns, fmt, output, title=title, caption=caption)
        return
    if fmt == "table":
        depth = max(len(rows) for _, rows in results)
        table = [{"#": i + 1, **{label: (cell(rows[i]) if i < len(rows) else "") for label, rows in results}}
                 for i in range(depth)]
        emit_rows(table, ["#"] + [label for label, _ in results], fmt, output, title=title, caption=caption)
    else:
        emit_rows([{"plans": label, **row} for label, rows in results for row in rows], ["plans"] + list(columns),
                  fmt, output, title=title, caption=caption)


def _check_one_answer(groups, write_back):
    if write_back and len(groups) > 1:
        raise InputError("--write-back stores one value per unit: choose one --plan, or --pooled", where="--write-back")


def _check_write_back(plan_input, write_back):
    if write_back and plan_input.source != "neo4j":
        raise InputError("--write-back stores results in Neo4j and needs --source neo4j", where="--write-back")


def _scope(plans, plan_input):
    return f"{', '.join(p.key for p in plans)}; blanket {plan_input.blanket}"


def _write_units(plan_input, G, props_by_unit, what):
    """Store the properties on the units of ``G`` in the database the plans came from; say how many."""
    from respgraph.graphdb.writeback import write_unit_properties

    with plan_input.connection.connect() as conn:
        updated = write_unit_properties(conn, props_by_unit, graph=G)
    click.echo(f"Stored {what} on {updated} nodes.", err=True)


def _tasks(ids, plans):
    keep_plan = len(plans) > 1
    return [short_task(t, keep_plan=keep_plan) for t in ids]


def _coordination(plan_input, lead_co_only=False):
    plans = load_plans_from_options(plan_input)
    return plans, coordination_graph(plans, blanket=plan_input.blanket, lead_co_only=lead_co_only)


lead_co_option = click.option(
    "--lead-co-only",
    is_flag=True,
    help="Link units only where one leads and the other is co-responsible (whom lead units pull in).",
)


@main.command()
@click.option("--metric", type=click.Choice(METRICS), default="strength", show_default=True, help="What to rank by.")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="How many units to show.")
@sampling_options
@click.option("--exact-limit", type=click.IntRange(min=1), default=EXACT_LIMIT, show_default=True, metavar="UNITS",
              help="Graphs with more units get betweenness/closeness from sampled pivots (and say so).")
@engine_option
@lead_co_option
@across_options
@write_back_option
@plan_input_options
@output_options
def rank(metric, top, sample, seed, exact_limit, engine, lead_co_only, by, pooled, write_back, plan_input, fmt, output):
    """Rank units by a centrality or brokerage measure of the coordination graph.

    Units are linked when they answer for the same tasks; the link weight is
    the number of shared tasks.  Path measures (betweenness, closeness) use
    distance = 1 / shared tasks.  For 'constraint' a low value (a broker)
    ranks first.  Every measure is exact unless --sample is given or the
    graph has more units than --exact-limit; --engine networkx computes the
    same values without igraph (slower on large graphs).

    \b
    Examples:
      respgraph rank seeds/gongshu-2021.txt --metric betweenness --top 10
      respgraph rank big.xlsx --metric betweenness --sample 200 --seed 1
      respgraph rank --source neo4j --plan 拱墅区-2021 --metric pagerank --write-back
      respgraph rank gongshu-2021.txt gongshu-2022.txt linjiang-2022.xlsx      # one ranking per plan, side by side
      respgraph rank gongshu-2021.txt gongshu-2022.txt --pooled                # the two years as one graph

    With several plans each plan is ranked on its own graph (--by plan, the
    default) or each district's plans together (--by district), side by
    side; --pooled ranks all of them as one graph.  Units of several
    districts never merge: where districts mix, names show their district.
    """
    _check_write_back(plan_input, write_back)
    plans = load_plans_from_options(plan_input)
    groups = _answer_groups(plans, by, pooled)
    _check_one_answer(groups, write_back)
    results = []
    note = ""
    for group in groups:
        G = coordination_graph(group, blanket=plan_input.blanket, lead_co_only=lead_co_only)
        if (metric in ("betweenness", "closeness") and sample is None and (engine or default_engine()) == "networkx"
                and LARGE_GRAPH < len(G) <= exact_limit):
            click.echo(f"Note: exact {metric} on {len(G)} units in pure networkx runs one shortest-path search per unit; "
                       f"--engine igraph computes it many times faster, --sample 50 estimates it from 50 of them.", err=True)
        rows = rank_rows(G, metric, sample=sample, seed=seed, engine=engine, exact_limit=exact_limit)
        note = note or (rows[0]["sampled"] if rows else "")
        results.append((_group_label(group, by), rows[:top]))
    columns = ["rank", "unit", "kind", "value", "tasks"] + (["sampled"] if note else [])
    caption = f"{metric}; {_scope(plans, plan_input)}" + ("; lead–co links only" if lead_co_only else "") + (f"; {note}" if note else "")
    _emit_groups(results, columns, lambda r: f"{r['unit']} ({_short(r['value'])})", fmt, output,
                 title=f"Units by {metric}", caption=caption)
    if write_back:
        from respgraph.graphdb.writeback import rank_properties, rank_property

        scope = _scope(plans, plan_input) + (f"; {note}" if note else "")
        _write_units(plan_input, G, rank_properties(rows, metric, scope), rank_property(metric))


def _short(value):
    return f"{value:.4g}" if isinstance(value, float) else str(value)


@main.command()
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="How many pairs to show.")
@lead_co_option
@across_options
@write_back_option
@plan_input_options
@output_options
def pairs(top, lead_co_only, by, pooled, write_back, plan_input, fmt, output):
    """Pairs of units sharing the most tasks, with the tasks.

    'lead_co' counts the shared tasks where exactly one of the two leads.
    --write-back stores each unit's closest partner (pair_partner,
    pair_shared).

    \b
    Examples:
      respgraph pairs seeds/gongshu-2021.txt --top 10
      respgraph pairs seeds/gongshu-2021.txt --format csv -o pairs.csv
      respgraph pairs gongshu-2021.txt gongshu-2022.txt --top 5        # per plan, side by side

    With several plans: per plan (--by plan, default) or per district
    (--by district) side by side, or all as one graph with --pooled.
    """
    _check_write_back(plan_input, write_back)
    plans = load_plans_from_options(plan_input)
    groups = _answer_groups(plans, by, pooled)
    _check_one_answer(groups, write_back)
    results = []
    for group in groups:
        G = coordination_graph(group, blanket=plan_input.blanket, lead_co_only=lead_co_only)
        rows = top_pairs(G)
        results.append((_group_label(group, by), [dict(r, tasks=_tasks(r["tasks"], group)) for r in rows[:top]]))
    _emit_groups(results, ["unit_a", "unit_b", "shared", "lead_co", "tasks"],
                 lambda r: f"{r['unit_a']} — {r['unit_b']} ({r['shared']})", fmt, output,
                 title="Pairs sharing most tasks", caption=_scope(plans, plan_input))
    if write_back:
        from respgraph.graphdb.writeback import pair_properties

        _write_units(plan_input, G, pair_properties(rows, _scope(plans, plan_input)), "pair_partner, pair_shared")


@main.command()
@click.argument("unit")
@click.option("--top", type=click.IntRange(min=1), default=None, help="How many partners to show (default all).")
@write_back_option
@plan_input_options
@output_options
def partners(unit, top, write_back, plan_input, fmt, output):
    """One unit's partners: the tasks they share and who leads them.

    'unit_leads' counts shared tasks UNIT leads, 'partner_leads' those the
    partner leads.  --write-back stores the partner list on UNIT
    (partners, partners_shared).

    \b
    Examples:
      respgraph partners 区财政局 seeds/gongshu-2021.txt
      respgraph partners 区住建局 seeds/gongshu-2021.txt --format json
      respgraph partners 临江区/区住建局 gongshu-2021.txt linjiang-2021.xlsx

    Where plans of several districts are mixed, UNIT is the name with its
    district as shown (区住建局（临江区）) or its key (临江区/区住建局).
    """
    _check_write_back(plan_input, write_back)
    plans, G = _coordination(plan_input)
    unit = find_unit(G, unit)  # an id, a key (拱墅区/区财政局) or a name only one district uses
    rows = unit_partners(G, unit, top=top)
    shown = [dict(r, tasks=_tasks(r["tasks"], plans)) for r in rows]
    columns = ["partner", "kind", "shared", "unit_leads", "partner_leads", "both_lead", "neither_leads", "tasks"]
    emit_rows(shown, columns, fmt, output, title=f"Partners of {unit}", caption=_scope(plans, plan_input))
    if write_back:
        from respgraph.graphdb.writeback import partner_properties

        _write_units(plan_input, G, partner_properties(unit, rows, _scope(plans, plan_input)), "partners")


@main.command()
@click.option("--algorithm", type=click.Choice(ALGORITHMS), default="louvain", show_default=True,
              help="Louvain, or Leiden (communities guaranteed to hang together; needs the igraph engine).")
@click.option("--seed", type=int, default=0, show_default=True, help="The random seed (fixed, so results repeat).")
@click.option("--runs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Run N times (seeds SEED, SEED+1, ...) and list how often each pair of units lands together.")
@click.option("--resolution", type=click.FloatRange(min=0, min_open=True), default=1.0, show_default=True, help="Above 1: more, smaller communities.")
@engine_option
@write_back_option
@plan_input_options
@output_options
def communities(algorithm, seed, runs, resolution, engine, write_back, plan_input, fmt, output):
    """Communities of units that work together (Louvain or Leiden), with the sections their tasks come from.

    'internal_tasks' counts tasks shared by at least two members; 'sections'
    lists where those tasks come from; the caption gives the modularity.
    --write-back stores community and community_size on each unit (from
    the run with seed SEED).

    With --runs N the answer is the consensus table instead: each pair of
    units that shared a community in at least one run, with 'together', the
    share of runs in which it did (1.0: a stable grouping), and the tasks
    the two share; the caption gives the runs' lowest and highest modularity.  The
    terminal shows the first 50 pairs, files get every pair.

    \b
    Examples:
      respgraph communities seeds/gongshu-2021.txt
      respgraph communities seeds/gongshu-2021.txt --algorithm leiden --resolution 1.5 --seed 7
      respgraph communities seeds/gongshu-2021.txt --runs 20 --format csv -o together.csv
    """
    _check_write_back(plan_input, write_back)
    plans, G = _coordination(plan_input)
    name = {"louvain": "Louvain", "leiden": "Leiden"}[algorithm]
    if runs > 1:
        agreement = consensus(G, runs, seed=seed, resolution=resolution, algorithm=algorithm, engine=engine)
        result = agreement.first
        values = [m for m in agreement.modularities if m is not None]
        spread = (f"modularity {min(values):.4f}–{max(values):.4f}" if values else "modularity n/a (no links)")
        caption = (f"{name}, {runs} runs (seeds {seed}–{seed + runs - 1}), resolution {resolution:g}; {spread}; "
                   f"{agreement.always_together} of {len(agreement.pairs)} pairs together in every run; {_scope(plans, plan_input)}")
        rows = agreement.rows()
        if fmt == "table" and len(rows) > 50:
            caption += f"; first 50 of {len(rows)} pairs shown (--format csv for all)"
            rows = rows[:50]
        emit_rows(rows, ["unit_a", "unit_b", "together", "runs_together", "shared_tasks"], fmt, output,
                  title="How often units land in one community", caption=caption)
    else:
        result = find_communities(G, seed=seed, resolution=resolution, algorithm=algorithm, engine=engine)
        modularity = "n/a (no links)" if result.modularity is None else f"{result.modularity:.4f}"
        caption = f"modularity {modularity}; {name} seed {seed}, resolution {resolution:g}; {_scope(plans, plan_input)}"
        emit_rows(result.rows(), ["community", "size", "internal_tasks", "sections", "members"], fmt, output, title="Communities", caption=caption)
    if write_back:
        from respgraph.graphdb.writeback import community_properties

        scope = f"{_scope(plans, plan_input)}; seed {seed}"
        _write_units(plan_input, G, community_properties(result.communities, scope), "community")


@main.command()
@click.option("--units", "several", is_flag=True, help="List units answering to several leaders instead of portfolios.")
@click.option("--role", type=click.Choice(["lead", "any"]), default="lead", show_default=True, help="With --units: count tasks the unit leads, or any task.")
@write_back_option
@plan_input_options
@output_options
def leaders(several, role, write_back, plan_input, fmt, output):
    """Each leader's portfolio (tasks, sections, lead units), or units answering to several leaders.

    --write-back stores leaders and leader_count on each unit.

    \b
    Examples:
      respgraph leaders seeds/gongshu-2021.txt
      respgraph leaders seeds/gongshu-2021.txt --units --role any
    """
    _check_write_back(plan_input, write_back)
    plans = load_plans_from_options(plan_input)
    T = two_mode_graph(plans, blanket=plan_input.blanket)
    if several:
        rows = units_with_several_leaders(T, role=role)
        emit_rows(rows, ["unit", "kind", "leader_count", "leaders", "tasks"], fmt, output, title="Units answering to several leaders", caption=f"role {role}; {_scope(plans, plan_input)}")
    else:
        rows = portfolios(T)
        emit_rows(rows, ["leader", "tasks", "sections", "lead_unit_count", "lead_units", "co_unit_count"], fmt, output, title="Leaders' portfolios", caption=_scope(plans, plan_input))
    if write_back:
        from respgraph.graphdb.writeback import leader_properties

        every = units_with_several_leaders(T, role=role, minimum=1)
        _write_units(plan_input, T, leader_properties(every, f"{_scope(plans, plan_input)}; role {role}"), "leaders")


@main.command()
@click.option("--streets", is_flag=True, help="Per street: tasks named explicitly vs. with blanket phrases (各街道) expanded.")
@click.option("--top", type=click.IntRange(min=1), default=None, help="How many units to show (default all).")
@write_back_option
@plan_input_options
@output_options
def workload(streets, top, write_back, plan_input, fmt, output):
    """Tasks each unit leads vs. shares; with --streets, what blanket phrases add to each street.

    The street table always compares both readings (explicit links, and
    blanket phrases expanded), whatever --blanket says.  --write-back stores
    workload_lead, workload_co (and workload_inferred) on each unit.

    \b
    Examples:
      respgraph workload seeds/gongshu-2021.txt --top 15
      respgraph workload seeds/gongshu-2021.txt --streets --format xlsx -o streets.xlsx
    """
    _check_write_back(plan_input, write_back)
    plans = load_plans_from_options(plan_input)
    if streets:
        T = two_mode_graph(plans, blanket="expand")
        rows = street_workload(T)
        if not rows:
            raise InputError("the plans list no streets for their district (no gazetteer entry)", where="--streets")
        emit_rows(rows, ["street", "explicit", "explicit_lead", "via_blanket", "with_blanket", "blanket_share"], fmt, output, title="Street workload", caption=", ".join(p.key for p in plans))
        if write_back:
            from respgraph.graphdb.writeback import street_workload_properties

            scope = ", ".join(p.key for p in plans)
            _write_units(plan_input, T, street_workload_properties(rows, scope), "street workload")
        return
    T = two_mode_graph(plans, blanket=plan_input.blanket)
    rows = unit_workload(T)
    columns = ["unit", "kind", "lead", "co", "total", "lead_share"] + (["inferred"] if plan_input.blanket == "expand" else [])
    emit_rows(rows[:top] if top else rows, columns, fmt, output, title="Unit workload", caption=_scope(plans, plan_input))
    if write_back:
        from respgraph.graphdb.writeback import unit_workload_properties

        _write_units(plan_input, T, unit_workload_properties(rows, _scope(plans, plan_input)), "workload")


SUMMARY_COLUMNS = [
    "plans", "blanket", "units", "links", "density", "components", "largest_component", "isolated",
    "average_partners", "average_shared_tasks", "tasks", "top_degree", "top_strength", "top_betweenness",
    "top_eigenvector", "top_pagerank", "top_constraint",
]


@main.command()
@click.option("--top", type=click.IntRange(min=1), default=3, show_default=True, help="How many units to name per measure.")
@sampling_options
@across_options
@write_back_option
@plan_input_options
@output_options
def summary(top, sample, seed, by, pooled, write_back, plan_input, fmt, output):
    """Density, components, average partners and the most central units, per plan.

    With several plans loaded there is one column per plan (--by plan) or
    per district (--by district); --pooled adds one for all of them
    together.  The table shows measures as rows; csv/json/xlsx give one
    record per column.  --write-back stores summary_* on the :Plan nodes.

    \b
    Examples:
      respgraph summary seeds/gongshu-2021.txt
      respgraph summary a.xlsx b.xlsx --format json
    """
    _check_write_back(plan_input, write_back)
    plans = load_plans_from_options(plan_input)
    groups = _answer_groups(plans, by) + ([plans] if pooled and len(plans) > 1 else [])
    if pooled and len(plans) > 1:
        _answer_groups(plans, pooled=True)  # says so when districts are mixed
    records = []
    for group in groups:
        G = coordination_graph(group, blanket=plan_input.blanket)
        records.append(graph_summary(G, top=top, sample=sample, seed=seed))
        if by == "district" and len(group) > 1 and group is not plans:
            records[-1]["plans"] = _group_label(group, by)
    columns = SUMMARY_COLUMNS + (["sampled"] if any("sampled" in r for r in records) else [])
    if fmt == "table":
        names = [r["plans"] for r in records]
        if pooled and len(plans) > 1:
            names[-1] = "all together"
        rows = [{"measure": c, **{name: r.get(c, "") for name, r in zip(names, records)}} for c in columns if c != "plans"]
        emit_rows(rows, ["measure"] + names, fmt, output, title="Summary", caption=f"blanket {plan_input.blanket}")
    else:
        emit_rows(records, columns, fmt, output, title="Summary")
    if write_back:
        from respgraph.graphdb.writeback import summary_properties, write_plan_properties

        per_plan = [r for r, group in zip(records, groups) if len(group) == 1]
        with plan_input.connection.connect() as conn:
            updated = write_plan_properties(conn, summary_properties(per_plan))
        click.echo(f"Stored summary_* on {updated} nodes.", err=True)


@main.command()
@click.argument("plan_a")
@click.argument("plan_b")
@click.option("--what", type=click.Choice(["all", "units", "links", "measures"]), default="all", show_default=True,
              help="Compare units, collaborations, or both; 'measures' sets each unit's tasks, partners and centrality side by side.")
@click.option("--change", type=click.Choice(["all", "appeared", "disappeared", "grew", "shrank"]), default="all", show_default=True)
@lead_co_option
@write_back_option
@plan_input_options
@output_options
def compare(plan_a, plan_b, what, change, lead_co_only, write_back, plan_input, fmt, output):
    """What changed from PLAN_A to PLAN_B: units and collaborations that appeared, disappeared, grew or shrank.

    Units compare their task counts; collaborations (unit pairs) compare
    shared tasks.  Both plans must be among those loaded (--plan is not
    used: the plans are the two arguments).  --write-back stores
    compare_change and compare_delta on each unit that changed.

    PLAN_A and PLAN_B may be two years of a district (what changed) or two
    districts' plans (the same kind of unit in each: units match by name,
    so 拱墅区's 区财政局 faces 临江区's).  --what measures shows, for each
    unit of both, its tasks, partners, strength and betweenness (with its
    rank) in each plan and the partners both have.

    \b
    Examples:
      respgraph compare 拱墅区-2021 拱墅区-2022 gongshu-2021.txt gongshu-2022.xlsx
      respgraph compare 拱墅区-2021 拱墅区-2022 --source neo4j --what links --change grew
      respgraph compare 拱墅区-2022 临江区-2022 a.txt b.xlsx --what measures
    """
    _check_write_back(plan_input, write_back)
    a, b = load_two_plans(plan_input, plan_a, plan_b, "compare")
    if write_back and a.district != b.district:
        raise InputError("--write-back of a comparison needs two plans of one district", where="--write-back")
    G_a = coordination_graph([a], blanket=plan_input.blanket, lead_co_only=lead_co_only)
    G_b = coordination_graph([b], blanket=plan_input.blanket, lead_co_only=lead_co_only)
    if what == "measures":
        if write_back:
            raise InputError("--what measures stores nothing; drop --write-back", where="--write-back")
        columns = ["unit"] + [f"{m}_{side}" for m in ("tasks", "partners") for side in ("a", "b")]
        columns += [f"{m}{part}_{side}" for m in COMPARE_MEASURES for part in ("", "_rank") for side in ("a", "b")]
        columns += ["common_partners", "only_a", "only_b"]
        emit_rows(compare_measures(G_a, G_b), columns, fmt, output, title=f"{a.key} vs {b.key}",
                  caption=f"a = {a.key}, b = {b.key}; units named in both; blanket {plan_input.blanket}")
        return
    result = compare_graphs(G_a, G_b)
    rows = result.rows()
    if what != "all":
        rows = [r for r in rows if r["what"] == what.rstrip("s")]
    if change != "all":
        rows = [r for r in rows if r["change"] == change]
    caption = (
        f"{a.key} → {b.key}; blanket {plan_input.blanket}; units +{len(result.units_appeared)} −{len(result.units_disappeared)}; "
        f"links +{result.count('appeared')} −{result.count('disappeared')} ↑{result.count('grew')} ↓{result.count('shrank')}"
    )
    emit_rows(rows, ["change", "what", "unit_a", "unit_b", "before", "after", "delta"], fmt, output, title=f"{a.key} vs {b.key}", caption=caption)
    if write_back:
        G = coordination_graph([a, b], blanket=plan_input.blanket)
        from respgraph.graphdb.writeback import compare_properties

        _write_units(plan_input, G, compare_properties(result.units, f"{a.key} → {b.key}"), "compare_change")
