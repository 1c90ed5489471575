"""Run Cypher for an analyst: read-only unless asked, plain Python values back.

Read-only means more than Neo4j's read access mode, which lets through
commands that act on the server or on other people's sessions
(``TERMINATE TRANSACTIONS`` ends a running ``respgraph load``;
``CALL dbms.killConnection``, ``db.stats.clear``, ``db.clearQueryCaches``
are all "read" procedures).  Before running a statement without
``write=True``, :func:`run_query` asks the server for its plan (``EXPLAIN``,
which runs nothing) and refuses it unless

* the server says it only reads (``query_type`` ``'r'``);
* every procedure it calls is one of :data:`READ_PROCEDURES`, which only
  describe the database (labels, schema, versions);
* it has no ``TERMINATE TRANSACTIONS`` and no administration command other
  than a ``SHOW`` (``SHOW TRANSACTIONS``, ``SHOW INDEXES``, ``SHOW
  DATABASES`` only look);
* it has no ``LOAD CSV``, unless ``allow_load_csv=True``: ``LOAD CSV`` makes
  the server fetch a URL (it read ``http://127.0.0.1:7474/`` in a review) or
  read a file, whichever the query names, with or without ``write``.

``write=True`` lifts the first three rules: the user has said the query may
change things.

>>> columns, rows = run_query(conn, "MATCH (t:Task {plan: $plan}) RETURN count(t) AS n",
...                           {"plan": "拱墅区-2021"})                 # doctest: +SKIP
>>> columns, rows                                                      # doctest: +SKIP
(['n'], [[106]])
"""

from __future__ import annotations

import re

import neo4j
from neo4j.graph import Node, Path, Relationship

from respgraph.errors import QueryError
from respgraph.graphdb.connection import translated_session
from respgraph.graphdb.library import split_statements

__all__ = ["READ_PROCEDURES", "check_query", "run_query", "run_script", "plain"]

#: Procedures a reading query may call: they only describe the database or the server.
READ_PROCEDURES = frozenset({
    "db.labels",
    "db.relationshipTypes",
    "db.propertyKeys",
    "db.schema.visualization",
    "db.schema.nodeTypeProperties",
    "db.schema.relTypeProperties",
    "db.info",
    "db.ping",
    "dbms.components",
    "dbms.info",
})

_PROCEDURE_NAME = re.compile(r"\s*([A-Za-z_][\w.]*)\s*\(")
_LEADING = re.compile(r"^(\s+|//[^\n]*\n?|/\*.*?\*/)*", re.S)


def _operators(plan) -> list[tuple[str, str]]:
    """``(operator, details)`` of every operator of an EXPLAIN plan, depth first."""
    if not plan:
        return []
    name = str(plan.get("operatorType", "")).split("@")[0]
    details = str((plan.get("args") or {}).get("Details", ""))
    found = [(name, details)]
    for child in plan.get("children") or ():
        found.extend(_operators(child))
    return found


def _body(cypher: str) -> str:
    """The statement without leading blanks and comments."""
    return cypher[_LEADING.match(cypher).end():]


def check_query(session, cypher, params=None, *, write=False, allow_load_csv=False) -> str:
    """Ask the server what ``cypher`` would do (EXPLAIN); raise :class:`QueryError` if it is not allowed.

    Returns the query type the server gave (``'r'``, ``'rw'``, ``'w'``, ``'s'``).
    See the module documentation for the rules.
    """
    body = _body(cypher)
    # PROFILE runs the query; EXPLAIN of the rest says what it would do
    probe = re.sub(r"^PROFILE\b", "", body, flags=re.I) if re.match(r"PROFILE\b", body, re.I) else body
    summary = session.run("EXPLAIN " + probe, params or {}).consume()
    query_type = summary.query_type or ""
    operators = _operators(summary.plan)
    names = {name for name, _ in operators}
    if "LoadCSV" in names and not allow_load_csv:
        raise QueryError(
            "this query uses LOAD CSV, which makes the Neo4j server fetch the URL or read the file it names; "
            "run it with {option} if that is what you want",
            option="allow_load_csv=True",
        )
    if write:
        return query_type
    procedures = [m.group(1) for name, details in operators if name == "ProcedureCall"
                  for m in [_PROCEDURE_NAME.match(details)] if m]
    acting = sorted({p for p in procedures if p not in READ_PROCEDURES})
    if acting:
        raise QueryError(
            f"this query calls {', '.join(acting)}, which may act on the server or on other sessions rather than "
            "only read; run with {option} if you mean it",
            option="write=True",
        )
    if "TerminateTransactions" in names:
        raise QueryError("TERMINATE TRANSACTIONS ends other people's work (a running load, for one); "
                         "run with {option} if you mean it", option="write=True")
    is_show = bool(re.match(r"SHOW\b", body, re.I))
    if "AdministrationCommand" in names and not is_show:
        raise QueryError("this is an administration command (users, passwords, databases); "
                         "run with {option} if you mean it", option="write=True")
    only_looks = query_type == "s" and (is_show or (procedures and not acting))
    if query_type not in ("r", "") and not only_looks:
        raise QueryError("this query writes; run with {option}", option="write=True")
    return query_type


def run_query(conn, cypher, params=None, *, database=None, write=False, allow_load_csv=False):
    """Run one Cypher statement; return ``(columns, rows)``.

    Read-only by default: the statement is checked first (see the module
    documentation) and then runs in a read transaction, so a query that
    writes, calls a procedure that acts on the server, or loads a CSV fails
    with :class:`QueryError` saying what to allow.  ``write=True`` runs it in
    a write transaction; ``allow_load_csv=True`` lets ``LOAD CSV`` fetch.
    Syntax errors and missing parameters come back as :class:`QueryError`
    with the server's message.  Values are plain Python: nodes and
    relationships become dicts of their properties, paths lists of those,
    temporal values ISO strings.  ``database`` overrides the connection's.
    """
    if not str(cypher).strip():
        raise QueryError("the query is empty")
    params = dict(params or {})

    def work(tx):
        result = tx.run(cypher, params)
        columns = list(result.keys())
        rows = [[plain(value) for value in record.values()] for record in result]
        result.consume()
        return columns, rows

    mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
    with translated_session(conn, database, mode) as session:
        check_query(session, cypher, params, write=write, allow_load_csv=allow_load_csv)
        if write:
            return session.execute_write(work)
        return session.execute_read(work)


def run_script(conn, text, params=None, *, database=None, write=False, allow_load_csv=False):
    """Run every statement of a script (split on ``;``), each in its own
    transaction; return the ``(columns, rows)`` of the last one.

    Every statement is checked before the first one runs, so a script whose
    third statement would be refused changes nothing.
    """
    statements = split_statements(text)
    if not statements:
        raise QueryError("the query is empty")
    with translated_session(conn, database, neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS) as session:
        for statement in statements:
            check_query(session, statement, params, write=write, allow_load_csv=allow_load_csv)
    result = ([], [])
    for statement in statements:
        result = run_query(conn, statement, params, database=database, write=write, allow_load_csv=allow_load_csv)
    return result


def plain(value):
    """A driver value as plain Python (JSON-friendly apart from bytes).

    >>> plain([1, {"a": (2, 3)}])
    [1, {'a': [2, 3]}]
    """
    if isinstance(value, (Node, Relationship)):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, Path):
        out = []
        for i, node in enumerate(value.nodes):
            out.append(plain(node))
            if i < len(value.relationships):
                out.append(plain(value.relationships[i]))
        return out
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return value
    iso = getattr(value, "iso_format", None) or getattr(value, "isoformat", None)
    if iso is not None:
        return iso()
    return str(value)
