"""The local Neo4j server (start/stop/status) and connect()'s error messages, against real processes.

One server is started for the whole module, in a data home under the test's
temporary folder and on free ports, so it never touches the shared server on
7687.  Its first start builds the launcher with Maven (Neo4j comes from the
local Maven cache, or from Maven Central the first time).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import psutil
import pytest
from click.testing import CliRunner

from respgraph.cli import main
from respgraph.errors import DatabaseError, ServerError
from respgraph.graphdb import server
from respgraph.graphdb.connection import connect


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def skip_unless_wanted():
    if os.environ.get("RESPGRAPH_SKIP_NEO4J") == "1" and os.environ.get("RESPGRAPH_REQUIRE_NEO4J") != "1":
        pytest.skip("RESPGRAPH_SKIP_NEO4J=1: Neo4j server tests skipped on request")


@pytest.fixture(scope="module")
def local_server(tmp_path_factory):
    """A server of our own: (home, bolt_port, http_port, ServerInfo)."""
    skip_unless_wanted()
    home = tmp_path_factory.mktemp("neo4j-home")
    bolt_port, http_port = free_port(), free_port()
    info = server.start(home, bolt_port=bolt_port, http_port=http_port, timeout=300)
    yield home, bolt_port, http_port, info
    server.stop(home)


@pytest.fixture
def sleeper():
    """Start a harmless process with the given extra argv; killed afterwards."""
    started = []

    def run(*argv):
        proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", *argv])
        started.append(proc)
        return proc

    yield run
    for proc in started:
        proc.kill()
        proc.wait()


# --------------------------------------------------------------------------- a running server


@pytest.mark.neo4j
def test_start_returns_when_bolt_answers(local_server):
    home, bolt_port, _, info = local_server
    assert info.running and info.bolt_ok and not info.already_running
    assert info.uri == f"bolt://127.0.0.1:{bolt_port}"
    assert info.data_dir == home / "neo4j" / "data"
    with connect(uri=info.uri) as conn:
        assert conn.execute_query("RETURN 1 AS one").records[0]["one"] == 1


@pytest.mark.neo4j
def test_server_listens_on_loopback_only(local_server):
    _, bolt_port, http_port, info = local_server
    listening = {
        conn.laddr.port: conn.laddr.ip
        for conn in psutil.Process(info.pid).net_connections(kind="tcp")
        if conn.status == psutil.CONN_LISTEN
    }
    assert bolt_port in listening and http_port in listening
    for port in (bolt_port, http_port):
        assert listening[port] in ("127.0.0.1", "::ffff:127.0.0.1"), listening


@pytest.mark.neo4j
def test_neo4j_browser_is_served(local_server):
    _, _, http_port, _ = local_server
    with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/browser/", timeout=10) as response:
        assert response.status == 200
        page = response.read().decode("utf-8", "replace")
    assert "<title>Neo4j Browser</title>" in page
    with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/", timeout=10) as response:
        discovery = json.loads(response.read())
    assert discovery["neo4j_version"] == server.NEO4J_VERSION
    assert discovery["neo4j_edition"] == "community"


@pytest.mark.neo4j
def test_routing_scheme_works_too(local_server):
    _, bolt_port, _, _ = local_server
    with connect(uri=f"neo4j://127.0.0.1:{bolt_port}", database="neo4j") as conn:
        assert conn.execute_query("RETURN 2 AS two").records[0]["two"] == 2


@pytest.mark.neo4j
def test_start_again_says_already_running(local_server):
    home, bolt_port, http_port, info = local_server
    again = server.start(home, bolt_port=bolt_port, http_port=http_port)
    assert again.already_running and again.pid == info.pid

    result = CliRunner().invoke(main, ["neo4j", "start", "--home", str(home), "--bolt-port", str(bolt_port)])
    assert result.exit_code == 0, result.output
    assert "already running" in result.output
    assert f"pid:      {info.pid}" in result.output


@pytest.mark.neo4j
def test_status_reports_pid_ports_and_data(local_server):
    home, bolt_port, http_port, info = local_server
    result = CliRunner().invoke(main, ["neo4j", "status", "--home", str(home)])
    assert result.exit_code == 0, result.output
    assert "is running" in result.output
    assert f"pid:      {info.pid}" in result.output
    assert f"bolt://127.0.0.1:{bolt_port}" in result.output
    assert f"http://127.0.0.1:{http_port}/browser/" in result.output
    assert str(home / "neo4j" / "data") in result.output
    assert "Bolt answers: yes" in result.output


@pytest.mark.neo4j
def test_unknown_database_is_named(local_server):
    _, bolt_port, _, _ = local_server
    with pytest.raises(DatabaseError) as caught:
        connect(uri=f"bolt://127.0.0.1:{bolt_port}", database="nosuchdb")
    assert "no database named 'nosuchdb'" in str(caught.value)


@pytest.mark.neo4j
def test_query_errors_inside_translate_errors(local_server):
    from respgraph.errors import QueryError

    _, bolt_port, _, _ = local_server
    with connect(uri=f"bolt://127.0.0.1:{bolt_port}") as conn:
        with pytest.raises(QueryError) as caught:
            conn.execute_query("RETURN $missing")
    assert "missing" in str(caught.value)


@pytest.mark.neo4j
def test_stop_leaves_other_processes_alone(tmp_path, local_server, sleeper):
    _, _, _, info = local_server
    other_home = tmp_path / "other"
    (other_home / "neo4j").mkdir(parents=True)
    # A process that merely mentions the launcher class, for a different home,
    # and a plain process: neither may be signalled through a forged state file.
    mention = sleeper(server.LAUNCHER_CLASS, "--home", str(tmp_path / "elsewhere" / "neo4j"))
    plain = sleeper()
    for victim in (mention, plain):
        state = {"pid": victim.pid, "bolt_port": 1, "http_port": 0}
        (other_home / "neo4j" / "respgraph-server.json").write_text(json.dumps(state))
        assert server.status(other_home, check_bolt=False).running is False
        stopped = server.stop(other_home)
        assert stopped.running is False
        assert not (other_home / "neo4j" / "respgraph-server.json").exists()
        time.sleep(0.2)
        assert victim.poll() is None, "stop() signalled a process it did not start"

    # Our server of the module is untouched too.
    assert psutil.pid_exists(info.pid)
    assert server.status(local_server[0]).bolt_ok


@pytest.mark.neo4j
def test_graph_survives_stop_and_start(local_server):
    home, bolt_port, http_port, info = local_server
    marker = uuid.uuid4().hex
    with connect(uri=info.uri) as conn:
        conn.execute_query("CREATE (:RespgraphServerTest {marker: $marker})", {"marker": marker})

    stopped = server.stop(home)
    assert stopped.running and stopped.pid == info.pid
    assert not psutil.pid_exists(info.pid) or psutil.Process(info.pid).status() == psutil.STATUS_ZOMBIE
    after = server.status(home)
    assert after.running is False and after.pid is None
    result = CliRunner().invoke(main, ["neo4j", "status", "--home", str(home)])
    assert result.exit_code == 1 and "is stopped" in result.output
    result = CliRunner().invoke(main, ["neo4j", "stop", "--home", str(home)])
    assert result.exit_code == 0 and "not running" in result.output

    # Too little time: start gives up, stops the half-started server and says so.
    with pytest.raises(ServerError) as caught:
        server.start(home, bolt_port=bolt_port, http_port=http_port, timeout=1)
    assert f"did not answer on bolt://127.0.0.1:{bolt_port} within 1 s" in str(caught.value)
    assert server.status(home, check_bolt=False).running is False
    assert not (home / "neo4j" / "respgraph-server.json").exists()
    assert server._port_free(bolt_port)

    restarted = server.start(home, bolt_port=bolt_port, http_port=http_port, timeout=300)
    assert restarted.running and restarted.pid != info.pid and not restarted.already_running
    with connect(uri=restarted.uri) as conn:
        found = conn.execute_query(
            "MATCH (n:RespgraphServerTest {marker: $marker}) RETURN count(n) AS n", {"marker": marker}
        ).records[0]["n"]
    assert found == 1


# --------------------------------------------------------------------------- failures before any server


def test_taken_port_is_named(tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ServerError) as caught:
            server.start(tmp_path / "home", bolt_port=port, http_port=0)
        message = str(caught.value)
        assert f"port {port}" in message and "--bolt-port" in message

        result = CliRunner().invoke(
            main, ["neo4j", "start", "--home", str(tmp_path / "home"), "--bolt-port", str(free_port()),
                   "--http-port", str(port)]
        )
    assert result.exit_code == ServerError.exit_code
    assert f"port {port}" in result.output and "--http-port" in result.output
    assert "Traceback" not in result.output


def test_missing_java_is_explained(tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setenv("JAVA_HOME", str(empty))
    with pytest.raises(ServerError) as caught:
        server.start(tmp_path / "home", bolt_port=free_port(), http_port=0)
    assert "no Java found" in str(caught.value) and "JAVA_HOME" in str(caught.value)

    result = CliRunner().invoke(main, ["neo4j", "start", "--home", str(tmp_path / "home"),
                                       "--bolt-port", str(free_port()), "--http-port", "0"])
    assert result.exit_code == ServerError.exit_code
    assert "Java 17" in result.output and "Traceback" not in result.output


def test_missing_maven_is_explained(tmp_path, monkeypatch):
    java = server.find_java()
    only_java = tmp_path / "bin"
    only_java.mkdir()
    (only_java / "java").symlink_to(java.resolve())
    monkeypatch.setenv("PATH", str(only_java))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(ServerError) as caught:
        server.start(tmp_path / "home", bolt_port=free_port(), http_port=0)
    assert "Maven" in str(caught.value) and "mvn" in str(caught.value)


def test_status_and_stop_of_a_home_never_started(tmp_path):
    info = server.status(tmp_path / "fresh")
    assert (info.running, info.pid, info.bolt_ok) == (False, None, False)
    assert server.stop(tmp_path / "fresh").running is False


def test_refused_connection_suggests_starting_the_server():
    port = free_port()  # nothing listens there: bound and released at once
    with pytest.raises(DatabaseError) as caught:
        connect(uri=f"bolt://127.0.0.1:{port}")
    message = str(caught.value)
    assert f"127.0.0.1:{port}" in message and "respgraph neo4j start" in message and "NEO4J_URI" in message


def test_connect_reads_the_environment(monkeypatch):
    port = free_port()
    monkeypatch.setenv("NEO4J_URI", f"neo4j://127.0.0.1:{port}")
    with pytest.raises(DatabaseError) as caught:
        connect()
    assert f"neo4j://127.0.0.1:{port}" in str(caught.value)


def test_not_a_bolt_address():
    with pytest.raises(DatabaseError) as caught:
        connect(uri="http://127.0.0.1:7474")
    assert "not a Neo4j Bolt address" in str(caught.value)
    with pytest.raises(DatabaseError) as caught:
        connect(uri="bolt://neo4j:secret@127.0.0.1:7687")
    assert "NEO4J_PASSWORD" in str(caught.value) and "secret" not in str(caught.value)


def test_wrong_password_sentence():
    from neo4j.exceptions import AuthError

    from respgraph.graphdb.connection import translate_errors

    with pytest.raises(DatabaseError) as caught:
        with translate_errors("neo4j+s://example.org:7687"):
            raise AuthError("The client is unauthorized due to authentication failure.")
    assert str(caught.value).startswith("Neo4j at neo4j+s://example.org:7687 rejected the user name or password")
