"""The local Neo4j server (start/stop/status/browse) and connect()'s error messages, against real processes.

One server is started for the whole module, in a data home under the test's
temporary folder and on free ports, so it never touches the shared server on
7687.  Its first start builds the launcher with Maven (Neo4j comes from the
local Maven cache, or from Maven Central the first time).  Authentication is
on: the tests connect with the password the server generated
(``info.password``), or let connect() find it through RESPGRAPH_HOME.
The security tests use a real headless Chromium on a page served from
another loopback port.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import socket
import stat
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

import psutil
import pytest
from click.testing import CliRunner

from respgraph.cli import main
from respgraph.errors import DatabaseError, ServerError
from respgraph.graphdb import server
from respgraph.graphdb.connection import connect
from render_support import chromium, chromium_available

# Under CI (CI=true, set by .ci/run) chromium_available() is true, so a missing browser fails these tests.
needs_browser = pytest.mark.skipif(not chromium_available(), reason="needs Debian's chromium at /usr/bin/chromium")


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
    with connect(uri=info.uri, password=info.password) as conn:
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
    with connect(uri=f"neo4j://127.0.0.1:{bolt_port}", database="neo4j", password=local_server[3].password) as conn:
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
    # the password for Browser, and what listens: the two ports, on loopback only
    assert f"password: {info.password}" in result.output
    (listens,) = [line for line in result.output.splitlines() if line.strip().startswith("listens:")]
    assert listens.split(":", 1)[1].replace(",", " ").split() == [f"127.0.0.1:{p}" for p in sorted((bolt_port, http_port))]


@pytest.mark.neo4j
def test_unknown_database_is_named(local_server):
    _, bolt_port, _, _ = local_server
    with pytest.raises(DatabaseError) as caught:
        connect(uri=f"bolt://127.0.0.1:{bolt_port}", database="nosuchdb", password=local_server[3].password)
    assert "no database named 'nosuchdb'" in str(caught.value)


@pytest.mark.neo4j
def test_query_errors_inside_translate_errors(local_server):
    from respgraph.errors import QueryError

    _, bolt_port, _, _ = local_server
    with connect(uri=f"bolt://127.0.0.1:{bolt_port}", password=local_server[3].password) as conn:
        with pytest.raises(QueryError) as caught:
            conn.execute_query("RETURN $missing")
    assert "missing" in str(caught.value)


# --------------------------------------------------------------------------- security of the local server


@pytest.mark.neo4j
def test_password_is_generated_once_owner_only_and_found_by_respgraph(local_server, monkeypatch):
    home, _, _, info = local_server
    password_file = home / "neo4j" / "password"
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert info.password and len(info.password) >= 20 and info.password_file == password_file
    # Neo4j's own copy holds a salted hash, owner-only too
    auth_ini = home / "neo4j" / "data" / "dbms" / "auth.ini"
    assert stat.S_IMODE(auth_ini.stat().st_mode) == 0o600 and info.password not in auth_ini.read_text()

    with pytest.raises(DatabaseError) as caught:
        connect(uri=info.uri, password="")  # explicitly none
    assert "needs a user name and password" in str(caught.value)
    with pytest.raises(DatabaseError) as caught:
        connect(uri=info.uri, password="not-the-password")
    assert "rejected the user name or password" in str(caught.value)
    assert "not-the-password" not in str(caught.value)

    # nothing given: connect() and the CLI use the password of the server whose home it is
    monkeypatch.setenv("RESPGRAPH_HOME", str(home))
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    with connect(uri=info.uri) as conn:
        assert conn.execute_query("RETURN 1 AS one").records[0]["one"] == 1
    result = CliRunner().invoke(main, ["cypher", "RETURN 1 AS one", "--uri", info.uri, "--format", "csv"])
    assert result.exit_code == 0 and result.output == "one\n1\n", result.output


@pytest.fixture
def other_origin(tmp_path):
    """A page served by http.server on another loopback port: an origin that is not Neo4j's."""
    (tmp_path / "index.html").write_text("<!doctype html><title>elsewhere</title><p>a page on the web</p>")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/index.html"
    httpd.shutdown()
    httpd.server_close()


# Three ways a page can POST a write to the HTTP API: JSON (preflighted), a "simple"
# text/plain request (no preflight, as a form sends it), and JSON with the password
# (a page that somehow had it): each answer is either read or blocked.
_POST_WRITES = """async ([url, marker, password, only]) => {
    const body = JSON.stringify({statements: [{statement: "CREATE (:CorsProbe {m: $m})", parameters: {m: marker}}]});
    const attempts = {
        json: {"Content-Type": "application/json"},
        simple: {"Content-Type": "text/plain"},
        with_password: {"Content-Type": "application/json", "Authorization": "Basic " + btoa("neo4j:" + password)},
    };
    const seen = {};
    for (const [name, headers] of Object.entries(attempts)) {
        if (only && name !== only) continue;
        try {
            const answer = await fetch(url, {method: "POST", headers, body});
            seen[name] = "read " + answer.status;
        } catch (e) {
            seen[name] = "blocked";
        }
    }
    return seen;
}"""


@pytest.mark.neo4j
@needs_browser
def test_a_page_from_another_origin_can_neither_write_nor_read(local_server, other_origin):
    _, _, http_port, info = local_server
    endpoint = f"http://127.0.0.1:{http_port}/db/neo4j/tx/commit"
    marker = uuid.uuid4().hex

    def probes():
        with connect(uri=info.uri, password=info.password) as conn:
            return conn.execute_query("MATCH (n:CorsProbe {m: $m}) RETURN count(n) AS n", {"m": marker}).records[0]["n"]

    with chromium() as browser:
        page = browser.new_page()
        page.goto(other_origin)
        seen = page.evaluate(_POST_WRITES, [endpoint, marker, info.password, None])
        # the control: from the server's own origin, the request with the password is read, and writes
        # (only that one: a same-origin 401 would open the browser's password prompt and wait)
        own = browser.new_page()
        own.goto(f"http://127.0.0.1:{http_port}/")
        from_own_origin = own.evaluate(_POST_WRITES, [endpoint, marker, info.password, "with_password"])
    assert seen == {"json": "blocked", "simple": "blocked", "with_password": "blocked"}, seen
    assert from_own_origin == {"with_password": "read 200"}, from_own_origin
    assert probes() == 1  # only the own-origin request wrote
    with connect(uri=info.uri, password=info.password) as conn:
        conn.execute_query("MATCH (n:CorsProbe {m: $m}) DELETE n", {"m": marker})


def test_a_listen_address_outside_loopback_is_refused(tmp_path):
    home = tmp_path / "home"
    conf = home / "neo4j" / "conf" / "neo4j.conf"
    conf.parent.mkdir(parents=True)
    conf.write_text("# extra settings\nserver.bolt.additional_listen_addresses=127.0.0.1:7999,0.0.0.0:7998\n")
    result = CliRunner().invoke(main, ["neo4j", "start", "--home", str(home), "--bolt-port", str(free_port()),
                                       "--http-port", "0"])
    assert result.exit_code == ServerError.exit_code, result.output
    assert f"{conf}, line 2" in result.output and "'0.0.0.0'" in result.output and "loopback" in result.output
    assert "Traceback" not in result.output
    assert server.status(home, check_bolt=False).running is False
    for setting in ("server.http.listen_address=:7475", "server.bolt.listen_address=[::1]:7688",
                    "server.default_listen_address=localhost", "#server.default_listen_address=0.0.0.0"):
        conf.write_text(setting + "\n")
        server.check_listen_settings(home)  # loopback, a bare port, or a comment: fine
    for setting in ("server.default_listen_address=0.0.0.0", "server.http.listen_address=192.168.1.10:7474",
                    "server.bolt.listen_address=[::]:7687"):
        conf.write_text(setting + "\n")
        with pytest.raises(ServerError):
            server.check_listen_settings(home)


@pytest.mark.neo4j
def test_the_library_guide_is_served_without_a_password(local_server):
    _, _, http_port, _ = local_server
    with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/respgraph/guide", timeout=10) as response:
        assert response.status == 200
        guide = response.read().decode("utf-8")
    assert '<article class="guide">' in guide and "pairs.cypher" in guide and ":params {plan: null" in guide
    # the data stays behind the password
    request = urllib.request.Request(f"http://127.0.0.1:{http_port}/db/neo4j/tx/commit", method="POST",
                                     data=b'{"statements": [{"statement": "RETURN 1"}]}',
                                     headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=10)
    assert caught.value.code == 401


@pytest.mark.neo4j
@needs_browser
def test_browse_gives_an_address_that_connects_and_plays_the_library(local_server):
    home, bolt_port, _, info = local_server
    result = CliRunner().invoke(main, ["neo4j", "browse", "--home", str(home), "--no-open"])
    assert result.exit_code == 0, result.output
    url = result.output.splitlines()[0]
    assert url == info.browser_connect_url and f"password {info.password}" in result.output
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.wait_for_selector("input[data-testid='password']", timeout=60_000)
        # the form is filled in: only the password is typed
        assert page.input_value("input[data-testid='boltaddress']") == f"127.0.0.1:{bolt_port}"
        assert page.input_value("input[data-testid='username']") == "neo4j"
        page.fill("input[data-testid='password']", info.password)
        page.click("button[data-testid='connect']")
        page.wait_for_selector("text=respgraph: the Cypher library", timeout=60_000)
        assert page.locator("text=street_burden:").count() == 1


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
    with connect(uri=info.uri, password=info.password) as conn:
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
    assert restarted.password == info.password  # generated once, kept across restarts
    with connect(uri=restarted.uri, password=restarted.password) as conn:
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
        # the library names the parameter; the CLI (below) names its flag
        assert f"port {port}" in message and "choose another port with bolt_port" in message

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
