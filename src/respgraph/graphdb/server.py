"""A local Neo4j 5.26 LTS Community server: build, start, stop, status.

The server is Neo4j Community from Maven Central, run by a small Java
launcher (``respgraph/server``, a Maven project shipped inside this package).
Maven builds it once into the data home; later starts reuse that build until
the pom or the launcher changes.

Layout of the data home (default ``.respgraph/`` in the current folder, or
``$RESPGRAPH_HOME``)::

    .respgraph/
      server/build/          Maven output: launcher classes, classpath.txt
      server/build.log       output of the last Maven build
      neo4j/data/            the graph (kept across stop and start)
      neo4j/logs/            Neo4j's own logs (debug.log, query.log, ...)
      neo4j/conf/neo4j.conf  extra Neo4j settings of your own (optional)
      neo4j/neo4j.log        the server's console output
      neo4j/respgraph-server.json   pid and ports of the running server
      neo4j/password         the password of user neo4j (mode 0600), made at first start
      neo4j/respgraph-guide.html    the Cypher library as a Neo4j Browser guide

The server listens on 127.0.0.1 only, and authentication is on: loopback
keeps other machines out, but not other programs on this one, nor web pages
(a page can open a WebSocket to Bolt or POST to the HTTP API).  The first
start generates a password for user ``neo4j`` and keeps it in
``neo4j/password``; :func:`respgraph.graphdb.connection.connect` uses it by
itself for this server, and ``respgraph neo4j status`` prints it for Neo4j
Browser.  The HTTP API answers cross-origin requests only from the server's
own address.  A listen address outside loopback in ``neo4j/conf/neo4j.conf``
stops the start with a message, and ``start`` reports what actually listens.

>>> info = status("/nonexistent/home", check_bolt=False)
>>> info.running, info.pid
(False, None)
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import ipaddress
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote, urlsplit

from respgraph.errors import ServerError

__all__ = [
    "DEFAULT_BOLT_PORT",
    "DEFAULT_HTTP_PORT",
    "NEO4J_VERSION",
    "LAUNCHER_CLASS",
    "ServerInfo",
    "default_home",
    "resolve_ports",
    "start",
    "stop",
    "status",
    "bolt_answers",
    "build",
    "needs_build",
    "find_java",
    "log_tail",
    "password_file",
    "local_password",
    "check_listen_settings",
    "is_loopback",
]

DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 7474
NEO4J_VERSION = "5.26.30"
LAUNCHER_CLASS = "respgraph.server.Launcher"
HOST = "127.0.0.1"

# Page cache modest on purpose: the machines this runs on run tests in parallel.
# 3g: one plan is one transaction, and a city-scale plan (20,000 tasks) needs ~1 GiB of
# transaction memory (70% of the heap by default); override with RESPGRAPH_NEO4J_HEAP.
HEAP = os.environ.get("RESPGRAPH_NEO4J_HEAP", "3g")
PAGECACHE = "512m"
JVM_OPTIONS = [
    "-Xms256m",
    f"-Xmx{HEAP}",
    # Throughput collector rather than Neo4j's usual G1: one local user, and a
    # plan loads in one large transaction whose garbage G1 spends about a third
    # more server CPU on (measured side by side with bench_neo4j_load.py).
    "-XX:+UseParallelGC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+ExitOnOutOfMemoryError",
    "-Dfile.encoding=UTF-8",
    "-Dlog4j2.disable.jmx=true",
    "-Dio.netty.tryReflectionSetAccessible=true",
    # What Neo4j's own start script opens on Java 17.
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
]

_PROJECT = Path(__file__).resolve().parent.parent / "server"
_STATE_FILE = "respgraph-server.json"
_PASSWORD_FILE = "password"
_GUIDE_FILE = "respgraph-guide.html"
USERNAME = "neo4j"


@dataclass(frozen=True)
class ServerInfo:
    """What is known about the local server of one data home.

    ``running`` means our launcher process is alive; ``bolt_ok`` whether Bolt
    answered a connectivity check (``None`` when not checked).
    ``already_running`` is set by :func:`start` when it found the server up.
    """

    home: Path
    running: bool
    pid: int | None
    bolt_port: int | None
    http_port: int | None
    data_dir: Path
    log_file: Path
    bolt_ok: bool | None = None
    already_running: bool = False
    listening: tuple = ()  # ("127.0.0.1:7687", ...): what the server's process listens on, when looked at

    @property
    def uri(self) -> str | None:
        """``bolt://127.0.0.1:PORT`` of the running server, else ``None``."""
        return f"bolt://{HOST}:{self.bolt_port}" if self.bolt_port else None

    @property
    def browser_url(self) -> str | None:
        """Neo4j Browser's address, when the HTTP port is on."""
        return f"http://{HOST}:{self.http_port}/browser/" if self.http_port else None

    @property
    def browser_connect_url(self) -> str | None:
        """Browser's address with the connection form filled in (server, user, database, password login).

        Browser takes no password in its address (it would stay in the
        history), so the form waits for the password only; once connected,
        Browser plays the Cypher library guide.

        >>> info = ServerInfo(Path("/h"), True, 1, 7687, 7474, Path("/h/d"), Path("/h/l"))
        >>> info.browser_connect_url
        'http://127.0.0.1:7474/browser/?dbms=neo4j%3A%2F%2Fneo4j%40127.0.0.1%3A7687&db=neo4j&preselectAuthMethod=NATIVE'
        """
        if not (self.http_port and self.bolt_port):
            return None
        dbms = quote(f"neo4j://{USERNAME}@{HOST}:{self.bolt_port}", safe="")
        return f"{self.browser_url}?dbms={dbms}&db=neo4j&preselectAuthMethod=NATIVE"

    @property
    def password_file(self) -> Path:
        return _password_file(self.home)

    @property
    def password(self) -> str | None:
        """The password of user neo4j that respgraph generated (None before the first start)."""
        return _read_password(self.home)


# --------------------------------------------------------------------------- paths


def default_home() -> Path:
    """``$RESPGRAPH_HOME``, else ``.respgraph`` in the current folder.

    >>> default_home().name if "RESPGRAPH_HOME" not in os.environ else ".respgraph"
    '.respgraph'
    """
    env = os.environ.get("RESPGRAPH_HOME")
    return Path(env).expanduser() if env else Path.cwd() / ".respgraph"


def _home(home) -> Path:
    return (Path(home).expanduser() if home is not None else default_home()).resolve()


def _neo4j_home(home: Path) -> Path:
    return home / "neo4j"


def _log_file(home: Path) -> Path:
    return _neo4j_home(home) / "neo4j.log"


def _state_file(home: Path) -> Path:
    return _neo4j_home(home) / _STATE_FILE


def _password_file(home: Path) -> Path:
    return _neo4j_home(home) / _PASSWORD_FILE


def password_file(home=None) -> Path:
    """Where the local server of ``home`` keeps the password of user neo4j.

    >>> password_file("/srv/rg").as_posix()
    '/srv/rg/neo4j/password'
    """
    return _password_file(_home(home))


def _read_password(home: Path) -> str | None:
    try:
        return _password_file(home).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def _ensure_password(home: Path) -> Path:
    """Generate the password at first start (owner-only file), keep it afterwards; return the file."""
    path = _password_file(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        os.chmod(path, 0o600)  # someone widened it: the password is only the owner's to read
        if not _read_password(home):
            raise ServerError(f"{path} is empty; delete it to have a new password generated at the next start.") from None
        return path
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(18) + "\n")
    return path


def is_loopback(host: str) -> bool:
    """True for an address only this machine reaches (127.0.0.0/8, ::1, localhost).

    >>> [is_loopback(h) for h in ("127.0.0.1", "localhost", "[::1]", "0.0.0.0", "", "192.168.1.5")]
    [True, True, True, False, False, False]
    """
    host = host.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def local_password(uri: str, home=None) -> str | None:
    """The password respgraph generated for the local server that ``uri`` points at, else None.

    Only for a loopback address, and only when the server of ``home`` (default
    :func:`default_home`) is not known to run on another port.

    >>> local_password("bolt://db.example.org:7687") is None
    True
    """
    parts = urlsplit(uri)
    if not is_loopback(parts.hostname or ""):
        return None
    home = _home(home)
    state = _read_state(home)
    if state and state.get("bolt_port") != (parts.port or DEFAULT_BOLT_PORT):
        return None
    return _read_password(home)


def _conf_file(home: Path) -> Path:
    return _neo4j_home(home) / "conf" / "neo4j.conf"


def check_listen_settings(home=None) -> None:
    """Refuse a ``neo4j.conf`` that would make the server listen outside loopback.

    Any setting whose name holds ``listen_address`` (``server.bolt.additional_listen_addresses``,
    ``server.http.listen_address``, ...) must name loopback hosts only; a port
    alone (``:7688``) takes the default listen address, which the launcher sets
    to 127.0.0.1.  Raises :class:`ServerError` naming the file, line and setting.
    """
    conf = _conf_file(_home(home))
    try:
        lines = conf.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return
    for number, line in enumerate(lines, 1):
        name, sep, value = line.strip().partition("=")
        if not sep or name.startswith("#") or "listen_address" not in name:
            continue
        for address in filter(None, (a.strip() for a in value.split(","))):
            host = address.rsplit(":", 1)[0] if address.count(":") == 1 or address.startswith("[") else address
            if host and not is_loopback(host):
                raise ServerError(
                    f"{conf}, line {number}: {name.strip()}={value.strip()} would make Neo4j listen on {host!r}, "
                    "outside this machine's loopback; respgraph's local server listens on 127.0.0.1 only. "
                    "Remove the line (to serve other machines, run a Neo4j of your own and point NEO4J_URI at it)."
                )


def _listening(pid: int) -> tuple:
    """The ``ip:port`` addresses the process listens on (TCP), sorted."""
    import psutil

    try:
        connections = psutil.Process(pid).net_connections(kind="tcp")
    except (psutil.Error, OSError):
        return ()
    # an IPv4 address on a dual-stack socket shows as ::ffff:127.0.0.1
    found = {(c.laddr.ip.removeprefix("::ffff:"), c.laddr.port) for c in connections if c.status == psutil.CONN_LISTEN}
    return tuple(f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}" for ip, port in sorted(found, key=lambda a: (a[1], a[0])))


def _outside_loopback(listening) -> list[str]:
    return [a for a in listening if not is_loopback(a.rsplit(":", 1)[0])]


def _build_dir(home: Path) -> Path:
    return home / "server" / "build"


def _build_log(home: Path) -> Path:
    return home / "server" / "build.log"


def _port_from_env(value, name: str, env: str, default: int) -> int:
    if value is None:
        raw = os.environ.get(env)
        if raw is None or raw.strip() == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ServerError(f"{env}={raw!r} is not a port number; set it to e.g. {default}.") from None
    value = int(value)
    low = 0 if name == "http" else 1
    if not low <= value <= 65535:
        raise ServerError(f"the {name} port must be between {low} and 65535, not {value}.")
    return value


def resolve_ports(bolt_port=None, http_port=None) -> tuple[int, int]:
    """The Bolt and HTTP ports to use: the arguments, else the env vars, else the defaults.

    ``RESPGRAPH_BOLT_PORT`` and ``RESPGRAPH_HTTP_PORT`` set the defaults; an
    HTTP port of 0 turns HTTP (and Neo4j Browser) off.

    >>> resolve_ports(7697, 0)
    (7697, 0)
    """
    return (
        _port_from_env(bolt_port, "Bolt", "RESPGRAPH_BOLT_PORT", DEFAULT_BOLT_PORT),
        _port_from_env(http_port, "http", "RESPGRAPH_HTTP_PORT", DEFAULT_HTTP_PORT),
    )


# --------------------------------------------------------------------------- tools


def find_java() -> Path:
    """The ``java`` to run: ``$JAVA_HOME/bin/java``, else the one on PATH; must be Java 17+.

    Raises :class:`ServerError` saying how to install one when there is none.
    """
    candidates = []
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidates.append(Path(java_home) / "bin" / "java")
    on_path = shutil.which("java")
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            major = _java_major(candidate)
            if major is not None and major < 17:
                raise ServerError(
                    f"{candidate} is Java {major}, but Neo4j 5.26 needs Java 17 or newer; "
                    "install a JDK 17 (e.g. `apt-get install openjdk-17-jdk-headless`) and set JAVA_HOME to it."
                )
            return candidate
    where = f"JAVA_HOME={java_home} and PATH" if java_home else "PATH (JAVA_HOME is not set)"
    raise ServerError(
        f"no Java found in {where}, and the local Neo4j server needs Java 17; "
        "install a JDK 17 (e.g. `apt-get install openjdk-17-jdk-headless`) or set JAVA_HOME to one."
    )


def _java_major(java: Path) -> int | None:
    try:
        out = subprocess.run([str(java), "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def _find_maven() -> Path:
    mvn = shutil.which("mvn")
    if not mvn:
        raise ServerError(
            "Maven (`mvn`) is not on PATH, and it is needed once to build the local Neo4j server "
            "from Maven Central; install it (e.g. `apt-get install maven`)."
        )
    return Path(mvn)


def _java_env(java: Path) -> dict:
    """The environment for Maven: JAVA_HOME pointing at the Java we run."""
    env = dict(os.environ)
    env["JAVA_HOME"] = str(java.resolve().parent.parent)
    return env


# --------------------------------------------------------------------------- build


def _project_files() -> list[Path]:
    files = [_PROJECT / "pom.xml"] + sorted((_PROJECT / "src").rglob("*.java"))
    return [f for f in files if f.is_file()]


def _project_hash() -> str:
    digest = hashlib.sha256()
    for path in _project_files():
        digest.update(path.relative_to(_PROJECT).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _classpath(home: Path) -> str | None:
    """The launcher's classpath from an up-to-date build, else ``None``."""
    build_dir = _build_dir(home)
    stamp = build_dir / "respgraph-project.sha256"
    cp_file = build_dir / "classpath.txt"
    classes = build_dir / "classes"
    if not (stamp.is_file() and cp_file.is_file() and (classes / "respgraph" / "server" / "Launcher.class").is_file()):
        return None
    if stamp.read_text().strip() != _project_hash():
        return None
    jars = [j for j in cp_file.read_text().strip().split(os.pathsep) if j]
    # A wiped Maven cache leaves a classpath of missing jars: build again.
    if not jars or not all(os.path.isfile(j) for j in jars):
        return None
    return os.pathsep.join([str(classes)] + jars)


def needs_build(home=None) -> bool:
    """True when :func:`start` will run Maven first (no build yet, or the project changed)."""
    return _classpath(_home(home)) is None


def build(home=None, *, java: Path | None = None, force: bool = False) -> str:
    """Build the launcher with Maven (once) and return its classpath.

    Skips Maven when a build of the same pom and launcher source is already in
    ``HOME/server/build``.  The first build downloads Neo4j from Maven Central
    and can take minutes.  Raises :class:`ServerError` pointing at the build
    log when Maven fails.
    """
    home = _home(home)
    if not force:
        classpath = _classpath(home)
        if classpath:
            return classpath
    java = java or find_java()
    mvn = _find_maven()
    build_dir = _build_dir(home)
    log = _build_log(home)
    build_dir.mkdir(parents=True, exist_ok=True)
    project_hash = _project_hash()
    command = [
        str(mvn), "-q", "-B",
        "-f", str(_PROJECT / "pom.xml"),
        f"-Drespgraph.build={build_dir}",
        "compile",
    ]
    with open(log, "w", encoding="utf-8") as out:
        out.write("$ " + " ".join(command) + "\n")
        out.flush()
        try:
            done = subprocess.run(
                command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env=_java_env(java), cwd=str(build_dir),
            )
        except OSError as exc:
            raise ServerError(f"could not run Maven ({mvn}): {exc}.") from exc
    if done.returncode != 0:
        raise ServerError(
            f"building the local Neo4j server with Maven failed (exit code {done.returncode}); "
            f"see {log}:\n{log_tail(log, 15)}"
        )
    (build_dir / "respgraph-project.sha256").write_text(project_hash + "\n")
    classpath = _classpath(home)
    if not classpath:
        raise ServerError(f"Maven finished but left no usable classpath in {build_dir}; see {log}.")
    return classpath


# --------------------------------------------------------------------------- process


def _read_state(home: Path) -> dict | None:
    try:
        state = json.loads(_state_file(home).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) and isinstance(state.get("pid"), int) else None


def _our_process(home: Path, state: dict | None):
    """The psutil.Process of our launcher for ``home``, or ``None``.

    A pid is only trusted when that process is alive, its command line runs
    our launcher class for this very Neo4j home, and (when recorded) it
    started when the state file says: a recycled pid never matches.
    """
    import psutil

    if not state:
        return None
    try:
        proc = psutil.Process(state["pid"])
        if proc.status() == psutil.STATUS_ZOMBIE:
            return None
        cmdline = proc.cmdline()
        created = proc.create_time()
    except (psutil.Error, OSError):
        return None
    if LAUNCHER_CLASS not in cmdline:
        return None
    try:
        given_home = cmdline[cmdline.index("--home") + 1]
    except (ValueError, IndexError):
        return None
    if os.path.abspath(given_home) != str(_neo4j_home(home)):
        return None
    recorded = state.get("create_time")
    if isinstance(recorded, (int, float)) and abs(recorded - created) > 1.0:
        return None
    return proc


def _port_free(port: int) -> bool:
    """True when nothing listens on 127.0.0.1:``port`` (SO_REUSEADDR ignores TIME_WAIT leftovers)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def _check_port(port: int, kind: str, option: str, env: str) -> None:
    if port and not _port_free(port):
        raise ServerError(
            f"port {port} on {HOST} is already in use, so Neo4j cannot open its {kind} port there; "
            "stop whatever listens on it, or choose another port with {option} (or " + env + "). "
            "If a Neo4j server is already running there, use it instead by setting NEO4J_URI.",
            option=option,
        )


def bolt_answers(port: int, timeout: float = 3.0) -> bool:
    """True when a Neo4j server answers Bolt on 127.0.0.1:``port`` (no auth)."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, Neo4jError, DriverError

    try:
        with GraphDatabase.driver(
            f"bolt://{HOST}:{port}", auth=None, connection_timeout=timeout, max_connection_pool_size=1
        ) as driver:
            driver.verify_connectivity()
        return True
    except AuthError:
        return True  # something answered Bolt, and it wants a password
    except (Neo4jError, DriverError, OSError):
        return False


def log_tail(path, lines: int = 20) -> str:
    """The last ``lines`` lines of a log file ('' when there is none)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 64 * 1024))
            text = handle.read().decode("utf-8", "replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


@contextlib.contextmanager
def _locked(home: Path):
    """One start or stop at a time per data home (two test runs may race)."""
    import fcntl

    lock_path = _neo4j_home(home) / ".lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _info(home: Path, proc, state: dict | None, check_bolt: bool, already_running: bool = False) -> ServerInfo:
    running = proc is not None
    bolt_port = state.get("bolt_port") if running and state else None
    http_port = state.get("http_port") if running and state else None
    bolt_ok = None
    if check_bolt:
        bolt_ok = bool(running and bolt_port and bolt_answers(bolt_port))
    return ServerInfo(
        home=home,
        running=running,
        pid=proc.pid if running else None,
        bolt_port=bolt_port,
        http_port=http_port or None,
        data_dir=_neo4j_home(home) / "data",
        log_file=_log_file(home),
        bolt_ok=bolt_ok,
        already_running=already_running,
        listening=_listening(proc.pid) if running else (),
    )


# --------------------------------------------------------------------------- API


def status(home=None, *, check_bolt: bool = True) -> ServerInfo:
    """Whether the server of ``home`` runs, its pid, ports, data folder, and whether Bolt answers.

    >>> status("/nonexistent/home", check_bolt=False).data_dir.as_posix()
    '/nonexistent/home/neo4j/data'
    """
    home = _home(home)
    state = _read_state(home)
    return _info(home, _our_process(home, state), state, check_bolt)


def start(home=None, bolt_port=None, http_port=None, timeout: float = 180.0) -> ServerInfo:
    """Start the local server (building it first if needed); return once Bolt answers.

    When the server of ``home`` already runs, returns its info with
    ``already_running=True`` and changes nothing.  Raises
    :class:`ServerError` when Java or Maven is missing, the build fails, a
    port is taken, ``neo4j.conf`` names a listen address outside loopback, or
    the server does not answer within ``timeout`` seconds (the server is then
    stopped again and the message shows the log's tail).  The first start
    generates the password of user neo4j (``neo4j/password``, mode 0600).

    Example (takes a while, so not run as a doctest)::

        info = start(".respgraph", bolt_port=7687)
        info.uri  # 'bolt://127.0.0.1:7687'
    """
    home = _home(home)
    bolt_port, http_port = resolve_ports(bolt_port, http_port)
    if http_port == bolt_port:
        raise ServerError(f"the Bolt and HTTP ports must differ (both are {bolt_port}).")
    with _locked(home):
        state = _read_state(home)
        proc = _our_process(home, state)
        if proc is not None:
            # Perhaps still starting (an earlier start was interrupted): wait for Bolt as usual.
            _wait_for_bolt(home, proc, state, timeout, stop_on_timeout=False)
            return replace(_info(home, proc, state, check_bolt=False), bolt_ok=True, already_running=True)
        check_listen_settings(home)
        _check_port(bolt_port, "Bolt", "bolt_port", "RESPGRAPH_BOLT_PORT")
        _check_port(http_port, "HTTP", "http_port", "RESPGRAPH_HTTP_PORT")
        java = find_java()
        classpath = build(home, java=java)
        return _launch(home, java, classpath, bolt_port, http_port, timeout)


def _launch(home: Path, java: Path, classpath: str, bolt_port: int, http_port: int, timeout: float) -> ServerInfo:
    import psutil

    neo4j_home = _neo4j_home(home)
    (neo4j_home / "data").mkdir(parents=True, exist_ok=True)
    log = _log_file(home)
    _write_guide(home)
    command = [
        str(java), *JVM_OPTIONS, "-cp", classpath, LAUNCHER_CLASS,
        "--home", str(neo4j_home),
        "--bolt-port", str(bolt_port),
        "--http-port", str(http_port),
        "--pagecache", PAGECACHE,
        # a file, not the password: command lines are visible to every user
        "--password-file", str(_ensure_password(home)),
    ]
    with open(log, "ab") as out:
        out.write(f"\n=== respgraph neo4j start {time.strftime('%Y-%m-%d %H:%M:%S %z')} ===\n".encode())
        out.flush()
        try:
            process = subprocess.Popen(
                command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                cwd=str(neo4j_home), start_new_session=True,  # survives the CLI that started it
            )
        except OSError as exc:
            raise ServerError(f"could not run {java}: {exc}.") from exc
    state = {
        "pid": process.pid,
        "create_time": psutil.Process(process.pid).create_time(),
        "bolt_port": bolt_port,
        "http_port": http_port,
        "neo4j_version": NEO4J_VERSION,
    }
    _state_file(home).write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")

    _wait_for_bolt(home, process, state, timeout, stop_on_timeout=True)
    info = replace(_info(home, _our_process(home, state), state, check_bolt=False), bolt_ok=True)
    outside = _outside_loopback(info.listening)
    if outside:  # neo4j.conf was checked; this is the last line of defence
        _terminate(process.pid)
        _state_file(home).unlink(missing_ok=True)
        raise ServerError(
            f"Neo4j listened on {', '.join(outside)}, outside loopback, so it was stopped again; "
            f"check {_conf_file(home)} and the JVM options."
        )
    return info


def _write_guide(home: Path) -> None:
    """The Cypher library as a Neo4j Browser guide, served by the launcher at /respgraph/guide."""
    from respgraph.graphdb.library import browser_guide

    (_neo4j_home(home) / _GUIDE_FILE).write_text(browser_guide(), encoding="utf-8")


def _wait_for_bolt(home: Path, process, state: dict, timeout: float, *, stop_on_timeout: bool) -> None:
    """Return once Bolt answers; raise :class:`ServerError` if the server dies or ``timeout`` passes.

    ``process`` is our ``subprocess.Popen`` (polled, so its exit code is
    known) or a ``psutil.Process`` found running.
    """
    import psutil

    log = _log_file(home)
    port = state["bolt_port"]
    deadline = time.monotonic() + timeout
    while True:
        if isinstance(process, subprocess.Popen):
            code = process.poll()
        else:
            try:
                alive = process.is_running() and process.status() != psutil.STATUS_ZOMBIE
            except psutil.Error:
                alive = False
            code = None if alive else "unknown"
        if code is not None:
            _state_file(home).unlink(missing_ok=True)
            raise ServerError(f"Neo4j exited during start-up (exit code {code}); see {log}:\n{log_tail(log)}")
        if bolt_answers(port, timeout=2.0):
            return
        if time.monotonic() > deadline:
            if stop_on_timeout:
                _terminate(process.pid)
                _state_file(home).unlink(missing_ok=True)
                what = "so it was stopped again"
            else:
                what = f"though its process (pid {process.pid}) runs; stop it with `respgraph neo4j stop`"
            raise ServerError(
                f"Neo4j did not answer on bolt://{HOST}:{port} within {timeout:g} s, {what}; "
                f"see {log} (or give more time with {{option}}):\n{log_tail(log)}",
                option="timeout",
            )
        time.sleep(1.0)


def _terminate(pid: int, timeout: float = 60.0) -> None:
    """SIGTERM ``pid`` (a clean Neo4j shutdown), then SIGKILL if it hangs past ``timeout``."""
    import psutil

    try:
        proc = psutil.Process(pid)
        proc.terminate()
        try:
            proc.wait(timeout)
        except psutil.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    except psutil.NoSuchProcess:
        pass


def stop(home=None, *, timeout: float = 60.0) -> ServerInfo:
    """Stop the server that :func:`start` started for ``home``; return its info as it was.

    Only a process whose command line is our launcher for this home is ever
    signalled.  Returns ``running=False`` info when nothing was running (a
    stale state file is removed).
    """
    home = _home(home)
    with _locked(home):
        state = _read_state(home)
        proc = _our_process(home, state)
        if proc is None:
            _state_file(home).unlink(missing_ok=True)
            return _info(home, None, None, check_bolt=False)
        info = _info(home, proc, state, check_bolt=False)
        _terminate(proc.pid, timeout)
        _state_file(home).unlink(missing_ok=True)
        return info
