"""``respgraph neo4j start|stop|status|browse``: the local Neo4j server.

Other command modules add to the same group (``neo4j init`` lives in
db_cmds.py) with ``from respgraph.cli.neo4j_cmds import neo4j_group``; the
connection options every database command shares are declared once, in
:func:`respgraph.cli.common.connection_options`.
"""

from __future__ import annotations

import click

from respgraph.cli.app import main

__all__ = ["neo4j_group", "server_options"]


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
    and Maven), listening on 127.0.0.1 only, with a password generated at
    first start (kept in .respgraph/neo4j/password and used by respgraph by
    itself).  Its graph is kept in .respgraph/neo4j/data, so it survives stop
    and start.

    \b
    Examples:
      respgraph neo4j start
      respgraph neo4j status
      respgraph neo4j browse
      respgraph neo4j stop
    """


def _describe(info) -> list[str]:
    return [
        f"  pid:      {info.pid}",
        f"  Bolt:     {info.uri}",
        f"  Browser:  {info.browser_url or 'off (no HTTP port)'}",
        "  user:     neo4j",
        f"  password: {info.password or '(none yet)'}   (in {info.password_file}, readable by you only)",
        f"  listens:  {', '.join(info.listening) or '(nothing yet)'}",
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
    click.echo("respgraph connects with this password by itself; `respgraph neo4j browse` opens Neo4j Browser.")


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
    if info.browser_connect_url:
        click.echo(f"  Browser, connection filled in: {info.browser_connect_url}")
    if not info.bolt_ok:
        click.get_current_context().exit(1)


@neo4j_group.command("browse")
@click.option("--home", type=click.Path(file_okay=False), envvar="RESPGRAPH_HOME", show_envvar=True,
              help="Data home of the server [default: .respgraph].")
@click.option("--open/--no-open", "open_", default=True, show_default=True,
              help="Open the address in your web browser (else only print it).")
def browse_cmd(home, open_):
    """Open Neo4j Browser on the local server, with the connection filled in.

    Prints the address and the password to paste (Browser takes no password
    in its address).  Once connected, Browser plays respgraph's guide: the
    Cypher library, one runnable query per slide.

    \b
    Example:
      respgraph neo4j browse
    """
    import webbrowser

    from respgraph.errors import ServerError
    from respgraph.graphdb import server

    info = server.status(home, check_bolt=False)
    if not info.running:
        raise ServerError(f"Neo4j is not running for {info.home}; start it with `respgraph neo4j start`.")
    if not info.browser_connect_url:
        raise ServerError("the server runs without HTTP (--http-port 0), so there is no Neo4j Browser; "
                          "restart it with an HTTP port.")
    click.echo(info.browser_connect_url)
    click.echo(f"user neo4j, password {info.password}")
    if open_ and not webbrowser.open(info.browser_connect_url):
        click.echo("(no web browser found here: open the address above yourself)", err=True)
