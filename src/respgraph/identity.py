"""Whose unit a name is: the jurisdiction behind every unit and leader of a plan.

A task table names units the way its district speaks: 区财政局 is *this*
district's finance bureau, 市生态环境局 the city's, 财政部 the ministry.
Two districts' 区财政局 are two bodies; the city's 市生态环境局 named by two
districts of the same city is one.  This module turns a name written in a
plan into an :class:`Identity` — a key, the name within its jurisdiction,
the jurisdiction and its level — with pure functions (no I/O, no database).

Rules
-----
* A name with a higher level written into it belongs to that level:
  ``市…`` (市生态环境局, 市委组织部) to the district's city, ``省…`` to its
  province, national bodies (国务院…, 国家…, 中央…, …总局, …总署 and the
  ministries such as 财政部) to the country (:data:`NATIONAL`).  A name that
  spells out its jurisdiction (杭州市生态环境局, 浙江省发展改革委) belongs to
  it, written as the level word (市生态环境局) within it.
* Everything else belongs to the plan's district: 区财政局, 区委组织部, a
  street, names without a level prefix (团区委, 拱投发), and agencies of a
  higher government based in the district (生态环境拱墅分局, 拱墅区税务局).
  Names that merely start with 市 as a word (市场监管局, 市政公司, 市民中心)
  are not city units.
* The city comes from the gazetteer entry's ``city:`` (the province from
  ``province:``) or from the plan's title (2021年杭州市拱墅区…).  Where it is
  unknown the name stays with the district, and :func:`assign_identities`
  adds an audit event saying so.
* Leaders belong to the plan's district: two districts' 王涛 are two people.
* A unit renamed between years of one district (区发改经信局 → 区发改局) is
  joined through ``renames`` (the per-district alias section of the lexicon
  file or a ``--aliases`` file): both names get the key of the new name.

>>> identify("区财政局", "拱墅区", city="杭州市")
Identity(key='拱墅区/区财政局', name='区财政局', jurisdiction='拱墅区', level='district', note='')
>>> identify("市生态环境局", "拱墅区", city="杭州市").key
'杭州市/市生态环境局'
>>> identify("杭州市生态环境局", "拱墅区").key
'杭州市/市生态环境局'
>>> identify("财政部", "拱墅区").key, identify("国家税务总局", "拱墅区").level
('国家/财政部', 'national')
>>> identify("市场监管局", "拱墅区").key
'拱墅区/市场监管局'
>>> i = identify("省发展改革委", "拱墅区", city="杭州市")
>>> i.key, i.level, bool(i.note)
('拱墅区/省发展改革委', 'district', True)
>>> display_name("区住建局", "拱墅区", mixed=True), display_name("区住建局", "拱墅区", mixed=False)
('区住建局（拱墅区）', '区住建局')
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = [
    "LEVELS",
    "NATIONAL",
    "Identity",
    "unit_level",
    "identify",
    "unit_key",
    "leader_key",
    "split_key",
    "display_name",
    "city_of",
    "province_of",
    "renames_for",
    "assign_identities",
]

#: Levels of government a unit can belong to, lowest first.
LEVELS = ("district", "city", "province", "national")

#: The jurisdiction of national bodies (国务院, the ministries, …总局).
NATIONAL = "国家"

#: Ministries and commissions of the State Council, named without a level word.
_MINISTRIES = frozenset(
    """外交部 国防部 教育部 科技部 科学技术部 工业和信息化部 工信部 国家民委 公安部 国家安全部 民政部 司法部
    财政部 人力资源社会保障部 人社部 自然资源部 生态环境部 住房城乡建设部 住建部 交通运输部 水利部
    农业农村部 商务部 文化和旅游部 文旅部 国家卫生健康委 国家卫健委 退役军人事务部 应急管理部
    中国人民银行 人民银行 审计署 海关总署 国家发展改革委 国家发改委""".split()
)
_NATIONAL_PREFIXES = ("国务院", "国家", "中央", "全国", "中共中央")
_NATIONAL_SUFFIXES = ("总局", "总署")
# words that start with 市 without naming the city: 市场监管局, 市政公司, 市民中心, 市容环卫…
_NOT_CITY = ("市场", "市政公司", "市政工程", "市政设施", "市政园林", "市民", "市容", "市区", "市属", "市级")
_CITY_NAMED = re.compile(r"^([\u4e00-\u9fff]{2,4}?市)(?=[\u4e00-\u9fff])")
_PROVINCE_NAMED = re.compile(r"^([\u4e00-\u9fff]{2,3}?省)(?=[\u4e00-\u9fff])")
# in a title the city follows the year (or the province) and precedes the district: 2021年杭州市拱墅区…
_TITLE_CITY = re.compile(r"(?:^|年|度|省)([\u4e00-\u9fff]{2,4}?市)(?=[\u4e00-\u9fff]{1,12}?(?:区|县|旗))")
_TITLE_PROVINCE = re.compile(r"(?:^|年|度)([\u4e00-\u9fff]{2,3}?省)")


class Identity(NamedTuple):
    """Who a unit is: ``key`` (jurisdiction/name), ``name`` within its jurisdiction,
    ``jurisdiction``, ``level`` (one of :data:`LEVELS`), and a ``note`` when the
    name names a higher level whose jurisdiction is unknown (it stays with the district)."""

    key: str
    name: str
    jurisdiction: str
    level: str
    note: str = ""


def unit_key(jurisdiction: str, name: str) -> str:
    """The key of a unit (or leader): ``jurisdiction/name``, or the bare name without a jurisdiction.

    >>> unit_key("拱墅区", "区财政局"), unit_key("", "区财政局")
    ('拱墅区/区财政局', '区财政局')
    """
    return f"{jurisdiction}/{name}" if jurisdiction else name


def leader_key(district: str, name: str) -> str:
    """A leader's key: leaders belong to the plan's district.

    >>> leader_key("拱墅区", "王涛")
    '拱墅区/王涛'
    """
    return unit_key(district, name)


def split_key(key: str) -> tuple[str, str]:
    """``(jurisdiction, name)`` of a key made by :func:`unit_key`.

    Names never hold a ``/`` of their own in practice, but a key without a
    jurisdiction is the bare name, so the split is at the first ``/``.

    >>> split_key("拱墅区/区财政局"), split_key("区财政局")
    (('拱墅区', '区财政局'), ('', '区财政局'))
    """
    jurisdiction, sep, name = key.partition("/")
    return (jurisdiction, name) if sep else ("", key)


def display_name(name: str, jurisdiction: str, mixed: bool) -> str:
    """The name shown to the user: plain, or with its jurisdiction where districts are mixed.

    >>> display_name("市生态环境局", "杭州市", True)
    '市生态环境局（杭州市）'
    """
    return f"{name}（{jurisdiction}）" if mixed and jurisdiction else name


def unit_level(name: str, district: str = "") -> str:
    """The level of government a name is written at (see the module docstring).

    >>> [unit_level(n) for n in ("区财政局", "市委组织部", "省发展改革委", "国务院办公厅", "商务部")]
    ['district', 'city', 'province', 'national', 'national']
    >>> [unit_level(n, "拱墅区") for n in ("市场监管局", "市政府", "杭州市拱墅区城管局", "税务总局")]
    ['district', 'city', 'district', 'national']
    >>> unit_level("市财政局", "义乌市"), unit_level("金华市财政局", "义乌市")  # a county-level city
    ('district', 'city')
    """
    short = district[:-1] if len(district) > 2 and district.endswith(("区", "县", "旗", "市")) else district
    if district and (name.startswith(district) or (short and short in name)):
        return "district"  # the district's own units, whatever else they name (杭州市拱墅区…, 生态环境拱墅分局)
    if district.endswith("市") and name.startswith("市") and not _CITY_NAMED.match(name):
        return "district"  # a county-level city's own bureaus are 市… (义乌市's 市财政局)
    if name in _MINISTRIES or name.startswith(_NATIONAL_PREFIXES) or name.endswith(_NATIONAL_SUFFIXES):
        return "national"
    if name.startswith("省") or _PROVINCE_NAMED.match(name):
        return "province"
    if name.startswith("市政府") or (name.startswith("市") and not name.startswith(_NOT_CITY)):
        return "city"
    if _CITY_NAMED.match(name) and not name.startswith(_NOT_CITY):
        return "city"
    return "district"


def _within(name: str, named: re.Pattern, word: str) -> tuple[str | None, str]:
    """(the jurisdiction a name spells out, the name with it replaced by the level word)."""
    match = named.match(name)
    if match:
        return match.group(1), word + name[match.end():]
    return None, name


def identify(name: str, district: str, city: str | None = None, province: str | None = None) -> Identity:
    """The identity of ``name`` as written in a plan of ``district`` (see the module docstring).

    >>> identify("浙江省发展改革委", "拱墅区").key
    '浙江省/省发展改革委'
    >>> identify("区委组织部", "").key
    '区委组织部'
    """
    level = unit_level(name, district)
    if level == "district":
        return Identity(unit_key(district, name), name, district, "district")
    if level == "national":
        return Identity(unit_key(NATIONAL, name), name, NATIONAL, "national")
    named, pattern, word = (city, _CITY_NAMED, "市") if level == "city" else (province, _PROVINCE_NAMED, "省")
    spelled, within = _within(name, pattern, word)
    jurisdiction = spelled or named
    if not jurisdiction:
        where = "city" if level == "city" else "province"
        note = (f"{name} is a {where}-level unit, but the {where} of {district or 'the plan'} is not known "
                f"(gazetteer '{where}:' or the title): kept as a unit of {district or 'the plan'}")
        return Identity(unit_key(district, name), name, district, "district", note)
    return Identity(unit_key(jurisdiction, within), within, jurisdiction, level)


def city_of(district: str, gazetteer=None, title: str = "") -> str | None:
    """The city of ``district``: the gazetteer entry's ``city:``, else the title's ``…市…区``.

    >>> city_of("临江区", None, "2022年杭州市临江区《政府工作报告》主要任务分解表")
    '杭州市'
    >>> city_of("临江区") is None
    True
    """
    entry = _gazetteer_entry(district, gazetteer)
    if entry.get("city"):
        return str(entry["city"]).strip()
    match = _TITLE_CITY.search(title or "")
    if match and (not district or district in title[match.end():match.end() + len(district) + 12]):
        return match.group(1)
    return None


def province_of(district: str, gazetteer=None, title: str = "") -> str | None:
    """The province of ``district``: the gazetteer entry's ``province:``, else a ``…省`` in the title.

    >>> province_of("临江区", None, "2022年浙江省杭州市临江区…分解表")
    '浙江省'
    """
    entry = _gazetteer_entry(district, gazetteer)
    if entry.get("province"):
        return str(entry["province"]).strip()
    match = _TITLE_PROVINCE.search(title or "")
    return match.group(1) if match else None


def _gazetteer_entry(district, gazetteer) -> dict:
    if gazetteer is None or not district:
        return {}
    key = gazetteer.find_district(district)
    return dict(gazetteer.districts.get(key) or {}) if key else {}


def renames_for(district: str, *, lexicon=None, aliases=None) -> dict:
    """The renames of ``district``'s units: the lexicon's ``district_aliases`` section,
    then a user alias file's section for the district (which wins).

    Both map an old name to the new one; sources without such a section add nothing.

    >>> class Lex: district_aliases = {"拱墅区": {"区发改经信局": "区发改局"}}
    >>> renames_for("拱墅区", lexicon=Lex()), renames_for("临江区", lexicon=Lex())
    ({'区发改经信局': '区发改局'}, {})
    """
    out = {}
    for source in (lexicon, aliases):
        sections = getattr(source, "district_aliases", None) or {}
        out.update(sections.get(district) or {})
    return out


def assign_identities(plan, gazetteer=None, renames=None, *, lexicon=None, aliases=None) -> None:
    """Give every unit of ``plan`` its key, jurisdiction and level (in place).

    ``renames`` maps an old name of one of the district's units to its new
    name (区发改经信局 → 区发改局): the old name gets the new name's key, so
    the years of one district share the unit.  Without ``renames``, the
    district's section of ``lexicon`` and ``aliases`` is used (:func:`renames_for`).  A higher-level name whose
    jurisdiction is unknown stays with the district, with an audit event.
    Units named on links but missing from ``plan.units`` are added.

    >>> from respgraph.model import Plan, Task, Link, Unit
    >>> plan = Plan("临江区", 2021, "2021年临江区…分解表", "t", tasks=[Task(1, "一", "x", links=[
    ...     Link("区发改经信局", "lead", "exact", ""), Link("市生态环境局", "co", "exact", "")])])
    >>> assign_identities(plan, renames={"区发改经信局": "区发改局"})
    >>> [(u.name, u.key, u.level) for u in plan.units.values()]
    [('区发改经信局', '临江区/区发改局', 'district'), ('市生态环境局', '临江区/市生态环境局', 'district')]
    >>> [e.detail for e in plan.audit if e.column == "jurisdiction"][0][:36]
    '市生态环境局 is a city-level unit, but the'
    """
    from respgraph.model import AuditEvent, Unit

    district = plan.home  # the district, or the plan itself when the document does not name one
    city = city_of(district, gazetteer, plan.title)
    province = province_of(district, gazetteer, plan.title)
    renames = dict(renames) if renames is not None else renames_for(district, lexicon=lexicon, aliases=aliases)
    for task in plan.tasks:
        for link in task.links:
            if link.unit not in plan.units:
                plan.units[link.unit] = Unit(link.unit)
    for unit in plan.units.values():
        identity = identify(renames.get(unit.name, unit.name), district, city, province)
        unit.key, unit.jurisdiction, unit.level = identity.key, identity.jurisdiction, identity.level
        if identity.note:
            plan.audit.append(AuditEvent("problem", "document", "jurisdiction", unit.name, identity.key, identity.note))
