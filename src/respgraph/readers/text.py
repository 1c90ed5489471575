"""Plain text: a .txt file (or text copied from a page), its rows found by a layout.

The reader's job is only to decode the bytes (UTF-8, GBK, … see
:mod:`respgraph.readers.encoding`); :mod:`respgraph.layouts` finds the rows,
detecting the layout unless ``layout`` names one.

>>> t = parse_text("title\\n\\t序号\\n\\t工作任务\\n\\t牵头单位\\n\\t1\\n\\t做好\\n\\t区府办\\n")
>>> t.preamble, t.rows[0].cells, t.layout
(['title'], {'seq': '1', 'text': '做好', 'lead': '区府办'}, 'tabbed')
"""

from __future__ import annotations

from respgraph.layouts import parse_text as _parse_layouts
from respgraph.readers.base import RawTable
from respgraph.readers.encoding import read_text_file

__all__ = ["read_text", "parse_text"]


def parse_text(text: str, source: str = "<text>", layout: str | None = None) -> RawTable:
    """Find the task table in ``text`` (see :func:`respgraph.layouts.parse_text`)."""
    return _parse_layouts(text, source=source, layout=layout)


def read_text(path, layout: str | None = None) -> RawTable:
    return parse_text(read_text_file(path), source=str(path), layout=layout)
