"""Write notebooks/walkthrough.ipynb (valid nbformat 4, no outputs).

    python notebooks/make_walkthrough.py            # rewrite the notebook
    python notebooks/make_walkthrough.py --check    # exit 1 if the notebook differs from this script

The notebook is generated so that it stays valid JSON and reviewable as
code; tests/test_notebook.py executes it with nbclient.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent
NOTEBOOK = HERE / "walkthrough.ipynb"

CELLS = [
    ("md", """\
# respgraph walkthrough: who answers for what in 拱墅区 2021

This notebook reads the seed task-decomposition table (《政府工作报告》主要任务分解表,
106 tasks), builds the **coordination graph** — units linked when they answer for the same
task, weighted by the number of shared tasks — and asks it the questions an analyst asks:
who is central, which pairs work together most, which groups of units form, and what the
blanket phrase 各街道 does to the picture.

Everything here is also a command: `respgraph rank`, `pairs`, `partners`, `communities`,
`summary`, `render`."""),
    ("code", """\
from pathlib import Path

import respgraph
from respgraph.graphs import coordination_graph, two_mode_graph
from respgraph.analysis import rank
from respgraph.analysis.pairs import top_pairs, partners
from respgraph.analysis.communities import communities
from respgraph.analysis.summary import summary


def find_seed(start=Path.cwd()):
    \"\"\"seeds/gongshu-2021.txt above the working folder, else in the source checkout respgraph runs from.\"\"\"
    checkout = Path(respgraph.__file__).resolve().parents[2]
    for folder in (start, *start.parents, checkout):
        candidate = folder / "seeds" / "gongshu-2021.txt"
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("seeds/gongshu-2021.txt not found above " + str(start))


def show(rows, columns):
    \"\"\"Print rows (dicts) as an aligned text table.\"\"\"
    text = [[f"{r.get(c):.4g}" if isinstance(r.get(c), float) else str(r.get(c, "")) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(t[i]) for t in text]) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths)))
    for t in text:
        print("  ".join(v.ljust(w) for v, w in zip(t, widths)))


SEED = find_seed()
plan = respgraph.parse_file(SEED)
print(f"plan {plan.key}: {len(plan.tasks)} tasks, {len(plan.sections)} sections, "
      f"{len(plan.leaders)} leaders, {len(plan.units)} units, {len(plan.streets)} streets")"""),
    ("md", """\
## The coordination graph

By default blanket phrases (各街道, 区政府各部门, …) are **excluded**: 各街道 is named on most
tasks, and expanding it would link all 18 streets to nearly every department. `blanket="group"`
keeps each phrase as one node, `blanket="expand"` adds the inferred member links."""),
    ("code", """\
G = coordination_graph([plan])  # blanket="exclude"
facts = summary(G, top=3)
for key in ("units", "links", "density", "components", "average_partners", "average_shared_tasks",
            "top_strength", "top_betweenness", "top_constraint"):
    print(f"{key:22} {facts[key]}")"""),
    ("md", """\
## Who is central?

*Strength* is the number of shared-task memberships with all partners; *betweenness* uses
distance = 1 / shared tasks, so a strong tie is a short one; a *low constraint* marks a broker
whose partners do not work with each other."""),
    ("code", """\
for metric in ("strength", "betweenness", "constraint"):
    print(f"--- {metric}")
    show(rank(G, metric, top=5), ["rank", "unit", "kind", "value", "tasks"])"""),
    ("md", "## Which pairs share the most tasks?"),
    ("code", """\
pairs = top_pairs(G, top=5)
show([dict(p, tasks=len(p["tasks"])) for p in pairs], ["unit_a", "unit_b", "shared", "lead_co", "tasks"])
best = pairs[0]
print(f"TOP PAIR: {best['unit_a']} + {best['unit_b']} share {best['shared']} tasks")"""),
    ("md", "One unit's partners, and who leads the tasks they share:"),
    ("code", """\
show(partners(G, "区财政局", top=8), ["partner", "shared", "unit_leads", "partner_leads", "neither_leads"])"""),
    ("md", """\
## Communities

Louvain with a fixed seed (same seed, same answer); each community is described by the
sections its internal tasks (shared by two or more members) come from."""),
    ("code", """\
found = communities(G, seed=0)
print(f"{len(found.communities)} communities, modularity {found.modularity:.3f}")
for row in found.rows(top_sections=2):
    print(f"#{row['community']} ({row['size']} units): {row['sections']}")
    print("    " + row["members"][:120])"""),
    ("md", "## What blanket expansion does to the ranking"),
    ("code", """\
streets = set(plan.streets)
for mode in ("exclude", "expand"):
    top = rank(coordination_graph([plan], blanket=mode), "degree", top=20)
    print(f"{mode:8} streets among the top 20 by degree: {sum(r['unit'] in streets for r in top)}")"""),
    ("md", """\
## The graph, drawn

`respgraph.render` draws the same graph as an offline interactive page (pyvis / vis-network).
It is imported here, not at the top, so the analysis cells run even where rendering is not
installed."""),
    ("code", """\
import html
from IPython.display import display

try:
    from respgraph.render.views import coordination_page
except ImportError as exc:  # rendering not available: say so, keep the notebook running
    print("respgraph.render is not available:", exc)
else:
    page = coordination_page([plan], size_by="strength", color_by="community", min_shared=2)
    out = Path("walkthrough-coordination.html")
    out.write_text(page, encoding="utf-8")
    print(f"RENDERED {len(page):,} characters to {out}")
    # the page is a whole document with its own CSP: embed it in an iframe, escaped into srcdoc
    frame = f'<iframe srcdoc="{html.escape(page)}" style="width:100%;height:640px;border:0"></iframe>'
    display({"text/html": frame}, raw=True)"""),
]


def build():
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, (kind, source) in enumerate(CELLS):
        cell = new_markdown_cell(source) if kind == "md" else new_code_cell(source)
        cell["id"] = f"cell-{i:02d}"  # stable ids: regenerating gives the same file
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def main(argv):
    nb = build()
    text = nbformat.writes(nb) + "\n"
    if "--check" in argv:
        same = NOTEBOOK.is_file() and NOTEBOOK.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{NOTEBOOK} differs from {Path(__file__).name}; rerun it")
        return 0 if same else 1
    NOTEBOOK.write_text(text, encoding="utf-8")
    print(f"wrote {NOTEBOOK}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
