"""How long a coordination page takes to write and to become usable in headless Chromium.

For synthetic plans whose coordination graph has 200, 2,000 and 5,000 units
(about four times as many edges), one run measures:

* write   — building the page (layout, overlap removal, pyvis records, HTML)
            and writing it;
* ready   — from navigation to a stable, interactive page: drawn, fitted to
            the window and drawn again with its labels placed, vis's physics
            engine at rest (``network.physics.stabilized``; the views' layouts
            come from Python, physics is off), plus one round trip of
            ``evaluate`` to show the page answers;
* redraw  — one redraw of the fitted view (vis draws the network, the page
            places and draws the labels that fit), median of five; what a
            pan or zoom costs per frame; and how many labels the first view shows;
* a plain pyvis page of the same graph: ``Network(cdn_resources="in_line")``,
  default physics, ``write_html``.  Its Bootstrap links point at a CDN that
  cannot load here, so those requests are aborted (as offline); readiness
  is the same test, capped at --cap seconds.

Medians of --runs runs are printed, with the ratio plain pyvis / respgraph.

    python benchmarks/bench_render.py                 # 200, 2000, 5000 nodes, 3 runs
    python benchmarks/bench_render.py --sizes 200 500 1000 --runs 1 --skip-plain
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from respgraph.graphs import coordination_graph  # noqa: E402
from respgraph.model import Plan, Task, Unit  # noqa: E402
from respgraph.render.page import write_page  # noqa: E402
from respgraph.render.views import coordination_page  # noqa: E402
from render_support import chromium, wait_until  # noqa: E402

KINDS = ("government", "party", "street", "enterprise", "platform", "vertical", "mass-org")

# Catches the vis.Network a plain pyvis page creates (pyvis keeps it in a closure variable).
HOOK = """
(() => {
  let holder;
  Object.defineProperty(window, 'vis', { configurable: true, get() { return holder; }, set(v) {
    holder = v;
    let Net;
    Object.defineProperty(v, 'Network', { configurable: true, get() { return Net; }, set(Orig) {
      Net = function (c, d, o) {
        const n = new Orig(c, d, o);
        window.__net = n;
        n.once('afterDrawing', () => { window.__drawn = true; });
        return n;
      };
      Net.prototype = Orig.prototype;
    }});
  }});
})();
"""


# Stable and interactive: drawn once, and vis's physics engine at rest (it sets
# physics.stabilized when the simulation stops, or at once with physics off).
OURS_READY = "() => !!(window.rg && rg.ready && rg.drawn && rg.network.physics.stabilized === true)"
REDRAW = """() => {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    rg.network.redraw();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return {ms: times[2], labels: rg.labels.length, nodes: rg.visibleCounts().nodes};
}"""
PLAIN_READY = "() => !!(window.__net && window.__drawn === true && window.__net.physics.stabilized === true)"


def synthetic_plan(units: int, seed: int = 1) -> Plan:
    """A plan whose coordination graph has ``units`` nodes: one task per unit, 1 lead + 2–3 co units."""
    rng = random.Random(seed)
    names = [f"单位{i:05d}" for i in range(units)]
    # a few busy units, many occasional ones, as in real tables
    weights = [1.0 / (1 + i) ** 0.6 for i in range(units)]
    tasks = []
    for seq in range(1, units + 1):
        lead = names[seq - 1]  # every unit leads one task, so every unit is a node
        co = set()
        while len(co) < rng.choice((2, 3)):
            pick = rng.choices(names, weights)[0]
            if pick != lead:
                co.add(pick)
        section = f"板块{seq % 12}"
        tasks.append(Task(seq, section, f"任务{seq}：推进重点工作", [f"领导{seq % 9}"], [lead], sorted(co)))
    plan = Plan("合成区", 2021, "synthetic", "bench", sections=sorted({t.section for t in tasks}), tasks=tasks)
    plan.units = {n: Unit(n, KINDS[i % len(KINDS)]) for i, n in enumerate(names)}
    return plan


def plain_pyvis(plan, path: Path) -> float:
    from pyvis.network import Network

    G = coordination_graph([plan])
    start = time.perf_counter()
    net = Network(cdn_resources="in_line")
    for node in G:
        net.add_node(node, label=node)
    for u, v, w in G.edges(data="weight"):
        net.add_edge(u, v, value=w)
    html = net.generate_html()
    with open(path, "w", encoding="utf-8") as out:
        out.write(html)
    return time.perf_counter() - start


def time_to_ready(browser, path: Path, flag: str, cap: float, hook: bool = False, probe: dict | None = None) -> float | None:
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    try:
        url = path.resolve().as_uri()
        page.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
        if hook:
            page.add_init_script(HOOK)
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=int(cap * 1000))
        try:
            wait_until(page, flag, timeout=cap, interval=0.02)
        except Exception as exc:  # did not settle within the cap
            print(f"  {path.name}: not ready within {cap:.0f}s ({type(exc).__name__}: {str(exc)[:300]})", file=sys.stderr)
            return None
        page.evaluate("1 + 1")  # the page answers
        took = time.perf_counter() - start
        if probe is not None:
            probe.update(page.evaluate(REDRAW))
        return took
    finally:
        page.close()


def median(values):
    """Median of the runs; a run that never settled counts as slower than any other (inf)."""
    if not values:
        return None
    return statistics.median([float("inf") if v is None else v for v in values])


def fmt(value, cap):
    if value is None:
        return "  n/a"
    if value == float("inf"):
        return f">{cap:.0f}s"
    return f"{value:6.2f}s"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cap", type=float, default=60.0, help="seconds to wait for a page to settle")
    parser.add_argument("--skip-plain", action="store_true", help="skip the plain pyvis pages")
    args = parser.parse_args(argv)

    rows = []
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        tmp = Path(tmp)
        for size in args.sizes:
            plan = synthetic_plan(size)
            G = coordination_graph([plan])
            write_t, ready_t, redraw_t, labels, plain_w, plain_t = [], [], [], [], [], []
            for run in range(args.runs):
                ours = tmp / f"ours-{size}.html"
                start = time.perf_counter()
                write_page(ours, coordination_page([plan], color_by="kind"))
                write_t.append(time.perf_counter() - start)
                probe = {}
                ready_t.append(time_to_ready(browser, ours, OURS_READY, args.cap, probe=probe))
                if probe:
                    redraw_t.append(probe["ms"] / 1000.0)
                    labels.append(probe["labels"])
                if not args.skip_plain:
                    plain = tmp / f"plain-{size}.html"
                    plain_w.append(plain_pyvis(plan, plain))
                    plain_t.append(time_to_ready(browser, plain, PLAIN_READY, args.cap, hook=True))
                print(f"  {size} nodes run {run + 1}: write {write_t[-1]:.2f}s ready {ready_t[-1]} "
                      f"redraw {probe.get('ms', float('nan')):.0f} ms, {probe.get('labels')} labels"
                      + (f" plain write {plain_w[-1]:.2f}s ready {plain_t[-1]}" if plain_w else ""), file=sys.stderr)
            rows.append((size, G.number_of_edges(), median(write_t), median(ready_t), median(redraw_t),
                         median(labels), median(plain_w), median(plain_t)))

    print(f"\nmedians of {args.runs} runs; layouts from Python, physics off; cap {args.cap:.0f}s")
    print(f"{'nodes':>6} {'edges':>7} | {'write':>7} {'ready':>7} {'redraw':>7} {'labels':>6} | "
          f"{'pyvis write':>11} {'pyvis ready':>11} | {'ready ratio pyvis/ours':>22}")
    for size, edges, w, r, d, lab, pw, pr in rows:
        if r and pr and pr != float("inf"):
            ratio = f"{pr / r:.1f}x"
        elif r and pr == float("inf"):
            ratio = f">{args.cap / r:.0f}x"
        else:
            ratio = "n/a"
        redraw = f"{d * 1000:5.0f}ms" if d is not None else "  n/a"
        print(f"{size:>6} {edges:>7} | {fmt(w, args.cap):>7} {fmt(r, args.cap):>7} {redraw:>7} "
              f"{(lab if lab is not None else 0):>6.0f} | {fmt(pw, args.cap):>11} {fmt(pr, args.cap):>11} | {ratio:>22}")


if __name__ == "__main__":
    main()
