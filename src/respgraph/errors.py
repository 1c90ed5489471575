"""The project's own exceptions.

Every failure a user can cause (a bad file, a bad option, an unreachable
database) is raised as a subclass of :class:`RespgraphError`.  The CLI turns
that one base class into a clean message and a non-zero exit code, in one
place (``respgraph.cli.app``); nothing else should escape to the user.

Library code never names a command-line flag: an error about a parameter
says which one with ``option=`` (the Python parameter name, e.g.
``"min_shared"``, optionally with the value that fixes it, ``"write=True"``),
and ``{option}`` in the message marks where it is named.  Read as a library
error, the parameter is named as Python spells it; the CLI shows the flag
of the command that was run (``--min-shared``, ``--write``) instead.

>>> str(InputError("must be at least 1", option="min_shared"))
'min_shared: must be at least 1'
>>> str(QueryError("this query writes; run with {option}", option="write=True"))
'this query writes; run with write=True'
>>> QueryError("this query writes; run with {option}", option="write=True").render(lambda name: "--" + name)
'this query writes; run with --write'
"""

__all__ = [
    "RespgraphError",
    "InputError",
    "NoTableError",
    "DatabaseError",
    "ServerError",
    "QueryError",
    "AnalysisError",
    "ExportError",
]


def _python_name(option: str) -> str:
    return option


class RespgraphError(Exception):
    """Base class of every error respgraph reports to a user.

    ``option`` (optional) names the parameter the error is about; see the
    module documentation.  :meth:`render` writes the message with the
    parameter named by a function of the caller's (the CLI's flag lookup).
    """

    exit_code = 1

    def __init__(self, message="", *, option=None):
        self.template = str(message)
        self.option = option
        super().__init__(self.render())

    @property
    def option_name(self):
        """The bare parameter name of ``option`` (``"write"`` for ``"write=True"``), or None."""
        return self.option.partition("=")[0] if self.option else None

    def _option_text(self, flag_of=None) -> str:
        if not self.option:
            return ""
        return flag_of(self.option_name) if flag_of else self.option

    def render(self, flag_of=None) -> str:
        """The message, with ``{option}`` replaced by ``flag_of(name)`` (or the Python spelling)."""
        return self.template.replace("{option}", self._option_text(flag_of))


class InputError(RespgraphError):
    """A task table, a file given as an option, or an option's value cannot be used as asked.

    ``source`` names the file, ``where`` the row, line, sheet or column at
    fault; both end up in the message so the user knows what to fix.  An
    error about a parameter gives ``option=`` instead of ``where``.
    """

    exit_code = 2

    def __init__(self, message, source=None, where=None, *, option=None):
        self.source = str(source) if source is not None else None
        self.where = where
        self.reason = message
        super().__init__(message, option=option)

    def render(self, flag_of=None) -> str:
        where = self.where
        if where is None and self.option:
            where = self._option_text(flag_of)
        parts = [p for p in (self.source, where) if p]
        prefix = ", ".join(parts)
        message = super().render(flag_of)
        return f"{prefix}: {message}" if prefix else message


class NoTableError(InputError):
    """The file was read but holds no task table (a cover letter, a notice).

    Reading a folder skips such files and names them; asked for by name,
    the file is an input error like any other.
    """


class DatabaseError(RespgraphError):
    """Neo4j refused, failed, or could not be reached."""

    exit_code = 3


class ServerError(RespgraphError):
    """The local Neo4j server could not be built, started or stopped."""

    exit_code = 4


class QueryError(RespgraphError):
    """A Cypher query was rejected (syntax, a write in read mode, a missing parameter)."""

    exit_code = 5


class AnalysisError(RespgraphError):
    """An analysis cannot give a trustworthy answer on this graph (e.g. no convergence)."""

    exit_code = 6


class ExportError(InputError):
    """An output file cannot be written where asked (missing folder, full disk, no permission).

    An input error (exit code 2): the output path is the user's to fix.
    """
