"""Layouts: how the rows of a task table are laid out in a document's text.

A reader turns a file into text (or a grid, see :mod:`respgraph.readers._layout`);
a layout finds the rows in that text.  Published tables come in a handful of
layouts, detected here without being told:

``tabbed``
    the seed's layout: a tab at the start of a line opens a cell
    (:mod:`respgraph.layouts.tabbed`);
``flat``
    a table flattened to one cell per line, as copying a web page's table
    gives (:mod:`respgraph.layouts.flat`);
``inline``
    numbered paragraphs carrying their units in brackets:
    ``1.任务……。（责任领导：X；牵头单位：Y；责任单位：Z）``;
``labelled``
    numbered paragraphs followed by ``牵头单位：X`` / ``责任单位：Y`` lines
    (both in :mod:`respgraph.layouts.paragraphs`, which reads either and mixes);
``grid``
    a grid saved as text: tab- or comma-separated columns under a header row.

>>> table = parse_text("2023年区重点工作\\n一、目标\\n1.增长8%。（牵头单位：区发改局）")
>>> table.layout, table.rows[1].cells["lead"]
('inline', '区发改局')
"""

from __future__ import annotations

from respgraph.errors import InputError, NoTableError
from respgraph.readers.base import RawTable

__all__ = ["LAYOUTS", "parse_text", "detect_layouts", "tasks_with_units"]

#: Layout names accepted by ``layout=`` (and the CLI's ``--layout``).
LAYOUTS = ("tabbed", "flat", "inline", "labelled", "grid")


def _run(name: str, text: str, lines, source: str) -> RawTable:
    if name == "tabbed":
        from respgraph.layouts.tabbed import parse_tabbed

        return parse_tabbed(text, source)
    if name == "flat":
        from respgraph.layouts.flat import parse_flat

        return parse_flat(lines, source)
    if name in ("inline", "labelled"):
        from respgraph.layouts.paragraphs import parse_paragraphs

        return parse_paragraphs(lines, source)
    if name == "grid":
        from respgraph.readers.csv import parse_csv

        table = parse_csv(text, source=source)
        table.layout = "grid"
        return table
    raise InputError(f"unknown layout {name!r}; choose one of {', '.join(LAYOUTS)}", option="layout")


def tasks_with_units(table: RawTable) -> int:
    """How many task rows of ``table`` name a unit (what makes one layout's reading beat another's)."""
    return sum(1 for row in table.rows if row.heading is None and (row.cells.get("lead") or row.cells.get("co") or row.cells.get("units")))


def detect_layouts(text: str, source: str = "<text>") -> list[tuple[str, RawTable | InputError]]:
    """Every layout tried on ``text``, with the table it read or the reason it failed."""
    lines = list(enumerate(text.splitlines(), start=1))
    out = []
    for name in ("tabbed", "flat", "inline", "grid"):
        if name == "tabbed" and not any(line.startswith("\t") for _, line in lines):
            out.append((name, InputError("no line starts with a tab", source=source)))
            continue
        try:
            out.append((name, _run(name, text, lines, source)))
        except InputError as exc:
            out.append((name, exc))
    return out


def parse_text(text: str, source: str = "<text>", layout: str | None = None) -> RawTable:
    """Find the task rows in a document's text, in the layout given or the one that reads best.

    The layout that reads the most tasks naming a unit wins; on a tie, the
    order of :data:`LAYOUTS`.  Nothing readable is one :class:`InputError`
    listing what was looked for and the first lines seen.
    """
    if layout is not None:
        if layout not in LAYOUTS:
            raise InputError(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}", option="layout")
        return _run(layout, text, list(enumerate(text.splitlines(), start=1)), source)
    lines = text.splitlines()
    tab_led = sum(1 for line in lines if line.startswith("\t"))
    filled = sum(1 for line in lines if line.strip())
    tab_error = None
    if tab_led and tab_led * 2 >= filled:
        # the seed's layout, unmistakably: skip trying the others (they cost time at city scale)
        try:
            return _run("tabbed", text, None, source)
        except InputError as exc:
            tab_error = exc  # the most telling message, unless another layout reads the text
    best: RawTable | None = None
    best_score = 0
    for _, result in detect_layouts(text, source):
        if isinstance(result, RawTable):
            score = tasks_with_units(result)
            if score > best_score:
                best, best_score = result, score
    if best is not None:
        return best
    if tab_error is not None:
        raise tab_error
    seen = [line.strip() for line in lines if line.strip()][:5]
    shown = " | ".join(line[:40] for line in seen) or "(nothing but blank lines)"
    raise NoTableError(
        "no task table found: looked for cells opened by tabs, a header with one cell per line "
        "(序号 / 重点工作 / 牵头单位 / 责任单位), numbered paragraphs with labels (（牵头单位：…；责任单位：…） "
        f"or 牵头单位：… lines) and a tab- or comma-separated grid; the first lines read: {shown}",
        source=source,
    )
