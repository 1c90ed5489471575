"""What every reader returns: a raw table of cells, before any resolution.

A reader's only job is layout: find the header, undo merged cells and
continuation lines, and hand over each row's cells keyed by *role*.  Turning
cell text into units, leaders and groups is :mod:`respgraph.resolve`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ROLES", "RawRow", "RawTable"]

#: Column roles a header can map to.
#: ``units`` is a single list with no column of its own (（商务部牵头，财政部按职责分工负责）):
#: its role words, or else its order, say who leads.
ROLES = ("seq", "section", "text", "leaders", "lead", "co", "deadline", "units")


@dataclass
class RawRow:
    """One row of a table.

    ``cells`` maps a role (see :data:`ROLES`) to the cell's text, line breaks
    inside the cell kept as ``\\n``.  ``where`` says where the row is in the
    source, for messages ("line 42", "sheet 任务 row 7", "table 1 row 5").
    A row that is only a section heading spanning the table (一、全力稳定经济增长)
    has ``heading`` set and no cells.
    """

    cells: dict[str, str] = field(default_factory=dict)
    where: str = ""
    heading: str | None = None


@dataclass
class RawTable:
    """A document's task rows as read, before any resolution.

    ``layout`` names how the rows were found (``tabbed``, ``grid``, ``flat``,
    ``inline``, ``labelled``); ``skipped`` lists the lines the layout passed
    over, each as (where, text, why), for ``respgraph inspect``; ``notes``
    holds conventions the document states (e.g. ``first-leads`` for
    列第一位者为牵头单位).
    """

    source: str
    columns: dict[str, str]  # role -> header text (or label) as found in the document
    rows: list[RawRow] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)  # title lines before the table
    header_where: str = ""
    layout: str = ""
    skipped: list[tuple[str, str, str]] = field(default_factory=list)
    notes: set[str] = field(default_factory=set)
