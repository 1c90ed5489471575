"""``respgraph neo4j start|stop|status``, and the connection options other commands share.

Other command modules add to the same group (``neo4j init`` lives in
db_cmds.py) with ``from respgraph.cli.neo4j_cmds import neo4j_group``, and
give their commands ``--uri/--username/--password/--database`` with
:func:`connection_options` and :func:`open_connection`.
"""

from __future__ import annotations

import click

from respgraph.cli.app import main

__all__ = ["neo4j_group", "connection_options", "open_connection", "server_options"]


# --------------------------------------------------------------------------- shared connection options


def connection_options(command):
    """Decorator: ``--uri``, ``--username``, ``--password``, ``--database``, each defaulting from NEO4J_*.

    The command receives them as ``uri``, ``username``, ``password`` and
    ``database`` (``None`` when neither the option nor the env var is set);
    pass them to :func:`open_connection`.
    """
    options = [
        click.option("--uri", envvar="NEO4J_URI", show_envvar=True, metavar="URI",
                     help="Neo4j address [default: bolt://127.0.0.1:7687, the local server]; "
                          "neo4j:// or neo4j+s:// for Aura and clusters."),
        click.option("--username", envvar="NEO4J_USERNAME", show_envvar=True,
                     help="User name, used with a password [default: neo4j]."),
        click.option("--password", envvar="NEO4J_PASSWORD", show_envvar=True,
                     help="Password; without one, connect without authentication (as the local server expects)."),
        click.option("--database", envvar="NEO4J_DATABASE", show_envvar=True,
                     help="Database [default: the server's default, neo4j]."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def open_connection(uri=None, username=None, password=None, database=None):
    """The :class:`~respgraph.graphdb.connection.Connection` for the shared options (checked, errors translated).

    Use it as ``with open_connection(uri, username, password, database) as conn:``.
    """
    from respgraph.graphdb.connection import connect  # the driver loads only when a command needs it

    return connect(uri=uri, username=username, password=password, database=database)


# --------------------------------------------------------------------------- the neo4j group


def server_options(command):
    """Decorator: ``--home``, ``--bolt-port`` and ``--http-port`` of the local server."""
    options = [
        click.option("--home", type=click.Path(file_okay=False), envvar="RESPGRAPH_HOME", show_envvar=True,
                     help="Data home holding the build, the graph and the logs [default: .respgraph]."),
        click.option("--bolt-port", type=click.IntRange(1, 65535), envvar="RESPGRAPH_BOLT_PORT",
                     show_envvar=True, help="Bolt port on 127.0.0.1 [default: 7687]."),
        click.option("--http-port", type=click.IntRange(0, 65535), envvar="RESPGRAPH_HTTP_PORT",
                     show_envvar=True, help="HTTP port for Neo4j Browser on 127.0.0.1; 0 turns it off [default: 7474]."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@main.group("neo4j")
def neo4j_group():
    """Run a local Neo4j 5.26 server for respgraph (and set up its schema).

    The server is Neo4j Community, built once from Maven Central (needs Java 17
    and Maven), listening on 127.0.0.1 only, with authentication off.  Its
    graph is kept in .respgraph/neo4j/data, so it survives stop and start.

    \b
    Examples:
      respgraph neo4j start
      respgraph neo4j status
      respgraph neo4j stop
    """


def _describe(info) -> list[str]:
    return [
        f"  pid:      {info.pid}",
        f"  Bolt:     {info.uri}",
        f"  Browser:  {info.browser_url or 'off (no HTTP port)'}",
        f"  data:     {info.data_dir}",
        f"  log:      {info.log_file}",
    ]


@neo4j_group.command("start")
@server_options
@click.option("--timeout", type=click.FloatRange(1), default=180, show_default=True,
              help="Seconds to wait for Bolt to answer (the first start also builds the server, which takes longer).")
def start_cmd(home, bolt_port, http_port, timeout):
    """Start the local Neo4j server; returns once Bolt answers.

    The first start builds the server with Maven (Neo4j is downloaded from
    Maven Central, which can take minutes); later starts reuse that build.
    Starting a server that already runs says so and succeeds.

    \b
    Examples:
      respgraph neo4j start
      respgraph neo4j start --bolt-port 7697 --http-port 0 --home /tmp/rg
    """
    from respgraph.graphdb import server

    if not server.status(home, check_bolt=False).running and server.needs_build(home):
        click.echo("Building the Neo4j server with Maven (the first time this downloads Neo4j; it can take minutes)...",
                   err=True)
    info = server.start(home, bolt_port=bolt_port, http_port=http_port, timeout=timeout)
    if info.already_running:
        click.echo(f"Neo4j is already running for {info.home}:")
        wanted_bolt, wanted_http = server.resolve_ports(bolt_port, http_port)
        if (wanted_bolt, wanted_http or None) != (info.bolt_port, info.http_port):
            click.echo("  (with the ports below, not the ones asked for; `respgraph neo4j stop` first to change them)")
    else:
        click.echo(f"Neo4j {server.NEO4J_VERSION} started for {info.home}:")
    for line in _describe(info):
        click.echo(line)
    click.echo(f"Authentication is off (the server listens on 127.0.0.1 only). Connect with {info.uri} and no password.")


@neo4j_group.command("stop")
@click.option("--home", type=click.Path(file_okay=False), envvar="RESPGRAPH_HOME", show_envvar=True,
              help="Data home of the server to stop [default: .respgraph].")
@click.option("--timeout", type=click.FloatRange(1), default=60, show_default=True,
              help="Seconds to wait for a clean shutdown before killing the server.")
def stop_cmd(home, timeout):
    """Stop the local Neo4j server that `respgraph neo4j start` started (nothing else).

    \b
    Example:
      respgraph neo4j stop
    """
    from respgraph.graphdb import server

    info = server.stop(home, timeout=timeout)
    if info.running:
        click.echo(f"Stopped Neo4j (pid {info.pid}) for {info.home}; the graph stays in {info.data_dir}.")
    else:
        click.echo(f"Neo4j is not running for {info.home}; nothing to stop.")


@neo4j_group.command("status")
@click.option("--home", type=click.Path(file_okay=False), envvar="RESPGRAPH_HOME", show_envvar=True,
              help="Data home of the server [default: .respgraph].")
def status_cmd(home):
    """Say whether the local Neo4j server runs, with its pid, ports and data folder.

    Exits 0 when the server runs and Bolt answers, 1 otherwise (handy in
    scripts: `respgraph neo4j status || respgraph neo4j start`).

    \b
    Example:
      respgraph neo4j status
    """
    from respgraph.graphdb import server

    info = server.status(home)
    if not info.running:
        click.echo(f"Neo4j is stopped for {info.home}.")
        click.echo(f"  data:     {info.data_dir}")
        click.echo(f"  log:      {info.log_file}")
        click.get_current_context().exit(1)
    click.echo(f"Neo4j is running for {info.home}:")
    for line in _describe(info):
        click.echo(line)
    click.echo(f"  Bolt answers: {'yes' if info.bolt_ok else 'NO (starting up or stuck; see the log)'}")
    if not info.bolt_ok:
        click.get_current_context().exit(1)
