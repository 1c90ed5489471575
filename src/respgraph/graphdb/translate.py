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

    >>> from neo4j.exceptions import ServiceUnavailable
    >>> str(translate(ServiceUnavailable("refused"), "bolt://127.0.0.1:1"))[:40]
    'cannot reach Neo4j at bolt://127.0.0.1:1'
    """
    at = f" at {where}" if where else ""
    if isinstance(exc, RespgraphError):
        return exc
    if isinstance(exc, neo4j_exceptions.AuthError):
        return DatabaseError(f"Neo4j{at} refused the credentials: {_message(exc)}")
    if isinstance(exc, neo4j_exceptions.ServiceUnavailable):
        return DatabaseError(
            f"cannot reach Neo4j{at}: {_message(exc)} "
            "(is the server running? `respgraph neo4j status`; set NEO4J_URI or --uri)"
        )
    if isinstance(exc, neo4j_exceptions.Neo4jError):
        code = getattr(exc, "code", None) or ""
        message = _message(exc)
        if code.endswith("Statement.AccessMode") or isinstance(exc, neo4j_exceptions.ForbiddenOnReadOnlyDatabase):
            return QueryError(f"{_WRITE_IN_READ_MODE} ({message})")
        if code.endswith("Statement.SyntaxError"):
            return QueryError(f"Cypher syntax error: {message}")
        if code.endswith("Statement.ParameterMissing"):
            return QueryError(f"missing parameter: {message} (give it with --param name=value)")
        if code.startswith("Neo.ClientError.Statement") or code.startswith("Neo.ClientError.Procedure"):
            return QueryError(f"Neo4j rejected the query: {message}")
        if code.startswith("Neo.ClientError.Database.DatabaseNotFound"):
            return DatabaseError(f"Neo4j{at}: {message}")
        return DatabaseError(f"Neo4j{at} failed: {code or type(exc).__name__}: {message}")
    if isinstance(exc, neo4j_exceptions.DriverError):
        return DatabaseError(f"Neo4j driver{at}: {type(exc).__name__}: {_message(exc)}")
    if isinstance(exc, (OSError, ConnectionError)):
        return DatabaseError(f"cannot reach Neo4j{at}: {exc}")
    raise TypeError(f"not a database error: {exc!r}")


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
