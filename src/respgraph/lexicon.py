"""Shipped knowledge the resolver starts from: unit lexicon, gazetteer, user aliases.

All three are plain, editable files.  The shipped ones live in
``respgraph/data``; users pass their own with ``--lexicon``, ``--gazetteer``
and ``--aliases``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from respgraph.errors import InputError

__all__ = [
    "Lexicon",
    "Gazetteer",
    "load_lexicon",
    "load_gazetteer",
    "load_alias_file",
    "AliasMap",
    "unit_kind",
]


@dataclass
class Lexicon:
    """Canonical unit names, their aliases and kinds."""

    names: set[str] = field(default_factory=set)
    aliases: dict[str, str] = field(default_factory=dict)  # alias -> canonical
    kinds: dict[str, str] = field(default_factory=dict)  # canonical -> kind
    # district -> {old name: new name}: units renamed between years (see respgraph.identity)
    district_aliases: dict[str, dict[str, str]] = field(default_factory=dict)
    # canonical -> the district whose document the entry describes; absent: any document
    scope: dict[str, str] = field(default_factory=dict)

    def add(self, name, aliases=(), kind=None, district=None):
        self.names.add(name)
        for alias in aliases or ():
            self.aliases[alias] = name
        if kind:
            self.kinds[name] = kind
        if district:
            self.scope[name] = district

    def for_district(self, district: str | None) -> "Lexicon":
        """The entries that hold in a document of ``district``: its own and the unscoped ones.

        The shipped lexicon describes 拱墅区; a table from elsewhere is never
        corrected towards its names (省卫生健康委 must not become 区卫生健康委).

        >>> lex = Lexicon()
        >>> lex.add("区财政局", district="拱墅区"); lex.add("区城投集团")
        >>> sorted(lex.for_district("临江区").names), sorted(lex.for_district("拱墅区").names)
        (['区城投集团'], ['区城投集团', '区财政局'])
        """
        if not self.scope:
            return self
        keep = {name for name in self.names if self.scope.get(name) in (None, district)}
        return Lexicon(
            keep,
            {alias: name for alias, name in self.aliases.items() if name in keep},
            {name: kind for name, kind in self.kinds.items() if name in keep},
            {d: dict(m) for d, m in self.district_aliases.items()},
            {name: d for name, d in self.scope.items() if name in keep},
        )

    def merged(self, other: "Lexicon") -> "Lexicon":
        out = Lexicon(set(self.names), dict(self.aliases), dict(self.kinds),
                      {d: dict(m) for d, m in self.district_aliases.items()}, dict(self.scope))
        for name in other.names:
            out.scope.pop(name, None)  # a user's own entry holds wherever the user says
            out.add(name, kind=other.kinds.get(name), district=other.scope.get(name))
        out.aliases.update(other.aliases)
        for district, renames in other.district_aliases.items():
            out.district_aliases.setdefault(district, {}).update(renames)
        return out


@dataclass
class Gazetteer:
    districts: dict[str, dict] = field(default_factory=dict)
    all_streets: set[str] = field(default_factory=set)
    groups: dict[str, list[str]] = field(default_factory=dict)

    def find_district(self, name: str | None) -> str | None:
        """The gazetteer's key for a district name or alias (拱墅, 杭州市拱墅区 → 拱墅区)."""
        if not name:
            return None
        if name in self.districts:
            return name
        for key, entry in self.districts.items():
            if name in (entry.get("aliases") or []):
                return key
        return None

    def streets(self, district: str | None) -> list[str]:
        key = self.find_district(district)
        if key is None:
            return []
        return list(self.districts[key].get("streets") or [])


def _yaml_load(text, source):
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: several times faster
    try:
        return yaml.load(text, Loader=loader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else None
        raise InputError(f"is not valid YAML ({getattr(exc, 'problem', None) or exc})", source=source, where=where) from None


def _read(path, default_name):
    if path is None:
        return resources.files("respgraph.data").joinpath(default_name).read_text(encoding="utf-8"), default_name
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8-sig"), str(path)
    except FileNotFoundError:
        raise InputError("no such file", source=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot be read as UTF-8 text ({exc})", source=path) from None


def _parse_lexicon(data, source) -> Lexicon:
    lex = Lexicon()
    entries = data.get("units") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InputError("expected a top-level 'units:' list", source=source)
    # `district:` at the top scopes every entry to documents of that district; an entry's own wins
    default_district = data.get("district") if isinstance(data.get("district"), str) else None
    for number, entry in enumerate(entries, start=1):
        if isinstance(entry, str):
            lex.add(entry.strip(), district=default_district)
        elif isinstance(entry, dict) and isinstance(entry.get("name"), str):
            aliases = entry.get("aliases") or []
            if not isinstance(aliases, list):
                raise InputError("'aliases' must be a list", source=source, where=f"entry {number}")
            lex.add(entry["name"].strip(), [str(a).strip() for a in aliases], entry.get("kind"),
                    entry.get("district") or default_district)
        else:
            raise InputError("each entry must be a name or a mapping with 'name'", source=source, where=f"entry {number}")
    lex.district_aliases = _district_sections(data.get("district_aliases"), source, "district_aliases")
    return lex


def _district_sections(data, source, what) -> dict[str, dict[str, str]]:
    """``{district: {old name: new name}}`` from a lexicon's ``district_aliases:`` or an alias file's ``districts:``."""
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise InputError(f"'{what}' must map each district to a mapping of old name: new name", source=source)
    return {str(d).strip(): {str(k).strip(): str(v).strip() for k, v in m.items() if str(k).strip()} for d, m in data.items()}


class AliasMap(dict):
    """A user's aliases: ``variant → canonical`` for every plan (the dict itself),
    plus ``district_aliases``, per district ``old name → new name`` of units
    renamed between years (joined by key, see :mod:`respgraph.identity`).

    >>> bool(AliasMap({}, {"拱墅区": {"区发改经信局": "区发改局"}}))
    True
    """

    def __init__(self, aliases=(), district_aliases=None):
        super().__init__(aliases)
        self.district_aliases = dict(district_aliases or {})

    def __bool__(self):
        return bool(len(self) or self.district_aliases)


@lru_cache(maxsize=None)
def _shipped_lexicon() -> Lexicon:
    text, source = _read(None, "lexicon.yaml")
    return _parse_lexicon(_yaml_load(text, source), source)


def load_lexicon(path=None) -> Lexicon:
    """The shipped lexicon, extended by a user's file when one is given."""
    shipped = _shipped_lexicon()
    if path is None:
        return shipped.merged(Lexicon())
    text, source = _read(path, None)
    return shipped.merged(_parse_lexicon(_yaml_load(text, source), source))


def load_gazetteer(path=None) -> Gazetteer:
    """The shipped gazetteer; a user's file adds or replaces districts and groups."""
    text, source = _read(None, "gazetteer.yaml")
    data = _yaml_load(text, source)
    if path is not None:
        user_text, user_source = _read(path, None)
        user = _yaml_load(user_text, user_source)
        if not isinstance(user, dict):
            raise InputError("expected a mapping with 'districts:'", source=user_source)
        data.setdefault("districts", {}).update(user.get("districts") or {})
        data["all_streets"] = list(data.get("all_streets") or []) + list(user.get("all_streets") or [])
        data.setdefault("groups", {}).update(user.get("groups") or {})
    return Gazetteer(
        districts=dict(data.get("districts") or {}),
        all_streets=set(data.get("all_streets") or []),
        groups={k: list(v) for k, v in (data.get("groups") or {}).items()},
    )


def load_alias_file(path) -> AliasMap:
    """A user's alias file, CSV (variant,canonical) or YAML ({variant: canonical}).

    Applied before anything else the resolver does.  Renames of one
    district's units go in a per-district section: in YAML a ``districts:``
    mapping (``districts: {拱墅区: {区发改经信局: 区发改局}}``), in CSV a third
    column naming the district (``区发改经信局,区发改局,拱墅区``).  Those join
    the old and new name into one unit of that district only; the names stay
    as the tables write them.
    """
    path = Path(path)
    text, source = _read(path, None)
    if path.suffix.lower() in (".yaml", ".yml"):
        data = _yaml_load(text, source)
        districts = {}
        if isinstance(data, dict) and isinstance(data.get("districts"), dict):
            districts = _district_sections(data.pop("districts"), source, "districts")
        if isinstance(data, dict) and "aliases" in data and isinstance(data["aliases"], dict):
            data = data["aliases"]
        if not isinstance(data, dict):
            raise InputError("expected a mapping of variant: canonical name", source=source)
        return AliasMap({str(k).strip(): str(v).strip() for k, v in data.items() if str(k).strip()}, districts)
    if path.suffix.lower() not in (".csv", ".tsv", ".txt"):
        raise InputError("alias files must be .csv or .yaml", source=source)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    out = AliasMap()
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if not row or not "".join(row).strip() or row[0].strip().startswith("#"):
            continue
        if len(row) < 2 or not row[1].strip():
            raise InputError("expected two columns: variant,canonical", source=source, where=f"line {number}")
        variant, canonical = row[0].strip(), row[1].strip()
        if number == 1 and variant.lower() in ("variant", "alias", "别名"):
            continue  # header
        district = row[2].strip() if len(row) > 2 else ""
        if district:  # a rename within one district, joined by key
            out.district_aliases.setdefault(district, {})[variant] = canonical
        else:
            out[variant] = canonical
    return out


_MASS_ORGS = ("总工会", "团区委", "团县委", "团市委", "妇联", "工商联", "残联", "科协", "侨联", "红十字会", "文联")


def unit_kind(name: str, lexicon: Lexicon | None = None, streets=()) -> str:
    """Guess a unit's kind from its name (a lexicon entry wins).

    >>> unit_kind("区委宣传部"), unit_kind("区住建局"), unit_kind("上塘街道")
    ('party', 'government', 'street')
    >>> unit_kind("区城投集团"), unit_kind("规划资源拱墅分局"), unit_kind("城中村指挥部")
    ('enterprise', 'vertical', 'platform')
    >>> unit_kind("市发改委"), unit_kind("省卫生健康委"), unit_kind("财政部"), unit_kind("市委组织部")
    ('government', 'government', 'government', 'party')
    """
    if name in streets or name.endswith(("街道", "镇", "乡")):
        return "street"
    if lexicon is not None and name in lexicon.kinds:
        return lexicon.kinds[name]
    if name.endswith(("法院", "检察院")):
        return "judicial"
    if any(org in name for org in _MASS_ORGS):
        return "mass-org"
    if name.startswith(("区委", "县委", "市委", "省委", "区纪委", "县纪委", "市纪委", "省纪委", "中央")) or name in ("区人武部",):
        return "party"
    if name.endswith(("集团", "公司", "有限公司")):
        return "enterprise"
    if name.endswith("大队") or "税务局" in name or (name.endswith("分局") and not name.startswith("区")):
        return "vertical"
    if name.endswith(("管委会", "指挥部", "中心", "园", "小镇", "园区")):
        return "platform"
    if name.startswith(("区", "县", "市", "省", "州", "旗")) and name.endswith(("局", "办", "委", "部", "分局", "室", "厅", "署")):
        return "government"
    if name.endswith(("部", "委员会", "总局", "署")) and len(name) <= 8 or name.startswith("国务院"):
        return "government"  # ministries and commissions: 财政部, 国家发展改革委员会, 市场监管总局
    return "other"
