"""Reading and resolving a city-scale task table: speed, memory and accuracy.

    python benchmarks/bench_parse.py                      # 20,000 tasks, 3,000 units, 3 runs
    python benchmarks/bench_parse.py --tasks 2000 --runs 1 --profile

Generates the table with :mod:`respgraph.synth`, writes it as text (the
seed's layout) and as .xlsx with its lexicon and gazetteer, then for each
format measures, each run in a fresh process (so one run's caches and
garbage do not flatter or burden the next):

* ``read``  – ``respgraph.readers.read_table`` alone;
* ``parse`` – ``respgraph.ingest.parse_file(path, lexicon=..., gazetteer=...)``
  end to end, and its parts: reading, loading the lexicon/gazetteer files,
  ``build_plan`` (resolution, links, group expansion, audit);
* peak memory: ``tracemalloc`` peak (a separate traced run, tracing slows
  Python down) and the worker's peak RSS (``ru_maxrss``) next to its RSS
  after imports;
* accuracy against the generator's truth: the share of rows whose explicit
  lead and co-responsible unit sets equal the truth, per quirk as well.

Medians of ``--runs`` runs, wall clock and CPU time (on a shared machine the CPU
time is the steadier figure); the target is ≥ 5,000 tasks/s for ``parse``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_TASKS_PER_S = 5_000


# --- worker: one measurement in a fresh process ---------------------------------


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return peak / 1024


def _accuracy(plan, truth_path) -> dict:
    truth = json.loads(Path(truth_path).read_text(encoding="utf-8"))["rows"]
    by_seq = {task.seq: task for task in plan.tasks}
    rows = exact = lead_ok = co_ok = leaders_ok = groups_ok = 0
    per_quirk: Counter = Counter()
    wrong_quirk: Counter = Counter()
    examples = []
    for expected in truth:
        task = by_seq.get(expected["seq"])
        rows += 1
        if task is None:
            good_lead = good_co = good_leaders = good_groups = False
        else:
            good_lead = set(task.lead_units) == set(expected["lead_units"])
            good_co = set(task.co_units) == set(expected["co_units"])
            good_leaders = task.leaders == expected["leaders"]
            good_groups = Counter(g.phrase for g in task.groups) == Counter(expected["groups"])
        lead_ok += good_lead
        co_ok += good_co
        leaders_ok += good_leaders
        groups_ok += good_groups
        good = good_lead and good_co
        exact += good
        unit_quirks = [q for q in expected["quirks"] if q not in ("section-repeated", "two-leaders")] or ["(none)"]
        for quirk in unit_quirks:
            per_quirk[quirk] += 1
            wrong_quirk[quirk] += not good
        if not good and task is not None and len(examples) < 12:
            examples.append(
                {
                    "seq": expected["seq"],
                    "quirks": expected["quirks"],
                    "lead_missing": sorted(set(expected["lead_units"]) - set(task.lead_units)),
                    "lead_extra": sorted(set(task.lead_units) - set(expected["lead_units"])),
                    "co_missing": sorted(set(expected["co_units"]) - set(task.co_units)),
                    "co_extra": sorted(set(task.co_units) - set(expected["co_units"])),
                }
            )
    return {
        "rows": rows,
        "rows_exact": exact,
        "lead_exact": lead_ok,
        "co_exact": co_ok,
        "leaders_exact": leaders_ok,
        "groups_exact": groups_ok,
        "per_quirk": dict(per_quirk),
        "wrong_per_quirk": dict(wrong_quirk),
        "examples": examples,
        "audit_events": dict(Counter(event.kind for event in plan.audit)),
    }


def worker(args) -> dict:
    import gc
    import tracemalloc

    from respgraph.ingest import build_plan, parse_file
    from respgraph.lexicon import load_gazetteer, load_lexicon
    from respgraph.readers import read_table

    gc.collect()
    out = {"rss_after_imports_mb": _rss_mb()}
    if args.trace:
        tracemalloc.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    if args.worker == "read":
        table = read_table(args.path)
        out["rows"] = len(table.rows)
    else:
        plan = parse_file(args.path, lexicon=args.lexicon, gazetteer=args.gazetteer)
        out["rows"] = len(plan.tasks)
    out["seconds"] = time.perf_counter() - started
    out["cpu_seconds"] = time.process_time() - cpu_started
    if args.trace:
        out["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    out["peak_rss_mb"] = _peak_rss_mb()
    if args.worker == "parse" and not args.trace:
        out["links"] = sum(len(t.links) for t in plan.tasks)
        out["inferred_links"] = sum(1 for t in plan.tasks for link in t.links if link.inferred)
        del plan
        gc.collect()
        # the parts of parse_file, timed one by one (CPU time: the machine is shared)
        t0 = time.process_time()
        table = read_table(args.path)
        t1 = time.process_time()
        lexicon, gazetteer = load_lexicon(args.lexicon), load_gazetteer(args.gazetteer)
        t2 = time.process_time()
        plan = build_plan(table, lexicon=lexicon, gazetteer=gazetteer)
        t3 = time.process_time()
        out["parts"] = {"read_table": t1 - t0, "load lexicon+gazetteer": t2 - t1, "build_plan": t3 - t2}
        if args.truth:
            out["accuracy"] = _accuracy(plan, args.truth)
        del plan
        gc.collect()
        # the same without expanding 各街道 (the shipped gazetteer does not know the district):
        # what materialising the inferred links costs
        t4 = time.process_time()
        build_plan(table, lexicon=lexicon)
        out["build_plan_without_expansion"] = time.process_time() - t4
    if args.profile:
        import cProfile
        import io
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        parse_file(args.path, lexicon=args.lexicon, gazetteer=args.gazetteer)
        profiler.disable()
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(18)
        out["profile"] = text.getvalue()
    return out


def run_worker(kind, path, options, *, trace=False, truth=None, profile=False) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, "--path", str(path),
               "--lexicon", str(options["lexicon"]), "--gazetteer", str(options["gazetteer"])]
    if trace:
        command.append("--trace")
    if truth:
        command += ["--truth", str(truth)]
    if profile:
        command.append("--profile")
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    if done.returncode != 0:
        raise SystemExit(f"worker failed ({' '.join(command)}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- driver -----------------------------------------------------------------------


def _fmt_ratio(a, b):
    return f"{a / b:.2f}×" if b else "-"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=20_000)
    parser.add_argument("--units", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default="text,xlsx", help="comma-separated: text, xlsx, csv")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions for parse_file on text")
    parser.add_argument("--out", default=str(HERE / "output"))
    # worker mode (internal)
    parser.add_argument("--worker", choices=("read", "parse"), help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--lexicon", help=argparse.SUPPRESS)
    parser.add_argument("--gazetteer", help=argparse.SUPPRESS)
    parser.add_argument("--truth", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        print(json.dumps(worker(args), ensure_ascii=False))
        return 0

    sys.path.insert(0, str(HERE))
    from generate import write_truth

    from respgraph.synth import generate_table, write_csv, write_gazetteer, write_lexicon, write_text, write_xlsx

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    table = generate_table(args.tasks, args.units, seed=args.seed)
    generated = time.perf_counter() - started
    stem = f"bench-{args.tasks}-{args.units}-{args.seed}"
    files = {
        "text": write_text(table, out / f"{stem}.txt"),
        "lexicon": write_lexicon(table, out / f"{stem}-lexicon.yaml"),
        "gazetteer": write_gazetteer(table, out / f"{stem}-gazetteer.yaml"),
        "truth": write_truth(table, out / f"{stem}-truth.json"),
    }
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    if "xlsx" in formats:
        files["xlsx"] = write_xlsx(table, out / f"{stem}.xlsx")
    if "csv" in formats:
        files["csv"] = write_csv(table, out / f"{stem}.csv", encoding="gbk")
    mentions = table.unit_mentions()
    print(f"table: {len(table.rows):,} tasks, {len(table.units):,} units ({len(table.streets)} streets), "
          f"{mentions:,} unit mentions, {len(table.sections):,} sections; generated in {generated:.1f}s")
    quirk_counts = Counter(q for t in table.truth for q in t.quirks)
    print("quirks: " + ", ".join(f"{q} {n}" for q, n in quirk_counts.most_common()))
    del table
    options = {"lexicon": files["lexicon"], "gazetteer": files["gazetteer"]}

    results = {}
    for fmt in formats:
        path = files[fmt]
        for kind in ("read", "parse"):
            runs = [run_worker(kind, path, options, truth=files["truth"] if kind == "parse" else None)
                    for _ in range(args.runs)]
            traced = run_worker(kind, path, options, trace=True)
            results[(fmt, kind)] = (runs, traced)

    n = args.tasks
    load = os.getloadavg()
    print(f"\nmachine: {os.cpu_count()} cores, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
          "(a load above the core count slows every run; compare medians from one run only)")
    print(f"{'format':6} {'step':6} {'median s':>9} {'min s':>7} {'CPU s':>7} {'tasks/s':>9} {'tasks/CPU s':>12} "
          f"{'tracemalloc MB':>15} {'peak RSS MB':>12} {'RSS at start MB':>16}")
    for (fmt, kind), (runs, traced) in results.items():
        seconds = [r["seconds"] for r in runs]
        median = statistics.median(seconds)
        cpu = statistics.median(r["cpu_seconds"] for r in runs)
        print(f"{fmt:6} {kind:6} {median:9.2f} {min(seconds):7.2f} {cpu:7.2f} {n / median:9,.0f} {n / cpu:12,.0f} "
              f"{traced['tracemalloc_peak_mb']:15.1f} {statistics.median(r['peak_rss_mb'] for r in runs):12.1f} "
              f"{statistics.median(r['rss_after_imports_mb'] for r in runs):16.1f}")
    print()
    for fmt in formats:
        runs, _ = results[(fmt, "parse")]
        parts = {k: statistics.median(r["parts"][k] for r in runs) for k in runs[0]["parts"]}
        total = sum(parts.values())
        print(f"{fmt}: parse_file parts (median CPU): " + ", ".join(f"{k} {v:.2f}s ({v / total:.0%})" for k, v in parts.items())
              + f"; {runs[0]['links']:,} links of which {runs[0]['inferred_links']:,} inferred")
        build = parts["build_plan"]
        bare = statistics.median(r["build_plan_without_expansion"] for r in runs)
        print(f"      build_plan alone: {n / build:,.0f} tasks/CPU s; without expanding 各街道: {bare:.2f}s "
              f"({n / bare:,.0f} tasks/CPU s); end to end: "
              f"{n / statistics.median(r['seconds'] for r in runs):,.0f} tasks/s wall, "
              f"{n / statistics.median(r['cpu_seconds'] for r in runs):,.0f} tasks/CPU s (target {TARGET_TASKS_PER_S:,})")
    if "text" in formats and "xlsx" in formats:
        t_read = statistics.median(r["seconds"] for r in results[("text", "read")][0])
        x_read = statistics.median(r["seconds"] for r in results[("xlsx", "read")][0])
        t_parse = statistics.median(r["seconds"] for r in results[("text", "parse")][0])
        x_parse = statistics.median(r["seconds"] for r in results[("xlsx", "parse")][0])
        print(f"xlsx / text: read {_fmt_ratio(x_read, t_read)}, parse {_fmt_ratio(x_parse, t_parse)}")

    print()
    for fmt in formats:
        acc = results[(fmt, "parse")][0][0]["accuracy"]
        rows = acc["rows"]
        print(f"accuracy ({fmt}): rows with lead and co sets exactly right {acc['rows_exact']:,}/{rows:,} "
              f"= {acc['rows_exact'] / rows:.2%}; lead {acc['lead_exact'] / rows:.2%}, co {acc['co_exact'] / rows:.2%}, "
              f"leaders {acc['leaders_exact'] / rows:.2%}, blanket phrases {acc['groups_exact'] / rows:.2%}")
    acc = results[(formats[0], "parse")][0][0]["accuracy"]
    print(f"\nper quirk ({formats[0]}): rows carrying it, rows wrong")
    for quirk, count in sorted(acc["per_quirk"].items(), key=lambda kv: -kv[1]):
        wrong = acc["wrong_per_quirk"].get(quirk, 0)
        print(f"  {quirk:18} {count:7,} {wrong:6,}  ({1 - wrong / count:.2%} right)")
    if acc["examples"]:
        print("\nfirst wrong rows:")
        for example in acc["examples"]:
            print("  " + json.dumps(example, ensure_ascii=False))
    print("\naudit events: " + ", ".join(f"{k} {v:,}" for k, v in sorted(acc["audit_events"].items(), key=lambda kv: -kv[1])))

    if args.profile:
        profiled = run_worker("parse", files["text"], options, profile=True)
        print("\ncProfile of parse_file on the text file (by own time):")
        print(profiled["profile"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
