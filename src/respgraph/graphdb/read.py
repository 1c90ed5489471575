"""Read plans back out of Neo4j as :class:`respgraph.model.Plan` objects.

The analyses and renderers then run on what is in the database, including an
analyst's own edits: a ``LEADS`` edge drawn by hand in Neo4j Browser comes back
as a :class:`~respgraph.model.Link` (method ``"manual"`` when the edge has no
``method`` property).

The reader's audit (``Plan.audit``) comes back as stored by the last load.
Units come back with their key, jurisdiction and level, leaders by key, so two
districts' 区财政局 (or 王涛) stay apart.  A unit is named in the plan by its
node's ``name``.  A database of the previous model (units keyed by name alone)
reads too: its units get their identity worked out from the plan's district
(the city from the shipped gazetteer or the plan's title).

>>> plans = read_plans(driver, ["拱墅区-2021"])      # doctest: +SKIP
>>> len(plans[0].tasks)                              # doctest: +SKIP
106
"""

from __future__ import annotations

import gzip
import json
import zlib

import neo4j

from respgraph.graphdb.connection import translated_session
from respgraph.errors import DatabaseError
from respgraph.model import CO, LEAD, MANUAL_METHOD, AuditEvent, GroupRef, Link, Plan, Task, Unit

__all__ = ["read_plans", "plan_keys", "plan_overview", "MANUAL_METHOD"]


_PLANS = """
MATCH (p:Plan)
WHERE $keys IS NULL OR p.key IN $keys
OPTIONAL MATCH (p)-[:ISSUED_BY]->(d:District)
OPTIONAL MATCH (s:Unit)-[:PART_OF]->(d)
WITH p, d, s ORDER BY s.name
RETURN p.key AS key, p.district AS district, p.year AS year, p.title AS title,
       p.source AS source, p.streets AS streets, p.audit_json_gz AS audit, d.name AS issued_by,
       collect(DISTINCT s.name) AS part_of
ORDER BY key
"""

_SECTIONS = """
MATCH (s:Section)-[:OF_PLAN]->(:Plan {key: $plan})
RETURN s.name AS name ORDER BY s.order, s.name
"""

_TASKS = """
MATCH (t:Task {plan: $plan})
OPTIONAL MATCH (t)-[:IN_SECTION]->(s:Section)
WITH t, s ORDER BY s.order
WITH t, collect(s.name) AS sections
RETURN t.key AS key, t.seq AS seq, t.text AS text, t.deadline AS deadline,
       coalesce(sections[0], t.section) AS section, t.row AS row
ORDER BY t.seq
"""

_LEADERS = """
MATCH (l:Leader)-[r:OVERSEES]->(t:Task {plan: $plan})
RETURN t.key AS task, l.name AS leader
ORDER BY t.key, r.pos IS NULL, r.pos, l.name
"""

_LINKS = """
MATCH (u:Unit)-[r:LEADS|CO_RESPONSIBLE]->(t:Task {plan: $plan})
RETURN t.key AS task, u.name AS unit, elementId(u) AS uid, type(r) AS type, r.pos AS pos, r.method AS method,
       // a loaded link without a raw of its own came from its task's cell;
       // one drawn by hand (no method) came from no cell
       coalesce(r.raw, CASE WHEN r.method IS NULL THEN null
                            WHEN type(r) = 'LEADS' THEN t.lead_raw ELSE t.co_raw END) AS raw,
       r.inferred AS inferred, r.`group` AS link_group, r.detail AS detail
ORDER BY t.key, r.pos IS NULL, r.pos, type(r) DESC, u.name
"""

_GROUPS = """
MATCH (g:`Group`)-[r:NAMED_IN]->(t:Task {plan: $plan})
OPTIONAL MATCH (g)-[i:INCLUDES]->(u:Unit)
WITH g, r, t, u, i ORDER BY i.pos IS NULL, i.pos, u.name
WITH t, g, r, collect(u.name) AS members, collect(elementId(u)) AS member_ids
RETURN t.key AS task, g.phrase AS phrase, g.kind AS kind, r.role AS role,
       coalesce(r.raw, CASE r.role WHEN 'lead' THEN t.lead_raw ELSE t.co_raw END) AS raw, members, member_ids
ORDER BY t.key, r.pos IS NULL, r.pos, g.phrase
"""

_UNITS = """
UNWIND $ids AS id
MATCH (u:Unit) WHERE elementId(u) = id
RETURN u.name AS name, u.key AS key, u.jurisdiction AS jurisdiction, u.level AS level,
       u.kind AS kind, u.aliases AS aliases
"""

# the plan's streets not linked to any of its tasks: the district's units of those names
_STREET_UNITS = """
MATCH (:Plan {key: $plan})-[:ISSUED_BY]->(:District)<-[:PART_OF]-(u:Unit)
WHERE u.name IN $names
RETURN u.name AS name, u.key AS key, u.jurisdiction AS jurisdiction, u.level AS level,
       u.kind AS kind, u.aliases AS aliases
"""

_KEYS = "MATCH (p:Plan) RETURN p.key AS key ORDER BY key"


def plan_keys(driver, *, database=None) -> list[str]:
    """The keys of every plan in the database, sorted."""
    with translated_session(driver, database, neo4j.READ_ACCESS) as s:
        return s.execute_read(lambda tx: [r["key"] for r in tx.run(_KEYS)])


_OVERVIEW = """
MATCH (p:Plan)
OPTIONAL MATCH (t:Task {plan: p.key})
WITH p, count(t) AS tasks
OPTIONAL MATCH (u:Unit)-[:LEADS|CO_RESPONSIBLE]->(:Task {plan: p.key})
RETURN p.key AS key, p.district AS district, p.year AS year, tasks,
       count(DISTINCT u) AS units, p.title AS title, p.source AS source
ORDER BY key
"""


def plan_overview(driver, *, database=None) -> list[dict]:
    """One row per plan in the database: key, district, year, tasks, units, title, source.

    >>> [row["tasks"] for row in plan_overview(driver)]   # doctest: +SKIP
    [106]
    """
    with translated_session(driver, database, neo4j.READ_ACCESS) as s:
        return s.execute_read(lambda tx: [record.data() for record in tx.run(_OVERVIEW)])


def read_plans(driver, plan_keys=None, *, database=None) -> list[Plan]:
    """Rebuild the plans called ``plan_keys`` (every plan when None), sorted by key.

    Tasks come back in ``seq`` order with their leaders, links (with
    provenance and the ``inferred`` flag) and group references in the order
    they were loaded; ``plan.units`` holds every unit the plan links to, names
    as a group member or lists as a street, with its kind and aliases.
    """
    keys = None if plan_keys is None else list(plan_keys)
    with translated_session(driver, database, neo4j.READ_ACCESS) as s:
        return s.execute_read(_read_all, keys)


def _read_all(tx, keys):
    return [_read_one(tx, record) for record in tx.run(_PLANS, keys=keys)]


def _read_one(tx, head) -> Plan:
    key = head["key"]
    plan = Plan(
        district=head["district"] or "",
        year=head["year"],
        title=head["title"] or "",
        source=head["source"] or "",
    )
    # the plan's own street list (as parsed) when stored, else the district's streets
    plan.streets = list(head["streets"]) if head["streets"] is not None else list(head["part_of"])
    plan.sections = [r["name"] for r in tx.run(_SECTIONS, plan=key)]
    plan.audit = _audit(key, head["audit"])

    tasks: dict[str, Task] = {}
    for r in tx.run(_TASKS, plan=key):
        tasks[r["key"]] = Task(
            seq=r["seq"], section=r["section"] or "", text=r["text"] or "", deadline=r["deadline"], row=r["row"] or ""
        )
        if r["section"] and r["section"] not in plan.sections:
            plan.sections.append(r["section"])
    for r in tx.run(_LEADERS, plan=key):
        tasks[r["task"]].leaders.append(r["leader"])

    unit_ids: dict[str, None] = {}
    for r in tx.run(_LINKS, plan=key):
        unit_ids.setdefault(r["uid"])
        task = tasks[r["task"]]
        role = LEAD if r["type"] == "LEADS" else CO
        link = Link(
            unit=r["unit"],
            role=role,
            method=r["method"] or MANUAL_METHOD,
            raw=r["raw"] if r["raw"] is not None else "",
            inferred=bool(r["inferred"]),
            group=r["link_group"],
            detail=r["detail"] or "",
        )
        task.links.append(link)
        if not link.inferred:
            names = task.lead_units if role == LEAD else task.co_units
            if link.unit not in names:
                names.append(link.unit)
    for task in tasks.values():
        # an explicit co link never repeats a lead (as the reader keeps it)
        task.co_units = [u for u in task.co_units if u not in task.lead_units]

    members_seen: list[str] = []
    for r in tx.run(_GROUPS, plan=key):
        members = tuple(r["members"])
        tasks[r["task"]].groups.append(
            GroupRef(phrase=r["phrase"], role=r["role"], kind=r["kind"] or "other", members=members, raw=r["raw"] or "")
        )
        members_seen.extend(members)
        unit_ids.update(dict.fromkeys(r["member_ids"]))

    plan.tasks = sorted(tasks.values(), key=lambda t: t.seq)
    names = list(dict.fromkeys([link.unit for t in plan.tasks for link in t.links] + members_seen + plan.streets))
    found = {r["name"]: r for r in tx.run(_UNITS, ids=list(unit_ids))}
    missing = [name for name in names if name not in found]
    if missing:
        found.update({r["name"]: r for r in tx.run(_STREET_UNITS, plan=key, names=missing)})
    for name in names:
        record = found.get(name)
        if record is None:
            plan.units[name] = Unit(name=name, kind="street" if name in plan.streets else "other")
        else:
            plan.units[name] = Unit(name=name, kind=record["kind"] or "other", aliases=set(record["aliases"] or ()),
                                    key=record["key"] or "", jurisdiction=record["jurisdiction"] or "",
                                    level=record["level"] or "district")
    _identify_unkeyed(plan)
    return plan


def _identify_unkeyed(plan) -> None:
    """Units without a key (a street never loaded, a database of the previous model): their identity from the plan."""
    unkeyed = [unit for unit in plan.units.values() if not unit.key]
    if not unkeyed:
        return
    from respgraph.identity import city_of, identify, province_of
    from respgraph.lexicon import load_gazetteer

    gazetteer = load_gazetteer()
    district = plan.home
    city, province = city_of(district, gazetteer, plan.title), province_of(district, gazetteer, plan.title)
    for unit in unkeyed:
        identity = identify(unit.name, district, city, province)
        unit.key, unit.jurisdiction, unit.level = identity.key, identity.jurisdiction, identity.level


def _audit(plan_key: str, blob) -> list[AuditEvent]:
    """The audit stored on a Plan node (none for a plan made by hand in the database)."""
    if blob is None:
        return []
    try:
        return [AuditEvent(**event) for event in json.loads(gzip.decompress(bytes(blob)))]
    except (TypeError, ValueError, OSError, EOFError, zlib.error) as exc:
        raise DatabaseError(f"plan {plan_key}: its stored audit is not the gzip-compressed JSON respgraph writes ({exc})") from None
