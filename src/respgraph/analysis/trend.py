"""One unit year by year: its tasks, lead share, partners and centrality in each plan.

A unit is followed by its key (``临江区/区发改局``, see :mod:`respgraph.identity`),
so a unit renamed between years and joined by an alias is one line, and
another district's unit of the same name is never mixed in.  Each plan is
measured on its own coordination graph (:func:`respgraph.graphs.coordination_graph`
of that plan alone), so the figures are those ``rank`` gives for that plan.

>>> from respgraph.model import Plan, Task
>>> a = Plan("甲区", 2021, "", "a", tasks=[Task(1, "一", "x", [], ["区财政局"], ["区住建局"])])
>>> b = Plan("甲区", 2022, "", "b", tasks=[Task(1, "一", "x", [], ["区住建局"], ["区财政局", "区商务局"]),
...                                     Task(2, "一", "y", [], ["区财政局"], [])])
>>> [(r["plan"], r["tasks"], r["lead"], r["partners"]) for r in trend([a, b], "区财政局")]
[('甲区-2021', 1, 1, 1), ('甲区-2022', 2, 1, 2)]
"""

from __future__ import annotations

from respgraph.analysis.ranking import rank
from respgraph.errors import InputError
from respgraph.graphs import NodeNames, coordination_graph
from respgraph.identity import split_key

__all__ = ["TREND_METRICS", "unit_keys", "resolve_unit", "trend"]

#: The measures a trend row carries (value and rank in its plan).
TREND_METRICS = ("strength", "betweenness")


def unit_keys(plans, unit) -> dict:
    """``{key: [plans naming it]}`` of the units ``unit`` can mean: a key, a name a plan uses, or a name within a jurisdiction.

    >>> from respgraph.model import Plan, Task
    >>> a = Plan("甲区", 2021, "", "a", tasks=[Task(1, "一", "x", [], ["区财政局"], [])])
    >>> b = Plan("乙区", 2021, "", "b", tasks=[Task(1, "一", "x", [], ["区财政局"], [])])
    >>> sorted(unit_keys([a, b], "区财政局")), list(unit_keys([a, b], "乙区/区财政局"))
    (['乙区/区财政局', '甲区/区财政局'], ['乙区/区财政局'])
    """
    out: dict[str, list] = {}
    for plan in plans:
        names = set(plan.units) | {link.unit for task in plan.tasks for link in _links(task)}
        for name in names:
            key = plan.unit_key(name)
            if unit in (key, name, split_key(key)[1]):
                plans_of = out.setdefault(key, [])
                if plan not in plans_of:
                    plans_of.append(plan)
    return out


def _links(task):
    from respgraph.graphs import _links as links

    return links(task)


def resolve_unit(plans, unit, district=None) -> str:
    """The one key ``unit`` means among ``plans`` (``district`` narrows a name several districts use).

    >>> from respgraph.model import Plan, Task
    >>> a = Plan("甲区", 2021, "", "a", tasks=[Task(1, "一", "x", [], ["区财政局"], [])])
    >>> b = Plan("乙区", 2021, "", "b", tasks=[Task(1, "一", "x", [], ["区财政局"], [])])
    >>> resolve_unit([a, b], "区财政局", district="乙区")
    '乙区/区财政局'
    >>> resolve_unit([a, b], "区财政局")
    Traceback (most recent call last):
    ...
    respgraph.errors.InputError: UNIT: 区财政局 names 2 units: 乙区/区财政局, 甲区/区财政局; give one of these keys, or --district
    """
    keys = unit_keys(plans, unit)
    if district:
        keys = {k: v for k, v in keys.items() if split_key(k)[0] == district or any(p.district == district for p in v)}
    if not keys:
        raise InputError(f"no plan names a unit {unit!r}" + (f" in {district}" if district else ""), where="UNIT")
    if len(keys) > 1:
        raise InputError(f"{unit} names {len(keys)} units: {', '.join(sorted(keys))}; give one of these keys, or --district", where="UNIT")
    return next(iter(keys))


def _order(plan):
    return (plan.year is None, plan.year or 0, plan.key)


def trend(plans, unit, district=None, blanket="exclude") -> list:
    """One row per plan of the unit's district (and every other plan naming it), earliest first.

    Rows: ``plan``, ``year``, ``unit`` (the name the plan uses), ``present``,
    ``tasks``, ``lead``, ``co``, ``lead_share``, ``partners`` (units it
    shares a task with), ``top_partners`` (most shared first, with counts),
    then ``<metric>`` and ``<metric>_rank`` for each of :data:`TREND_METRICS`.
    A plan of the district that does not name the unit gives a row with
    ``present`` False and zeros.
    """
    plans = list(plans)
    key = resolve_unit(plans, unit, district)
    jurisdiction = split_key(key)[0]
    naming = unit_keys(plans, key)[key]
    chosen = [p for p in plans if p in naming or (p.district and p.district == jurisdiction)]
    rows = []
    for plan in sorted(chosen, key=_order):
        names = [name for name in set(plan.units) | {l.unit for t in plan.tasks for l in _links(t)} if plan.unit_key(name) == key]
        row = {"plan": plan.key, "year": plan.year, "unit": names[0] if names else split_key(key)[1], "present": False,
               "tasks": 0, "lead": 0, "co": 0, "lead_share": 0.0, "partners": 0, "top_partners": ""}
        for metric in TREND_METRICS:
            row[metric], row[f"{metric}_rank"] = None, None
        G = coordination_graph([plan], blanket=blanket)
        node = NodeNames([plan]).unit(plan, names[0]) if names else None
        if node is not None and node in G:
            attrs = G.nodes[node]
            lead, co = attrs.get("lead_count", 0), attrs.get("co_count", 0)
            partners = sorted(G[node].items(), key=lambda kv: (-kv[1].get("weight", 1), str(kv[0])))
            row.update(present=True, tasks=lead + co, lead=lead, co=co,
                       lead_share=round(lead / (lead + co), 3) if lead + co else 0.0, partners=len(partners),
                       top_partners="、".join(f"{p} ({d.get('weight', 1)})" for p, d in partners[:3]))
            for metric in TREND_METRICS:
                ranked = {r["unit"]: r for r in rank(G, metric)}
                row[metric], row[f"{metric}_rank"] = ranked[node]["value"], ranked[node]["rank"]
        rows.append(row)
    return rows
