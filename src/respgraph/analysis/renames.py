"""Likely renames between two plans of one district, as an alias file the user checks.

Between two years a unit may change its name (区发改经信局 → 区发改局).
Without an alias the two names are two units and every trend breaks.
:func:`suggest_renames` compares the units the earlier plan names and the
later does not with those the later names and the earlier does not, and
scores each pair on four clues, each between 0 and 1:

* ``name``: similarity of the names (rapidfuzz's normalised Indel ratio, on
  the name without a leading 区/县 or the district's name);
* ``kind``: 1 when the two have the same kind of unit (both bureaus, both
  party organs), else 0;
* ``tasks``: how far the old unit's tasks come back among the new unit's
  tasks (for each old task, the best text similarity with a new one, averaged);
* ``partners``: overlap (Jaccard) of the units each works with.

``score = 0.35·name + 0.15·kind + 0.25·tasks + 0.25·partners``; pairs at or
above ``threshold`` are kept, best first, each name at most once.
:func:`aliases_yaml` writes them as an alias file (``districts:`` section, see
:func:`respgraph.lexicon.load_alias_file`) with each clue in a comment: the
user deletes the wrong lines and passes the file back with ``--aliases``.

>>> from respgraph.model import Plan, Task
>>> a = Plan("甲区", 2021, "", "a", tasks=[Task(1, "一", "推进项目建设", [], ["区发改经信局"], ["区财政局"])])
>>> b = Plan("甲区", 2022, "", "b", tasks=[Task(1, "一", "推进重大项目建设", [], ["区发改局"], ["区财政局"])])
>>> [(r["old"], r["new"], r["score"]) for r in suggest_renames(a, b)]
[('区发改经信局', '区发改局', 0.88)]
"""

from __future__ import annotations

import json

from rapidfuzz import fuzz

from respgraph.errors import InputError
from respgraph.graphs import _links
from respgraph.identity import split_key

__all__ = ["WEIGHTS", "suggest_renames", "aliases_yaml"]

#: Weight of each clue in the score.
WEIGHTS = {"name": 0.35, "kind": 0.15, "tasks": 0.25, "partners": 0.25}


def _profile(plan):
    """key -> {"name", "kind", "tasks": [texts], "partners": {keys}} for the plan's explicitly named units."""
    out: dict[str, dict] = {}
    for task in plan.tasks:
        keys = []
        for link in _links(task):
            if link.inferred:
                continue
            key = plan.unit_key(link.unit)
            if key not in keys:
                keys.append(key)
            unit = plan.units.get(link.unit)
            entry = out.setdefault(key, {"name": link.unit, "kind": unit.kind if unit else "other", "tasks": [], "partners": set()})
            entry["tasks"].append(task.text or "")
        for key in keys:
            out[key]["partners"].update(k for k in keys if k != key)
    return out


def _bare(name, district):
    short = district[:-1] if len(district) > 2 and district.endswith(("区", "县", "市")) else district
    for prefix in (district, short, "区", "县"):
        if prefix and name.startswith(prefix) and len(name) > len(prefix) + 1:
            return name[len(prefix):]
    return name


def _task_overlap(old_tasks, new_tasks):
    if not old_tasks or not new_tasks:
        return 0.0
    return sum(max(fuzz.ratio(t, u) for u in new_tasks) for t in old_tasks) / len(old_tasks) / 100


def suggest_renames(plan_a, plan_b, threshold=0.5) -> list:
    """Likely renames from ``plan_a`` (earlier) to ``plan_b`` (later) of one district.

    Rows: ``district``, ``old``, ``new`` (names as the plans write them),
    ``score``, ``name``, ``kind``, ``tasks``, ``partners`` (the clues,
    rounded to 2 places), ``old_tasks``, ``new_tasks`` (task counts).
    Streets are left out.  Two plans of different districts are an
    :class:`~respgraph.errors.InputError`: a rename is within one district.
    """
    if (plan_a.district or "") != (plan_b.district or ""):
        raise InputError(f"{plan_a.key} and {plan_b.key} are plans of two districts; renames are looked for "
                         "between two plans (years) of one district", where="PLAN_B")
    district = plan_a.district or ""
    a, b = _profile(plan_a), _profile(plan_b)
    old = {k: v for k, v in a.items() if k not in b and v["kind"] != "street"}
    new = {k: v for k, v in b.items() if k not in a and v["kind"] != "street"}
    candidates = []
    for ok, o in old.items():
        for nk, n in new.items():
            if split_key(ok)[0] != split_key(nk)[0]:
                continue  # a rename stays within its jurisdiction
            partners_a = {p for p in o["partners"] if p not in old}
            partners_b = {p for p in n["partners"] if p not in new}
            union = partners_a | partners_b
            clues = {
                "name": fuzz.ratio(_bare(o["name"], district), _bare(n["name"], district)) / 100,
                "kind": 1.0 if o["kind"] == n["kind"] else 0.0,
                "tasks": _task_overlap(o["tasks"], n["tasks"]),
                "partners": len(partners_a & partners_b) / len(union) if union else 0.0,
            }
            score = sum(WEIGHTS[c] * v for c, v in clues.items())
            if score >= threshold:
                candidates.append((round(score, 2), o["name"], n["name"], clues, len(o["tasks"]), len(n["tasks"])))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    rows, used_old, used_new = [], set(), set()
    for score, old_name, new_name, clues, old_n, new_n in candidates:
        if old_name in used_old or new_name in used_new:
            continue
        used_old.add(old_name)
        used_new.add(new_name)
        rows.append({"district": district, "old": old_name, "new": new_name, "score": score,
                     **{c: round(v, 2) for c, v in clues.items()}, "old_tasks": old_n, "new_tasks": new_n})
    return rows


def aliases_yaml(rows, plan_a_key="", plan_b_key="") -> str:
    """The suggestions as an alias file: a ``districts:`` section, one ``old: new`` line per suggestion.

    >>> print(aliases_yaml([{"district": "甲区", "old": "区发改经信局", "new": "区发改局", "score": 0.91,
    ...                      "name": 0.67, "kind": 1.0, "tasks": 0.95, "partners": 1.0}], "甲区-2021", "甲区-2022"))
    # Likely renames from 甲区-2021 to 甲区-2022 (respgraph aliases suggest).
    # Check each line: delete the wrong ones, fix the others, then pass this file
    # back with --aliases FILE.  Each joins the old name to the new one within its
    # district only; the tables' names are kept as written.
    districts:
      "甲区":
        "区发改经信局": "区发改局"  # score 0.91: name 0.67, same kind, tasks 0.95, partners 1.00
    <BLANKLINE>
    """
    lines = [
        f"# Likely renames from {plan_a_key or 'the earlier plan'} to {plan_b_key or 'the later plan'} (respgraph aliases suggest).",
        "# Check each line: delete the wrong ones, fix the others, then pass this file",
        "# back with --aliases FILE.  Each joins the old name to the new one within its",
        "# district only; the tables' names are kept as written.",
        "districts:",
    ]
    by_district: dict[str, list] = {}
    for row in rows:
        by_district.setdefault(row["district"], []).append(row)
    if not rows:
        lines[-1] = "districts: {}  # no likely rename found"
    for district, items in by_district.items():
        # JSON strings are valid YAML double-quoted scalars: any name is written safely
        lines.append(f"  {json.dumps(district, ensure_ascii=False)}:")
        for r in items:
            kind = "same kind" if r["kind"] else "another kind"
            lines.append(f"    {json.dumps(r['old'], ensure_ascii=False)}: {json.dumps(r['new'], ensure_ascii=False)}"
                         f"  # score {r['score']:.2f}: name {r['name']:.2f}, {kind}, tasks {r['tasks']:.2f}, partners {r['partners']:.2f}")
    return "\n".join(lines) + "\n"
