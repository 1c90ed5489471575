"""A briefing for a city: one pack per district, and a page that compares them.

:func:`respgraph.report.build_report` hands plans of several districts here.
Each district (with all its years) gets the ordinary briefing pack in a folder
of its own; the top ``index.html`` links them and sets the districts side by
side: the same measures in one table with districts as columns, and the units
that several districts name alike (区财政局, 区住建局) with how central each
district's one is.  Both tables are also written as CSV (and the page, like
every index, runs no script).

>>> from respgraph.model import Plan, Task
>>> a = Plan("甲区", 2023, "", "a", tasks=[Task(1, "一", "x", [], ["区财政局"], ["区住建局"])])
>>> b = Plan("乙区", 2023, "", "b", tasks=[Task(1, "一", "y", [], ["区住建局"], ["区财政局", "区民政局"])])
>>> [row["measure"] for row in district_comparison([a, b])][:3]
['plans', 'tasks', 'units']
>>> [(r["unit"], r["甲区"], r["乙区"]) for r in shared_units([a, b])]
[('区住建局', '1 / 2 (1)', '1 / 3 (2)'), ('区财政局', '1 / 2 (1)', '1 / 3 (2)')]
"""

from __future__ import annotations

import datetime as _dt
import html
import re
from pathlib import Path

__all__ = ["build_city_report", "district_comparison", "district_graphs", "shared_units", "plans_by_home"]

#: Summary figures compared across districts, in the order shown, with what each says.
COMPARED = (
    ("plans", "plans (years) read"),
    ("tasks", "tasks with at least one unit"),
    ("units", "units in the coordination network"),
    ("links", "pairs of units sharing a task"),
    ("density", "share of all possible pairs that share a task"),
    ("average_partners", "units a unit shares tasks with, on average"),
    ("average_shared_tasks", "tasks a linked pair shares, on average"),
    ("isolated", "units working alone"),
    ("top_strength", "most shared-task links"),
    ("top_betweenness", "brokers (betweenness, distance = 1 / shared tasks)"),
)


def plans_by_home(plans) -> dict:
    """The plans grouped by the district that issued them (a plan naming none is its own), in order."""
    groups: dict[str, list] = {}
    for plan in plans:
        groups.setdefault(plan.home, []).append(plan)
    return groups


def district_graphs(plans, *, blanket="exclude") -> dict:
    """``{district: (its plans, its coordination graph)}``, each district's plans pooled."""
    from respgraph.graphs import coordination_graph

    return {home: (group, coordination_graph(group, blanket=blanket)) for home, group in plans_by_home(plans).items()}


def district_comparison(plans, *, blanket="exclude", top=3, sample=None, graphs=None) -> list:
    """One row per measure of :data:`COMPARED`, one column per district (its plans pooled).

    ``graphs`` (from :func:`district_graphs`) saves building the networks again.
    """
    from respgraph.analysis.summary import summary

    figures = {}
    for home, (group, G) in (graphs or district_graphs(plans, blanket=blanket)).items():
        s = summary(G, top=top, sample=sample, metrics=("strength", "betweenness"))
        s["plans"] = "、".join(p.key for p in group)
        figures[home] = s
    rows = []
    for measure, meaning in COMPARED:
        row = {"measure": measure, "meaning": meaning}
        for home, s in figures.items():
            row[home] = s.get(measure)
        rows.append(row)
    return rows


def shared_units(plans, *, blanket="exclude", limit=None, graphs=None) -> list:
    """Units that several districts name alike, with each district's rank, units and strength.

    A cell reads ``rank / units (strength)`` by shared-task links in that
    district's network; rows are the names most districts share, then by
    best rank.  ``graphs`` as for :func:`district_comparison`.
    """
    from respgraph.analysis.ranking import rank

    per_home = {}
    for home, (_, G) in (graphs or district_graphs(plans, blanket=blanket)).items():
        names = {n: G.nodes[n].get("name", n) for n in G}
        per_home[home] = {names[r["unit"]]: (r["rank"], len(G), r["value"]) for r in rank(G, "strength")}
    homes = list(per_home)
    counts: dict[str, int] = {}
    for ranked in per_home.values():
        for name in ranked:
            counts[name] = counts.get(name, 0) + 1
    shared = [name for name, n in counts.items() if n > 1]
    shared.sort(key=lambda name: (-counts[name], min(per_home[h][name][0] for h in homes if name in per_home[h]), name))
    rows = []
    for name in shared[:limit]:
        row = {"unit": name, "districts": counts[name]}
        for home in homes:
            found = per_home[home].get(name)
            row[home] = f"{found[0]} / {found[1]} ({_number(found[2])})" if found else ""
        rows.append(row)
    return rows


def _number(value):
    return f"{value:g}" if isinstance(value, float) else str(value)


def _folder_name(home: str) -> str:
    """A folder name for a district: its name, with what no file system takes replaced."""
    return re.sub(r'[\\/:*?"<>|\s]+', "_", home).strip("._")[:60] or "plan"


def build_city_report(plans, folder, *, blanket="exclude", top=15, sample=None, views=True):
    """Write one pack per district under ``folder`` and the comparing index; return the :class:`Report`."""
    from respgraph.export import atomic_output
    from respgraph.report import Report, _write_csv, build_report

    folder = Path(folder)
    result = Report(folder)
    groups = plans_by_home(plans)
    packs = []
    used: set[str] = set()
    for home, group in groups.items():
        name = _folder_name(home)
        while name in used:
            name += "_"
        used.add(name)
        sub = build_report(group, folder / name, blanket=blanket, top=top, sample=sample, views=views)
        result.files.extend(sub.files)
        packs.append((home, name, group))
    graphs = district_graphs(plans, blanket=blanket)
    comparison = district_comparison(plans, blanket=blanket, sample=sample, graphs=graphs)
    units = shared_units(plans, blanket=blanket, graphs=graphs)
    result.tables = {"districts": comparison, "shared_units": units}
    homes = list(groups)
    for file_name, rows, columns in (
        ("districts.csv", comparison, ["measure", "meaning"] + homes),
        ("shared_units.csv", units, ["unit", "districts"] + homes),
    ):
        _write_csv(folder / file_name, columns, rows)
        result.files.append(folder / file_name)
    index = folder / "index.html"
    with atomic_output(index, encoding="utf-8", newline="\n") as out:
        out.write(_index_html(packs, comparison, units, blanket=blanket, top=top))
    result.files.append(index)
    return result


def _cells(values, tag="td"):
    return "".join(f"<{tag}>{html.escape('' if v is None else _number(v))}</{tag}>" for v in values)


def _index_html(packs, comparison, units, *, blanket, top):
    from respgraph.report import page_head

    esc = html.escape
    homes = [home for home, _, _ in packs]
    title = f"City briefing 多区简报: {'、'.join(homes)}"
    caption = (f"Rendered {_dt.date.today().isoformat()} · {len(homes)} districts · blanket phrases: {blanket} · "
               "each district's plans (all its years) pooled")
    parts = [
        page_head(title, caption),
        "<section class=\"first\">\n<h2 id=\"districts\">Districts 各区简报</h2>\n<ul class=\"views\">\n",
    ]
    for home, name, group in packs:
        tasks = sum(len(p.tasks) for p in group)
        parts.append(f'<li><a href="{esc(name)}/index.html">{esc(home)}</a> — {esc("、".join(p.key for p in group))}, '
                     f"{tasks} tasks</li>\n")
    parts.append("</ul>\n</section>\n")
    parts.append("<section>\n<h2 id=\"compare\">The districts side by side 各区对比</h2>\n<table>\n<tr>")
    parts.append(_cells(["measure", "meaning"] + homes, "th") + "</tr>\n")
    for row in comparison:
        parts.append("<tr>" + _cells([row["measure"], row["meaning"]] + [row.get(h) for h in homes]) + "</tr>\n")
    parts.append("</table>\n</section>\n")
    parts.append("<section>\n<h2 id=\"units\">Units named alike in several districts 同名单位</h2>\n"
                 "<p class=\"caption\">rank / units in that district's network (shared-task links); "
                 f"the {top} most shared shown, all in shared_units.csv</p>\n<table>\n<tr>")
    parts.append(_cells(["unit", "districts"] + homes, "th") + "</tr>\n")
    for row in units[:top]:
        parts.append("<tr>" + _cells([row["unit"], row["districts"]] + [row.get(h) for h in homes]) + "</tr>\n")
    parts.append("</table>\n</section>\n<nav class=\"screen-only\"><p class=\"files\">"
                 '<a href="districts.csv">districts.csv</a> · <a href="shared_units.csv">shared_units.csv</a></p></nav>\n'
                 "</body>\n</html>\n")
    return "".join(parts)
