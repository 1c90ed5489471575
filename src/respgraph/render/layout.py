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

__all__ = ["spring_positions", "text_width", "separate", "boxes_overlap", "place_labels", "rings", "shelf_pack"]

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


# ---------------------------------------------------------------- text, overlaps, labels

def text_width(text: str, size: float) -> float:
    """Estimated width in pixels of ``text`` set at ``size`` px in a CJK sans-serif font.

    CJK ideographs and full-width punctuation are about one em wide, Latin
    letters and digits about 0.6 em (a little generous, so estimated boxes
    never come out smaller than drawn ones).

    >>> text_width("武林街道", 10), text_width("#17", 10)
    (40.0, 18.0)
    """
    total = 0.0
    for ch in str(text):
        code = ord(ch)
        if code >= 0x2E80 or 0xFF00 <= code <= 0xFFEF or 0x2010 <= code <= 0x206F:
            # CJK, full-width forms and general punctuation (… — “ ” are full width in CJK fonts)
            total += 1.0
        elif ch in "ilI.,:;'|!":
            total += 0.35
        else:
            total += 0.6
    return round(total * size, 1)


def separate(boxes: dict, *, gap: float = 8.0, fixed=(), iterations: int = 300) -> dict:
    """Move boxes apart until no two overlap; return ``{node: (x, y)}``.

    ``boxes`` maps a node to ``(x, y, half_width, half_height)``.  Overlapping
    pairs are pushed apart along the axis where they overlap least (the
    smallest move that parts them), ``gap`` pixels beyond touching; nodes in
    ``fixed`` never move (the other node of a pair moves the whole way).  A
    grid keeps each round near linear.  The result keeps the picture's shape:
    nodes move only as far as they must.  Should pushing not settle (nodes
    wedged between fixed ones), each node still overlapping moves to the
    nearest free spot, so no two boxes overlap in the end.

    >>> out = separate({"a": (0, 0, 10, 10), "b": (5, 0, 10, 10)}, gap=2)
    >>> abs(out["a"][0] - out["b"][0]) >= 22
    True
    >>> separate({"a": (0, 0, 10, 10), "b": (5, 0, 10, 10)}, fixed={"a"})["a"]
    (0, 0)
    """
    nodes = list(boxes)
    n = len(nodes)
    xs = [float(boxes[v][0]) for v in nodes]
    ys = [float(boxes[v][1]) for v in nodes]
    hw = [float(boxes[v][2]) + gap / 2.0 for v in nodes]
    hh = [float(boxes[v][3]) + gap / 2.0 for v in nodes]
    pinned = [v in fixed for v in nodes]
    if n < 2:
        return {v: (boxes[v][0], boxes[v][1]) for v in nodes}
    cell = 2.0 * max(max(hw), max(hh))
    rng = random.Random(11)
    if not any(pinned):
        # a picture too tight for its boxes is first spread evenly (about 2.5 times the room
        # the boxes need): pushing pairs apart one by one in a dense clump of thousands of
        # nodes would take very many rounds
        need = 2.5 * sum(4 * hw[i] * hh[i] for i in range(n))
        mx, my = sum(xs) / n, sum(ys) / n
        # the room of the middle 80 % of the nodes each way (outliers would hide a dense core)
        sx, sy = sorted(xs), sorted(ys)
        lo, hi = n // 10, n - 1 - n // 10
        have = (sx[hi] - sx[lo] + 2 * max(hw)) * (sy[hi] - sy[lo] + 2 * max(hh)) / 0.64
        if have < need:
            factor = math.sqrt(need / max(have, 1e-9))
            xs = [mx + (x - mx) * factor for x in xs]
            ys = [my + (y - my) * factor for y in ys]
    # a few thousand nodes get a few rounds only: Python is slow, and the final placement
    # below settles what the rounds leave
    rounds = iterations if n <= 600 else min(iterations, 12)
    for _ in range(rounds):
        grid = {}
        for i in range(n):
            grid.setdefault((int(math.floor(xs[i] / cell)), int(math.floor(ys[i] / cell))), []).append(i)
        moved = False
        for (cx, cy), members in grid.items():
            near = []
            for ox in (-1, 0, 1):
                for oy in (-1, 0, 1):
                    near.extend(grid.get((cx + ox, cy + oy), ()))
            for i in members:
                for j in near:
                    if j <= i:
                        continue
                    dx = xs[j] - xs[i]
                    dy = ys[j] - ys[i]
                    ox_ = hw[i] + hw[j] - abs(dx)
                    oy_ = hh[i] + hh[j] - abs(dy)
                    if ox_ <= 0 or oy_ <= 0:
                        continue
                    if pinned[i] and pinned[j]:
                        continue
                    moved = True
                    if dx == 0 and dy == 0:
                        dx, dy = rng.random() - 0.5, rng.random() - 0.5
                    # part them along the axis that needs the smaller move
                    if ox_ < oy_:
                        mx, my = (ox_ + 0.01) * (1 if dx >= 0 else -1), 0.0
                    else:
                        mx, my = 0.0, (oy_ + 0.01) * (1 if dy >= 0 else -1)
                    if pinned[i]:
                        xs[j] += mx
                        ys[j] += my
                    elif pinned[j]:
                        xs[i] -= mx
                        ys[i] -= my
                    else:
                        xs[i] -= mx / 2
                        ys[i] -= my / 2
                        xs[j] += mx / 2
                        ys[j] += my / 2
        if not moved:
            break
    else:
        # pushing did not settle (nodes wedged between fixed ones push each other back and
        # forth): those still overlapping move, one by one, to the nearest free spot
        _settle(xs, ys, hw, hh, pinned)
    return {v: (round(xs[i], 1), round(ys[i], 1)) if not pinned[i] else (boxes[v][0], boxes[v][1])
            for i, v in enumerate(nodes)}


def _settle(xs, ys, hw, hh, pinned):
    """Place the nodes one by one, fixed ones first, then by size: each where it is if that
    is free of the nodes already placed, else at the nearest free spot on rings around it."""
    n = len(xs)
    cell = 2.0 * max(max(hw), max(hh))
    grid = {}

    def clashes(i, x, y):
        cx, cy = int(math.floor(x / cell)), int(math.floor(y / cell))
        wi, hi = hw[i], hh[i]
        for ox in (-1, 0, 1):
            for oy in (-1, 0, 1):
                for j in grid.get((cx + ox, cy + oy), ()):
                    if wi + hw[j] > abs(xs[j] - x) and hi + hh[j] > abs(ys[j] - y):
                        return True
        return False

    def place(i):
        grid.setdefault((int(math.floor(xs[i] / cell)), int(math.floor(ys[i] / cell))), []).append(i)

    for i in range(n):
        if pinned[i]:
            place(i)
    order = sorted((i for i in range(n) if not pinned[i]), key=lambda i: -(hw[i] * hh[i]))
    for i in order:
        if clashes(i, xs[i], ys[i]):
            step = max(4.0, hw[i], hh[i])
            ring = 1
            while True:
                radius = ring * step
                count = max(8, int(2 * math.pi * radius / step))
                spot = None
                for k in range(count):
                    angle = 2 * math.pi * k / count
                    x = xs[i] + radius * math.cos(angle)
                    y = ys[i] + radius * math.sin(angle)
                    if not clashes(i, x, y):
                        spot = (x, y)
                        break
                if spot is not None:
                    xs[i], ys[i] = spot
                    break
                ring += 1
        place(i)


def boxes_overlap(a, b) -> bool:
    """True when two boxes ``(left, top, right, bottom)`` share some area.

    >>> boxes_overlap((0, 0, 10, 10), (10, 0, 20, 10)), boxes_overlap((0, 0, 10, 10), (9, 9, 20, 20))
    (False, True)
    """
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(labels, obstacles, bounds, *, gap: float = 2.0):
    """Greedy label placement: the most important labels first, each where it overlaps nothing.

    ``labels`` is a list of ``(key, rank, anchor_box, width, height)``;
    ``anchor_box`` is the ``(left, top, right, bottom)`` of the node the label
    belongs to.  A label is tried below its node, then above, right, left and
    at the four corners;
    the first place that stays inside ``bounds`` and overlaps no obstacle
    (``{key: box}``, the nodes' shapes; a label may touch its own node) and no
    label already placed wins.  Labels that find no place are left out (the
    page shows them on zoom or hover).  Returns ``{key: box}``.

    The page script (page.js, ``placeLabels``) follows the same rules on
    screen, so the static SVG and the page show the same labels.

    >>> nodes = {"a": (0, 0, 10, 10), "b": (12, 0, 22, 10)}
    >>> out = place_labels([("a", 2, nodes["a"], 30, 12), ("b", 1, nodes["b"], 30, 12)], nodes, (-100, -100, 100, 100))
    >>> sorted(out), out["a"]
    (['a', 'b'], (-10.0, 12.0, 20.0, 24.0))
    """
    cell = 64.0
    grid = {}

    def cells(box):
        for gx in range(int(math.floor(box[0] / cell)), int(math.floor(box[2] / cell)) + 1):
            for gy in range(int(math.floor(box[1] / cell)), int(math.floor(box[3] / cell)) + 1):
                yield gx, gy

    def add(key, box):
        for c in cells(box):
            grid.setdefault(c, []).append((key, box))

    for key, box in obstacles.items():
        add(("node", key), box)
    placed = {}
    # highest rank first (ranks may be tuples); equal ranks keep their given order
    for key, _rank, anchor, width, height in sorted(labels, key=lambda item: item[1], reverse=True):
        cx = (anchor[0] + anchor[2]) / 2.0
        cy = (anchor[1] + anchor[3]) / 2.0
        candidates = (
            (cx - width / 2, anchor[3] + gap),
            (cx - width / 2, anchor[1] - gap - height),
            (anchor[2] + gap, cy - height / 2),
            (anchor[0] - gap - width, cy - height / 2),
            # then the four corners
            (anchor[2], anchor[3]),
            (anchor[0] - width, anchor[3]),
            (anchor[2], anchor[1] - height),
            (anchor[0] - width, anchor[1] - height),
        )
        for left, top in candidates:
            box = (round(left, 1), round(top, 1), round(left + width, 1), round(top + height, 1))
            if box[0] < bounds[0] or box[1] < bounds[1] or box[2] > bounds[2] or box[3] > bounds[3]:
                continue
            clash = False
            for c in cells(box):
                for other, obox in grid.get(c, ()):
                    if other == ("node", key):
                        continue
                    if boxes_overlap(box, obox):
                        clash = True
                        break
                if clash:
                    break
            if not clash:
                placed[key] = box
                add(("label", key), box)
                break
    return placed


def rings(count: int, *, inner: float, step: float, spacing: float):
    """Offsets ``(dx, dy)`` for ``count`` items on rings around a centre, nearest ring first.

    Ring ``k`` has radius ``inner + k * step`` and holds as many items as fit
    ``spacing`` apart along it; the last ring spreads its items evenly.

    >>> len(rings(20, inner=60, step=50, spacing=40))
    20
    >>> [round(math.hypot(*p)) for p in rings(3, inner=60, step=50, spacing=40)]
    [60, 60, 60]
    """
    out = []
    k = 0
    while len(out) < count:
        radius = inner + k * step
        capacity = max(1, int(2 * math.pi * radius // spacing))
        take = min(capacity, count - len(out))
        offset = 0.5 * (k % 2)  # alternate rings are turned half a step, so neighbours do not line up
        for i in range(take):
            angle = 2 * math.pi * (i + offset) / take - math.pi / 2
            out.append((round(radius * math.cos(angle), 1), round(radius * math.sin(angle), 1)))
        k += 1
    return out


def shelf_pack(sizes, *, gap: float = 60.0, aspect: float = 1.6):
    """Top-left corners for rectangles ``(width, height)``, packed in rows about ``aspect`` times as wide as tall.

    Rectangles keep their order (put the biggest first); rows are centred.

    >>> shelf_pack([(100, 100), (100, 100), (100, 100), (100, 100)], gap=0, aspect=1)
    [(0.0, 0.0), (100.0, 0.0), (0.0, 100.0), (100.0, 100.0)]
    """
    if not sizes:
        return []
    area = sum((w + gap) * (h + gap) for w, h in sizes)
    target = max(max(w for w, _ in sizes), math.sqrt(area * aspect))
    rows = [[]]
    width = 0.0
    for i, (w, h) in enumerate(sizes):
        if rows[-1] and width + w > target:
            rows.append([])
            width = 0.0
        rows[-1].append(i)
        width += w + gap
    widest = max(sum(sizes[i][0] for i in row) + gap * (len(row) - 1) for row in rows)
    out = [None] * len(sizes)
    top = 0.0
    for row in rows:
        row_width = sum(sizes[i][0] for i in row) + gap * (len(row) - 1)
        left = (widest - row_width) / 2.0
        for i in row:
            out[i] = (round(left, 1), round(top, 1))
            left += sizes[i][0] + gap
        top += max(sizes[i][1] for i in row) + gap
    return out
