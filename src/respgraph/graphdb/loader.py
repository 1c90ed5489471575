"""Write plans into Neo4j: batched, idempotent, one transaction per plan.

Graph model (labels and relationship types are fixed literals here; every
value goes in as a parameter)::

    (:Plan {key, district, year, title, source, streets, audit_json_gz})-[:ISSUED_BY]->(:District {name})
    (:Section {key, plan, name, order})-[:OF_PLAN]->(:Plan)
    (:Task {key, plan, seq, text, deadline, section, row, lead_raw, co_raw})-[:IN_SECTION]->(:Section)
    (:Leader {key, name, district})-[:OVERSEES {pos}]->(:Task)
    (:Leader)-[:BELONGS_TO]->(:District {name})
    (:Unit {key, name, jurisdiction, level, kind, aliases})-[:LEADS {method, inferred, group, detail, pos, raw}]->(:Task)
    (:Unit)-[:BELONGS_TO]->(:District {name})
    (:Unit)-[:CO_RESPONSIBLE {same as LEADS}]->(:Task)
    (:Group {key, plan, phrase, kind})-[:NAMED_IN {role, raw, pos}]->(:Task)
    (:Group)-[:INCLUDES {pos}]->(:Unit)
    (:Unit {kind: "street"})-[:PART_OF]->(:District)

Keys: a task is ``"<plan key>#<seq>"``, a section ``"<plan key>/<name>"``, a
group ``"<plan key>/<phrase>"``, a unit ``"<jurisdiction>/<name>"``
(拱墅区/区财政局, 杭州市/市生态环境局; see :mod:`respgraph.identity`) and a
leader ``"<district>/<name>"``.  A unit belongs to (``BELONGS_TO``) the
District node of its jurisdiction (a city or 国家 for units of a higher
level).  Units and leaders are shared by every plan of their jurisdiction
(the years of one district; every district of a city for a city unit),
districts by every plan naming them; tasks, sections and groups belong to
one plan.  A unit's ``name`` is its name within the jurisdiction; a name a
plan wrote differently (a renamed unit joined by alias, 杭州市生态环境局) is
among its ``aliases``.

A database loaded by an earlier respgraph, whose units and leaders were keyed
by name alone, is refused with a message (:class:`OldModelError`) until
:func:`migrate` has rewritten it, keeping every plan; ``replace=True``
migrates it first.  ``pos`` keeps the order
of the links and leaders of a task so that :func:`respgraph.graphdb.read.read_plans`
gives back the plan as it was parsed.  The raw text of a task's lead and co
cells is stored once, on the task (``lead_raw``, ``co_raw``); a LEADS,
CO_RESPONSIBLE or NAMED_IN relationship has a ``raw`` of its own only when its
text differs from its cell's (``coalesce(r.raw, t.co_raw)`` reads a loaded
relationship's either way).  Empty ``group`` and ``detail`` are not stored.  The reader's audit
(``Plan.audit``) of the last load is kept on the Plan node as gzip-compressed
JSON (``audit_json_gz``).

Semantics of loading a plan again:

* the same table again changes nothing (every node and relationship is
  MERGEd on its key, then its properties are SET);
* a changed table **without** ``replace`` is *merged*: new rows and changed
  properties are written, nothing is removed;
* a changed table **with** ``replace=True`` replaces the plan exactly: its
  tasks, sections and groups (and units or leaders left with no relationship
  at all) are deleted first, in the same transaction.

Everything for one plan happens in ONE transaction, so an error (or a kill)
half-way leaves the database as it was.  Two plans loading at the same time
can deadlock on the unit nodes they share; the loser's transaction is run
again (up to three times).  A plan must fit in the server's transaction
memory (``dbms.memory.transaction.total.max``, 70% of the heap by default):
with the local server's 3 GiB heap a 20,000-task plan (~230,000
relationships) does; a larger plan fails cleanly with a :class:`DatabaseError`
saying so, and nothing is written.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from dataclasses import dataclass, field

import neo4j
import neo4j.exceptions

from respgraph.errors import DatabaseError, InputError
from respgraph.graphdb.connection import translated_session
from respgraph.graphdb.library import cypher_dir, split_statements
from respgraph.model import CO, LEAD

__all__ = [
    "LoadResult",
    "apply_schema",
    "load_plan",
    "delete_plan",
    "plan_rows",
    "plan_params",
    "task_key",
    "section_key",
    "group_key",
    "audit_blob",
    "OldModelError",
    "MigrationResult",
    "old_model",
    "migrate",
]


def task_key(plan_key: str, seq: int) -> str:
    """The key of task ``seq`` of a plan.

    >>> task_key("拱墅区-2021", 7)
    '拱墅区-2021#7'
    """
    return f"{plan_key}#{seq}"


def audit_blob(plan) -> bytes:
    """The reader's audit of ``plan`` as stored on its Plan node: gzip-compressed JSON.

    Compressed because a city-scale table's audit runs to megabytes of
    repetitive JSON (one event per blanket phrase per task), about a tenth of
    that compressed; the loader's throughput pays for every byte.

    >>> import gzip, json
    >>> from respgraph.model import AuditEvent, Plan
    >>> blob = audit_blob(Plan("区", 2021, "", "", audit=[AuditEvent("typo", "task 1", "co", "甲", "乙")]))
    >>> json.loads(gzip.decompress(blob))[0]["result"]
    '乙'
    """
    events = [
        {"kind": e.kind, "row": e.row, "column": e.column, "raw": e.raw, "result": e.result, "detail": e.detail, "seq": e.seq}
        for e in plan.audit
    ]
    # mtime=0: the same audit gives the same bytes, so loading again changes nothing
    return gzip.compress(json.dumps(events, ensure_ascii=False).encode("utf-8"), compresslevel=6, mtime=0)


def section_key(plan_key: str, name: str) -> str:
    return f"{plan_key}/{name}"


def group_key(plan_key: str, phrase: str) -> str:
    return f"{plan_key}/{phrase}"


@dataclass
class LoadResult:
    """What one :func:`load_plan` call wrote."""

    plan: str
    existed: bool = False  # the plan was already in the database
    replaced: bool = False
    rows: dict = field(default_factory=dict)  # kind of row -> rows written
    batches: int = 0
    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0

    @property
    def relationships_written(self) -> int:
        """Relationship rows sent (created or merged onto an existing one)."""
        return sum(self.rows.get(k, 0) for k in _REL_KINDS)


# ---------------------------------------------------------------- statements
# Each statement takes ``$rows`` (a batch) and ``$plan`` (the plan key).
#
# Nodes are written first, and their statements return each node's elementId;
# the relationship statements then find their ends by elementId (a direct
# seek) rather than by an index lookup on a name, which inside a large
# transaction also has to search the transaction's own uncommitted index
# changes.  An elementId is only used within the transaction that returned it.

_PLAN = """
MERGE (p:Plan {key: $plan})
SET p.district = $district, p.year = $year, p.title = $title, p.source = $source,
    p.streets = $streets, p.audit_json_gz = $audit
"""

_ISSUED_BY = """
MATCH (p:Plan {key: $plan})
MERGE (d:District {name: $district})
MERGE (p)-[:ISSUED_BY]->(d)
"""

_SECTIONS = """
MATCH (p:Plan {key: $plan})
UNWIND $rows AS row
MERGE (s:Section {key: row.key})
SET s.plan = $plan, s.name = row.name, s.order = row.order
MERGE (s)-[:OF_PLAN]->(p)
"""

_UNITS = """
UNWIND $rows AS row
MERGE (u:Unit {key: row.key})
// units are shared by plans: one whose reader did not know the unit ("other")
// leaves the kind another plan's reader gave it
SET u.name = row.name, u.jurisdiction = row.jurisdiction, u.level = row.level,
    u.kind = CASE WHEN row.kind = 'other' AND u.kind IS NOT NULL THEN u.kind ELSE row.kind END,
    u.aliases = [a IN coalesce(u.aliases, []) WHERE NOT a IN row.aliases] + row.aliases
FOREACH (j IN CASE WHEN row.jurisdiction IS NULL THEN [] ELSE [row.jurisdiction] END |
  MERGE (d:District {name: j})
  MERGE (u)-[:BELONGS_TO]->(d))
RETURN row.key AS name, elementId(u) AS id
"""

_STREETS = """
UNWIND $rows AS row
MATCH (u:Unit {key: row.key})
WITH u, row WHERE row.district IS NOT NULL
MERGE (d:District {name: row.district})
MERGE (u)-[:PART_OF]->(d)
"""

_LEADERS = """
UNWIND $rows AS row
MERGE (l:Leader {key: row.key})
SET l.name = row.name, l.district = row.district
FOREACH (d IN CASE WHEN row.district IS NULL THEN [] ELSE [row.district] END |
  MERGE (j:District {name: d})
  MERGE (l)-[:BELONGS_TO]->(j))
RETURN row.key AS name, elementId(l) AS id
"""

_TASK_PROPERTIES = """t.plan = $plan, t.seq = row.seq, t.text = row.text, t.deadline = row.deadline,
    t.section = row.section, t.row = row.row, t.lead_raw = row.lead_raw, t.co_raw = row.co_raw"""


# Before a reloaded task's cell text changes, the loaded links that read their
# raw text from it (raw null) get the old text pinned on them: a link the new
# table no longer names stays (a merge removes nothing) and must keep the text
# it came from; a link the new table names again gets its raw reset by its own
# statement.  Links drawn by hand (no method) came from no cell and are left alone.
_PIN_OLD_CELLS = """
CALL {
  WITH t, row
  MATCH (t)<-[r:LEADS|CO_RESPONSIBLE|NAMED_IN]-()
  WHERE r.raw IS NULL AND (r.method IS NOT NULL OR type(r) = 'NAMED_IN')
  WITH t, row, r, (type(r) = 'LEADS' OR coalesce(r.role, '') = 'lead') AS lead_cell
  WITH r, CASE WHEN lead_cell THEN t.lead_raw ELSE t.co_raw END AS old,
       CASE WHEN lead_cell THEN row.lead_raw ELSE row.co_raw END AS new
  WHERE old IS NOT NULL AND old <> coalesce(new, '')
  SET r.raw = old
}
"""


def _tasks_statement(verb: str) -> str:
    """Tasks with their IN_SECTION relationship; ``verb`` is MERGE or CREATE (a literal, never data)."""
    pin = "WITH s, t, row" + _PIN_OLD_CELLS if verb == "MERGE" else ""
    return f"""
UNWIND $rows AS row
MATCH (s:Section {{key: row.section_key}})
{verb} (t:Task {{key: row.key}})
{pin}SET {_TASK_PROPERTIES}
{verb} (t)-[:IN_SECTION]->(s)
RETURN row.key AS name, elementId(t) AS id
"""


_TASKS = _tasks_statement("MERGE")

_GROUPS = """
UNWIND $rows AS row
MERGE (g:`Group` {key: row.key})
SET g.plan = $plan, g.phrase = row.phrase, g.kind = row.kind
RETURN row.key AS name, elementId(g) AS id
"""

# The relationship statements get their batch grouped by task
# ({task, items: [row, ...]}), so each task is found once per batch.
# Properties are SET one by one: ``SET r += map`` would make the planner
# buffer the whole batch (an Eager step) for fear of a read/write conflict.
# A null property is simply not stored (``raw`` is null when it is the task's
# own cell text, which the Task keeps once as ``lead_raw``/``co_raw``).


def _by_task_statement(start: str, rel_type: str, properties: list[str], fresh: bool) -> str:
    """Relationships from ``start`` nodes to tasks, found by elementId.

    ``start`` and ``rel_type`` are literals of this module, never data.
    """
    head = f"""
UNWIND $rows AS batch
MATCH (t:Task) WHERE elementId(t) = batch.task
UNWIND batch.items AS row
MATCH (n:{start}) WHERE elementId(n) = row.id
"""
    if fresh:
        props = ", ".join(f"{name}: row.{name}" for name in properties)
        return head + f"CREATE (n)-[:{rel_type} {{{props}}}]->(t)\n"
    sets = ", ".join(f"r.{name} = row.{name}" for name in properties)
    # REMOVE: relationships loaded by earlier versions of respgraph carried the plan key too
    return head + f"MERGE (n)-[r:{rel_type}]->(t)\nSET {sets}\nREMOVE r.plan\n"


_LINK_PROPERTIES = ["raw", "method", "inferred", "`group`", "detail", "pos"]

# (kind of rows, start label, relationship type, properties)
_BY_TASK_RELATIONSHIPS = [
    ("oversees", "Leader", "OVERSEES", ["pos"]),
    ("leads", "Unit", "LEADS", _LINK_PROPERTIES),
    ("co", "Unit", "CO_RESPONSIBLE", _LINK_PROPERTIES),
]
# NAMED_IN is keyed by role too: a group named in both cells of a task is two relationships
_NAMED_IN = """
UNWIND $rows AS batch
MATCH (t:Task) WHERE elementId(t) = batch.task
UNWIND batch.items AS row
MATCH (g:`Group`) WHERE elementId(g) = row.id
MERGE (g)-[r:NAMED_IN {role: row.role}]->(t)
SET r.raw = row.raw, r.pos = row.pos
"""

_INCLUDES = """
UNWIND $rows AS row
MATCH (g:`Group`) WHERE elementId(g) = row.group
MATCH (u:Unit) WHERE elementId(u) = row.unit
MERGE (g)-[r:INCLUDES]->(u)
SET r.pos = row.pos
"""

_MERGED_STATEMENTS = {kind: _by_task_statement(start, rel, props, fresh=False) for kind, start, rel, props in _BY_TASK_RELATIONSHIPS}
# A plan written afresh (new, or just deleted by --replace) has new Task nodes,
# so none of their relationships can exist yet: CREATE skips MERGE's check and lock.
_FRESH_STATEMENTS = {kind: _by_task_statement(start, rel, props, fresh=True) for kind, start, rel, props in _BY_TASK_RELATIONSHIPS}
_FRESH_STATEMENTS["tasks"] = _tasks_statement("CREATE")

_HAS_TASKS = "MATCH (t:Task {plan: $plan}) RETURN count(t) > 0 AS any"

_EXISTS = "MATCH (p:Plan {key: $plan}) RETURN count(p) AS n"

_TOUCHED = """
OPTIONAL MATCH (t:Task {plan: $plan})
OPTIONAL MATCH (n)-[:LEADS|CO_RESPONSIBLE|OVERSEES]->(t)
WITH collect(DISTINCT elementId(n)) AS linked
OPTIONAL MATCH (g:`Group` {plan: $plan})-[:INCLUDES]->(m:Unit)
WITH linked, collect(DISTINCT elementId(m)) AS members
WITH linked + members AS ids
OPTIONAL MATCH (u:Unit)-[:BELONGS_TO]->(d:District) WHERE elementId(u) IN ids
RETURN ids, collect(DISTINCT elementId(d)) AS districts
"""

_DELETE_PLAN_PARTS = [
    "MATCH (t:Task {plan: $plan}) DETACH DELETE t",
    "MATCH (g:`Group` {plan: $plan}) DETACH DELETE g",
    "MATCH (s:Section {plan: $plan}) DETACH DELETE s",
]

# a unit or leader that answers for nothing any more: only its BELONGS_TO is left
_DELETE_ORPHANS = """
UNWIND $ids AS id
MATCH (n) WHERE elementId(n) = id AND NOT EXISTS { (n)-[r]-() WHERE type(r) <> 'BELONGS_TO' }
DETACH DELETE n
"""

# a jurisdiction (a city, 国家) none of whose units is left, and no plan is issued by
_DELETE_BARE_JURISDICTIONS = """
UNWIND $ids AS id
MATCH (d:District) WHERE elementId(d) = id AND NOT (d)--()
DELETE d
"""

_DELETE_PLAN_NODE = "MATCH (p:Plan {key: $plan}) DETACH DELETE p"

_DELETE_BARE_STREETS = """
MATCH (d:District {name: $district})<-[:PART_OF]-(s:Unit)
WHERE NOT d:Unit AND NOT (d)<-[:ISSUED_BY]-(:Plan)
  AND NOT (s)-[:LEADS|CO_RESPONSIBLE]->() AND NOT (s)<-[:INCLUDES]-()
  AND NOT (s)-[:PART_OF]->(:District)<-[:ISSUED_BY]-(:Plan)
DETACH DELETE s
"""

_DELETE_BARE_DISTRICT = """
MATCH (d:District {name: $district})
WHERE NOT d:Unit AND NOT (d)--()
DELETE d
"""

# (kind of rows, statement) in the order they must be written: every node
# before the relationships that find it by the elementId its statement returned
_STEPS = [
    ("sections", _SECTIONS),
    ("units", _UNITS),
    ("streets", _STREETS),
    ("leaders", _LEADERS),
    ("tasks", _TASKS),
    ("groups", _GROUPS),
    ("oversees", _MERGED_STATEMENTS["oversees"]),
    ("leads", _MERGED_STATEMENTS["leads"]),
    ("co", _MERGED_STATEMENTS["co"]),
    ("named_in", _NAMED_IN),
    ("includes", _INCLUDES),
]
_RETURNS_IDS = ("units", "leaders", "tasks", "groups")  # node rows, by "key"
# rows grouped by task: (the field naming the other end, the kind of rows that wrote it)
_BY_TASK = {
    "oversees": ("leader", "leaders"),
    "leads": ("unit", "units"),
    "co": ("unit", "units"),
    "named_in": ("group", "groups"),
}
_DEADLOCK_ATTEMPTS = 3
_REL_KINDS = ("oversees", "leads", "co", "named_in", "includes", "tasks", "sections", "streets")


# ---------------------------------------------------------------- rows


class _Rows(list):
    """A batch of rows as sent: a list that does not print itself.

    The driver formats a debug line with the ``repr`` of every RUN's
    parameters even when debug logging is off; for a batch of a thousand rows
    that costs more client time than packing it.
    """

    __slots__ = ()

    def __repr__(self):
        return f"<{len(self)} rows>"


def _batch_params(kind, batch, ids) -> dict:
    """The parameters of one batch of ``kind`` rows.

    ``ids`` maps a kind of node rows to {name or key: elementId} for the nodes
    written so far in this transaction.  Relationship rows name their ends by
    elementId, and rows of one task are sent together (``{task, items}``).
    A property that is null is left out of its row (``row.x`` reads null
    either way), which makes the batch smaller to pack, send and unpack.
    """
    if kind == "includes":
        groups, units = ids["groups"], ids["units"]
        return {"rows": _Rows({"group": groups[r["group"]], "unit": units[r["unit"]], "pos": r["pos"]} for r in batch)}
    if kind not in _BY_TASK:
        return {"rows": _Rows(batch)}
    field, id_kind = _BY_TASK[kind]
    tasks, ends = ids["tasks"], ids[id_kind]
    grouped: dict[str, list] = {}
    for row in batch:
        item = {k: v for k, v in row.items() if v is not None}
        item["id"] = ends[item.pop(field)]
        grouped.setdefault(tasks[item.pop("task")], []).append(item)
    return {"rows": _Rows({"task": task, "items": items} for task, items in grouped.items())}


def _cells(task) -> dict:
    """The raw cell text of each role of a task (the first link or group naming one)."""
    cells: dict[str, str] = {}
    for link in task.links:
        if link.raw:
            cells.setdefault(link.role, link.raw)
    for ref in task.groups:
        if ref.raw:
            cells.setdefault(ref.role, ref.raw)
    return cells


def plan_params(plan) -> dict:
    """The parameters of the statements that write the Plan node and its ISSUED_BY."""
    return {
        "plan": plan.key,
        "district": plan.district or None,
        "year": plan.year,
        "title": plan.title,
        "source": str(plan.source),
        "streets": list(plan.streets),
        "audit": audit_blob(plan),
    }


def plan_rows(plan) -> dict:
    """The rows :func:`load_plan` sends, by kind (plain dicts, no I/O).

    A unit linked twice to one task in the same role (say named explicitly and
    again through 各街道) is one relationship in the graph; the first link of
    the task wins, as ``Task.links`` lists explicit links first.

    >>> from respgraph.model import Plan, Task, Link
    >>> p = Plan("拱墅区", 2021, "t", "s", sections=["一"], tasks=[
    ...     Task(1, "一", "x", leaders=["王涛"], links=[Link("区财政局", "lead", "exact", "区财政局")])])
    >>> [r["unit"] for r in plan_rows(p)["leads"]], plan_rows(p)["leaders"]
    (['拱墅区/区财政局'], [{'key': '拱墅区/王涛', 'name': '王涛', 'district': '拱墅区'}])
    """
    key = plan.key
    duplicates = sorted(seq for seq, n in Counter(t.seq for t in plan.tasks).items() if n > 1)
    if duplicates:
        raise InputError(f"task numbers {duplicates} appear more than once", source=plan.source)

    # dicts as ordered sets: a city-scale plan has thousands of sections
    section_names = list(dict.fromkeys([*plan.sections, *(task.section for task in plan.tasks)]))
    sections = [
        {"key": section_key(key, name), "name": name, "order": i} for i, name in enumerate(section_names)
    ]

    units: dict[str, dict] = {}  # by key
    unit_keys: dict[str, str] = {}  # the plan's name -> key

    def add_unit(name):
        key = unit_keys.get(name)
        if key is None:
            key = unit_keys[name] = plan.unit_key(name)
        if key not in units:
            unit = plan.units.get(name)
            kind = unit.kind if unit else ("street" if name in plan.streets else "other")
            _, own, jurisdiction, level = plan.unit_identity(name)
            aliases = set(unit.aliases) if unit else set()
            if name != own:  # the plan writes it otherwise (a renamed unit, 杭州市…): keep that as an alias
                aliases.add(name)
            units[key] = {"key": key, "name": own, "jurisdiction": jurisdiction or None, "level": level,
                          "kind": kind, "aliases": sorted(aliases)}
        elif name != units[key]["name"] and name not in units[key]["aliases"]:
            units[key]["aliases"] = sorted([*units[key]["aliases"], name])
        return key

    # Only units that will hang on a relationship are written (linked to a
    # task, member of a group, street of the district): a bare unit node
    # would belong to no plan and outlive every delete.
    for name in plan.streets:
        add_unit(name)

    tasks, oversees, leads, co = [], [], [], []
    groups: dict[str, dict] = {}
    named_in, includes = [], []
    leaders: dict[str, dict] = {}  # by key
    for task in plan.tasks:
        tkey = task_key(key, task.seq)
        # a cell's text is kept once, on the task; a link or group mention
        # carries its own raw text only when it differs from its cell's
        cells = _cells(task)
        tasks.append(
            {
                "key": tkey,
                "seq": task.seq,
                "text": task.text,
                "deadline": task.deadline,
                "section": task.section,
                "section_key": section_key(key, task.section),
                "row": task.row,
                "lead_raw": cells.get(LEAD),
                "co_raw": cells.get(CO),
            }
        )
        for pos, name in enumerate(dict.fromkeys(task.leaders)):
            lkey = plan.leader_key(name)
            leaders.setdefault(lkey, {"key": lkey, "name": name, "district": plan.district or None})
            oversees.append({"leader": lkey, "task": tkey, "pos": pos})
        seen = set()
        for pos, link in enumerate(task.links):
            ukey = add_unit(link.unit)
            if (ukey, link.role) in seen:
                continue
            seen.add((ukey, link.role))
            row = {
                "unit": ukey,
                "task": tkey,
                "raw": None if link.raw == cells.get(link.role) else link.raw,
                "method": link.method,
                "inferred": bool(link.inferred),
                "group": link.group,
                "detail": link.detail or None,
                "pos": pos,
            }
            if link.role == LEAD:
                leads.append(row)
            elif link.role == CO:
                co.append(row)
            else:
                raise InputError(f"task {task.seq}: unknown role {link.role!r}", source=plan.source)
        seen_groups = set()
        for pos, ref in enumerate(task.groups):
            gkey = group_key(key, ref.phrase)
            if gkey not in groups:
                groups[gkey] = {"key": gkey, "phrase": ref.phrase, "kind": ref.kind, "members": {}}
            groups[gkey]["members"].update(dict.fromkeys(ref.members))
            if (gkey, ref.role) in seen_groups:
                continue
            seen_groups.add((gkey, ref.role))
            raw = None if ref.raw == cells.get(ref.role) else ref.raw
            named_in.append({"group": gkey, "task": tkey, "role": ref.role, "raw": raw, "pos": pos})
    for group in groups.values():
        for pos, member in enumerate(group.pop("members")):
            includes.append({"group": group["key"], "unit": add_unit(member), "pos": pos})

    street_keys = list(dict.fromkeys(unit_keys[name] for name in plan.streets))
    streets = [{"key": key, "district": plan.district or None} for key in street_keys]
    streets += [
        {"key": u["key"], "district": None}
        for u in units.values()
        if u["kind"] == "street" and u["key"] not in street_keys
    ]
    return {
        "sections": sections,
        "units": list(units.values()),
        "streets": streets,
        "leaders": list(leaders.values()),
        "tasks": tasks,
        "oversees": oversees,
        "leads": leads,
        "co": co,
        "groups": list(groups.values()),
        "named_in": named_in,
        "includes": includes,
    }


# ---------------------------------------------------------------- writing


# ---------------------------------------------------------------- the previous model

#: Constraints of the previous model (units and leaders unique by name alone).
OLD_CONSTRAINTS = ("unit_name", "leader_name")

# keyless units and leaders that take part in a plan; bare leftovers are harmless
_OLD_NODES = """
OPTIONAL MATCH (u:Unit) WHERE u.key IS NULL AND (u)--()
WITH count(u) AS units
OPTIONAL MATCH (l:Leader) WHERE l.key IS NULL AND (l)--()
RETURN units, count(l) AS leaders
"""

_OLD_CONSTRAINTS = "SHOW CONSTRAINTS YIELD name WHERE name IN $names RETURN collect(name) AS names"


class OldModelError(DatabaseError):
    """The database holds units or leaders loaded by an earlier respgraph (keyed by name alone)."""


def old_model(driver, database=None) -> dict:
    """What of the previous model the database holds: ``{"units", "leaders"}`` without a key
    that take part in a plan (a bare leftover node does not count).

    Both 0 means the database is of the current model (or empty).
    """
    with translated_session(driver, database, neo4j.READ_ACCESS) as session:
        record = session.run(_OLD_NODES).single()
        return {"units": record["units"], "leaders": record["leaders"]}


def _drop_old_constraints(session) -> list[str]:
    names = session.run(_OLD_CONSTRAINTS, names=list(OLD_CONSTRAINTS)).single()["names"]
    for name in names:  # a fixed name of this module, never data
        session.run(f"DROP CONSTRAINT {name} IF EXISTS").consume()
    return names


def apply_schema(driver, database=None) -> int:
    """Create the constraints and indexes of ``cypher/schema.cypher`` (idempotent).

    The previous model's name constraints (``unit_name``, ``leader_name``)
    are dropped when the database holds nothing of that model any more (two
    districts' 区财政局 share a name); with old nodes left they stay until
    :func:`migrate`.  Returns the number of statements run.
    """
    statements = split_statements((cypher_dir() / "schema.cypher").read_text(encoding="utf-8"))
    old = old_model(driver, database)
    with translated_session(driver, database) as session:
        if not (old["units"] or old["leaders"]):
            _drop_old_constraints(session)
        for statement in statements:
            session.run(statement).consume()
    return len(statements)


def _check_model(driver, database) -> None:
    old = old_model(driver, database)
    if old["units"] or old["leaders"]:
        raise OldModelError(
            f"the database was loaded by an earlier respgraph (or units were made by hand without a key): "
            f"{old['units']} units and {old['leaders']} leaders are keyed by name alone, so two districts' "
            "units of the same name would become one. "
            "Run `respgraph neo4j migrate` (it keeps every plan), or load with --replace, which migrates first"
        )


@dataclass
class MigrationResult:
    """What :func:`migrate` did."""

    plans: list = field(default_factory=list)  # the plan keys rewritten
    units_before: int = 0  # unit nodes before (keyed by name)
    units_after: int = 0  # unit nodes after (keyed by jurisdiction/name)
    leaders_before: int = 0
    leaders_after: int = 0
    constraints_dropped: list = field(default_factory=list)
    migrated: bool = False  # False when there was nothing of the previous model


_WIPE = """
MATCH (n) WHERE n:Plan OR n:Section OR n:Task OR n:Leader OR n:Unit OR n:District OR n:`Group`
DETACH DELETE n
"""

_COUNT = "MATCH (n) WHERE $label IN labels(n) RETURN count(n) AS n"


def migrate(driver, *, database=None, gazetteer=None, progress=None) -> MigrationResult:
    """Rewrite a database loaded with the previous model into the current one, keeping every plan.

    Every plan is read back (with an analyst's hand-drawn edges, which
    come back as ``manual`` links), its units and leaders are given their
    identity (:func:`respgraph.identity.assign_identities`, the city from
    ``gazetteer`` or the plan's title), and the whole graph is written again
    in ONE transaction: a failure leaves the database as it was.  Properties
    set on units by hand or by ``--write-back`` are not carried over (they
    were per name; write them back again).  Nothing to do on a database of
    the current model.
    """
    from respgraph.graphdb.read import read_plans
    from respgraph.identity import assign_identities
    from respgraph.lexicon import load_gazetteer

    result = MigrationResult()
    old = old_model(driver, database)
    result.units_before, result.leaders_before = old["units"], old["leaders"]
    if not (old["units"] or old["leaders"]):
        with translated_session(driver, database) as session:
            result.constraints_dropped = _drop_old_constraints(session)
        return result
    if gazetteer is None or not hasattr(gazetteer, "districts"):
        gazetteer = load_gazetteer(gazetteer)
    plans = read_plans(driver, None, database=database)
    for plan in plans:
        for unit in plan.units.values():
            unit.key = ""  # read back by name: work its identity out afresh
        assign_identities(plan, gazetteer, renames={})
    result.plans = [plan.key for plan in plans]
    with translated_session(driver, database) as session:
        result.constraints_dropped = _drop_old_constraints(session)
    try:
        with translated_session(driver, database, neo4j.WRITE_ACCESS) as session:
            with session.begin_transaction() as tx:
                tx.run(_WIPE).consume()
                for index, plan in enumerate(plans, start=1):
                    _write(tx, plan, plan_rows(plan), plan_params(plan), fresh=True, batch_size=1000, result=LoadResult(plan.key))
                    if progress is not None:
                        progress(index, len(plans))
                tx.commit()
    except BaseException:
        # the data is as it was: so are its constraints
        with translated_session(driver, database) as session:
            for name, label in (("unit_name", "Unit"), ("leader_name", "Leader")):
                if name in result.constraints_dropped:  # literals of this module, never data
                    session.run(f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.name IS UNIQUE").consume()
        raise
    apply_schema(driver, database)
    with translated_session(driver, database, neo4j.READ_ACCESS) as session:
        result.units_after = session.run(_COUNT, label="Unit").single()["n"]
        result.leaders_after = session.run(_COUNT, label="Leader").single()["n"]
    result.migrated = True
    return result


def load_plan(
    driver,
    plan,
    *,
    database=None,
    replace=False,
    batch_size=1000,
    progress=None,
    fail_after_batches=None,
) -> LoadResult:
    """Write ``plan`` into the database in one transaction; see the module doc.

    ``progress(done, total)`` is called after every batch with the rows written
    so far and the rows to write.  ``fail_after_batches=N`` raises
    :class:`DatabaseError` after N batches (to show that nothing is kept).

    >>> result = load_plan(driver, plan)            # doctest: +SKIP
    >>> result.rows["tasks"], result.relationships_created   # doctest: +SKIP
    (106, 1234)
    """
    if batch_size < 1:
        raise InputError(f"batch size must be at least 1, not {batch_size}")
    rows = plan_rows(plan)
    key = plan.key
    params = plan_params(plan)
    result = LoadResult(plan=key, replaced=replace, rows={k: len(v) for k, v in rows.items()})

    def work(tx):
        # a retried transaction (after a deadlock with another writer) starts the counts afresh
        for name in ("batches", "nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted", "properties_set"):
            setattr(result, name, 0)
        result.existed = tx.run(_EXISTS, plan=key).single()["n"] > 0
        if replace:  # by the plan key on every part, so even parts without a Plan node go
            _delete_parts(tx, key, lambda summary: _count(result, summary))
        fresh = replace or not (result.existed or tx.run(_HAS_TASKS, plan=key).single()["any"])
        _write(tx, plan, rows, params, fresh=fresh, batch_size=batch_size, result=result, progress=progress,
               fail_after_batches=fail_after_batches)

    if replace and any(old_model(driver, database).values()):
        migrate(driver, database=database)  # --replace rewrites the previous model first, keeping every plan
    _check_model(driver, database)
    apply_schema(driver, database)
    with translated_session(driver, database, neo4j.WRITE_ACCESS) as session:
        for attempt in range(1, _DEADLOCK_ATTEMPTS + 1):
            try:
                # leaving the block without commit() (any exception) rolls everything back
                with session.begin_transaction() as tx:
                    work(tx)
                    tx.commit()
                break
            except neo4j.exceptions.TransientError as exc:
                # two plans loading at once can deadlock on the units they share:
                # the loser starts again; any other failure is reported
                if "DeadlockDetected" not in (exc.code or "") or attempt == _DEADLOCK_ATTEMPTS:
                    raise
    return result


def _count(result, summary) -> None:
    c = summary.counters
    result.nodes_created += c.nodes_created
    result.nodes_deleted += c.nodes_deleted
    result.relationships_created += c.relationships_created
    result.relationships_deleted += c.relationships_deleted
    result.properties_set += c.properties_set


def _write(tx, plan, rows, params, *, fresh, batch_size, result, progress=None, fail_after_batches=None) -> None:
    """Write one plan's rows in ``tx``: its Plan node, then every kind of row in batches."""
    key = plan.key
    total = sum(len(r) for r in rows.values())
    _count(result, tx.run(_PLAN, params).consume())
    if params["district"]:
        _count(result, tx.run(_ISSUED_BY, params).consume())
    done = 0
    ids: dict[str, dict] = {kind: {} for kind in _RETURNS_IDS}
    for kind, statement in _STEPS:
        if fresh:
            statement = _FRESH_STATEMENTS.get(kind, statement)
        batch_rows = rows[kind]
        for start in range(0, len(batch_rows), batch_size):
            batch = batch_rows[start : start + batch_size]
            cursor = tx.run(statement, _batch_params(kind, batch, ids), plan=key)
            if kind in ids:
                ids[kind].update((record["name"], record["id"]) for record in cursor)
            _count(result, cursor.consume())
            result.batches += 1
            done += len(batch)
            if progress is not None:
                progress(done, total)
            if fail_after_batches is not None and result.batches >= fail_after_batches:
                raise DatabaseError(f"loading {key} stopped on purpose after {result.batches} batches (test hook)")


def _delete_parts(tx, key, count) -> None:
    """Delete a plan's tasks, sections and groups, then units/leaders left bare
    and the jurisdictions (cities, 国家) their going leaves empty."""
    touched = tx.run(_TOUCHED, plan=key).single()
    for statement in _DELETE_PLAN_PARTS:
        count(tx.run(statement, plan=key).consume())
    count(tx.run(_DELETE_ORPHANS, ids=touched["ids"]).consume())
    count(tx.run(_DELETE_BARE_JURISDICTIONS, ids=touched["districts"]).consume())


def delete_plan(driver, plan_key, *, database=None) -> bool:
    """Remove a plan entirely (its node, tasks, sections, groups, and the units,
    leaders and districts that nothing else refers to).  One transaction.

    Returns whether the plan was there.
    """

    def work(tx):
        exists = tx.run(_EXISTS, plan=plan_key).single()["n"] > 0
        districts = tx.run(
            "MATCH (:Plan {key: $plan})-[:ISSUED_BY]->(d:District) RETURN collect(d.name) AS names",
            plan=plan_key,
        ).single()["names"]
        _delete_parts(tx, plan_key, lambda summary: None)
        tx.run(_DELETE_PLAN_NODE, plan=plan_key).consume()
        # a district no plan is issued by any more: its streets that answer
        # for nothing go, then the district if nothing else refers to it
        for district in districts:
            tx.run(_DELETE_BARE_STREETS, district=district).consume()
            tx.run(_DELETE_BARE_DISTRICT, district=district).consume()
        return exists

    with translated_session(driver, database) as session:
        return session.execute_write(work)
