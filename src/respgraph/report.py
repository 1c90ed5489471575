"""The briefing pack: one folder an analyst can open, mail or put on a stick.

:func:`build_report` writes into a folder

* ``index.html`` — key figures, the top coordinators, the top pairs, the
  communities, the leaders' portfolios, the streets' burden and a summary of
  the reader's judgements (the audit), with links to the interactive views;
  static HTML (no JavaScript), every value escaped with :func:`html.escape`;
* ``coordination.html``, ``tasks.html``, ``leaders.html``, ``streets.html`` —
  the interactive pages of :mod:`respgraph.render.views`, and each as a
  static drawing (``coordination.svg`` …: the page's first view, names as
  SVG text, to paste into Word or PowerPoint);
* on the index, three small charts (inline SVG, :mod:`respgraph.render.charts`):
  the top coordinators' tasks split into lead and co-responsible, the
  unit × section heat map of the top units, and the streets' load named vs
  via blanket phrases; the index prints to A4 (no navigation, each section
  on a new page);
* one CSV per table (UTF-8 with a byte-order mark, so Excel shows Chinese)
  and ``briefing.xlsx`` with one sheet per table.

Nothing in the folder refers to anything outside it.  Text from the task
tables is data everywhere: escaped in HTML, stored as text (never as a
formula) in the workbook, and a CSV cell that a spreadsheet would read as a
formula (``=…``, ``+…``, ``-…``, ``@…``) gets a leading apostrophe.

>>> from respgraph.model import Plan, Task
>>> import tempfile, pathlib
>>> plan = Plan("甲区", 2021, "", "t", sections=["一"], tasks=[Task(1, "一", "修路", ["张"], ["A局"], ["B办"])])
>>> with tempfile.TemporaryDirectory() as tmp:
...     result = build_report([plan], pathlib.Path(tmp) / "pack")
...     sorted(p.name for p in result.files)[:3]
['audit.csv', 'briefing.xlsx', 'communities.csv']
"""

from __future__ import annotations

import csv
import datetime as _dt
import html
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from respgraph import graphs
from respgraph.errors import InputError

__all__ = ["Report", "TABLES", "VIEW_FILES", "build_report", "report_tables", "csv_safe", "chart_svgs", "unit_trends"]

#: The interactive pages the index links to, with what they show.
VIEW_FILES = {
    "coordination.html": "Coordination network 协同网络 — units linked by shared tasks",
    "tasks.html": "Tasks and units 任务与责任单位 — lead and co-responsible links",
    "leaders.html": "Leaders' portfolios 分管领导 — leaders and the units on their tasks",
    "streets.html": "Streets' burden 街道任务负担 — tasks reaching each street, named or via 各街道",
}

#: Table name -> (title, columns), in the order the index shows them.
TABLES = {
    "figures": ("Key figures 主要数据", ["figure", "value"]),
    "coordinators": ("Top coordinators 协同最多的单位",
                     ["rank", "unit", "kind", "tasks", "lead", "co", "partners", "shared_task_links",
                      "betweenness", "community"]),
    "pairs": ("Top pairs 合作最多的单位对", ["unit_a", "unit_b", "shared", "lead_co", "tasks"]),
    "communities": ("Communities 协同群组", ["community", "size", "internal_tasks", "sections", "members"]),
    "leaders": ("Leaders' portfolios 分管领导", ["leader", "tasks", "sections", "lead_unit_count", "lead_units",
                                             "co_unit_count"]),
    "streets": ("Streets' burden 街道任务负担", ["street", "explicit", "explicit_lead", "via_blanket",
                                           "with_blanket", "blanket_share"]),
    "quality": ("Data quality 数据质量", ["kind", "events", "meaning"]),
    "audit": ("Reader's judgements to check 需核对的判断", ["plan", "kind", "row", "column", "raw", "result", "detail"]),
}

_AUDIT_MEANING = {
    "typo": "name corrected by similarity to a known unit — check",
    "joined": "name rejoined from pieces broken across lines",
    "split": "names glued together, split apart",
    "alias": "alternative name mapped to the canonical one",
    "user-alias": "mapped by the user's alias file",
    "unresolved": "name not recognised; kept as written — check",
    "group": "blanket phrase (各街道 …) recognised",
    "expanded": "blanket phrase expanded to member units",
    "lead-inferred": "no lead unit marked; the first unit taken as lead — check",
    "duplicate": "unit named twice on one task",
    "problem": "row could not be read as expected — check",
    "leader": "leader name normalised",
}
_CELL_CUT = 240  # characters of one cell shown on the index page

_CHECK_KINDS = ("problem", "unresolved", "typo", "lead-inferred", "duplicate", "split", "joined")


@dataclass
class Report:
    """What :func:`build_report` wrote."""

    folder: Path
    files: list = field(default_factory=list)
    tables: dict = field(default_factory=dict)  # table name -> rows


def csv_safe(value):
    """A cell value as CSV text that no spreadsheet will run as a formula.

    >>> csv_safe("=HYPERLINK(\\"x\\")"), csv_safe("区财政局"), csv_safe(3), csv_safe(["甲", "乙"])
    ('\\'=HYPERLINK("x")', '区财政局', 3, '甲、乙')
    """
    if isinstance(value, (list, tuple)):
        value = "、".join(map(str, value))
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _fmt(value):
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, (list, tuple)):
        return "、".join(map(str, value))
    return "" if value is None else str(value)


def report_tables(plans, *, blanket="exclude", top=None, sample=None) -> dict:
    """Every table of the briefing pack as ``{name: rows}`` (rows are dicts, all rows, not only the top).

    >>> from respgraph.model import Plan, Task
    >>> plan = Plan("甲区", 2021, "", "t", tasks=[Task(1, "一", "x", ["张"], ["A"], ["B", "C"])])
    >>> t = report_tables([plan])
    >>> [(r["unit_a"], r["unit_b"], r["shared"]) for r in t["pairs"]]
    [('A', 'B', 1), ('A', 'C', 1), ('B', 'C', 1)]
    """
    from respgraph.analysis import scores
    from respgraph.analysis.communities import communities
    from respgraph.analysis.leaders import portfolios
    from respgraph.analysis.pairs import top_pairs
    from respgraph.analysis.summary import summary
    from respgraph.analysis.workload import street_workload

    plans = list(plans)
    several = len(plans) > 1
    G = graphs.coordination_graph(plans, blanket=blanket)
    T = graphs.two_mode_graph(plans, blanket=blanket)
    X = graphs.two_mode_graph(plans, blanket="expand")

    facts = summary(G, top=3, sample=sample, seed=0 if sample else None, metrics=())
    audit = [(p.key, e) for p in plans for e in p.audit]
    kinds = Counter(e.kind for _, e in audit)
    figures = [
        ("plans", "、".join(f"{p.key} ({p.title or p.source})" if (p.title or p.source) else p.key for p in plans)),
        ("tasks", sum(len(p.tasks) for p in plans)),
        ("sections", sum(len({t.section for t in p.tasks}) for p in plans)),
        ("leaders", len({name for p in plans for name in p.leaders})),
        ("units answering for tasks", facts["units"]),
        ("streets of the district(s)", len({s for p in plans for s in p.streets})),
        ("pairs of units sharing tasks", facts["links"]),
        ("density of the coordination network", facts["density"]),
        ("connected pieces", facts["components"]),
        ("units with no partner", facts["isolated"]),
        ("average partners per unit", facts["average_partners"]),
        ("blanket phrases (各街道 …)", {"exclude": "left out of the coordination figures",
                                    "group": "counted as one group node each",
                                    "expand": "expanded to member units"}[blanket]),
        ("reader's judgements to check", sum(kinds[k] for k in _CHECK_KINDS)),
    ]
    if facts.get("sampled"):
        figures.append(("sampling", facts["sampled"]))

    degree = scores(G, "degree").values
    strength = scores(G, "strength").values
    between = scores(G, "betweenness", sample=sample, seed=0 if sample else None).values
    found = communities(G, seed=0)
    community_of = {m: c.index for c in found.communities for m in c.members}
    coordinators = []
    for node, attrs in G.nodes(data=True):
        coordinators.append({
            "unit": node,
            "kind": attrs.get("kind", ""),
            "tasks": len(attrs.get("tasks", [])),
            "lead": attrs.get("lead_count", 0),
            "co": attrs.get("co_count", 0),
            "partners": degree.get(node, 0),
            "shared_task_links": strength.get(node, 0),
            "betweenness": round(between.get(node) or 0.0, 4),
            "community": community_of.get(node, ""),
        })
    coordinators.sort(key=lambda r: (-r["shared_task_links"], -r["partners"], str(r["unit"])))
    for i, row in enumerate(coordinators, start=1):
        row["rank"] = i

    pairs = top_pairs(G)
    for row in pairs:
        row["tasks"] = "、".join(graphs.short_task(t, keep_plan=several) for t in row["tasks"])

    checks = [e for e in audit if e[1].kind in _CHECK_KINDS]
    checks.sort(key=lambda pe: (_CHECK_KINDS.index(pe[1].kind), pe[0]))
    tables = {
        "figures": [{"figure": f, "value": v} for f, v in figures],
        "coordinators": coordinators[:top] if top else coordinators,
        "pairs": pairs[:top] if top else pairs,
        "communities": found.rows(),
        "leaders": portfolios(T),
        "streets": street_workload(X),
        "quality": [{"kind": k, "events": n, "meaning": _AUDIT_MEANING.get(k, "")}
                    for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))],
        "audit": [{"plan": key, "kind": e.kind, "row": e.row, "column": e.column, "raw": e.raw, "result": e.result,
                   "detail": e.detail} for key, e in checks],
    }
    return tables


def _write_csv(path, columns, rows):
    from respgraph.export import atomic_output, csv_row

    # whole or not at all; cells formula-safe and free of control characters (respgraph.export)
    with atomic_output(path, encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(csv_row(columns))
        for row in rows:
            writer.writerow(csv_row([row.get(c) for c in columns]))


def _write_xlsx(path, tables):
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from respgraph.export import atomic_output, clean_text

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in tables.items():
        title, columns = TABLES[name]
        ws = wb.create_sheet(name[:31])
        ws.append(columns)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for r, row in enumerate(rows, start=2):
            for c, column in enumerate(columns, start=1):
                value = row.get(column)
                cell = ws.cell(row=r, column=c)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    cell.value = value
                else:
                    # text from a document is never a formula, and a control character (\x01) is shown,
                    # not written into the XML where it would break the workbook
                    cell.value = clean_text(_fmt(value))
                    cell.data_type = "s"
        ws.freeze_panes = "A2"
        for c, column in enumerate(columns, start=1):
            # wide enough for the header and the first rows; CJK characters count double
            sample = [column] + [_fmt(row.get(column)) for row in rows[:50]]
            width = max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in text[:60]) for text in sample)
            ws.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 8), 80)
    with atomic_output(path, "wb") as out:
        wb.save(out)


_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 24px auto; max-width: 1100px; padding: 0 16px; color: #222; line-height: 1.45; }
h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 28px; border-bottom: 1px solid #ddd; }
h3 { font-size: 15px; margin: 18px 0 4px; }
p.caption { color: #555; margin-top: 0; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0; }
th, td { border: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f3f5f8; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
ul.views li { margin: 4px 0; } .files { font-size: 13px; color: #555; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 4px 0 12px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 11pt; }
  .screen-only { display: none; }
  section { break-before: page; }
  section.first { break-before: auto; }
  h2 { margin-top: 0; break-after: avoid; }
  tr, svg.chart, h3 { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  table { font-size: 9pt; }
}
"""


def _table_html(name, rows, limit=None, note=None):
    title, columns = TABLES[name]
    esc = html.escape
    parts = [f'<section id="{esc(name)}">\n<h2>{esc(title)}</h2>\n']
    if note:
        parts.append(f'<p class="caption">{esc(note)}</p>\n')
    if not rows:
        parts.append("<p>None.</p>\n</section>\n")
        return "".join(parts)
    shown = rows[:limit] if limit else rows
    parts.append("<table>\n<thead><tr>" + "".join(f"<th>{esc(c)}</th>" for c in columns) + "</tr></thead>\n<tbody>\n")
    for row in shown:
        cells = []
        for c in columns:
            value = row.get(c)
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            text = _fmt(value)
            if len(text) > _CELL_CUT:  # the CSV/XLSX files keep the whole text
                text = text[:_CELL_CUT] + " …"
            cells.append(f'<td class="num">{esc(text)}</td>' if numeric else f"<td>{esc(text)}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>\n")
    parts.append("</tbody>\n</table>\n")
    if limit and len(rows) > limit:
        parts.append(f'<p class="files">{len(rows) - limit} more rows in '
                     f'<a href="{esc(name)}.csv">{esc(name)}.csv</a> and briefing.xlsx.</p>\n')
    parts.append("</section>\n")
    return "".join(parts)


def chart_svgs(plans, tables, *, blanket="exclude", top=15) -> dict:
    """The index's charts as inline SVG: ``{"coordinators", "units_sections", "streets"}`` (absent when empty).

    >>> from respgraph.model import Plan, Task
    >>> plan = Plan("甲区", 2021, "", "t", tasks=[Task(1, "一", "x", ["张"], ["A"], ["B"])])
    >>> sorted(chart_svgs([plan], report_tables([plan])))
    ['coordinators', 'units_sections']
    """
    from respgraph.render.charts import heat_map, stacked_bars

    charts = {}
    coordinators = tables["coordinators"][:top]
    if coordinators:
        charts["coordinators"] = stacked_bars(
            [(r["unit"], [r["lead"], r["co"]]) for r in coordinators],
            [("leads 牵头", "#c0392b"), ("co-responsible 配合", "#2e86c1")],
            title="Top coordinators: tasks led and shared 协同最多的单位")
        G = graphs.coordination_graph(plans, blanket=blanket)
        sections = []
        for plan in plans:
            for task in plan.tasks:
                if task.section and task.section not in sections:
                    sections.append(task.section)
        names = [r["unit"] for r in coordinators if r["unit"] in G]
        values = []
        for name in names:
            counts = Counter(G.nodes[name].get("task_sections", []))
            values.append([counts.get(sec, 0) for sec in sections])
        used = [j for j in range(len(sections)) if any(row[j] for row in values)]
        if names and used:
            charts["units_sections"] = heat_map(names, [sections[j] for j in used],
                                                [[row[j] for j in used] for row in values],
                                                title="Top units × sections: tasks 单位 × 板块")
    streets = [r for r in tables["streets"] if (r.get("explicit") or 0) + (r.get("via_blanket") or 0) > 0]
    if streets:
        charts["streets"] = stacked_bars(
            [(r["street"], [r.get("explicit") or 0, r.get("via_blanket") or 0]) for r in streets[:30]],
            [("named 点名", "#1b5e20"), ("via 各街道 … 泛指", "#a5d6a7")],
            title="Streets' load: tasks naming the street and via blanket phrases 街道任务")
    return charts


def _charts_html(charts):
    if not charts:
        return ""
    titles = {
        "coordinators": ("Top coordinators: tasks led and co-responsible 牵头与配合",
                         "Bars in the order of the table below (shared-task links); red: tasks the unit leads, "
                         "blue: tasks it shares as co-responsible."),
        "units_sections": ("Top units × sections 单位 × 板块",
                           "Tasks of each top unit in each section (a section's full name shows on hover)."),
        "streets": ("Streets' load 街道任务",
                    "Dark: tasks naming the street; light: tasks reaching it through 各街道 and similar phrases."),
    }
    parts = ['<section id="charts">\n<h2>At a glance 图表</h2>\n']
    for key, svg in charts.items():
        head, note = titles[key]
        parts.append(f"<h3>{html.escape(head)}</h3>\n<p class=\"caption\">{html.escape(note)}</p>\n{svg}\n")
    parts.append("</section>\n")
    return "".join(parts)


def unit_trends(plans, *, blanket="exclude", top=8) -> list:
    """The ``top`` units of the latest plan (by shared-task links) year by year, for a district's several plans.

    One row per unit: ``unit``, ``key`` and, per plan (earliest first), its
    tasks and its rank by shared-task links (``None`` where the plan does not
    name it).  Units are followed by key, so a unit renamed between years and
    joined by an alias is one row.  Empty for a single plan.

    >>> from respgraph.model import Plan, Task
    >>> a = Plan("甲区", 2021, "", "a", tasks=[Task(1, "一", "x", [], ["区财政局"], ["区住建局"])])
    >>> b = Plan("甲区", 2022, "", "b", tasks=[Task(1, "一", "x", [], ["区住建局"], ["区财政局"]),
    ...                                     Task(2, "一", "y", [], ["区财政局"], ["区民政局"])])
    >>> [(r["unit"], r["甲区-2021"], r["甲区-2022"]) for r in unit_trends([a, b], top=2)]
    [('区财政局', (1, 1), (2, 1)), ('区住建局', (1, 1), (1, 2))]
    """
    from respgraph.analysis.ranking import rank

    ordered = sorted(plans, key=lambda p: (p.year or 0, p.key))
    if len(ordered) < 2:
        return []
    per_plan = []
    for plan in ordered:
        G = graphs.coordination_graph([plan], blanket=blanket)
        by_key = {}
        for r in rank(G, "strength"):
            attrs = G.nodes[r["unit"]]
            by_key[attrs.get("key", r["unit"])] = (r["unit"], len(attrs.get("tasks", ())), r["rank"])
        per_plan.append(by_key)
    latest = per_plan[-1]
    chosen = sorted(latest, key=lambda k: latest[k][2])[:top]
    rows = []
    for key in chosen:
        row = {"unit": latest[key][0], "key": key}
        for plan, by_key in zip(ordered, per_plan):
            found = by_key.get(key)
            row[plan.key] = (found[1], found[2]) if found else None
        rows.append(row)
    return rows


def _sparkline(values, width=120, height=26) -> str:
    """A small inline SVG line of ``values`` (None: the unit is absent that year)."""
    known = [v for v in values if v is not None]
    if len(known) < 1:
        return ""
    top = max(known) or 1
    step = width / max(1, len(values) - 1)
    points = [(i * step, height - 3 - (v / top) * (height - 6)) for i, v in enumerate(values) if v is not None]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#2b6cb0"/>' for x, y in points)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + 6}" height="{height}" viewBox="-3 0 {width + 6} {height}" '
            f'role="img"><polyline points="{line}" fill="none" stroke="#2b6cb0" stroke-width="1.5"/>{dots}</svg>')


def _trends_html(plans, trends) -> str:
    if not trends:
        return ""
    esc = html.escape
    ordered = sorted(plans, key=lambda p: (p.year or 0, p.key))
    head = "".join(f"<th>{esc(p.key)}</th>" for p in ordered)
    parts = ['<section>\n<h2 id="trends">Year by year 逐年变化</h2>\n<p class="caption">The latest plan\'s top '
             "coordinators: tasks and rank by shared-task links in each year (— not named that year); all in trends.csv.</p>\n",
             f"<table>\n<tr><th>unit</th>{head}<th>tasks</th></tr>\n"]
    for row in trends:
        cells = []
        for plan in ordered:
            found = row.get(plan.key)
            cells.append(f"<td>{found[0]} tasks · #{found[1]}</td>" if found else "<td>—</td>")
        spark = _sparkline([row[p.key][0] if row.get(p.key) else None for p in ordered])
        parts.append(f"<tr><td>{esc(row['unit'])}</td>{''.join(cells)}<td>{spark}</td></tr>\n")
    parts.append("</table>\n</section>\n")
    return "".join(parts)


def page_head(title: str, caption: str) -> str:
    """The start of a static index page: no script may run (Content-Security-Policy), title and caption escaped."""
    esc = html.escape
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{esc(title)}</h1>\n<p class=\"caption\">{esc(caption)}</p>\n"
    )


def _index_html(plans, tables, *, blanket, top, views_written, charts=None, trends=None):
    esc = html.escape
    keys = "、".join(p.key for p in plans)
    title = f"Briefing 简报: {keys}"
    caption = f"Rendered {_dt.date.today().isoformat()} · blanket phrases: {blanket} · top {top} rows shown"
    parts = [
        page_head(title, caption),
        "<nav class=\"screen-only\">\n<h2 id=\"views\">Interactive views 交互图</h2>\n<ul class=\"views\">\n",
    ]
    for name in views_written:
        drawing = name.replace(".html", ".svg")
        parts.append(f'<li><a href="{esc(name)}">{esc(name)}</a> — {esc(VIEW_FILES[name])} '
                     f'(<a href="{esc(drawing)}">{esc(drawing)}</a>, static drawing for slides)</li>\n')
    parts.append("</ul>\n</nav>\n")
    figures = _table_html("figures", tables["figures"])
    parts.append(figures.replace("<section ", '<section class="first" ', 1))
    parts.append(_charts_html(charts or {}))
    parts.append(_trends_html(plans, trends))
    parts.append(_table_html("coordinators", tables["coordinators"], limit=top,
                             note="Ordered by shared-task links (strength); betweenness on distance = 1 / shared tasks."))
    parts.append(_table_html("pairs", tables["pairs"], limit=top, note="tasks: row numbers in the table"))
    parts.append(_table_html("communities", tables["communities"], limit=top,
                             note="Louvain communities of the coordination network (seed 0), largest first."))
    parts.append(_table_html("leaders", tables["leaders"]))
    parts.append(_table_html("streets", tables["streets"], limit=top,
                             note="via_blanket: tasks reaching the street only through a phrase such as 各街道."))
    parts.append(_table_html("quality", tables["quality"],
                             note="How the reader resolved names and phrases; see `respgraph audit FILE` for all."))
    parts.append(_table_html("audit", tables["audit"], limit=30))
    files = sorted(f"{name}.csv" for name in tables) + ["briefing.xlsx"]
    parts.append("<nav class=\"screen-only\">\n<h2 id=\"files\">Tables 表格文件</h2>\n<p class=\"files\">")
    parts.append(" · ".join(f'<a href="{esc(f)}">{esc(f)}</a>' for f in files))
    parts.append("</p>\n</nav>\n</body>\n</html>\n")
    return "".join(parts)


def build_report(plans, folder, *, blanket="exclude", top=15, sample=None, views=True) -> Report:
    """Write the briefing pack for ``plans`` into ``folder`` (created if needed); return what was written.

    ``top`` rows of each long table are shown on the index (the CSV/XLSX
    files have them all); ``sample`` samples betweenness pivots on big graphs;
    ``views=False`` skips the interactive pages.  Plans of several districts
    get one pack per district and an index comparing them
    (:func:`respgraph.report_city.build_city_report`).
    """
    from respgraph.render.page import write_page
    from respgraph.render.views import coordination_figure, leaders_figure, streets_figure, tasks_figure

    plans = list(plans)
    if not plans:
        raise InputError("no plan to report on")
    if top is not None and top < 1:
        raise InputError("must be at least 1", option="top")
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InputError("exists and is not a folder", source=folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the folder: {exc.strerror or exc}", source=folder) from exc

    if len({p.home for p in plans}) > 1:
        # several districts: a pack each and a page comparing them (respgraph.report_city)
        from respgraph.report_city import build_city_report

        return build_city_report(plans, folder, blanket=blanket, top=top or 15, sample=sample, views=views)
    result = Report(folder)
    tables = report_tables(plans, blanket=blanket, sample=sample)
    result.tables = tables
    written_views = []
    if views:
        pages = {
            "coordination.html": lambda: coordination_figure(plans, blanket=blanket, show_min_shared="auto"),
            "tasks.html": lambda: tasks_figure(plans, blanket=blanket),
            "leaders.html": lambda: leaders_figure(plans, blanket=blanket),
            "streets.html": lambda: streets_figure(plans, blanket="expand" if blanket == "exclude" else blanket),
        }
        for name, make in pages.items():
            figure = make()
            result.files.append(write_page(folder / name, figure.html()))
            result.files.append(write_page(folder / name.replace(".html", ".svg"), figure.svg()))
            written_views.append(name)
    try:
        for name, rows in tables.items():
            path = folder / f"{name}.csv"
            _write_csv(path, TABLES[name][1], rows)
            result.files.append(path)
        trends = unit_trends(plans, blanket=blanket)
        if trends:
            path = folder / "trends.csv"
            keys = [p.key for p in sorted(plans, key=lambda p: (p.year or 0, p.key))]
            flat = [{"unit": r["unit"], "key": r["key"],
                     **{f"{k} tasks": (r[k][0] if r.get(k) else None) for k in keys},
                     **{f"{k} rank": (r[k][1] if r.get(k) else None) for k in keys}} for r in trends]
            _write_csv(path, ["unit", "key"] + [f"{k} tasks" for k in keys] + [f"{k} rank" for k in keys], flat)
            result.files.append(path)
        xlsx = folder / "briefing.xlsx"
        _write_xlsx(xlsx, tables)
        result.files.append(xlsx)
        index = folder / "index.html"
        with open(index, "w", encoding="utf-8", newline="\n") as out:
            out.write(_index_html(plans, tables, blanket=blanket, top=top, views_written=written_views,
                                  charts=chart_svgs(plans, tables, blanket=blanket, top=top or 15),
                                  trends=trends))
        result.files.append(index)
    except OSError as exc:
        raise InputError(f"cannot write the briefing pack: {exc.strerror or exc}", source=folder) from exc
    return result
