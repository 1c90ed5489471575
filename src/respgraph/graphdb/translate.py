"""Turn the driver's exceptions into the project's own errors.

Library code wraps its database work in :func:`database_errors`; whatever the
driver raises comes out as a :class:`~respgraph.errors.QueryError` (the query
was rejected: syntax, a missing parameter, a write in read mode) or a
:class:`~respgraph.errors.DatabaseError` (the server is unreachable, refused
the credentials, or failed), with the server's own message kept.
"""

from __future__ import annotations

from contextlib import contextmanager

from neo4j import exceptions as neo4j_exceptions

from respgraph.errors import DatabaseError, QueryError, RespgraphError

__all__ = ["database_errors", "translate"]

_WRITE_IN_READ_MODE = "this query writes; run with --write"


def translate(exc: Exception, where: str | None = None) -> RespgraphError:
    """The project error that stands for the driver exception ``exc``.

    Rejected queries get a message of their own (what to do about a write in
    read mode, a syntax error, a missing parameter); everything else is
    :func:`respgraph.graphdb.connection.translate_exception`.

    >>> from neo4j.exceptions import ServiceUnavailable
    >>> str(translate(ServiceUnavailable("Couldn't connect"), "bolt://127.0.0.1:1"))[:46]
    'cannot connect to Neo4j at bolt://127.0.0.1:1 '
    """
    from respgraph.graphdb.connection import translate_exception

    if isinstance(exc, RespgraphError):
        return exc
    if isinstance(exc, neo4j_exceptions.Neo4jError):
        code = getattr(exc, "code", None) or ""
        message = _message(exc)
        if code.endswith("Statement.AccessMode") or isinstance(exc, neo4j_exceptions.ForbiddenOnReadOnlyDatabase):
            return QueryError(f"{_WRITE_IN_READ_MODE} ({message})")
        if code.endswith("Statement.SyntaxError"):
            return QueryError(f"Cypher syntax error: {message}")
        if code.endswith("MemoryPoolOutOfMemoryError"):
            return DatabaseError(
                "the transaction needs more memory than the Neo4j server allows "
                f"(dbms.memory.transaction.total.max): {message}"
            )
        if code.endswith("Statement.ParameterMissing"):
            return QueryError(f"missing parameter: {message} (give it with --param name=value)")
    return translate_exception(exc, where)


def _message(exc: Exception) -> str:
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return " ".join(str(message).split())


@contextmanager
def database_errors(where: str | None = None):
    """Re-raise driver exceptions as project errors (see :func:`translate`)."""
    try:
        yield
    except RespgraphError:
        raise
    except (neo4j_exceptions.Neo4jError, neo4j_exceptions.DriverError, OSError) as exc:
        raise translate(exc, where) from exc
