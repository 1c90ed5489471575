"""The click group and the one place where project errors become CLI errors."""

from __future__ import annotations

import sys

import click

from respgraph import __version__
from respgraph.errors import RespgraphError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class RespgraphGroup(click.Group):
    """Turns every :class:`RespgraphError` into one clean message and its exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except RespgraphError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(0)


@click.group(cls=RespgraphGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="respgraph")
def main():
    """Turn government task-decomposition tables into a graph of who answers for what.

    \b
    Quick look at a table:      respgraph parse seeds/gongshu-2021.txt --format table
    The analyst's check-list:   respgraph audit seeds/gongshu-2021.txt
    A briefing pack:            respgraph report seeds/gongshu-2021.txt -o briefing/
    """
