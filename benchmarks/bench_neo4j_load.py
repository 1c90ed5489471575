"""Relationships written per second: the batched loader, Neo4j's offline importer (load --bulk) and a naive loop.

The table is a generated city-scale one (respgraph.synth), written as text and
parsed like any user table.  The batched loader (UNWIND batches, one
transaction per plan) loads the whole plan; the naive baseline writes the same
rows one per transaction (one MERGE per row, the way a first script would).
The naive loop is too slow for the whole table, so both are also timed on the
same subset of tasks, and the ratio is taken there.  Every load starts from an
empty plan (the previous copy is deleted first, outside the timing).

The bulk path (respgraph.graphdb.bulk, ``respgraph load --bulk``) writes the
same whole plan as CSV and imports it with ``neo4j-admin database import full``;
it stops and restarts the server and replaces its whole database, so it runs
against a server of its own, started by the benchmark in a temporary data home
on free ports (``--bulk-home`` to give one).  It is timed end to end (CSV,
stop, import, start, schema) and the importer alone.

The first load on a freshly started server is slower while the JVM compiles
its hot paths; it is run once untimed (and printed) before the medians.

Needs a running server (NEO4J_URI etc., default bolt://127.0.0.1:7687).  With
the pure-Python driver, encoding the parameters costs about as much client CPU
as the server spends; the ``neo4j-rust-ext`` package (a drop-in for the same
driver version) cuts that by about 3x.

    python benchmarks/bench_neo4j_load.py            # 20,000 tasks, 3,000 units
    python benchmarks/bench_neo4j_load.py --tasks 5000 --subset 100 --repeat 3
    python benchmarks/bench_neo4j_load.py --only bulk   # the bulk path alone (no shared server needed)

A plan larger than the server's transaction memory (dbms.memory.transaction.total.max)
cannot load in one transaction; the benchmark then says so and measures the
first half of the table instead (and so on).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import socket
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from respgraph.errors import DatabaseError
from respgraph.graphdb.connection import connect
from respgraph.graphdb.loader import _ISSUED_BY, _PLAN, apply_schema, delete_plan, load_plan, plan_params, plan_rows
from respgraph.ingest import parse_file
from respgraph.synth import generate_table, write_lexicon, write_text

REL_KINDS = ("oversees", "leads", "co", "named_in", "includes")


def relationships(plan) -> int:
    rows = plan_rows(plan)
    return sum(len(rows[k]) for k in REL_KINDS)


# The naive loop: what a first script does, one MERGE per row, each in its own
# transaction, ends found by name.  It writes the same graph as the loader.
_NAIVE = {
    "sections": """MATCH (p:Plan {key: $plan}) MERGE (s:Section {key: $row.key})
        SET s.plan = $plan, s.name = $row.name, s.order = $row.order MERGE (s)-[:OF_PLAN]->(p)""",
    "units": """MERGE (u:Unit {key: $row.key}) SET u.name = $row.name, u.jurisdiction = $row.jurisdiction,
        u.level = $row.level, u.kind = $row.kind, u.aliases = $row.aliases
        WITH u WHERE $row.jurisdiction IS NOT NULL
        MERGE (d:District {name: $row.jurisdiction}) MERGE (u)-[:BELONGS_TO]->(d)""",
    "streets": """MATCH (u:Unit {key: $row.key}) WITH u WHERE $row.district IS NOT NULL
        MERGE (d:District {name: $row.district}) MERGE (u)-[:PART_OF]->(d)""",
    "leaders": """MERGE (l:Leader {key: $row.key}) SET l.name = $row.name, l.district = $row.district
        WITH l WHERE $row.district IS NOT NULL
        MERGE (d:District {name: $row.district}) MERGE (l)-[:BELONGS_TO]->(d)""",
    "tasks": """MATCH (s:Section {key: $row.section_key}) MERGE (t:Task {key: $row.key})
        SET t.plan = $plan, t.seq = $row.seq, t.text = $row.text, t.deadline = $row.deadline,
            t.section = $row.section, t.row = $row.row, t.lead_raw = $row.lead_raw, t.co_raw = $row.co_raw
        MERGE (t)-[:IN_SECTION]->(s)""",
    "groups": "MERGE (g:`Group` {key: $row.key}) SET g.plan = $plan, g.phrase = $row.phrase, g.kind = $row.kind",
    "oversees": """MATCH (l:Leader {key: $row.leader}), (t:Task {key: $row.task})
        MERGE (l)-[r:OVERSEES]->(t) SET r.pos = $row.pos""",
    "named_in": """MATCH (g:`Group` {key: $row.group}), (t:Task {key: $row.task})
        MERGE (g)-[r:NAMED_IN {role: $row.role}]->(t) SET r.raw = $row.raw, r.pos = $row.pos""",
    "includes": """MATCH (g:`Group` {key: $row.group}), (u:Unit {key: $row.unit})
        MERGE (g)-[r:INCLUDES]->(u) SET r.pos = $row.pos""",
}
for _kind, _type in (("leads", "LEADS"), ("co", "CO_RESPONSIBLE")):
    _NAIVE[_kind] = f"""MATCH (u:Unit {{key: $row.unit}}), (t:Task {{key: $row.task}})
        MERGE (u)-[r:{_type}]->(t)
        SET r.raw = $row.raw, r.method = $row.method, r.inferred = $row.inferred,
            r.`group` = $row.group, r.detail = $row.detail, r.pos = $row.pos"""
_NAIVE_ORDER = ("sections", "units", "streets", "leaders", "tasks", "groups", "oversees", "leads", "co", "named_in", "includes")


def naive_load(driver, plan, database):
    """One transaction per row, one MERGE each (the same rows as the loader's)."""
    rows = plan_rows(plan)
    params = plan_params(plan)
    with driver.session(database=database) as session:
        session.execute_write(lambda tx: tx.run(_PLAN, params).consume())
        if params["district"]:
            session.execute_write(lambda tx: tx.run(_ISSUED_BY, params).consume())
        for kind in _NAIVE_ORDER:
            for row in rows[kind]:
                session.execute_write(lambda tx: tx.run(_NAIVE[kind], row=row, plan=plan.key).consume())


def server_process():
    """The local server's process (psutil), or None for a server elsewhere."""
    try:
        import psutil

        from respgraph.graphdb import server

        pid = server.status(check_bolt=False).pid
        return psutil.Process(pid) if pid else None
    except Exception:  # a remote server, or no state file: wall time only
        return None


def _cpu(proc):
    if proc is None:
        return 0.0
    t = proc.cpu_times()
    return t.user + t.system


def timed(fn, driver, plan, database, repeat, proc):
    """Median wall seconds, the runs, and the median CPU seconds (server + this client).

    The machine is shared: CPU time says what the load costs whatever else runs.
    """
    walls, cpus = [], []
    for _ in range(repeat):
        delete_plan(driver, plan.key, database=database)
        wall0, server0, client0 = time.perf_counter(), _cpu(proc), time.process_time()
        fn(driver, plan, database)
        walls.append(time.perf_counter() - wall0)
        cpus.append(_cpu(proc) - server0 + time.process_time() - client0)
    delete_plan(driver, plan.key, database=database)
    return statistics.median(walls), walls, statistics.median(cpus)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bulk_timed(plans, repeat, home=None):
    """``load --bulk`` of ``plans`` into a server of its own: (median end-to-end s, runs, median importer s)."""
    from respgraph.graphdb import bulk, server

    own = home is None
    home = Path(home or tempfile.mkdtemp(prefix="bench-bulk-"))
    was_running = server.status(home, check_bolt=False).running  # a server given is left running
    if not was_running:
        server.start(home, bolt_port=_free_port(), http_port=0, timeout=600)
    try:
        totals, imports = [], []
        for _ in range(repeat):
            result = bulk.bulk_load(plans, home=home, overwrite=True)
            totals.append(result.total_seconds)
            imports.append(result.import_seconds)
            print(f"  bulk: {result.total_seconds:.2f} s end to end (CSV {result.csv_seconds:.2f} s, "
                  f"importer {result.import_seconds:.2f} s), {result.relationships_written} relationships", flush=True)
        return statistics.median(totals), totals, statistics.median(imports)
    finally:
        if not was_running:
            server.stop(home)
        if own:
            shutil.rmtree(home, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=20_000)
    parser.add_argument("--units", type=int, default=3_000)
    parser.add_argument("--subset", type=int, default=200, help="tasks in the subset timed with both loaders")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--only", choices=("both", "batched", "bulk"), default="both",
                        help="measure the batched loader (and the naive loop), the bulk import, or both")
    parser.add_argument("--plans", type=int, default=1,
                        help="also load this many generated tables (districts) together, both ways: a corpus "
                             "rather than one plan (the batched loader takes them one transaction each)")
    parser.add_argument("--bulk-home", help="data home of the server the bulk import replaces the database of "
                        "(default: a temporary one, with a server started for it)")
    args = parser.parse_args(argv)
    database = os.environ.get("NEO4J_DATABASE") or "neo4j"

    district = f"基准{uuid.uuid4().hex[:6]}区"
    with tempfile.TemporaryDirectory() as tmp:
        table = generate_table(n_tasks=args.tasks, n_units=args.units, seed=7, district=district)
        path = write_text(table, Path(tmp) / "city.txt")
        lexicon = write_lexicon(table, Path(tmp) / "lexicon.json")
        start = time.perf_counter()
        plan = parse_file(path, lexicon=lexicon, district=district, year=table.year)
        parse_s = time.perf_counter() - start
    subset = dataclasses.replace(plan, tasks=plan.tasks[: args.subset])
    total_rels, subset_rels = relationships(plan), relationships(subset)
    print(
        f"generated table: {len(plan.tasks)} tasks, {len(plan.units)} units, {total_rels} relationships "
        f"(parsed in {parse_s:.1f} s); subset: {len(subset.tasks)} tasks, {subset_rels} relationships",
        flush=True,
    )

    if args.plans > 1:
        return corpus(args, plan)
    if args.only in ("both", "bulk"):
        bulk_s, bulk_runs, bulk_import_s = bulk_timed([plan], args.repeat, args.bulk_home)
        bulk_rate = total_rels / bulk_s
        print(f"bulk,    {len(plan.tasks):>6} tasks: median {bulk_s:7.2f} s  {bulk_rate:10,.0f} rels/s end to end, "
              f"{total_rels / bulk_import_s:,.0f} rels/s in the importer alone ({bulk_import_s:.2f} s)  runs {_fmt(bulk_runs)}",
              flush=True)
        if args.only == "bulk":
            return 0
    driver = connect()
    proc = server_process()
    try:
        apply_schema(driver, database)

        def batched(drv, p, db):
            load_plan(drv, p, database=db, batch_size=args.batch_size)

        while True:
            try:
                # A server just started runs its first loads interpreted until the JIT
                # has compiled the hot paths (about twice as slow): one load warms it
                # up, and is reported but kept out of the medians.
                warm_s, _, _ = timed(batched, driver, plan, database, 1, proc)
                print(f"  warm-up load (not in the medians): {warm_s:.2f} s, {relationships(plan) / warm_s:,.0f} rels/s", flush=True)
                full_s, full_runs, full_cpu = timed(batched, driver, plan, database, args.repeat, proc)
                break
            except DatabaseError as exc:
                # one transaction per plan: a plan larger than the server's
                # transaction memory cannot load; say so and measure half of it
                if "memory" not in str(exc) or len(plan.tasks) < 2 * args.subset:
                    raise
                print(f"  {len(plan.tasks)} tasks do not fit in one transaction: {exc}", flush=True)
                plan = dataclasses.replace(plan, tasks=plan.tasks[: len(plan.tasks) // 2])
                total_rels = relationships(plan)
                print(f"  measuring the first {len(plan.tasks)} tasks ({total_rels} relationships) instead", flush=True)
        print(f"  batched whole table: {_fmt(full_runs)} s", flush=True)
        sub_s, sub_runs, sub_cpu = timed(batched, driver, subset, database, args.repeat, proc)
        print(f"  batched subset: {_fmt(sub_runs)} s", flush=True)
        naive_s, naive_runs, naive_cpu = timed(naive_load, driver, subset, database, args.repeat, proc)
        print(f"  naive subset: {_fmt(naive_runs)} s", flush=True)
    finally:
        driver.close()

    full_rate, sub_rate, naive_rate = total_rels / full_s, subset_rels / sub_s, subset_rels / naive_s
    lines = [
        (f"batched, {len(plan.tasks):>6} tasks", full_s, full_rate, full_runs, total_rels, full_cpu),
        (f"batched, {len(subset.tasks):>6} tasks", sub_s, sub_rate, sub_runs, subset_rels, sub_cpu),
        (f"naive,   {len(subset.tasks):>6} tasks", naive_s, naive_rate, naive_runs, subset_rels, naive_cpu),
    ]
    for label, wall, rate, runs, rels, cpu in lines:
        per_cpu = f"{rels / cpu:10,.0f} rels/CPU-s" if cpu > 0 else "(no server CPU)"
        print(f"{label}: median {wall:7.2f} s  {rate:10,.0f} rels/s  {per_cpu}  runs {_fmt(runs)}")
    print(
        f"ratio batched/naive (rels/s) on the same {len(subset.tasks)} tasks: {sub_rate / naive_rate:.1f}x; "
        f"{len(plan.tasks)} tasks batched vs naive: {full_rate / naive_rate:.1f}x"
    )
    if args.only == "both":
        print(f"ratio bulk/batched (rels/s) on the same {len(plan.tasks)} tasks: {bulk_rate / full_rate:.1f}x end to end, "
              f"{(total_rels / bulk_import_s) / full_rate:.1f}x the importer alone")
    if full_cpu > 0 and naive_cpu > 0:
        print(f"ratio by CPU time ({len(plan.tasks)} tasks batched vs naive): {(total_rels / full_cpu) / (subset_rels / naive_cpu):.1f}x")
    try:
        import neo4j._rust  # noqa: F401

        codec = "neo4j-rust-ext"
    except ImportError:
        codec = "pure Python (install neo4j-rust-ext for a faster client)"
    print("(CPU-s = server + client CPU seconds; the machine is shared, so wall time depends on what else runs)")
    print(f"(driver codec: {codec})")
    return 0


def corpus(args, first):
    """``--plans N``: N generated tables of as many districts, loaded together both ways (once each)."""
    database = os.environ.get("NEO4J_DATABASE") or "neo4j"
    plans = [first]
    with tempfile.TemporaryDirectory() as tmp:
        for index in range(1, args.plans):
            district = f"基准{uuid.uuid4().hex[:6]}区"
            table = generate_table(n_tasks=args.tasks, n_units=args.units, seed=7 + index, district=district)
            path = write_text(table, Path(tmp) / f"city{index}.txt")
            lexicon = write_lexicon(table, Path(tmp) / f"lexicon{index}.json")
            plans.append(parse_file(path, lexicon=lexicon, district=district, year=table.year))
    rels = sum(relationships(p) for p in plans)
    print(f"corpus: {len(plans)} plans, {sum(len(p.tasks) for p in plans)} tasks, {rels} relationships", flush=True)
    if args.only in ("both", "bulk"):
        bulk_s, _, bulk_import_s = bulk_timed(plans, 1, args.bulk_home)
        print(f"bulk,    {len(plans)} plans: {bulk_s:7.2f} s  {rels / bulk_s:10,.0f} rels/s end to end, "
              f"{rels / bulk_import_s:,.0f} rels/s in the importer alone ({bulk_import_s:.2f} s)", flush=True)
    if args.only in ("both", "batched"):
        driver = connect()
        try:
            apply_schema(driver, database)
            for p in plans:
                delete_plan(driver, p.key, database=database)
            load_plan(driver, plans[0], database=database, batch_size=args.batch_size)  # warm-up, not timed
            delete_plan(driver, plans[0].key, database=database)
            start = time.perf_counter()
            for p in plans:
                load_plan(driver, p, database=database, batch_size=args.batch_size)
            batched_s = time.perf_counter() - start
            for p in plans:
                delete_plan(driver, p.key, database=database)
        finally:
            driver.close()
        print(f"batched, {len(plans)} plans: {batched_s:7.2f} s  {rels / batched_s:10,.0f} rels/s", flush=True)
        if args.only == "both":
            print(f"ratio bulk/batched (rels/s) on {len(plans)} plans: {batched_s / bulk_s:.1f}x end to end, "
                  f"{batched_s / bulk_import_s:.1f}x the importer alone")
    return 0


def _fmt(runs):
    return ", ".join(f"{t:.2f}" for t in runs)


if __name__ == "__main__":
    sys.exit(main())
