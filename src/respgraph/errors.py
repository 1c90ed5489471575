"""The project's own exceptions.

Every failure a user can cause (a bad file, a bad option, an unreachable
database) is raised as a subclass of :class:`RespgraphError`.  The CLI turns
that one base class into a clean message and a non-zero exit code, in one
place (``respgraph.cli``); nothing else should escape to the user.
"""

__all__ = ["RespgraphError", "InputError", "DatabaseError", "ServerError", "QueryError"]


class RespgraphError(Exception):
    """Base class of every error respgraph reports to a user."""

    exit_code = 1


class InputError(RespgraphError):
    """A task table (or a file given as an option) cannot be read as asked.

    ``source`` names the file, ``where`` the row, line, sheet or column at
    fault; both end up in the message so the user knows what to fix.
    """

    exit_code = 2

    def __init__(self, message, source=None, where=None):
        self.source = str(source) if source is not None else None
        self.where = where
        self.reason = message
        parts = [p for p in (self.source, where) if p]
        prefix = ", ".join(parts)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class DatabaseError(RespgraphError):
    """Neo4j refused, failed, or could not be reached."""

    exit_code = 3


class ServerError(RespgraphError):
    """The local Neo4j server could not be built, started or stopped."""

    exit_code = 4


class QueryError(RespgraphError):
    """A Cypher query was rejected (syntax, a write in read mode, a missing parameter)."""

    exit_code = 5
