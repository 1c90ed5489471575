"""The responsibility model: plans, sections, tasks, leaders, units, groups.

This is what every reader produces (through :mod:`respgraph.ingest`) and what
the Neo4j loader, the analyses and the renderers consume.  It is plain data:
no I/O, no database, no click.

Vocabulary
----------
* A **unit** (单位) is a named body that can answer for a task: a department,
  a party organ, a street (街道), an enterprise.  Within a plan a unit is
  named by its canonical name (``Link.unit``, ``Task.lead_units``, the keys
  of ``Plan.units``); across plans it is identified by its **key**,
  ``jurisdiction/name`` (拱墅区/区财政局, 杭州市/市生态环境局), which
  :mod:`respgraph.identity` gives it: two districts' 区财政局 are two units,
  the city's 市生态环境局 is one.  :meth:`Plan.unit_key` maps a name of the
  plan to its key; leaders belong to the plan's district (:meth:`Plan.leader_key`).
* A **group** is a blanket phrase (各街道, 区政府各部门, ...成员单位) that
  stands for several units.  It is never mistaken for a unit.  Where its
  membership is known (from the gazetteer) it *expands* to member units and
  those edges are marked ``inferred``.
* A **link** is one unit's role on one task, ``lead`` (牵头) or ``co``
  (责任/配合), with its provenance: the raw cell text and how the name was
  resolved.
"""

from __future__ import annotations

from dataclasses import dataclass, field, asdict

__all__ = [
    "LEAD",
    "CO",
    "METHODS",
    "MANUAL_METHOD",
    "UNIT_KINDS",
    "Link",
    "GroupRef",
    "Task",
    "Unit",
    "AuditEvent",
    "Plan",
]

LEAD = "lead"
CO = "co"

#: How a unit name on a link was obtained from the raw cell.
METHODS = (
    "exact",  # the cell text is the unit's canonical name
    "alias",  # an alias (bracketed alternative, shipped or user alias) mapped to the canonical name
    "typo",  # corrected by similarity to a known name above the threshold
    "joined",  # rejoined from pieces a cell broke across lines
    "split",  # split out of names glued together
    "prefix",  # a level prefix written once for a whole list restored (国土房管局 → 市国土房管局)
    "expanded",  # a member of a blanket group (the link is inferred)
    "manual",  # drawn by an analyst in the database, not read from a table
)

#: ``Link.method`` of an edge read back from Neo4j without a ``method`` property (drawn by hand).
MANUAL_METHOD = "manual"

#: Kinds of unit, used for colouring and filtering.
UNIT_KINDS = (
    "party",  # 区委…, 区纪委监委, 区委…办
    "government",  # 区…局, 区…办, 区府办
    "judicial",  # 法院, 检察院
    "mass-org",  # 总工会, 团区委, 妇联, 工商联, 残联, 科协
    "street",  # …街道, …镇
    "vertical",  # agencies of higher government based in the district (…拱墅分局, 税务局, 交警大队)
    "enterprise",  # …集团, …公司, 拱投发
    "platform",  # 管委会, 指挥部, 中心, 园区, 小镇
    "other",
)


# Not frozen: a city-scale plan builds hundreds of thousands of links and a frozen
# dataclass's __init__ is about four times slower.  Treat links as immutable.
@dataclass(slots=True, unsafe_hash=True)
class Link:
    """One unit's role on one task, with where it came from."""

    unit: str
    role: str  # LEAD or CO
    method: str  # one of METHODS
    raw: str  # the raw cell text the name came from (the whole cell)
    inferred: bool = False  # True when expanded from a group
    group: str | None = None  # the raw blanket phrase, for expanded links
    detail: str = ""  # e.g. "区发经经信局 → 区发改经信局 (0.83)"

    def to_dict(self):
        return asdict(self)


@dataclass(frozen=True)
class GroupRef:
    """A blanket phrase named on a task."""

    phrase: str  # the raw phrase, e.g. 各街道
    role: str  # LEAD or CO
    kind: str  # e.g. "streets", "departments", "members", "other"
    members: tuple[str, ...] = ()  # canonical units it expands to; empty when unknown
    raw: str = ""

    @property
    def expanded(self) -> bool:
        return bool(self.members)

    def to_dict(self):
        return {
            "phrase": self.phrase,
            "role": self.role,
            "kind": self.kind,
            "members": list(self.members),
        }


@dataclass
class Task:
    seq: int
    section: str
    text: str
    leaders: list[str] = field(default_factory=list)
    lead_units: list[str] = field(default_factory=list)  # explicit, canonical, in cell order
    co_units: list[str] = field(default_factory=list)  # explicit, canonical, not repeating a lead
    groups: list[GroupRef] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)  # explicit links and inferred (expanded) ones
    deadline: str | None = None
    row: str = ""  # where in the source the row is (e.g. "line 42", "sheet 1 row 7")

    def units(self, role=None, inferred=True):
        """Canonical unit names linked to this task, optionally by role / without inferred links."""
        seen = []
        for link in self.links:
            if role is not None and link.role != role:
                continue
            if not inferred and link.inferred:
                continue
            if link.unit not in seen:
                seen.append(link.unit)
        return seen

    def to_dict(self):
        return {
            "seq": self.seq,
            "section": self.section,
            "text": self.text,
            "deadline": self.deadline,
            "leaders": list(self.leaders),
            "lead_units": list(self.lead_units),
            "co_units": list(self.co_units),
            "groups": [g.phrase for g in self.groups],
        }


@dataclass
class Unit:
    """A unit as one plan names it, with its identity across plans.

    ``key`` is ``jurisdiction/name`` (see :mod:`respgraph.identity`); empty
    until :func:`respgraph.identity.assign_identities` has run, in which case
    :meth:`Plan.unit_key` works it out from the name.
    """

    name: str
    kind: str = "other"
    aliases: set[str] = field(default_factory=set)
    key: str = ""
    jurisdiction: str = ""
    level: str = "district"  # one of respgraph.identity.LEVELS

    def to_dict(self):
        return {"name": self.name, "kind": self.kind, "aliases": sorted(self.aliases),
                "key": self.key, "jurisdiction": self.jurisdiction, "level": self.level}


@dataclass(frozen=True)
class AuditEvent:
    """One judgement the reader made, for the analyst's check-list.

    ``kind`` is one of: typo, joined, split, alias, user-alias, unresolved,
    unlisted (a name not in the lexicon, trusted because the document uses it
    several times), group, expanded, lead-inferred, duplicate, problem.
    """

    kind: str
    row: str  # where (e.g. "task 17, line 145")
    column: str  # "lead", "co", "leaders", "section", ...
    raw: str  # the raw text judged
    result: str  # what it became
    detail: str = ""
    seq: int | None = None

    def to_dict(self):
        return asdict(self)


@dataclass
class Plan:
    district: str
    year: int | None
    title: str
    source: str
    sections: list[str] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    units: dict[str, Unit] = field(default_factory=dict)
    streets: list[str] = field(default_factory=list)  # the district's streets/towns (from the gazetteer)
    audit: list[AuditEvent] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Stable identifier of the plan, e.g. ``拱墅区-2021``."""
        if self.district and self.year:
            return f"{self.district}-{self.year}"
        return self.title or self.source

    @property
    def home(self) -> str:
        """The jurisdiction the plan's own units and leaders belong to: its district, or, when
        the document does not say which district issued it, the plan itself (its key), so that
        two such plans never share a 区财政局 by accident (``--district`` joins them)."""
        return self.district or self.key

    @property
    def leaders(self) -> list[str]:
        seen = []
        for task in self.tasks:
            for name in task.leaders:
                if name not in seen:
                    seen.append(name)
        return seen

    @property
    def groups(self) -> list[str]:
        seen = []
        for task in self.tasks:
            for g in task.groups:
                if g.phrase not in seen:
                    seen.append(g.phrase)
        return seen

    def unit_key(self, name: str) -> str:
        """The key of the unit this plan calls ``name`` (e.g. ``拱墅区/区财政局``).

        >>> Plan("甲区", 2021, "", "t").unit_key("区财政局")
        '甲区/区财政局'
        """
        unit = self.units.get(name)
        if unit is not None and unit.key:
            return unit.key
        from respgraph.identity import identify

        return identify(name, self.home).key

    def unit_identity(self, name: str):
        """``(key, name within its jurisdiction, jurisdiction, level)`` of the unit called ``name``."""
        from respgraph.identity import identify, split_key

        unit = self.units.get(name)
        if unit is not None and unit.key:
            if unit.jurisdiction and unit.key.startswith(unit.jurisdiction + "/"):
                own = unit.key[len(unit.jurisdiction) + 1:]  # a name may hold a '/' of its own
            elif unit.jurisdiction or "/" not in unit.key:
                own = split_key(unit.key)[1]
            else:  # no jurisdiction: the key is the bare name
                own = unit.key
            return unit.key, own, unit.jurisdiction, unit.level
        identity = identify(name, self.home)
        return identity.key, identity.name, identity.jurisdiction, identity.level

    def leader_key(self, name: str) -> str:
        """A leader's key: leaders belong to the plan's district (``拱墅区/王涛``)."""
        from respgraph.identity import leader_key

        return leader_key(self.home, name)

    def task(self, seq: int) -> Task:
        for task in self.tasks:
            if task.seq == seq:
                return task
        raise KeyError(seq)

    def to_dict(self):
        return {
            "key": self.key,
            "district": self.district,
            "year": self.year,
            "title": self.title,
            "source": self.source,
            "sections": list(self.sections),
            "tasks": [t.to_dict() for t in self.tasks],
        }
