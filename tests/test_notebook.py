"""notebooks/walkthrough.ipynb runs top to bottom (nbclient, kernel python3) and shows the right answers."""

import re
import subprocess
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "walkthrough.ipynb"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    workdir = tmp_path_factory.mktemp("walkthrough")  # the rendered page lands here, not in notebooks/
    NotebookClient(nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(workdir)}}).execute()
    return nb, workdir


def stream_text(nb):
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "stream")


def test_notebook_matches_its_generator():
    result = subprocess.run([sys.executable, str(ROOT / "notebooks" / "make_walkthrough.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_notebook_runs_without_errors(executed):
    nb, _ = executed
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []


def test_notebook_reports_the_seed_and_its_answers(executed, seed_plan):
    nb, _ = executed
    text = stream_text(nb)
    assert f"plan 拱墅区-2021: {len(seed_plan.tasks)} tasks, {len(seed_plan.sections)} sections" in text
    counts = Counter()
    for task in seed_plan.tasks:
        counts.update(combinations(sorted(set(task.units(inferred=False))), 2))
    (a, b), shared = counts.most_common(1)[0]
    assert f"TOP PAIR: {a} + {b} share {shared} tasks" in text
    strength = Counter()
    for (x, y), n in counts.items():
        strength[x] += n
        strength[y] += n
    top = sorted(strength.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    assert "top_strength           " + "; ".join(f"{u} ({n})" for u, n in top) in text
    found = dict(re.findall(r"^(exclude|expand)\s+streets among the top 20 by degree: (\d+)$", text, re.M))
    assert int(found["exclude"]) < int(found["expand"])
    assert re.search(r"^\d+ communities, modularity 0\.\d{3}$", text, re.M)


def test_notebook_renders_the_graph_inline(executed):
    nb, workdir = executed
    page = workdir / "walkthrough-coordination.html"
    assert page.is_file() and page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    html_outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                    if o.output_type == "display_data" and "text/html" in o.get("data", {})]
    assert html_outputs and html_outputs[0]["data"]["text/html"].startswith("<iframe srcdoc=")
    assert "区数产园" in html_outputs[0]["data"]["text/html"]
