"""Command-line interface: thin commands over the library, grouped by family.

Each module below adds its commands to :data:`main`; none of them holds logic
that the library lacks.
"""

from respgraph.cli.app import main
from respgraph.cli import ingest_cmds  # noqa: F401  parse, audit
from respgraph.cli import neo4j_cmds  # noqa: F401  neo4j start|stop|status
from respgraph.cli import db_cmds  # noqa: F401  neo4j init, load, cypher
from respgraph.cli import analysis_cmds  # noqa: F401  rank, pairs, partners, communities, leaders, workload, summary, compare
from respgraph.cli import across_cmds  # noqa: F401  trend, aliases suggest, neo4j migrate
from respgraph.cli import render_cmds  # noqa: F401  render, report

__all__ = ["main"]
