"""Analysis results stored on the graph's nodes (``--write-back``): the Cypher and the property names.

Every analysis writes properties named after it, each with a ``*_scope``
property saying which plans and choices the value came from, so a Cypher
user never mistakes a score of one plan for another's:

==============  =========================================================================
analysis        properties (on ``:Unit`` unless noted)
==============  =========================================================================
rank            ``rank_<metric>`` (e.g. ``rank_pagerank``), ``rank_<metric>_scope``
pairs           ``pair_partner``, ``pair_shared``, ``pair_scope`` (each unit's closest partner)
partners        ``partners``, ``partners_shared``, ``partners_scope`` (on the unit asked about)
communities     ``community``, ``community_size``, ``community_scope``
leaders         ``leaders``, ``leader_count``, ``leaders_scope``
workload        ``workload_lead``, ``workload_co``, ``workload_inferred``, ``workload_scope``;
                streets: ``workload_explicit``, ``workload_via_blanket``, ``workload_scope``
compare         ``compare_change``, ``compare_delta``, ``compare_scope``
summary         ``summary_<measure>`` on ``:Plan``
==============  =========================================================================

Values go in as parameters of one ``UNWIND $rows`` statement per call, in a
write transaction; a unit or plan not in the database is skipped.

>>> rank_properties([{"unit": "区财政局", "value": 0.5}], "pagerank", "甲区-2021; blanket exclude")
{'区财政局': {'rank_pagerank': 0.5, 'rank_pagerank_scope': '甲区-2021; blanket exclude'}}
"""

from __future__ import annotations

__all__ = [
    "write_unit_properties",
    "write_plan_properties",
    "rank_property",
    "rank_properties",
    "pair_properties",
    "partner_properties",
    "community_properties",
    "leader_properties",
    "unit_workload_properties",
    "street_workload_properties",
    "compare_properties",
    "summary_properties",
]

# units by key (拱墅区/区财政局): a name alone may be several districts' units
_WRITE_UNITS = """
UNWIND $rows AS row
MATCH (u:Unit {key: row.unit})
SET u += row.props
RETURN count(u) AS updated
"""

_WRITE_PLANS = """
UNWIND $rows AS row
MATCH (p:Plan {key: row.key})
SET p += row.props
RETURN count(p) AS updated
"""


def _write(conn, cypher, rows) -> int:
    from respgraph.graphdb.runner import run_query

    _, result = run_query(conn, cypher, {"rows": rows}, write=True)
    return result[0][0] if result else 0


def write_unit_properties(conn, props_by_unit: dict, graph=None) -> int:
    """Set ``props_by_unit[unit]`` on each unit's ``:Unit`` node; return how many units were updated.

    With ``graph`` (a networkx view of :mod:`respgraph.graphs`) ``unit`` is a
    node id of the graph and the node's ``key`` finds the ``:Unit`` (so two
    districts' 区财政局 each get their own scores); only its unit nodes are
    written: groups and tasks have no ``:Unit`` node.  Without ``graph``,
    ``unit`` is the unit's key (``拱墅区/区财政局``).
    """
    rows = [
        {"unit": str(graph.nodes[unit].get("key") or unit) if graph is not None else str(unit), "props": props}
        for unit, props in props_by_unit.items()
        if graph is None or (unit in graph and graph.nodes[unit].get("type") == "unit")
    ]
    return _write(conn, _WRITE_UNITS, rows)


def write_plan_properties(conn, props_by_plan: dict) -> int:
    """Set ``props_by_plan[key]`` on each ``:Plan {key}``; return how many plans were updated."""
    rows = [{"key": key, "props": props} for key, props in props_by_plan.items()]
    return _write(conn, _WRITE_PLANS, rows)


def rank_property(metric: str) -> str:
    """The property a ranking by ``metric`` is stored in.

    >>> rank_property("effective-size")
    'rank_effective_size'
    """
    return "rank_" + metric.replace("-", "_")


def rank_properties(rows, metric, scope) -> dict:
    prop = rank_property(metric)
    return {r["unit"]: {prop: r["value"], prop + "_scope": scope} for r in rows}


def pair_properties(rows, scope) -> dict:
    """Each unit's closest partner, from pairs sorted most-shared first."""
    best: dict = {}
    for r in rows:  # the first pair seen of a unit is its closest
        for unit, other in ((r["unit_a"], r["unit_b"]), (r["unit_b"], r["unit_a"])):
            best.setdefault(unit, {"pair_partner": str(other), "pair_shared": r["shared"], "pair_scope": scope})
    return best


def partner_properties(unit, rows, scope) -> dict:
    return {unit: {"partners": [str(r["partner"]) for r in rows], "partners_shared": [r["shared"] for r in rows],
                   "partners_scope": scope}}


def community_properties(communities, scope) -> dict:
    return {
        member: {"community": c.index, "community_size": len(c.members), "community_scope": scope}
        for c in communities
        for member in c.members
    }


def leader_properties(rows, scope) -> dict:
    return {r["unit"]: {"leaders": r["leaders"].split("、"), "leader_count": r["leader_count"], "leaders_scope": scope}
            for r in rows}


def unit_workload_properties(rows, scope) -> dict:
    return {r["unit"]: {"workload_lead": r["lead"], "workload_co": r["co"], "workload_inferred": r["inferred"],
                        "workload_scope": scope} for r in rows}


def street_workload_properties(rows, scope) -> dict:
    return {r["street"]: {"workload_explicit": r["explicit"], "workload_via_blanket": r["via_blanket"],
                          "workload_scope": scope} for r in rows}


def compare_properties(unit_rows, scope) -> dict:
    return {r["unit_a"]: {"compare_change": r["change"], "compare_delta": r["delta"], "compare_scope": scope}
            for r in unit_rows}


def summary_properties(records) -> dict:
    """``summary_<measure>`` per plan, from one summary record per plan (``plans`` holds its key)."""
    return {r["plans"]: {f"summary_{k}": v for k, v in r.items() if k != "plans"} for r in records}
