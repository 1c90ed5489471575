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
            command = self.get_command(ctx, ctx.invoked_subcommand) if ctx.invoked_subcommand else None
            click.echo(f"Error: {exc.render(lambda name: flag_of(command or self, name, fallback=self))}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(0)


def flag_of(command: click.Command, name: str, fallback: click.Command | None = None) -> str:
    """The command-line spelling of the parameter a library error names (``min_shared`` → ``--min-shared``).

    Library errors name parameters as Python does (see :mod:`respgraph.errors`);
    the flags live here, in the CLI.  The command that ran is searched first
    (``unit`` is the ``UNIT`` argument of ``partners`` but ``--unit`` of
    ``render``), then ``fallback`` (the whole CLI): an option gives its longest
    option string (``plan_keys`` → ``--plan``), an argument its metavar.

    >>> flag_of(main, "min_shared"), flag_of(main, "plan_keys"), flag_of(main, "write")
    ('--min-shared', '--plan', '--write')
    >>> flag_of(main.commands["partners"], "unit")
    'UNIT'
    """
    for where in (command, fallback):
        for param in _params(where) if where is not None else ():
            if param.name == name:
                if isinstance(param, click.Option):
                    return max(param.opts, key=len)
                return param.human_readable_name
    return "--" + name.replace("_", "-")


def _params(command):
    yield from command.params
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from _params(sub)


@click.group(cls=RespgraphGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="respgraph")
def main():
    """Turn government task-decomposition tables into a graph of who answers for what.

    \b
    Quick look at a table:      respgraph parse seeds/gongshu-2021.txt --format table
    The analyst's check-list:   respgraph audit seeds/gongshu-2021.txt
    A briefing pack:            respgraph report seeds/gongshu-2021.txt -o briefing/
    """
