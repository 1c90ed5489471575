"""From a task table on disk to a resolved, audited :class:`~respgraph.model.Plan`.

>>> from respgraph.ingest import parse_file
>>> plan = parse_file("seeds/gongshu-2021.txt")
>>> plan.key, len(plan.tasks), len(plan.sections), len(plan.leaders)
('拱墅区-2021', 106, 21, 8)
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from pathlib import Path

from respgraph.errors import InputError, NoTableError
from respgraph.identity import assign_identities
from respgraph.layouts.headings import SectionStack
from respgraph.lexicon import Gazetteer, Lexicon, load_alias_file, load_gazetteer, load_lexicon, unit_kind
from respgraph.model import CO, LEAD, AuditEvent, GroupRef, Link, Plan, Task, Unit
from respgraph.readers import RawTable, read_table
from respgraph.readers.header import header_note
from respgraph.resolve import Vocabulary, split_leaders

__all__ = ["parse_file", "parse_files", "read_many", "Batch", "build_plan", "plan_metadata"]

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_TITLE_DISTRICT = re.compile(r"(?:19|20)\d{2}\s*年\s*(?:度)?\s*([\u4e00-\u9fff]{1,12}?(?:区|县|旗|市))\s*《")
_GOVERNMENT = re.compile(r"([\u4e00-\u9fff]{1,12}?(?:区|县|旗))人民政府")
# 2023年莲都区政府工作报告…, 立山区政府2023年…, 滁州市人民政府关于…
# 2022年某县重点工作…, 2023年临江区政府工作报告…
_YEAR_DISTRICT = re.compile(r"(?:19|20)\d{2}\s*年(?:度)?\s*([\u4e00-\u9fff]{1,8}?(?:区|县|旗|市))(?=政府|人民政府|重点工作|主要任务|《)")
_NOT_A_NAME = ("全区", "全县", "全市", "本区", "本县", "本市", "我区", "我县", "我市", "各区", "各县")
_GOVERNMENT_SHORT = re.compile(r"(?:^|年|关于)([\u4e00-\u9fff]{1,8}?(?:区|县|旗|市|州|盟|省))(?:人民)?政府")
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"^\s*(\d+)\s*[.、．]?\s*$")


def _strip_city(name: str) -> str:
    """杭州市拱墅区 → 拱墅区 (a district is named without its city)."""
    if "市" in name[:-1] and name.endswith(("区", "县", "旗")):
        return name[name.index("市") + 1 :] or name
    return name


def _title_score(line: str) -> int:
    """How much a preamble line reads like the table's title (2021年拱墅区《政府工作报告》主要任务分解表)."""
    score = 0
    if "分解" in line or "任务" in line and "表" in line:
        score += 2
    elif "重点工作" in line or "工作事项" in line or "任务" in line:
        score += 1
    if _YEAR.search(line):
        score += 1
    if line.endswith(("。", "：", ":", "；")):
        score -= 3  # a sentence or a lead-in, not a title
    if len(line) > 60:
        score -= 2
    return score


def plan_metadata(preamble, source="") -> dict:
    """District, year and title as the document states them.

    >>> plan_metadata(["附件：2021年拱墅区《政府工作报告》主要任务分解表"])
    {'district': '拱墅区', 'year': 2021, 'title': '2021年拱墅区《政府工作报告》主要任务分解表'}
    """
    lines = [_SPACES.sub("", line) for line in preamble if line and line.strip()]
    title = max(reversed(lines), key=_title_score, default="") if lines else ""
    if _title_score(title) <= 0:
        title = ""
    elif not _YEAR.search(title) and lines.index(title) > 0:
        above = lines[lines.index(title) - 1]
        if _YEAR.search(above) and len(above) + len(title) <= 60 and not above.endswith(("。", "：", ":", "；")):
            title = above + title  # a title broken over two lines (立山区政府2023年重点工作 / 任务分解和责任分工方案)
    title = re.sub(r"^附件\s*\d*\s*[:：]", "", title)
    district = None
    year = None
    for line in ([title] if title else []) + lines:
        if district is None:
            match = (_TITLE_DISTRICT.search(line) or _GOVERNMENT.search(line) or _GOVERNMENT_SHORT.search(line)
                     or _YEAR_DISTRICT.search(line))
            if match and match.group(1) in _NOT_A_NAME:
                match = None
            if match:
                district = _strip_city(match.group(1))
        if year is None:
            match = _YEAR.search(line)
            if match:
                year = int(match.group(1))
    if not title and source:
        title = Path(source).stem
    return {"district": district, "year": year, "title": title}


def _resolve_options(aliases, lexicon, gazetteer):
    if aliases is not None and not isinstance(aliases, dict):
        aliases = load_alias_file(aliases)
    if not isinstance(lexicon, Lexicon):
        lexicon = load_lexicon(lexicon)
    if not isinstance(gazetteer, Gazetteer):
        gazetteer = load_gazetteer(gazetteer)
    return aliases or {}, lexicon, gazetteer


def parse_file(path, *, district=None, year=None, title=None, aliases=None, lexicon=None, gazetteer=None, format=None, layout=None) -> Plan:
    """Read a task table (.txt, .docx, .xlsx, .csv) and resolve it into a Plan.

    ``district``, ``year`` and ``title`` override what the document says;
    ``aliases`` is a user alias file (CSV/YAML) or a dict variant → canonical,
    applied first; ``lexicon`` and ``gazetteer`` extend the shipped ones;
    ``layout`` forces a layout (see :mod:`respgraph.layouts`).
    """
    aliases, lexicon, gazetteer = _resolve_options(aliases, lexicon, gazetteer)
    table = read_table(path, format, layout=layout)
    return build_plan(table, district=district, year=year, title=title, aliases=aliases, lexicon=lexicon, gazetteer=gazetteer)


def parse_files(paths, **options) -> list[Plan]:
    """Parse several tables (files, folders, patterns); the first that cannot be read, or two files
    describing the same plan, is an error (:func:`read_many` with ``strict``)."""
    return read_many(paths, strict=True, **options).plans


@dataclass
class Batch:
    """What reading many files gave: the plans, the files skipped and the files that failed.

    ``skipped`` and ``failed`` hold ``(path, why)``; a file skipped was read
    but holds no task table (only when it came from a folder or a pattern).
    """

    plans: list[Plan] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # the file each plan came from
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def read_many(paths, *, strict: bool = False, on_file=None, **options) -> Batch:
    """Read every table that ``paths`` name: files, folders (recursively, sorted) and glob patterns.

    One unreadable file does not stop the others: it goes to ``failed`` with
    its reason (``strict`` raises it at once instead).  A file found in a
    folder that holds no task table goes to ``skipped``.  ``on_file(path)``
    is called before each file (for a progress bar).  Two files describing
    the same plan: the second fails.

    >>> batch = read_many(["seeds"])
    >>> [p.key for p in batch.plans], batch.failed
    (['拱墅区-2021'], [])
    """
    from respgraph.readers import table_files

    aliases, lexicon, gazetteer = _resolve_options(options.pop("aliases", None), options.pop("lexicon", None), options.pop("gazetteer", None))
    batch = Batch()
    named = {str(p) for p in paths}
    skipped_files: list = []
    files = table_files(paths, skipped_files)
    batch.skipped.extend((str(p), why) for p, why in skipped_files)
    keys: dict[str, str] = {}
    for path in files:
        if on_file is not None:
            on_file(path)
        try:
            plan = parse_file(path, aliases=aliases, lexicon=lexicon, gazetteer=gazetteer, **options)
            if plan.key in keys:
                raise InputError(
                    f"describes the same plan ({plan.key}) as {keys[plan.key]}; pass --district/--year to tell them apart",
                    source=path,
                )
        except NoTableError as exc:
            if strict or str(path) in named:
                raise
            batch.skipped.append((str(path), exc.reason.split(":")[0]))  # the gist; `inspect` gives the rest
            continue
        except InputError as exc:
            if strict:
                raise
            batch.failed.append((str(path), str(exc)))
            continue
        keys[plan.key] = str(path)
        batch.plans.append(plan)
        batch.sources.append(str(path))
    return batch


def _clean(text) -> str:
    return _SPACES.sub(" ", str(text or "")).strip()


def build_plan(table: RawTable, *, district=None, year=None, title=None, aliases=None, lexicon=None, gazetteer=None) -> Plan:
    """Resolve a :class:`RawTable` into a :class:`Plan` with its audit."""
    # A city-scale plan allocates hundreds of thousands of small objects that all
    # live on; the cyclic collector would rescan them again and again for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build_plan(table, district=district, year=year, title=title, aliases=aliases, lexicon=lexicon, gazetteer=gazetteer)
    finally:
        if collecting:
            gc.enable()


def _build_plan(table, *, district, year, title, aliases, lexicon, gazetteer) -> Plan:
    aliases, lexicon, gazetteer = _resolve_options(aliases, lexicon, gazetteer)
    source = table.source
    meta = plan_metadata(table.preamble, source)
    district = district or meta["district"] or ""
    year = int(year) if year else meta["year"]
    title = title or meta["title"] or Path(source).stem
    columns = table.columns
    audit: list[AuditEvent] = []

    if "text" not in columns:
        raise InputError("the table has no task column (主要工作内容, 重点工作任务, 工作任务, …)", source=source, where=table.header_where or None)
    if "lead" not in columns and "co" not in columns and "units" not in columns:
        raise InputError("the table has no unit column (牵头单位 or 责任单位)", source=source, where=table.header_where or None)
    # 列第一位者为牵头单位: a convention stated in a header cell, the title lines or a note
    notes = set(table.notes) | {header_note(text) for text in list(columns.values()) + list(table.preamble)} - {None}
    lead_only_listed = "co" not in columns and "lead" in columns and "first-leads" in notes
    if lead_only_listed:
        columns = {**columns, "co": columns["lead"]}
        columns.pop("lead")
    if "co" not in columns and "lead" not in columns:
        columns = {**columns, "co": columns["units"]}  # every unit list is one of its own
    single_column = "lead" not in columns
    if single_column:
        stated = "the document says so (列第一位者为牵头单位)" if "first-leads" in notes else "by the common convention"
        audit.append(AuditEvent("lead-inferred", table.header_where or "header", "lead", columns["co"], "first-listed unit leads",
                                 f"one unit column: {stated} the first unit listed in each row leads and the rest are co-responsible"))
    if not district:
        audit.append(AuditEvent("problem", "document", "district", "", "", "the district is not stated in the title; pass --district"))

    district_key = gazetteer.find_district(district)
    district = district_key or district
    streets = gazetteer.streets(district)
    if district and not streets:
        audit.append(AuditEvent("problem", "document", "district", district, "", "district not in the gazetteer: blanket phrases such as 各街道 are kept as groups, not expanded"))
    group_phrases = set(gazetteer.all_streets) | set(gazetteer.groups)
    # the shipped lexicon describes its own district: elsewhere only unscoped and user entries hold
    lexicon = lexicon.for_district(district)
    vocab = Vocabulary(lexicon, aliases, district, streets, group_phrases)
    data_rows = [row for row in table.rows if row.heading is None]
    for row in data_rows:
        for role in ("lead", "co", "units"):
            vocab.observe(row.cells.get(role, ""))

    plan = Plan(district=district, year=year, title=title, source=source, streets=list(streets), audit=audit)
    if table.layout:
        audit.append(AuditEvent("layout", table.header_where or "document", "", table.layout, table.layout,
                                f"read as the {table.layout!r} layout; columns or labels: "
                                + "、".join(f"{role}={name}" for role, name in columns.items() if name)))
    for where_skipped, text_skipped, why in table.skipped:
        audit.append(AuditEvent("skipped", where_skipped, "", text_skipped[:200], "", why))
    renumber = _numbering_restarts(table, columns)
    if renumber:
        audit.append(AuditEvent("renumbered", table.header_where or "document", "seq", "", "",
                                "row numbers start again under each heading: tasks are numbered in reading order"))
    seen_seq: dict[int, str] = {}
    headings = SectionStack()
    auto_seq = 0
    for row in table.rows:
        if row.heading is not None:
            headings.push(_clean(row.heading))
            section = headings.section
            if section and section not in plan.sections:
                plan.sections.append(section)
            continue
        cells = row.cells
        if not any(str(v).strip() for v in cells.values()):
            continue
        # 序号
        if "seq" in columns and not renumber:
            raw_seq = str(cells.get("seq", "")).strip()
            match = _NUMBER.match(raw_seq)
            if not match:
                what = f"序号 {raw_seq!r} is not a number" if raw_seq else "序号 is empty"
                raise InputError(what, source=source, where=row.where)
            seq = int(match.group(1))
        else:
            auto_seq += 1
            seq = auto_seq
        if seq in seen_seq:
            raise InputError(f"序号 {seq} appears twice (also at {seen_seq[seq]})", source=source, where=row.where)
        seen_seq[seq] = row.where
        where = f"task {seq} ({row.where})" if row.where else f"task {seq}"

        # section: an empty cell means "same as above"
        named_section = _clean(cells.get("section")) if "section" in columns else ""
        if named_section and named_section != headings.section:
            headings.set_section(named_section)
        section = headings.section
        if section and section not in plan.sections:
            plan.sections.append(section)

        text = str(cells.get("text", "") or "").strip()
        if not text:
            audit.append(AuditEvent("problem", where, "text", "", "", "the row has no task text", seq))
        leaders = split_leaders(cells.get("leaders", ""))
        if not leaders and headings.leaders:
            leaders = headings.leaders  # 二、李丹常委、常务副区长牵头重点工作: the rows under it are his
            audit.append(AuditEvent("leader-heading", where, "leaders", "", "、".join(leaders), "leader named by the heading above", seq))
        if "leaders" in columns and not leaders:
            audit.append(AuditEvent("problem", where, "leaders", "", "", "no leader named", seq))
        deadline = _clean(cells.get("deadline")) or None

        task = Task(seq=seq, section=section, text=text, leaders=leaders, deadline=deadline, row=row.where)
        row_single = single_column
        if lead_only_listed:
            cells = {**cells, "co": cells.get("lead", ""), "lead": ""}
        if cells.get("units") and not cells.get("lead") and not cells.get("co"):
            cells = {**cells, "co": cells["units"]}  # one list of its own: read as a single column
            row_single = True
        _resolve_units(task, cells, vocab, gazetteer, streets, row_single, where, audit)
        plan.tasks.append(task)

    if not plan.tasks:
        raise InputError("the table has a header but no task rows", source=source, where=table.header_where or None)

    _collect_units(plan, vocab, lexicon, streets)
    # whose unit each name is (拱墅区/区财政局, 杭州市/市生态环境局): see respgraph.identity
    assign_identities(plan, gazetteer, lexicon=lexicon, aliases=aliases)
    return plan


def _numbering_restarts(table: RawTable, columns) -> bool:
    """Whether the row numbers start again under headings (1, 2, … / 一、… / 1, 2, …).

    Then tasks are numbered in reading order; a number repeated without a
    heading between is still an error (a row copied twice).
    """
    if "seq" not in columns:
        return False
    seen: set[int] = set()
    restarted = False
    heading_since = False
    for row in table.rows:
        if row.heading is not None:
            heading_since = True
            continue
        match = _NUMBER.match(str(row.cells.get("seq", "")).strip())
        if not match:
            continue
        number = int(match.group(1))
        if number in seen:
            if not (heading_since and number == 1):
                return False
            restarted = True
            seen = set()
        seen.add(number)
        heading_since = False
    return restarted


def _decision_events(decisions, where, column, seq, audit):
    for d in decisions:
        audit.append(AuditEvent(d.kind, where, column, d.raw, d.result, d.detail, seq))


def _resolve_units(task, cells, vocab, gazetteer, streets, single_column, where, audit):
    lead_raw = str(cells.get("lead", "") or "")
    co_raw = str(cells.get("co", "") or "")
    lead = vocab.resolve_cell(lead_raw) if not single_column else None
    co = vocab.resolve_cell(co_raw)
    seq = task.seq

    explicit: list[tuple[str, str, object, str]] = []  # (role, column, resolved name, raw cell)
    if single_column:
        _decision_events(co.decisions, where, "co", seq, audit)
        marked = any(n.mark == LEAD for n in co.names)
        for index, name in enumerate(co.names):
            # 区财政局*、区发改局: the marked units lead; with no mark, the first listed leads
            role = (LEAD if name.mark == LEAD else CO) if marked else (LEAD if index == 0 and name.mark != CO else CO)
            explicit.append((role, "co", name, co_raw))
    else:
        _decision_events(lead.decisions, where, "lead", seq, audit)
        _decision_events(co.decisions, where, "co", seq, audit)
        explicit += [(CO if n.mark == CO else LEAD, "lead", n, lead_raw) for n in lead.names]
        explicit += [(LEAD if n.mark == LEAD else CO, "co", n, co_raw) for n in co.names]
    explicit.sort(key=lambda item: item[0] != LEAD)  # a unit named as lead anywhere in the row leads

    roles: dict[str, str] = {}
    for role, column, name, raw in explicit:
        if name.unit in roles:
            if roles[name.unit] == LEAD and role == CO:
                audit.append(AuditEvent("duplicate", where, column, name.raw, name.unit,
                                        "named as lead and as co-responsible; kept as lead", seq))
            continue
        roles[name.unit] = role
        task.links.append(Link(unit=name.unit, role=role, method=name.method, raw=raw, detail=name.detail))
        (task.lead_units if role == LEAD else task.co_units).append(name.unit)

    group_sources = [] if single_column else [(LEAD, lead, lead_raw)]
    group_sources.append((CO, co, co_raw))
    for role, resolution, raw in group_sources:
        for group in resolution.groups:
            if group.phrase in gazetteer.all_streets and streets:
                members = tuple(streets)
            else:
                members = tuple(gazetteer.groups.get(group.phrase, ()))
            task.groups.append(GroupRef(group.phrase, role, group.kind, members, raw))
            # the hot loop of a city-scale plan: one link per member of 各街道 on most rows
            phrase, detail, append = group.phrase, f"member of {group.phrase}", task.links.append
            for member in members:
                if member in roles:
                    continue  # a unit named on its own keeps its explicit link
                roles[member] = role
                append(Link(member, role, "expanded", raw, True, phrase, detail))
            if members:
                audit.append(AuditEvent("expanded", where, "lead" if role == LEAD else "co", group.phrase,
                                        f"{len(members)} units", "membership from the gazetteer; edges marked inferred", seq))

    if not task.lead_units and not any(g.role == LEAD for g in task.groups):
        audit.append(AuditEvent("problem", where, "lead", lead_raw, "", "no lead unit", seq))


def _collect_units(plan, vocab, lexicon, streets):
    aliases: dict[str, set[str]] = {}
    for alias, target in list(vocab.doc_aliases.items()) + list(vocab.user_aliases.items()):
        canonical = vocab.canonical(alias) if alias in vocab.doc_aliases else target
        if alias != canonical:
            aliases.setdefault(canonical, set()).add(alias)
    for alias, canonical in lexicon.aliases.items():
        aliases.setdefault(canonical, set()).add(alias)
    for task in plan.tasks:
        for link in task.links:
            if link.unit not in plan.units:
                plan.units[link.unit] = Unit(link.unit, unit_kind(link.unit, lexicon, streets), set(aliases.get(link.unit, ())))
    for street in streets:
        plan.units.setdefault(street, Unit(street, "street", set(aliases.get(street, ()))))
    if not plan.streets:  # district not in the gazetteer: the streets the table names
        plan.streets = sorted(name for name, unit in plan.units.items() if unit.kind == "street")
