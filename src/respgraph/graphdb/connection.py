"""One place where respgraph opens a Neo4j connection, and says clearly why one failed.

:func:`connect` reads the standard variables when an argument is not given:

=================  ==========================================================
``NEO4J_URI``      default ``bolt://127.0.0.1:7687`` (the local server of
                   ``respgraph neo4j start``); ``neo4j://`` for clusters and
                   Aura, ``+s``/``+ssc`` for TLS
``NEO4J_USERNAME`` default ``neo4j`` (only used with a password)
``NEO4J_PASSWORD`` default: for the local server of ``respgraph neo4j
                   start`` (a loopback address whose port is that server's),
                   the password it generated at first start
                   (``.respgraph/neo4j/password``); otherwise none, and the
                   driver connects without auth
``NEO4J_DATABASE`` default: the server's default database (``neo4j``)
=================  ==========================================================

The :class:`Connection` it returns is created once (by a CLI command, a test
fixture or a notebook) and passed in to the code that needs it; library
modules never create drivers of their own.  The connection owns its
database: every session it opens (``session``, ``execute_query``,
:func:`translated_session`) uses it unless a call names another one, so
``read_plans(connect(database="x"))`` reads ``x``.  It offers the driver's
methods with the database filled in, and the driver itself as ``.driver``.

:func:`translate_errors` turns whatever the driver raises inside a block
into a :class:`~respgraph.errors.QueryError` (the query was rejected: syntax,
a missing parameter, a write in read mode) or a
:class:`~respgraph.errors.DatabaseError` (the server is unreachable, refused
the credentials, or failed) with one clear sentence and the server's own
message.  Library code wraps its database work in it.

>>> describe_uri("neo4j+s://user:secret@example.org:7687")
'neo4j+s://example.org:7687'
"""

from __future__ import annotations

import logging
import os
import re
from contextlib import contextmanager
from urllib.parse import urlsplit

from neo4j import GraphDatabase
from neo4j import exceptions as neo4j_exceptions

from respgraph.errors import DatabaseError, QueryError, RespgraphError

__all__ = [
    "DEFAULT_URI",
    "Connection",
    "connect",
    "connection_settings",
    "describe_uri",
    "translate_errors",
    "translated_session",
    "translate_exception",
]

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USERNAME = "neo4j"
_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
# The driver logs failed routing attempts as warnings; without a handler of the
# application's, Python would print them above our own clear message.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

_START_HINT = "start the local server with `respgraph neo4j start`, or set NEO4J_URI (or --uri) to a running Neo4j"


def describe_uri(uri: str) -> str:
    """``uri`` without any user name or password in it, for messages.

    >>> describe_uri("bolt://127.0.0.1:7687")
    'bolt://127.0.0.1:7687'
    """
    parts = urlsplit(uri)
    if parts.username is None and parts.password is None:
        return uri
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return parts._replace(netloc=host).geturl()


def connection_settings(uri=None, username=None, password=None, database=None) -> dict:
    """The settings :func:`connect` uses: each argument, else its env var, else the default.

    Without a password (argument or NEO4J_PASSWORD), an address of the local
    server gets the password that server generated (see
    :func:`respgraph.graphdb.server.local_password`); ``password_source``
    says where the password came from (``"given"``, ``"local server"`` or
    ``None`` for none).  An empty password means "no authentication".

    >>> s = connection_settings(uri="bolt://db:7687", username="neo4j", password="x", database="neo4j")
    >>> s["uri"], s["username"], s["database"], s["password_source"]
    ('bolt://db:7687', 'neo4j', 'neo4j', 'given')
    """
    env = os.environ
    uri = uri or env.get("NEO4J_URI") or DEFAULT_URI
    if password is None:
        password = env.get("NEO4J_PASSWORD")
    source = "given" if password else None
    if password is None:
        from respgraph.graphdb.server import local_password  # no import cycle: server imports no driver code

        password = local_password(uri)
        source = "local server" if password else None
    return {
        "uri": uri,
        "username": username or env.get("NEO4J_USERNAME") or DEFAULT_USERNAME,
        "password": password or None,
        "password_source": source,
        "database": database or env.get("NEO4J_DATABASE") or None,
    }


class Connection:
    """A driver plus the database to use; created by :func:`connect`.

    ``session()`` and ``execute_query()`` use ``database`` unless told
    otherwise; any other attribute is the driver's.  Use it as a context
    manager (or call ``close()``) to release the connections.
    """

    def __init__(self, driver, uri: str, database: str | None = None):
        self.driver = driver
        self.uri = uri
        self.database = database

    def session(self, **kwargs):
        """A driver session on this connection's database (a ``database=`` other than None overrides)."""
        if kwargs.get("database") is None:
            kwargs["database"] = self.database
        return self.driver.session(**kwargs)

    def execute_query(self, query, parameters=None, **kwargs):
        """``driver.execute_query`` on this database, with errors translated.

        >>> # conn.execute_query("MATCH (t:Task {plan: $plan}) RETURN count(t)", {"plan": "拱墅区-2021"})
        """
        if kwargs.get("database_") is None:
            kwargs["database_"] = self.database
        with translate_errors(self.uri, kwargs["database_"]):
            return self.driver.execute_query(query, parameters, **kwargs)

    def verify_connectivity(self, **kwargs):
        with translate_errors(self.uri, self.database):
            return self.driver.verify_connectivity(**kwargs)

    def close(self) -> None:
        self.driver.close()

    def __getattr__(self, name):
        # Everything else (get_server_info, execute_query_bookmark_manager, ...) is the driver's.
        return getattr(self.driver, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def __repr__(self):
        return f"Connection({describe_uri(self.uri)!r}, database={self.database!r})"


def connect(uri=None, username=None, password=None, database=None, *, check: bool = True) -> Connection:
    """Open a :class:`Connection` to Neo4j and check that it answers.

    Missing arguments come from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD and
    NEO4J_DATABASE.  Basic auth is used only when there is a password.  With
    ``check`` (the default) it runs ``RETURN 1`` on the chosen database, so
    a refused connection, a wrong password or an unknown database is
    reported here, as a :class:`DatabaseError`, not at the first query.

    >>> # with connect() as conn:                         # local server, no auth
    >>> #     conn.execute_query("RETURN 1 AS one").records[0]["one"]
    >>> # 1
    """
    settings = connection_settings(uri, username, password, database)
    uri, database = settings["uri"], settings["database"]
    scheme = urlsplit(uri).scheme.lower()
    if scheme not in _SCHEMES:
        raise DatabaseError(
            f"{describe_uri(uri)!r} is not a Neo4j Bolt address; write it like bolt://127.0.0.1:7687 "
            f"(or neo4j://, neo4j+s:// for Aura and clusters); accepted schemes: {', '.join(_SCHEMES)}."
        )
    if urlsplit(uri).username is not None:
        raise DatabaseError(
            f"the Neo4j address {describe_uri(uri)!r} carries a user name; give the user name and password "
            "with NEO4J_USERNAME and NEO4J_PASSWORD instead."
        )
    auth = (settings["username"], settings["password"]) if settings["password"] else None
    with translate_errors(uri, database):
        driver = GraphDatabase.driver(uri, auth=auth)
    conn = Connection(driver, uri, database)
    if check:
        try:
            # An auto-commit query: no retries, so a refused connection fails at once.
            with translate_errors(uri, database), driver.session(database=database) as session:
                session.run("RETURN 1").consume()
        except DatabaseError as exc:
            driver.close()
            if isinstance(exc.__cause__, neo4j_exceptions.AuthError):
                raise DatabaseError(_auth_message(uri, settings)) from exc.__cause__
            raise
        except BaseException:
            driver.close()
            raise
    return conn


def _auth_message(uri: str, settings: dict) -> str:
    """Why Neo4j refused us, saying which password was tried (never the password itself)."""
    where = describe_uri(uri)
    if settings["password_source"] == "local server":
        from respgraph.graphdb.server import password_file

        return (
            f"Neo4j at {where} rejected the password of the local server ({password_file()}); if the "
            "password was changed in Neo4j Browser, give the new one with NEO4J_PASSWORD."
        )
    if settings["password_source"] is None:
        return (
            f"Neo4j at {where} needs a user name and password; give them with NEO4J_USERNAME and "
            "NEO4J_PASSWORD. For a local server of `respgraph neo4j start` "
            "under another data home, set RESPGRAPH_HOME to that home (its password is in HOME/neo4j/password)."
        )
    return str(translate_exception(neo4j_exceptions.AuthError(""), uri))


def _message(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).split())


def _refused(exc: BaseException) -> bool:
    text = str(exc)
    return bool(re.search(r"Couldn't connect|Connection refused|Failed to establish|Unable to retrieve routing", text))


def translate_exception(exc: BaseException, uri: str | None = None, database: str | None = None) -> RespgraphError:
    """The project error, with one clear sentence, that stands for driver exception ``exc``.

    >>> from neo4j.exceptions import AuthError
    >>> str(translate_exception(AuthError("bad"), "bolt://db:7687"))[:52]
    'Neo4j at bolt://db:7687 rejected the user name or pa'
    """
    where = f" at {describe_uri(uri)}" if uri else ""
    if isinstance(exc, RespgraphError):
        return exc
    if isinstance(exc, neo4j_exceptions.AuthError):
        return DatabaseError(
            f"Neo4j{where} rejected the user name or password; check NEO4J_USERNAME and NEO4J_PASSWORD."
        )
    if isinstance(exc, neo4j_exceptions.ServiceUnavailable):
        if _refused(exc):
            return DatabaseError(f"cannot connect to Neo4j{where} (connection refused or no route); {_START_HINT}.")
        return DatabaseError(
            f"the connection to Neo4j{where} was lost ({_message(exc)}); check that the server still runs "
            "(`respgraph neo4j status`) and try again."
        )
    if isinstance(exc, neo4j_exceptions.SessionExpired):
        return DatabaseError(
            f"the connection to Neo4j{where} was lost ({_message(exc)}); check that the server still runs "
            "(`respgraph neo4j status`) and try again."
        )
    if isinstance(exc, neo4j_exceptions.Neo4jError):
        code = exc.code or ""
        # a rejected query: say what to do about it
        if code.endswith("Statement.AccessMode") or isinstance(exc, neo4j_exceptions.ForbiddenOnReadOnlyDatabase):
            return QueryError(f"this query writes; run with {{option}} ({_message(exc)})", option="write=True")
        if code.endswith("Statement.SyntaxError"):
            return QueryError(f"Cypher syntax error: {_message(exc)}")
        if code.endswith("Statement.ParameterMissing"):
            return QueryError(f"missing parameter: {_message(exc)} (give it with {{option}})", option="params")
        if code.endswith("MemoryPoolOutOfMemoryError"):
            return DatabaseError(
                f"the transaction needs more memory than the Neo4j server{where} allows "
                f"(dbms.memory.transaction.total.max): {_message(exc)}"
            )
        if code == "Neo.ClientError.Database.DatabaseNotFound":
            name = f" named {database!r}" if database else " of that name"
            return DatabaseError(
                f"Neo4j{where} has no database{name}; leave NEO4J_DATABASE unset to use "
                "the server's default (Community Edition has only `neo4j`)."
            )
        if code.startswith("Neo.ClientError.Security."):
            return DatabaseError(f"Neo4j{where} refused access: {_message(exc)}")
        if code.startswith(("Neo.ClientError.Statement.", "Neo.ClientError.Schema.", "Neo.ClientError.Procedure.")):
            return QueryError(f"Neo4j rejected the query: {_message(exc)}")
        return DatabaseError(f"Neo4j{where} failed ({code or type(exc).__name__}): {_message(exc)}")
    if isinstance(exc, neo4j_exceptions.ConfigurationError):
        return DatabaseError(f"cannot use the Neo4j address {describe_uri(uri or '')!r}: {_message(exc)}")
    if isinstance(exc, neo4j_exceptions.DriverError):
        return DatabaseError(f"the Neo4j driver failed{where} ({type(exc).__name__}): {_message(exc)}")
    if isinstance(exc, OSError):
        return DatabaseError(f"cannot connect to Neo4j{where} ({exc}); {_START_HINT}.")
    raise TypeError(f"not a database error: {exc!r}")


@contextmanager
def translated_session(driver, database=None, access_mode=None):
    """A session of ``driver`` (a :class:`Connection` or a plain driver) whose errors are translated.

    What library code opens for its database work: whatever the driver raises
    inside the block comes out as a project error naming the server.
    """
    # the connection owns its database: a library function's database=None means "the connection's"
    database = database or getattr(driver, "database", None)
    kwargs = {"database": database}
    if access_mode is not None:
        kwargs["default_access_mode"] = access_mode
    with translate_errors(getattr(driver, "uri", None), database), driver.session(**kwargs) as session:
        yield session


@contextmanager
def translate_errors(uri: str | None = None, database: str | None = None):
    """Re-raise the driver's exceptions inside the block as project errors.

    >>> from neo4j.exceptions import ServiceUnavailable
    >>> try:
    ...     with translate_errors("bolt://127.0.0.1:1"):
    ...         raise ServiceUnavailable("Couldn't connect to 127.0.0.1:1")
    ... except DatabaseError as exc:
    ...     print(str(exc)[:45])
    cannot connect to Neo4j at bolt://127.0.0.1:1
    """
    try:
        yield
    except RespgraphError:
        raise
    except (neo4j_exceptions.Neo4jError, neo4j_exceptions.DriverError, OSError) as exc:
        raise translate_exception(exc, uri, database) from exc
