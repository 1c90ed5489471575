"""respgraph: task-decomposition tables as a graph of who answers for what.

The library never imports click; ``respgraph.cli`` is a thin layer over it.

>>> import respgraph
>>> plan = respgraph.parse_file("seeds/gongshu-2021.txt")
>>> len(plan.tasks)
106
"""

__version__ = "0.1.0"

from respgraph.errors import RespgraphError, InputError, DatabaseError  # noqa: E402


def parse_file(path, **options):
    """Read and resolve one task table; see :func:`respgraph.ingest.parse_file`."""
    from respgraph.ingest import parse_file as _parse_file

    return _parse_file(path, **options)


__all__ = ["__version__", "RespgraphError", "InputError", "DatabaseError", "parse_file"]
