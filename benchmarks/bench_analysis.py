"""Analyses at city scale: time and peak memory of every measure, and the 60 s rank suite.

    python benchmarks/bench_analysis.py                  # 20,000 tasks, 3,000 units, 3 runs
    python benchmarks/bench_analysis.py --tasks 4000 --units 800 --runs 1 --skip-brokerage

The plan comes from :mod:`respgraph.synth` (its truth: canonical lead and
co-responsible units, blanket phrases and their members); without that
module a random plan of the same shape is built here (lead 1–2 units, 3–15
co units, Zipf popularity).  Resolution is not measured here (see
``bench_parse.py``); the coordination graph uses the default
``blanket="exclude"``.

What is printed:

* building the coordination graph, then each measure: median wall time of
  ``--runs`` untraced runs (``--heavy-runs`` for the measures that take
  minutes) and the ``tracemalloc`` peak of one separate traced run (tracing
  slows Python, so it is never timed);
* the rank suite — every metric through :func:`respgraph.analysis.rank`,
  exact where it fits and betweenness/closeness sampled with a pivot count
  calibrated from one measured pivot so the suite fits ``--budget`` seconds;
* the error of that sampling against exact values on a smaller plan
  (Spearman rank correlation and top-20 overlap, several pivot counts);
* side by side, one run each: respgraph's brokerage engine against
  networkx's pure-Python constraint/effective size on a small graph.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import tracemalloc

from respgraph.analysis import rank
from respgraph.analysis import brokerage, centrality, cores
from respgraph.graphs import coordination_graph
from respgraph.model import LEAD, CO, GroupRef, Link, Plan, Task, Unit


# --- plans ---------------------------------------------------------------------------------


def plan_from_synth(n_tasks, n_units, seed):
    """A Plan straight from the generator's truth (explicit links and blanket groups)."""
    from respgraph.synth import generate_table

    table = generate_table(n_tasks=n_tasks, n_units=n_units, seed=seed)
    tasks = []
    for i, truth in enumerate(table.truth, start=1):
        links = [Link(u, LEAD, "exact", u) for u in truth.lead_units] + [Link(u, CO, "exact", u) for u in truth.co_units]
        groups = []
        for phrase in truth.groups:
            spec = table.groups.get(phrase)
            members = tuple(spec.members) if spec else ()
            groups.append(GroupRef(phrase, CO, spec.kind if spec else "other", members, phrase))
            links += [Link(m, CO, "expanded", phrase, inferred=True, group=phrase) for m in members]
        tasks.append(Task(i, truth.section, "", list(truth.leaders), list(truth.lead_units), list(truth.co_units), groups, links))
    units = {name: Unit(name, u.kind) for name, u in table.units.items()}
    return Plan(table.district, table.year, table.title, "synth", tasks=tasks, units=units, streets=list(table.streets)), "respgraph.synth"


def plan_random(n_tasks, n_units, seed):
    """Fallback: a random plan of the same shape (lead 1–2, co 3–15, Zipf popularity)."""
    rng = random.Random(seed)
    names = [f"单位{i:05d}" for i in range(n_units)]
    cum, total = [], 0.0
    for i in range(n_units):
        total += 1.0 / (i + 1)
        cum.append(total)
    tasks = []
    for i in range(1, n_tasks + 1):
        k = rng.randint(1, 2) + rng.randint(3, 15)
        chosen = []
        while len(chosen) < k:
            (u,) = rng.choices(names, cum_weights=cum)
            if u not in chosen:
                chosen.append(u)
        n_lead = 1 if rng.random() < 0.9 else 2
        tasks.append(Task(i, f"第{i % 40}节", "", [f"领导{i % 30}"], chosen[:n_lead], chosen[n_lead:]))
    return Plan("某区", 2030, "", "random", tasks=tasks, units={n: Unit(n) for n in names}), "random (benchmark's own)"


def make_plan(n_tasks, n_units, seed):
    try:
        return plan_from_synth(n_tasks, n_units, seed)
    except ImportError:
        return plan_random(n_tasks, n_units, seed)


# --- measuring -----------------------------------------------------------------------------


CPU_TIMES = {}  # id of the last timed() result -> median CPU seconds, for row()


def timed(fn, runs):
    """Median wall time of ``runs`` calls, and the last result.

    The median CPU time of the same calls is kept too (see :func:`row`): on
    a shared machine wall time includes waiting for a core, CPU time does not.
    """
    times, cpu, result = [], [], None
    for _ in range(max(1, runs)):
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    wall = statistics.median(times)
    CPU_TIMES["last"] = statistics.median(cpu)
    return wall, result


def traced_peak_mb(fn):
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def spearman(a, b):
    """Spearman correlation of two {node: value} dicts (average ranks for ties)."""
    nodes = [n for n in a if a[n] is not None and b.get(n) is not None]

    def ranks(values):
        order = sorted(nodes, key=lambda n: values[n])
        out, i = {}, 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                out[order[k]] = (i + j) / 2
            i = j + 1
        return out

    ra, rb = ranks(a), ranks(b)
    ma, mb = statistics.mean(ra.values()), statistics.mean(rb.values())
    cov = sum((ra[n] - ma) * (rb[n] - mb) for n in nodes)
    va = sum((ra[n] - ma) ** 2 for n in nodes) ** 0.5
    vb = sum((rb[n] - mb) ** 2 for n in nodes) ** 0.5
    return cov / (va * vb) if va and vb else float("nan")


def top_overlap(a, b, k=20):
    top = lambda d: set(sorted(d, key=lambda n: (-d[n], str(n)))[:k])  # noqa: E731
    return len(top(a) & top(b)) / k


def row(label, seconds, peak=None, note="", cpu=None):
    """One line: wall seconds, CPU seconds of the same runs, tracemalloc peak, note."""
    cpu = CPU_TIMES.pop("last", None) if cpu is None else cpu
    cpu_text = f"{cpu:8.2f}" if cpu is not None else "       -"
    peak_text = f"{peak:9.1f}" if peak is not None else "        -"
    print(f"  {label:<34} {seconds:9.2f} s {cpu_text} s {peak_text} MB  {note}")


# --- the benchmark -------------------------------------------------------------------------


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=20_000)
    ap.add_argument("--units", type=int, default=3_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--runs", type=int, default=3, help="timed runs per cheap measure (median printed)")
    ap.add_argument("--heavy-runs", type=int, default=1, help="timed runs per measure taking minutes")
    ap.add_argument("--budget", type=float, default=60.0, help="seconds for the whole rank suite")
    ap.add_argument("--skip-brokerage", action="store_true", help="skip constraint/effective size at full scale")
    ap.add_argument("--no-trace-brokerage", action="store_true", help="skip the (slow) traced brokerage runs")
    ap.add_argument("--small-tasks", type=int, default=2_000, help="plan size for the sampling error check")
    ap.add_argument("--small-units", type=int, default=400)
    args = ap.parse_args(argv)

    print(f"respgraph analysis benchmark: {args.tasks} tasks, {args.units} units, seed {args.seed}, "
          f"{args.runs} runs (heavy {args.heavy_runs}), budget {args.budget:.0f} s")
    try:
        load = " / ".join(f"{x:.1f}" for x in __import__("os").getloadavg())
        print(f"load average at start: {load} (wall times include waiting for a core; CPU times do not)")
    except OSError:
        pass
    print(f"  {'':<34} {'wall':>9}   {'CPU':>8}   {'peak':>9}")
    plan, origin = make_plan(args.tasks, args.units, args.seed)
    print(f"plan from {origin}: {len(plan.tasks)} tasks")

    print("\nbuilding (median time, tracemalloc peak)")
    t_graph, G = timed(lambda: coordination_graph([plan]), args.runs)
    row("coordination_graph", t_graph, traced_peak_mb(lambda: coordination_graph([plan])))
    n, m = len(G), G.number_of_edges()
    degrees = sorted((d for _, d in G.degree()), reverse=True)
    print(f"  -> {n} units, {m} links, median partners {statistics.median(degrees):.0f}, most {degrees[0]}, "
          f"sum of squared degrees {sum(d * d for d in degrees):,}")

    print("\nmeasures, exact (median time, tracemalloc peak)")
    cheap = {
        "degree": lambda: centrality.degree(G),
        "strength": lambda: centrality.strength(G),
        "core": lambda: cores.core_number(G),
        "pagerank": lambda: centrality.pagerank(G),
        "eigenvector": lambda: centrality.eigenvector(G),
    }
    cheap_time = 0.0  # CPU seconds
    for name, fn in cheap.items():
        t, _ = timed(fn, args.runs)
        cheap_time += CPU_TIMES["last"]
        row(name, t, traced_peak_mb(fn))

    # two and six pivots tell what a path measure costs per pivot, and what it costs before the first
    # (building the 1/weight distance graph); calibrate on CPU time, which waiting for a core does not inflate
    def per_pivot(fn):
        t2, _ = timed(lambda: fn(2), args.runs)
        c2 = CPU_TIMES.pop("last")
        _, _ = timed(lambda: fn(6), args.runs)
        c6 = CPU_TIMES.pop("last")
        per = max((c6 - c2) / 4, 1e-6)
        return t2, c2, per, max(c2 - 2 * per, 0.0)

    t_b, c_b, per_b, fixed_b = per_pivot(lambda k: centrality.betweenness(G, k=k, seed=1))
    t_c, c_c, per_c, fixed_c = per_pivot(lambda k: centrality.closeness(G, k=k, seed=1))
    row("betweenness, 2 pivots", t_b, traced_peak_mb(lambda: centrality.betweenness(G, k=2, seed=1)), cpu=c_b,
        note=f"{per_b:.2f} s CPU per pivot + {fixed_b:.2f} s; exact ~{per_b * n + fixed_b:,.0f} s CPU")
    row("closeness, 2 pivots", t_c, traced_peak_mb(lambda: centrality.closeness(G, k=2, seed=1)), cpu=c_c,
        note=f"{per_c:.2f} s CPU per pivot + {fixed_c:.2f} s; exact ~{per_c * n + fixed_c:,.0f} s CPU")

    heavy = {}
    if not args.skip_brokerage:
        # what rank() uses: "auto" (networkx's sparse constraint and respgraph's sparse-matrix
        # effective size when scipy is there), else respgraph's fast pure-Python engine
        engine = "auto" if brokerage._has_scipy() else "fast"
        for name, fn in (
            ("constraint", lambda: brokerage.constraint(G, engine=engine)),
            ("effective-size", lambda: brokerage.effective_size(G, engine=engine)),
        ):
            t, _ = timed(fn, args.heavy_runs)
            heavy[name] = CPU_TIMES["last"]
            peak = traced_peak_mb(fn) if not args.no_trace_brokerage else None
            row(name, t, peak, note=f"exact, engine {engine}")
        if brokerage._has_scipy():  # networkx's sparse-matrix path, what "auto" picks when scipy is there
            # (weighted effective size stays on the fast engine: see brokerage.py on networkx's sparse path)
            t, _ = timed(lambda: brokerage.constraint(G, engine="networkx"), args.heavy_runs)
            heavy["constraint"] = min(heavy["constraint"], CPU_TIMES["last"])
            row("constraint (networkx + scipy)", t, note="exact; used by engine='auto' when scipy is installed")

    # calibrate the pivots so that the suite fits the budget, keeping 15% slack
    brokerage_time = sum(heavy.values()) if heavy else 0.0
    spare = args.budget * 0.85 - cheap_time - (brokerage_time if brokerage_time + cheap_time < args.budget * 0.6 else 0.0)
    k_b = max(2, min(n, int((spare * 0.5 - fixed_b) / per_b)))
    k_c = max(2, min(n, int((spare * 0.5 - fixed_c) / per_c)))
    # where exact fits, exact it is (rank() treats a sample covering every node as exact)
    in_suite = ["degree", "strength", "core", "pagerank", "eigenvector", "betweenness", "closeness"]
    if heavy and brokerage_time + cheap_time < args.budget * 0.6:
        in_suite += ["constraint", "effective-size"]

    how = lambda k: "exact" if k >= n else f"{k} pivots"  # noqa: E731
    print(f"\nrank suite ({', '.join(in_suite)}); betweenness {how(k_b)}, closeness {how(k_c)}")
    t0, c0 = time.perf_counter(), time.process_time()
    for metric in in_suite:
        sample = k_b if metric == "betweenness" else k_c if metric == "closeness" else None
        t, rows = timed(lambda: rank(G, metric, sample=sample, seed=1), 1)
        note = rows[0]["sampled"] if rows and rows[0]["sampled"] else "exact"
        row(f"rank --metric {metric}", t, note=note)
    total, total_cpu = time.perf_counter() - t0, time.process_time() - c0
    verdict = "within" if total_cpu <= args.budget else "OVER"
    print(f"  suite total {total:.1f} s wall, {total_cpu:.1f} s CPU: {verdict} the {args.budget:.0f} s budget "
          f"({total_cpu / args.budget:.2f} of it, CPU)")
    left_out = [name for name in ("constraint", "effective-size") if name not in in_suite]
    if left_out:
        extra = " and ".join(f"{name} {heavy[name]:.0f} s CPU" for name in left_out if name in heavy) or "not run"
        print(f"  left out of the suite: {', '.join(left_out)} ({extra}; exact only, see brokerage.py)")

    # --- sampling error on a smaller plan -------------------------------------------------
    small_plan, _ = make_plan(args.small_tasks, args.small_units, args.seed + 1)
    S = coordination_graph([small_plan])
    print(f"\nsampling error on a smaller plan ({args.small_tasks} tasks, {len(S)} units, {S.number_of_edges()} links)")
    t_exact_b, exact_b = timed(lambda: centrality.betweenness(S), 1)
    row("exact betweenness", t_exact_b)
    t_exact_c, exact_c = timed(lambda: centrality.closeness(S), 1)
    row("exact closeness", t_exact_c)
    nonzero = [v for v in exact_b if exact_b[v] > 0]
    print(f"  {len(nonzero)} of {len(S)} units have non-zero betweenness; Spearman below is over those; "
          f"'L1 err' is sum |estimate - exact| / sum exact")
    print(f"  {'pivots':>8} {'share':>6} {'btw Spearman':>13} {'btw top-20':>10} {'L1 err':>10} "
          f"{'clo Spearman':>13} {'clo top-20':>10}")
    for frac in sorted({0.02, 0.05, 0.1, 0.25, min(k_b, n) / n}):  # the suite's own share too
        k = max(2, int(len(S) * frac))
        est_b = centrality.betweenness(S, k=k, seed=1)
        est_c = centrality.closeness(S, k=k, seed=1)
        err = sum(abs(est_b[v] - exact_b[v]) for v in S) / (sum(exact_b.values()) or 1)
        sp_b = spearman({v: exact_b[v] for v in nonzero}, est_b)
        print(f"  {k:>8} {frac:>6.1%} {sp_b:>13.3f} {top_overlap(exact_b, est_b):>10.2f} {err:>10.1%} "
              f"{spearman(exact_c, est_c):>13.3f} {top_overlap(exact_c, est_c):>10.2f}")
    print(f"  the suite above used {min(k_b, n) / n:.1%} of the units as betweenness pivots "
          f"and {min(k_c, n) / n:.1%} for closeness")

    # --- side by side: brokerage engines on a small graph ----------------------------------
    # networkx's pure-Python cost grows with the sum of cubed degrees: take tasks until it reaches ~1e6
    tiny_plan, _ = make_plan(400, 300, args.seed + 2)
    tasks = tiny_plan.tasks
    for count in range(5, len(tasks) + 1, 5):
        tiny_plan.tasks = tasks[:count]
        T = coordination_graph([tiny_plan])
        if sum(d**3 for _, d in T.degree()) >= 1_000_000:
            break
    print(f"\nbrokerage engines side by side ({len(T)} units, {T.number_of_edges()} links, one run each)")
    for name, fn in (("constraint", brokerage.constraint), ("effective-size", brokerage.effective_size)):
        t_fast, fast = timed(lambda: fn(T, engine="fast"), 1)
        cpu_fast = CPU_TIMES.pop("last")
        t_nx, ref = timed(lambda: fn(T, engine="networkx"), 1)
        diff = max(abs(fast[k] - ref[k]) for k in ref if ref[k] is not None)
        row(f"{name} networkx", t_nx)
        row(f"{name} respgraph", t_fast, cpu=cpu_fast, note=f"{t_nx / t_fast:.0f}x faster (wall), max difference {diff:.1e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
