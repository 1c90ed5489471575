"""Node positions computed in Python, so a page opens already laid out.

A browser running vis-network's physics on a few thousand nodes takes many
seconds (or minutes) to settle, and the page jumps around meanwhile.  The
pages therefore carry positions computed here and switch physics off for big
graphs (see :data:`respgraph.render.page.PHYSICS_NODE_LIMIT`).

The layout is a Fruchterman–Reingold force layout in plain Python (no
numpy): repulsion is exact between nodes sharing a grid cell, the eight
neighbouring cells push as one mass each (a one-level Barnes–Hut), and
farther nodes are ignored as in the grid variant of the original paper, so
one iteration costs about O(nodes + edges) instead of O(nodes²).  A weak pull towards the centre keeps
disconnected pieces on screen.  The random start is seeded, so the same graph
always gets the same picture.

>>> import networkx as nx
>>> pos = spring_positions(nx.path_graph(3), seed=1)
>>> sorted(pos) == [0, 1, 2] and all(len(p) == 2 for p in pos.values())
True
>>> spring_positions(nx.path_graph(3), seed=1) == pos
True
"""

from __future__ import annotations

import math
import random

__all__ = ["spring_positions"]

_NEIGHBOURS = tuple((ox, oy) for ox in (-1, 0, 1) for oy in (-1, 0, 1) if ox or oy)


def _iterations_for(n: int) -> int:
    # Fewer rounds for big graphs: each one is linear, but Python is slow and a
    # coarse but stable picture beats a long wait (physics is off there anyway).
    if n <= 300:
        return 100
    if n <= 1000:
        return 50
    if n <= 3000:
        return 30
    return 20


def spring_positions(graph, *, seed: int = 7, iterations: int | None = None, edge_length: float = 110.0,
                     weight: str | None = "weight") -> dict:
    """Positions ``{node: (x, y)}`` in pixels, edges about ``edge_length`` long.

    ``weight`` names an edge attribute that pulls heavier edges harder (its
    logarithm is used, so one pair sharing 40 tasks does not collapse); None
    treats all edges alike.

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("c", "d")])
    >>> pos = spring_positions(G)
    >>> d = lambda u, v: math.dist(pos[u], pos[v])
    >>> d("a", "b") < d("a", "c") and d("c", "d") < d("b", "d")
    True
    """
    nodes = list(graph)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    edges = []
    for u, v, attrs in graph.edges(data=True):
        if u == v:
            continue
        w = attrs.get(weight, 1) if weight else 1
        try:
            w = 1.0 + math.log(max(float(w), 1.0))
        except (TypeError, ValueError):
            w = 1.0
        edges.append((index[u], index[v], w))

    rounds = iterations if iterations is not None else _iterations_for(n)
    k = 1.0  # ideal distance in layout units; scaled to pixels at the end
    side = math.sqrt(n) * k * 1.2
    rng = random.Random(seed)
    xs = [rng.random() * side for _ in range(n)]
    ys = [rng.random() * side for _ in range(n)]
    centre = side / 2.0
    cell = 2.0 * k  # repulsion is ignored beyond this distance
    cell2 = cell * cell
    k2 = k * k
    gravity = 0.02
    temperature = side / 8.0
    cooling = temperature / (rounds + 1)

    for _ in range(rounds):
        dx = [0.0] * n
        dy = [0.0] * n
        grid = {}
        for i in range(n):
            grid.setdefault((int(xs[i] // cell), int(ys[i] // cell)), []).append(i)
        # centre of mass and size of every occupied cell
        mass = {}
        for key, members in grid.items():
            mass[key] = (sum(xs[i] for i in members) / len(members), sum(ys[i] for i in members) / len(members),
                         len(members))
        for (cx, cy), members in grid.items():
            # exact repulsion inside the cell, each pair once
            count = len(members)
            for a in range(count):
                i = members[a]
                xi = xs[i]
                yi = ys[i]
                for b in range(a + 1, count):
                    j = members[b]
                    ddx = xi - xs[j]
                    ddy = yi - ys[j]
                    d2 = ddx * ddx + ddy * ddy
                    if d2 < 1e-9:
                        # two nodes on the same spot: push apart in a seeded direction
                        ddx = rng.random() - 0.5
                        ddy = rng.random() - 0.5
                        d2 = ddx * ddx + ddy * ddy
                    f = k2 / d2
                    ddx *= f
                    ddy *= f
                    dx[i] += ddx
                    dy[i] += ddy
                    dx[j] -= ddx
                    dy[j] -= ddy
            # the eight neighbouring cells push as one mass each (a one-level Barnes–Hut)
            near = [mass[key] for key in ((cx + ox, cy + oy) for ox, oy in _NEIGHBOURS) if key in mass]
            if not near:
                continue
            for i in members:
                xi = xs[i]
                yi = ys[i]
                fx = 0.0
                fy = 0.0
                for mx, my, weight_count in near:
                    ddx = xi - mx
                    ddy = yi - my
                    d2 = ddx * ddx + ddy * ddy
                    if d2 >= cell2 or d2 < 1e-9:
                        continue
                    f = weight_count * k2 / d2
                    fx += ddx * f
                    fy += ddy * f
                dx[i] += fx
                dy[i] += fy
        for i, j, w in edges:
            ddx = xs[i] - xs[j]
            ddy = ys[i] - ys[j]
            d = math.sqrt(ddx * ddx + ddy * ddy)
            f = d / k * w
            dx[i] -= ddx * f
            dy[i] -= ddy * f
            dx[j] += ddx * f
            dy[j] += ddy * f
        for i in range(n):
            gx = (centre - xs[i]) * gravity
            gy = (centre - ys[i]) * gravity
            mx = dx[i] + gx
            my = dy[i] + gy
            disp = math.sqrt(mx * mx + my * my)
            if disp > 0:
                step = min(disp, temperature) / disp
                xs[i] += mx * step
                ys[i] += my * step
        temperature = max(temperature - cooling, k * 0.01)

    mean_x = sum(xs) / n
    mean_y = sum(ys) / n
    scale = edge_length / k
    return {node: (round((xs[i] - mean_x) * scale, 1), round((ys[i] - mean_y) * scale, 1)) for node, i in index.items()}
