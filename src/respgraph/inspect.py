"""What a reader made of a file, for ``respgraph inspect``: format, layout, header, first rows, lines skipped.

>>> report = inspect_file("seeds/gongshu-2021.txt")
>>> report["format"], report["layout"], report["tasks"]
('text', 'tabbed', 106)
"""

from __future__ import annotations

from respgraph.errors import InputError, NoTableError
from respgraph.readers import detect_format, read_table

__all__ = ["inspect_file"]


def inspect_file(path, *, layout=None, **_reading) -> dict:
    """How ``path`` is read, as plain data (see the module doc); a file with no table raises
    :class:`~respgraph.errors.NoTableError` listing what was looked for and the first lines seen."""
    fmt = detect_format(path)
    tried = []
    if fmt == "text" and layout is None:
        from respgraph.layouts import detect_layouts, tasks_with_units
        from respgraph.readers.encoding import read_text_file

        for name, result in detect_layouts(read_text_file(path), source=str(path)):
            if isinstance(result, InputError):
                tried.append({"layout": name, "outcome": result.reason})
            else:
                tasks = sum(1 for row in result.rows if row.heading is None)
                tried.append({"layout": name, "tasks": tasks, "with_units": tasks_with_units(result), "outcome": "read"})
    table = read_table(path, layout=layout)
    if not any(row.heading is None for row in table.rows):
        raise NoTableError("no task rows found", source=path)
    return {
        "source": str(path),
        "format": fmt,
        "layout": table.layout or ("grid" if fmt != "text" else ""),
        "tried": tried,
        "columns": dict(table.columns),
        "header_where": table.header_where,
        "preamble": list(table.preamble),
        "tasks": sum(1 for row in table.rows if row.heading is None),
        "rows": [{"where": row.where, "heading": row.heading, "cells": dict(row.cells)} for row in table.rows],
        "skipped": list(table.skipped),
        "notes": sorted(table.notes),
    }
