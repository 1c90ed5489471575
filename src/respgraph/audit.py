"""The analyst's check-list: what the reader decided, and what it could not.

>>> from respgraph.ingest import parse_file
>>> report = audit_report(parse_file("seeds/gongshu-2021.txt"))
>>> report["counts"]["tasks"]
106
"""

from __future__ import annotations

from collections import Counter

from respgraph.model import Plan

__all__ = ["audit_report", "CORRECTION_KINDS", "READING_KINDS", "AUDIT_SECTIONS"]

#: Judgements that changed what the cell said.
CORRECTION_KINDS = ("typo", "joined", "split", "alias", "user-alias", "duplicate", "lead-inferred", "prefix", "marker")

#: How the document was read: its layout, lines passed over, conventions applied.
READING_KINDS = ("layout", "skipped", "renumbered", "leader-heading", "note")

#: The report's sections, in the order an analyst reads them.
AUDIT_SECTIONS = (
    ("reading", "How the document was read (layout, lines skipped, conventions)"),
    ("corrections", "Corrections, joins, splits and aliases applied"),
    ("unresolved", "Names kept as written (not in the lexicon, no close match)"),
    ("unlisted", "Names not in the lexicon, trusted because the document uses them several times"),
    ("problems", "Rows with a problem"),
    ("groups", "Blanket phrases (groups)"),
)


def audit_report(plan: Plan) -> dict:
    """Counts and the lists of events an analyst should check, as plain data."""
    explicit = sum(1 for t in plan.tasks for link in t.links if not link.inferred)
    inferred = sum(1 for t in plan.tasks for link in t.links if link.inferred)
    group_counts = Counter(g.phrase for t in plan.tasks for g in t.groups)
    expanded = {g.phrase: len(g.members) for t in plan.tasks for g in t.groups if g.members}
    events = [e.to_dict() for e in plan.audit]
    unlisted = sorted({e["result"] for e in events if e["kind"] == "unresolved"})
    return {
        "plan": plan.key,
        "source": plan.source,
        "title": plan.title,
        "district": plan.district,
        "year": plan.year,
        "counts": {
            "tasks": len(plan.tasks),
            "sections": len(plan.sections),
            "leaders": len(plan.leaders),
            "units": len({link.unit for t in plan.tasks for link in t.links if not link.inferred}),
            "units_with_expansions": len({link.unit for t in plan.tasks for link in t.links}),
            "groups": len(group_counts),
            "explicit_links": explicit,
            "inferred_links": inferred,
            "corrections": sum(1 for e in events if e["kind"] in CORRECTION_KINDS),
            "unresolved": len(unlisted),
            "unlisted": len({e["result"] for e in events if e["kind"] == "unlisted"}),
            "problems": sum(1 for e in events if e["kind"] == "problem"),
        },
        "layout": next((e["result"] for e in events if e["kind"] == "layout"), None),
        "reading": [e for e in events if e["kind"] in READING_KINDS],
        "corrections": [e for e in events if e["kind"] in CORRECTION_KINDS],
        "unresolved": [e for e in events if e["kind"] == "unresolved"],
        "unlisted": [e for e in events if e["kind"] == "unlisted"],
        "problems": [e for e in events if e["kind"] == "problem"],
        "groups": [
            {"phrase": phrase, "tasks": count, "expands_to": expanded.get(phrase, 0)}
            for phrase, count in group_counts.most_common()
        ],
    }
