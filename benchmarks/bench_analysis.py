"""Analyses at city scale: every measure in networkx and in igraph side by side, and the exact rank suite.

    python benchmarks/bench_analysis.py                  # 20,000 tasks, 3,000 units
    python benchmarks/bench_analysis.py --tasks 4000 --units 800 --runs 1

The plan comes from :mod:`respgraph.synth` (its truth: canonical lead and
co-responsible units, blanket phrases and their members); without that
module a random plan of the same shape is built here (lead 1–2 units, 3–15
co units, Zipf popularity).  Resolution is not measured here (see
``bench_parse.py``); the coordination graph uses the default
``blanket="exclude"``.

What is printed (wall and CPU seconds; on a shared machine wall time
includes waiting for a core, CPU time does not, so ratios use CPU time):

* building the coordination graph, and converting it to igraph once;
* side by side, every measure of ``rank`` through
  :func:`respgraph.analysis.scores` with ``engine="networkx"`` and
  ``engine="igraph"``: times, the ratio, and the largest difference between
  the two engines' values.  networkx's exact betweenness and closeness take
  about half an hour at this size: they are extrapolated from 2 and 6
  sampled pivots (per-pivot cost × units + fixed cost), unless
  ``--full-networkx``; their agreement is measured on the smaller plan;
* the full exact suite: every metric through :func:`respgraph.analysis.rank`
  on the igraph engine, conversion included, and its total;
* on a smaller plan: both engines' exact betweenness and closeness (times,
  largest difference, identical ranks), and what ``--sample`` would have cost
  in accuracy (Spearman rank correlation and top-20 overlap, several pivot
  counts);
* communities: Louvain in both engines, Leiden in igraph (time, modularity).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import tracemalloc

import os

import networkx as nx

from respgraph.analysis import METRICS, rank, scores
from respgraph.analysis import centrality, engine
from respgraph.analysis.communities import communities
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


def cpu_seconds():
    """CPU time of this process and of its finished worker processes (the path measures' workers)."""
    t = os.times()
    return time.process_time() + t.children_user + t.children_system


def timed(fn, runs):
    """Median wall time of ``runs`` calls, and the last result.

    The median CPU time of the same calls is kept too (see :func:`row`): on
    a shared machine wall time includes waiting for a core, CPU time does not.
    """
    times, cpu, result = [], [], None
    for _ in range(max(1, runs)):
        t, c = time.perf_counter(), cpu_seconds()
        result = fn()
        times.append(time.perf_counter() - t)
        cpu.append(cpu_seconds() - c)
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
    peak_text = f"{peak:9.1f} MB" if peak is not None else "            "
    print(f"  {label:<34} {seconds:9.2f} s {cpu_text} s {peak_text}  {note}")


# --- the benchmark ---------------------------------------------------------------------------


def max_difference(a, b):
    """Largest |a - b| over the nodes where both are defined."""
    diffs = [abs(a[n] - b[n]) for n in a if a[n] is not None and b.get(n) is not None]
    return max(diffs) if diffs else 0.0


def same_ranks(G, metric, **kwargs):
    order = lambda e: [(r["rank"], r["unit"]) for r in rank(G, metric, engine=e, **kwargs)]  # noqa: E731
    return order("igraph") == order("networkx")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=20_000)
    ap.add_argument("--units", type=int, default=3_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--runs", type=int, default=1, help="timed runs per measure (median printed)")
    ap.add_argument("--full-networkx", action="store_true", help="run networkx's exact betweenness/closeness (half an hour)")
    ap.add_argument("--small-tasks", type=int, default=2_000, help="plan size for the agreement and sampling checks")
    ap.add_argument("--small-units", type=int, default=400)
    args = ap.parse_args(argv)

    print(f"respgraph analysis benchmark: {args.tasks} tasks, {args.units} units, seed {args.seed}, {args.runs} run(s) each")
    try:
        load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"load average at start: {load} (wall times include waiting for a core; CPU times do not)")
    except OSError:
        pass
    import igraph

    print(f"networkx {nx.__version__}, python-igraph {igraph.__version__}")
    print(f"  {'':<34} {'wall':>9}   {'CPU':>8}   {'peak':>9}")
    plan, origin = make_plan(args.tasks, args.units, args.seed)
    print(f"plan from {origin}: {len(plan.tasks)} tasks")

    print("\nbuilding (median time, tracemalloc peak)")
    t_graph, G = timed(lambda: coordination_graph([plan]), args.runs)
    row("coordination_graph", t_graph, traced_peak_mb(lambda: coordination_graph([plan])))
    n, m = len(G), G.number_of_edges()
    degrees = sorted((d for _, d in G.degree()), reverse=True)
    print(f"  -> {n} units, {m} links, median partners {statistics.median(degrees):.0f}, most {degrees[0]}; "
          f"distance scale {centrality.distance_scale(G)} (1.0: lengths are 1/weight floats)")

    def convert():
        engine.forget(G)
        return engine.to_igraph(G)

    t_conv, _ = timed(convert, args.runs)
    row("to_igraph (once per graph)", t_conv)
    t_hit, _ = timed(lambda: engine.to_igraph(G), args.runs)
    row("to_igraph again (cache check)", t_hit)
    print(f"  igraph's exact betweenness and closeness run on {engine._workers(n)} worker process(es) "
          f"(RESPGRAPH_WORKERS; CPU times include the workers')")

    # --- side by side ------------------------------------------------------------------------
    print("\nevery measure, networkx vs igraph (CPU seconds; ratio = networkx / igraph)")
    print(f"  {'metric':<16} {'networkx wall':>13} {'CPU':>9}   {'igraph wall':>11} {'CPU':>9}   {'ratio':>7}  {'max |diff|':>10}")
    igraph_cpu_total = 0.0
    networkx_cpu_total = 0.0
    for metric in METRICS:
        t_ig, ig = timed(lambda: scores(G, metric, engine="igraph"), args.runs)
        c_ig = CPU_TIMES.pop("last")
        igraph_cpu_total += c_ig
        note = ""
        if metric in ("betweenness", "closeness") and not args.full_networkx:
            fn = centrality.betweenness if metric == "betweenness" else centrality.closeness
            t2, _ = timed(lambda: fn(G, k=2, seed=1), 1)
            c2 = CPU_TIMES.pop("last")
            _, _ = timed(lambda: fn(G, k=6, seed=1), 1)
            c6 = CPU_TIMES.pop("last")
            per = max((c6 - c2) / 4, 1e-6)
            c_nx = per * n + max(c2 - 2 * per, 0.0)
            t_nx = c_nx * (t2 / c2 if c2 else 1.0)
            diff_text = "(small plan)"
            note = f"extrapolated: {per:.2f} s CPU per pivot x {n}"
        else:
            t_nx, nxs = timed(lambda: scores(G, metric, engine="networkx"), args.runs)
            c_nx = CPU_TIMES.pop("last")
            diff_text = f"{max_difference(ig.values, nxs.values):.1e}"
            if metric == "effective-size":
                note = "same sparse-matrix code in both engines"
        networkx_cpu_total += c_nx
        ratio = c_nx / c_ig if c_ig else float("inf")
        ratio_text = f"{ratio:.0f}x" if ratio >= 10 else f"{ratio:.1f}x"
        print(f"  {metric:<16} {t_nx:>11.2f} s {c_nx:>7.2f} s   {t_ig:>9.2f} s {c_ig:>7.2f} s   {ratio_text:>7}  {diff_text:>10}  {note}")
    print(f"  {'all nine':<16} {'':>13} {networkx_cpu_total:>7.0f} s   {'':>11} {igraph_cpu_total:>7.1f} s   "
          f"{networkx_cpu_total / igraph_cpu_total:>6.0f}x")

    # --- the exact suite -----------------------------------------------------------------------
    print("\nthe full exact rank suite on the igraph engine (one conversion, shared)")
    engine.forget(G)
    t0, c0 = time.perf_counter(), cpu_seconds()
    for metric in METRICS:
        t, rows = timed(lambda: rank(G, metric, engine="igraph"), 1)
        row(f"rank --metric {metric}", t, note=rows[0]["sampled"] or "exact")
    total, total_cpu = time.perf_counter() - t0, cpu_seconds() - c0
    print(f"  suite total {total:.1f} s wall, {total_cpu:.1f} s CPU, every measure exact")
    if engine._workers(n) > 1:  # what the worker processes buy: the same two measures in this process alone
        os.environ["RESPGRAPH_WORKERS"], before = "1", os.environ.get("RESPGRAPH_WORKERS")
        try:
            for metric in ("betweenness", "closeness"):
                t, _ = timed(lambda: scores(G, metric, engine="igraph"), 1)
                row(f"{metric}, one process", t, note="for comparison with the worker processes above")
        finally:
            if before is None:
                del os.environ["RESPGRAPH_WORKERS"]
            else:
                os.environ["RESPGRAPH_WORKERS"] = before

    # --- a smaller plan: agreement of the exact path measures, and what sampling costs -----------
    small_plan, _ = make_plan(args.small_tasks, args.small_units, args.seed + 1)
    S = coordination_graph([small_plan])
    print(f"\nsmaller plan ({args.small_tasks} tasks, {len(S)} units, {S.number_of_edges()} links): exact path measures")
    exact = {}
    for metric in ("betweenness", "closeness"):
        t_nx, nxs = timed(lambda: scores(S, metric, engine="networkx"), 1)
        c_nx = CPU_TIMES.pop("last")
        t_ig, ig = timed(lambda: scores(S, metric, engine="igraph"), 1)
        c_ig = CPU_TIMES.pop("last")
        exact[metric] = ig.values
        print(f"  {metric:<12} networkx {t_nx:6.2f} s ({c_nx:.2f} CPU), igraph {t_ig:6.2f} s ({c_ig:.2f} CPU): "
              f"{c_nx / c_ig:.0f}x; max |diff| {max_difference(ig.values, nxs.values):.1e}; "
              f"ranks identical: {same_ranks(S, metric)}")
    exact_b, exact_c = exact["betweenness"], exact["closeness"]
    nonzero = [v for v in exact_b if exact_b[v] > 0]
    print(f"  what --sample K costs in accuracy ({len(nonzero)} of {len(S)} units with non-zero betweenness; "
          f"'L1 err' is sum |estimate - exact| / sum exact)")
    print(f"  {'pivots':>8} {'share':>6} {'btw Spearman':>13} {'btw top-20':>10} {'L1 err':>10} "
          f"{'clo Spearman':>13} {'clo top-20':>10}")
    for frac in (0.02, 0.05, 0.1, 0.25):
        k = max(2, int(len(S) * frac))
        est_b = scores(S, "betweenness", sample=k, seed=1).values
        est_c = scores(S, "closeness", sample=k, seed=1).values
        err = sum(abs(est_b[v] - exact_b[v]) for v in S) / (sum(exact_b.values()) or 1)
        sp_b = spearman({v: exact_b[v] for v in nonzero}, est_b)
        print(f"  {k:>8} {frac:>6.1%} {sp_b:>13.3f} {top_overlap(exact_b, est_b):>10.2f} {err:>10.1%} "
              f"{spearman(exact_c, est_c):>13.3f} {top_overlap(exact_c, est_c):>10.2f}")

    # --- communities ---------------------------------------------------------------------------
    print("\ncommunities on the city graph (seed 0)")
    for label, algorithm, which in (("Louvain, networkx", "louvain", "networkx"), ("Louvain, igraph", "louvain", "igraph"),
                                    ("Leiden, igraph", "leiden", "igraph")):
        t, result = timed(lambda: communities(G, seed=0, algorithm=algorithm, engine=which), 1)
        row(label, t, note=f"{len(result.communities)} communities, modularity {result.modularity:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
