"""Interactive, offline network pages (vis-network through pyvis) and their layout.

* :mod:`.views` — the coordination, tasks, leaders, ego and streets pages;
* :mod:`.page` — the page machinery: inlined vis-network, escaped JSON data,
  search, filters, tooltips as plain text, PNG export;
* :mod:`.layout` — positions computed in Python so big graphs open at once,
  boxes pushed apart, labels placed where they overlap nothing;
* :mod:`.svg` — a view as a static SVG drawing (its page's first view);
* :mod:`.charts` — the briefing index's small charts, as inline SVG.
"""
