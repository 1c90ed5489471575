"""Commands of this family (filled in by its owner)."""

from respgraph.cli.app import main  # noqa: F401
