"""Interactive, offline network pages (vis-network through pyvis) and their layout.

* :mod:`.views` — the coordination, tasks, leaders, ego and streets pages;
* :mod:`.page` — the page machinery: inlined vis-network, escaped JSON data,
  search, filters, tooltips as plain text, PNG export;
* :mod:`.layout` — positions computed in Python so big graphs open at once.
"""
