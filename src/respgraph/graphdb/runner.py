"""Run Cypher for an analyst: read-only unless asked, plain Python values back.

>>> columns, rows = run_query(driver, "MATCH (t:Task {plan: $plan}) RETURN count(t) AS n",
...                           {"plan": "拱墅区-2021"})                 # doctest: +SKIP
>>> columns, rows                                                      # doctest: +SKIP
(['n'], [[106]])
"""

from __future__ import annotations

import neo4j
from neo4j.graph import Node, Path, Relationship

from respgraph.errors import QueryError
from respgraph.graphdb.library import split_statements
from respgraph.graphdb.connection import translated_session

__all__ = ["run_query", "run_script", "plain"]


def run_query(driver, cypher, params=None, *, database=None, write=False):
    """Run one Cypher statement; return ``(columns, rows)``.

    Read-only by default: the session runs in read access mode, so a query
    that writes fails with :class:`QueryError` ("this query writes; run with
    --write").  ``write=True`` runs it in a write transaction.  Syntax errors
    and missing parameters come back as :class:`QueryError` with the server's
    message.  Values are plain Python: nodes and relationships become dicts of
    their properties, paths lists of those, temporal values ISO strings.
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
    with translated_session(driver, database, mode) as session:
        if write:
            return session.execute_write(work)
        return session.execute_read(work)


def run_script(driver, text, params=None, *, database=None, write=False):
    """Run every statement of a script (split on ``;``), each in its own
    transaction; return the ``(columns, rows)`` of the last one.
    """
    statements = split_statements(text)
    if not statements:
        raise QueryError("the query is empty")
    result = ([], [])
    for statement in statements:
        result = run_query(driver, statement, params, database=database, write=write)
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
