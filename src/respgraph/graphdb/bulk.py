"""Bulk loading: plans written as CSV and imported offline by Neo4j's own importer.

The transactional loader (:mod:`respgraph.graphdb.loader`) is right for a plan
or a city; for a national corpus ``neo4j-admin database import full``, which
writes the store files directly, is the tool: it imported a 1.1-million-
relationship corpus at ≈88,000 relationships/s, about 3× the batched loader,
while stopping and starting the server around it costs ≈10 s whatever the size
(``benchmarks/bench_neo4j_load.py``), so it pays off from several cities up.
:func:`bulk_load` writes every node and relationship the transactional loader
would write (the same labels, keys, properties and relationships, built from
:func:`respgraph.graphdb.loader.plan_rows`) as CSV files in a private
temporary folder, stops the local respgraph server, runs the importer against
its data folder, starts the server again on the same ports and applies the
schema (:func:`respgraph.graphdb.loader.apply_schema`).

Only for a FRESH database of respgraph's local server
(:mod:`respgraph.graphdb.server`): the import replaces the whole database, so
a database that already holds data is refused unless ``overwrite=True``.
Neo4j Community serves only its default database (``neo4j``), so that is the
one imported into.  The password of user neo4j lives in the ``system``
database, which the import does not touch: it keeps working afterwards.

Plans that share units (the years of one district, the districts of a city)
are merged by the loader's rules, applied in the order the plans are given: a
unit's name, jurisdiction and level are the last plan's, its kind is the last
plan's unless that plan's reader did not know the unit (``other``), and its
aliases are merged.

The CSV files quote every string (so an empty string stays an empty string and
an absent value, an unquoted empty field, stays absent; the importer stores no
empty array, so empty alias and street lists are set after the import), allow
line breaks in quoted fields when a value has one (task texts may) and
separate array elements with U+001F (a list item holding it is refused).

>>> csv_value("区财政局", "string"), csv_value(None, "string"), csv_value(['甲', '乙'], "string[]")
('"区财政局"', '', '"甲\\x1f乙"')
>>> csv_value(True, "boolean"), csv_value(3, "long"), csv_value(bytes([1, 255]), "byte[]")
('true', '3', '"1\\x1f-1"')
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from respgraph.errors import DatabaseError, InputError
from respgraph.graphdb import server
from respgraph.graphdb.loader import apply_schema, plan_params, plan_rows

__all__ = [
    "BulkResult",
    "BulkTarget",
    "bulk_load",
    "check_target",
    "write_csv",
    "csv_value",
    "IMPORTER_CLASS",
]

IMPORTER_CLASS = "org.neo4j.cli.AdminTool"
# The importer's heap (it asks for about 1 GiB for a city-scale plan, more for a
# national corpus; its caches live off the heap, up to --max-off-heap-memory).
IMPORT_HEAP = os.environ.get("RESPGRAPH_IMPORT_HEAP", "2g")
ARRAY_DELIMITER = "\x1f"

# ------------------------------------------------------------------ the files
# (file stem, label or type, header: [(property, type)]); the first column of a
# node file is its ID (its key, or a District's name), in an ID space of its label.

_NODE_FILES = {
    "Plan": [("key", "ID(Plan)"), ("district", "string"), ("year", "long"), ("title", "string"), ("source", "string"),
             ("streets", "string[]"), ("audit_json_gz", "byte[]")],
    "District": [("name", "ID(District)")],
    "Section": [("key", "ID(Section)"), ("plan", "string"), ("name", "string"), ("order", "long")],
    "Task": [("key", "ID(Task)"), ("plan", "string"), ("seq", "long"), ("text", "string"), ("deadline", "string"),
             ("section", "string"), ("row", "string"), ("lead_raw", "string"), ("co_raw", "string")],
    "Unit": [("key", "ID(Unit)"), ("name", "string"), ("jurisdiction", "string"), ("level", "string"),
             ("kind", "string"), ("aliases", "string[]")],
    "Leader": [("key", "ID(Leader)"), ("name", "string"), ("district", "string")],
    "Group": [("key", "ID(Group)"), ("plan", "string"), ("phrase", "string"), ("kind", "string")],
}

_LINK = [("raw", "string"), ("method", "string"), ("inferred", "boolean"), ("group", "string"),
         ("detail", "string"), ("pos", "long")]

# file stem -> (relationship type, start ID space, end ID space, properties)
_REL_FILES = {
    "issued_by": ("ISSUED_BY", "Plan", "District", []),
    "of_plan": ("OF_PLAN", "Section", "Plan", []),
    "in_section": ("IN_SECTION", "Task", "Section", []),
    "unit_belongs_to": ("BELONGS_TO", "Unit", "District", []),
    "leader_belongs_to": ("BELONGS_TO", "Leader", "District", []),
    "part_of": ("PART_OF", "Unit", "District", []),
    "oversees": ("OVERSEES", "Leader", "Task", [("pos", "long")]),
    "leads": ("LEADS", "Unit", "Task", _LINK),
    "co": ("CO_RESPONSIBLE", "Unit", "Task", _LINK),
    "named_in": ("NAMED_IN", "Group", "Task", [("role", "string"), ("raw", "string"), ("pos", "long")]),
    "includes": ("INCLUDES", "Group", "Unit", [("pos", "long")]),
}


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def csv_value(value, kind: str) -> str:
    """One CSV field for the importer: strings quoted, ``None`` an unquoted empty field (no property)."""
    if value is None:
        return ""
    if kind.startswith("ID(") or kind == "string":
        if not isinstance(value, str):
            raise TypeError(f"expected text, got {value!r}")
        return _quote(value)
    if kind == "long":
        return str(int(value))
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "string[]":
        for item in value:
            if ARRAY_DELIMITER in item:
                raise InputError(f"the value {item!r} holds the character U+001F, which the bulk import cannot store")
        return _quote(ARRAY_DELIMITER.join(value))
    if kind == "byte[]":
        # Java's bytes are signed
        return _quote(ARRAY_DELIMITER.join(str(b - 256 if b > 127 else b) for b in value))
    raise ValueError(f"unknown CSV type {kind}")


def _header(columns) -> str:
    out = []
    for name, kind in columns:
        if kind.startswith(("ID(", "START_ID(", "END_ID(")):
            out.append(f"{name}:{kind}")
        else:
            out.append(f"{name}:{kind}" if kind != "string" else name)
    return ",".join(out)


class _Files:
    """The CSV files of one import, written row by row."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.handles = {}
        self.counts = {}
        self.multiline = False  # a value holds a line break: the importer must read quoted fields across lines

    def _open(self, stem, header):
        handle = self.handles.get(stem)
        if handle is None:
            handle = self.handles[stem] = open(self.folder / f"{stem}.csv", "w", encoding="utf-8", newline="")
            handle.write(header + "\n")
            self.counts[stem] = 0
        return handle

    def node(self, label, row: dict):
        columns = _NODE_FILES[label]
        line = ",".join(csv_value(row.get(name), kind) for name, kind in columns)
        self.multiline = self.multiline or "\n" in line or "\r" in line
        self._open(label, _header(columns)).write(line + "\n")
        self.counts[label] += 1

    def rel(self, stem, start, end, row: dict | None = None):
        _, start_space, end_space, props = _REL_FILES[stem]
        header = _header([("", f"START_ID({start_space})"), ("", f"END_ID({end_space})"), *props])
        handle = self._open(stem, header)
        fields = [_quote(start), _quote(end), *(csv_value((row or {}).get(name), kind) for name, kind in props)]
        line = ",".join(fields)
        self.multiline = self.multiline or "\n" in line or "\r" in line
        handle.write(line + "\n")
        self.counts[stem] += 1

    def close(self):
        for handle in self.handles.values():
            handle.close()

    def arguments(self) -> list[str]:
        """The importer's --nodes and --relationships arguments for the files written."""
        args = []
        for label in _NODE_FILES:
            if label in self.handles:
                args.append(f"--nodes={label}={self.folder / (label + '.csv')}")
        for stem, (rel_type, *_rest) in _REL_FILES.items():
            if stem in self.handles:
                args.append(f"--relationships={rel_type}={self.folder / (stem + '.csv')}")
        return args


def write_csv(plans, folder) -> dict:
    """Write ``plans`` as the importer's CSV files in ``folder``; return the rows written per file.

    The graph is the one :func:`respgraph.graphdb.loader.load_plan` writes
    when the plans are loaded one after the other into an empty database.
    """
    return dict(_write_files(plans, folder).counts)


def _write_files(plans, folder) -> _Files:
    folder = Path(folder)
    keys = [plan.key for plan in plans]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        sources = [str(p.source) for p in plans if p.key in repeated]
        raise InputError(
            f"several tables give the plan {', '.join(repeated)} ({', '.join(sources)}); a bulk load writes each plan "
            "once: load one of them, or give them distinct --year/--district"
        )
    files = _Files(folder)
    districts: dict[str, None] = {}
    units: dict[str, dict] = {}
    leaders: dict[str, dict] = {}
    unit_belongs, leader_belongs, part_of = {}, {}, {}
    try:
        for plan in plans:
            rows = plan_rows(plan)
            params = plan_params(plan)
            files.node("Plan", {"key": params["plan"], "district": params["district"], "year": params["year"],
                                "title": params["title"], "source": params["source"], "streets": params["streets"],
                                "audit_json_gz": params["audit"]})
            if params["district"]:
                districts.setdefault(params["district"])
                files.rel("issued_by", plan.key, params["district"])
            for row in rows["sections"]:
                files.node("Section", {**row, "plan": plan.key})
                files.rel("of_plan", row["key"], plan.key)
            for row in rows["units"]:
                old = units.get(row["key"])
                merged = dict(row)
                if old is not None:  # the loader's _UNITS statement, applied to the node as it stands
                    if row["kind"] == "other" and old["kind"] is not None:
                        merged["kind"] = old["kind"]
                    merged["aliases"] = [a for a in old["aliases"] if a not in row["aliases"]] + list(row["aliases"])
                units[row["key"]] = merged
                if row["jurisdiction"] is not None:
                    districts.setdefault(row["jurisdiction"])
                    unit_belongs.setdefault((row["key"], row["jurisdiction"]))
            for row in rows["streets"]:
                if row["district"] is not None:
                    districts.setdefault(row["district"])
                    part_of.setdefault((row["key"], row["district"]))
            for row in rows["leaders"]:
                leaders[row["key"]] = row
                if row["district"] is not None:
                    districts.setdefault(row["district"])
                    leader_belongs.setdefault((row["key"], row["district"]))
            for row in rows["tasks"]:
                files.node("Task", {**row, "plan": plan.key})
                files.rel("in_section", row["key"], row["section_key"])
            for row in rows["groups"]:
                files.node("Group", {**row, "plan": plan.key})
            for row in rows["oversees"]:
                files.rel("oversees", row["leader"], row["task"], row)
            for kind in ("leads", "co"):
                for row in rows[kind]:
                    files.rel(kind, row["unit"], row["task"], row)
            for row in rows["named_in"]:
                files.rel("named_in", row["group"], row["task"], row)
            for row in rows["includes"]:
                files.rel("includes", row["group"], row["unit"], row)
        for name in districts:
            files.node("District", {"name": name})
        for row in units.values():
            files.node("Unit", row)
        for row in leaders.values():
            files.node("Leader", row)
        for unit, district in unit_belongs:
            files.rel("unit_belongs_to", unit, district)
        for leader, district in leader_belongs:
            files.rel("leader_belongs_to", leader, district)
        for unit, district in part_of:
            files.rel("part_of", unit, district)
    finally:
        files.close()
    return files


# ------------------------------------------------------------------ the server


@dataclass
class BulkTarget:
    """The local server a bulk load goes into, as found before the import."""

    home: Path
    bolt_port: int
    http_port: int
    database: str  # the server's default database, the one imported into
    nodes: int  # nodes in it before the import
    started: bool = False  # the server was not running and was started to look


@dataclass
class BulkResult:
    """What :func:`bulk_load` did."""

    plans: list = field(default_factory=list)
    database: str = ""
    nodes: dict = field(default_factory=dict)  # label -> nodes written
    relationships: dict = field(default_factory=dict)  # type -> relationships written
    overwritten: int = 0  # nodes the database held before
    csv_seconds: float = 0.0
    import_seconds: float = 0.0  # the importer alone
    total_seconds: float = 0.0  # stop, import, start, schema

    @property
    def relationships_written(self) -> int:
        return sum(self.relationships.values())

    @property
    def nodes_written(self) -> int:
        return sum(self.nodes.values())


# The importer stores no property for an empty array; the loader stores the
# empty list (a unit without aliases, a plan without streets).  Every row
# written had a list there, so a missing one is an empty one.
_EMPTY_LISTS = [
    "MATCH (u:Unit) WHERE u.aliases IS NULL CALL { WITH u SET u.aliases = [] } IN TRANSACTIONS OF 10000 ROWS",
    "MATCH (p:Plan) WHERE p.streets IS NULL CALL { WITH p SET p.streets = [] } IN TRANSACTIONS OF 10000 ROWS",
]


def _connect(info, database=None):
    from respgraph.graphdb.connection import connect

    return connect(uri=info.uri, username=server.USERNAME, password=info.password, database=database)


def check_target(*, home=None, database=None, overwrite=False, uri=None) -> BulkTarget:
    """Check that a bulk load can go into the local server of ``home``; start it if it is not running.

    Raises :class:`InputError` when ``uri`` (a connection asked for) is not
    that server, when ``database`` is not its default database (Neo4j
    Community serves no other), and when the database holds data and
    ``overwrite`` is not given.
    """
    info = server.status(home, check_bolt=False)
    started = False
    if not info.running:
        info = server.start(home)
        started = True
    if uri:
        parts = urlsplit(uri)
        if not (server.is_loopback(parts.hostname or "") and (parts.port or server.DEFAULT_BOLT_PORT) == info.bolt_port):
            raise InputError(
                f"a bulk load imports into respgraph's local server (bolt://127.0.0.1:{info.bolt_port}, home {info.home}), "
                f"not {uri}: leave out {{option}} (and NEO4J_URI), or load without --bulk",
                option="uri",
            )
    with _connect(info) as conn:
        default = conn.execute_query("SHOW DEFAULT DATABASE YIELD name", database_="system").records[0]["name"]
    if database and database != default:
        raise InputError(
            f"Neo4j Community serves only its default database ({default!r}), so a bulk load imports into that one, "
            f"not {database!r}: leave out {{option}} (and NEO4J_DATABASE) or give {default!r}",
            option="database",
        )
    with _connect(info, default) as conn:
        nodes = conn.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    if nodes and not overwrite:
        raise InputError(
            f"the database {default!r} of the local server ({info.home}) already holds {nodes} nodes, and a bulk load "
            "replaces the whole database: give {option} to replace it, or load without --bulk to add to it",
            option="overwrite",
        )
    return BulkTarget(info.home, info.bolt_port, info.http_port or 0, default, nodes, started)


def _importer_command(home: Path, database: str, files: _Files, report: Path) -> list[str]:
    java = server.find_java()
    classpath = server.build(home, java=java)
    return [
        str(java), f"-Xmx{IMPORT_HEAP}", "-XX:+UseParallelGC", "-Dfile.encoding=UTF-8",
        "-cp", classpath, IMPORTER_CLASS,
        "database", "import", "full", database,
        *files.arguments(),
        "--overwrite-destination=true",
        # only when needed: multi-line fields make the importer read each file in one thread
        f"--multiline-fields={'true' if files.multiline else 'false'}",
        "--array-delimiter=U+001F",
        "--bad-tolerance=0",
        f"--report-file={report}",
        "--max-off-heap-memory=2G",
    ]


def _private_conf(home: Path, folder: Path) -> Path:
    """A conf folder for the importer: the server's own neo4j.conf, with its folders set as the launcher sets them."""
    neo4j_home = home / "neo4j"
    lines = []
    try:
        own = (neo4j_home / "conf" / "neo4j.conf").read_text(encoding="utf-8").splitlines()
    except OSError:
        own = []
    lines = [line for line in own if not line.strip().startswith("server.directories.")]
    for name in ("data", "logs", "run", "import", "plugins"):
        lines.append(f"server.directories.{name}={neo4j_home / name}")
    conf = folder / "conf"
    conf.mkdir()
    (conf / "neo4j.conf").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return conf


def bulk_load(plans, *, home=None, database=None, overwrite=False, uri=None, progress=None) -> BulkResult:
    """Import ``plans`` into the local server's (empty) default database with Neo4j's offline importer.

    ``progress(message)`` is called at each step.  The server is stopped for the
    import and started again afterwards on the same ports (also when the
    import fails; the database is then as the importer left it, and the
    message shows the importer's output).
    """
    say = progress or (lambda message: None)
    plans = list(plans)
    began = time.perf_counter()
    target = check_target(home=home, database=database, overwrite=overwrite, uri=uri)
    result = BulkResult(plans=[p.key for p in plans], database=target.database, overwritten=target.nodes)
    with tempfile.TemporaryDirectory(prefix="respgraph-bulk-") as tmp:  # mode 0700: the tables' text stays private
        folder = Path(tmp)
        (folder / "csv").mkdir()
        say(f"writing {len(plans)} plans as CSV")
        t0 = time.perf_counter()
        files = _write_files(plans, folder / "csv")
        result.csv_seconds = time.perf_counter() - t0
        for stem, count in files.counts.items():
            if stem in _NODE_FILES:
                result.nodes[stem] = count
            else:
                rel_type = _REL_FILES[stem][0]
                result.relationships[rel_type] = result.relationships.get(rel_type, 0) + count
        command = _importer_command(target.home, target.database, files, folder / "import.report")
        env = {**os.environ, "NEO4J_HOME": str(target.home / "neo4j"), "NEO4J_CONF": str(_private_conf(target.home, folder))}
        say("stopping the local server")
        server.stop(target.home)
        try:
            say("importing")
            t0 = time.perf_counter()
            try:
                done = subprocess.run(command, env=env, cwd=tmp, capture_output=True, text=True, stdin=subprocess.DEVNULL)
            except OSError as exc:
                raise DatabaseError(f"could not run Neo4j's importer ({command[0]}): {exc}") from exc
            result.import_seconds = time.perf_counter() - t0
        finally:
            say("starting the local server")
            server.start(target.home, bolt_port=target.bolt_port, http_port=target.http_port, timeout=300)
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
            raise DatabaseError(f"Neo4j's importer failed (exit code {done.returncode}):\n{tail}")
    info = server.status(target.home, check_bolt=False)
    with _connect(info, target.database) as conn:
        say("applying the schema")
        apply_schema(conn)
        with conn.session() as session:
            for statement in _EMPTY_LISTS:  # in transactions of their own: an implicit transaction each
                session.run(statement).consume()
        nodes = conn.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    if nodes != result.nodes_written:
        raise DatabaseError(f"the import wrote {nodes} nodes, not the {result.nodes_written} expected")
    result.total_seconds = time.perf_counter() - began
    return result
