"""Unit resolution: from the text of a unit cell to canonical unit names and groups.

A cell such as ``区委宣传部（区网信办）、区发经经信局，各街道`` or
``规划资源\\n拱墅分局`` is resolved in four steps:

1. **Split** on the hard separators 、 ， , ； ; (never inside brackets) and
   on line breaks, which are only *soft* boundaries: a cell may have been
   broken in the middle of a name.
2. **Rejoin or keep apart** the pieces on each side of a line break, deciding
   from the vocabulary: the shipped lexicon, the user's aliases, and every
   name the document itself uses on its own elsewhere (规划资源 / 拱墅分局 →
   规划资源拱墅分局 because that name is known and 规划资源 is not a unit;
   区委人才办 / 区人力社保局 stay two because both are units).
3. **Attach** bracketed alternatives as aliases of the name before them
   (区委宣传部（区网信办） is one unit, 区网信办 an alias).
4. **Name** each token: user alias, blanket phrase (a group, never a unit),
   known name, glued names split apart (区市场监管局区科技局), a typo corrected
   towards a known name above :data:`TYPO_THRESHOLD`, or kept as written and
   flagged.

Every decision other than an exact match is reported as a :class:`Decision`
so the audit can show it.

>>> v = Vocabulary()
>>> r = v.resolve_cell("区委宣传部（区网信办）、区发经经信局，各街道")
>>> [(n.unit, n.method) for n in r.names]
[('区委宣传部', 'alias'), ('区发改经信局', 'typo')]
>>> [g.phrase for g in r.groups]
['各街道']
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from respgraph.lexicon import Lexicon, load_lexicon

__all__ = [
    "LEVEL_PREFIXES",
    "level_prefix",
    "looks_like_unit_list",
    "strip_responsibility",
    "TYPO_THRESHOLD",
    "TYPO_MARGIN",
    "STRIPPED_PENALTY",
    "Piece",
    "ResolvedName",
    "ResolvedGroup",
    "Decision",
    "CellResolution",
    "Vocabulary",
    "split_pieces",
    "split_leaders",
    "is_blanket",
    "group_kind",
    "looks_like_unit",
    "normalise_name",
]

#: Minimum similarity (0..1, rapidfuzz's normalised Indel ratio, on the name
#: as written or with the district's name and the leading 区 removed) for a
#: typo to be corrected.  区发经经信局 → 区发改经信局 scores 0.83 and
#: 生态环境局分局 → 生态环境拱墅分局 0.92, while two real units that differ by one
#: character, 区城投集团 / 区国投集团, score 0.80 and are not merged.
TYPO_THRESHOLD = 0.82
#: How much less the comparison without the district's name counts.
STRIPPED_PENALTY = 0.05
#: When a second name also scores above the threshold, the best must beat it by
#: this much, or the name is ambiguous and kept as written.
TYPO_MARGIN = 0.05

_HARD_SEPARATORS = "、，,；;"
_OPEN = "（("
_CLOSE = "）)"
_SPACE_RUN = re.compile(r"[ \t\u3000\xa0]+")
_ANY_SPACE = re.compile(r"\s+")
_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000\xa0]+(?=[\u4e00-\u9fff])")

#: Endings that make a piece of text look like the name of a unit.
UNIT_SUFFIXES = (
    "局", "办", "委", "部", "会", "院", "队", "中心", "集团", "公司", "街道", "镇", "乡", "园", "所",
    "站", "馆", "组", "室", "处", "科", "团", "联", "厅", "社", "行", "校", "台", "监委", "办事处",
)  # fmt: skip

_BLANKET_START = ("各", "相关", "有关", "全区", "全县", "全市", "其他", "其它", "所有")

#: Level prefixes a name may start with; a correction never changes them.
LEVEL_PREFIXES = ("国务院", "中央", "国家", "省", "市", "州", "区", "县", "旗", "乡", "镇", "街道")
#: Endings that make another unit than the plain one (区自然资源分局 is not 区自然资源局):
#: a correction never adds or drops them.  Each maps to the plain ending it refines.
_DISTINCT_ENDINGS = {"分局": "局", "总局": "局", "支队": "队", "大队": "队", "中队": "队", "分院": "院",
                     "分公司": "公司", "分行": "行", "分中心": "中心", "分会": "会"}


def _changes_ending(name: str, candidate: str) -> bool:
    """Whether ``candidate`` is ``name`` with a distinct ending added or dropped (局 ↔ 分局).

    >>> _changes_ending("区自然资源分局", "区自然资源局"), _changes_ending("规划资源新新局局", "规划资源新新分局")
    (True, False)
    """
    for ending, plain in _DISTINCT_ENDINGS.items():
        for a, b in ((name, candidate), (candidate, name)):
            if a.endswith(ending) and b == a[: -len(ending)] + plain:
                return True
    return False

#: Cells that say "nobody": no unit at all.
_EMPTY_MARKERS = frozenset({"无", "暂无", "—", "——", "-", "--", "/", "／", "–", "空", "…", "……"})
# Responsibility words are not part of a name; what they mean is kept (X牵头 → X leads).
_PLAIN_SUFFIXES = (
    "按照职责分工负责", "按职责分工负责", "按职能分工负责", "按职责分别负责", "按职责负责", "按职能负责",
    "分别负责", "共同负责", "各负其责", "下同",
)  # fmt: skip
_LEAD_SUFFIXES = ("牵头负责", "牵头抓总", "牵头", "负总责", "负责", "主责")
_CO_SUFFIXES = ("配合", "协助", "协办", "参与", "配合落实")
_STARS = ("*", "＊", "※")
_ETC = re.compile(r"等(?:相关|有关|其他)?(?:单位|部门)?$")
# Derived from the lists above, so that they cannot drift apart: the words a name may end
# with, and their last characters (a name ending otherwise, as most do, needs no look).
_RESPONSIBILITY_TAIL = re.compile(
    "(?:" + "|".join(re.escape(w) for w in _STARS + _PLAIN_SUFFIXES + _LEAD_SUFFIXES + _CO_SUFFIXES)
    + r"|等(?:相关|有关|其他)?(?:单位|部门)?)\s*$"
)
_TAIL_CHARS = frozenset(
    [w[-1] for w in _STARS + _PLAIN_SUFFIXES + _LEAD_SUFFIXES + _CO_SUFFIXES + tuple(_EMPTY_MARKERS)]
    + ["等", "位", "门", " ", "\t", "\u3000"]
)
# 各县、市、区政府: one blanket phrase whose levels are listed with 、
_LEVEL_LIST = re.compile(
    r"各(?:[省市州县区乡镇旗][、，,])+[省市州县区乡镇旗街道办]+(?:[（(][^（()）]*[）)])?[^、，,；;。\n（(]{0,12}"
)
_PROTECTED = "\ue000"
# what a bracket after a name may say about its role rather than give an alias: None drops it
_BRACKET_MARKS = {"牵头": "lead", "牵头单位": "lead", "牵头负责": "lead", "负责": "lead", "主责": "lead",
                  "配合": "co", "协办": "co", "配合单位": "co", "下同": None, "按职责分工负责": None}
_RESTORABLE_ENDINGS = ("局", "委", "办", "厅", "署", "中心")
_PLACE_CHARS = "省市州县区乡镇旗村"
_BLANKET_END = ("成员单位", "延伸部门", "职能部门", "等单位", "等部门", "相关单位", "相关部门")


def normalise_name(text: str) -> str:
    """Tidy a name as written: unify brackets, drop spaces and stray punctuation.

    >>> normalise_name(" 区委宣传部(区网信办) ")
    '区委宣传部（区网信办）'
    """
    text = text.replace("(", "（").replace(")", "）")
    text = _ANY_SPACE.sub("", text)
    return text.strip("。.:：\"'“”‘’·-—_ ")


_LEVEL_FIRST = frozenset(p[0] for p in LEVEL_PREFIXES)


def level_prefix(name: str) -> str:
    """The level a name is written with: 市 for 市发改委, '' for 国土房管局 (and for 市场监管局).

    >>> [level_prefix(n) for n in ("市发改委", "国土房管局", "市场监管总局", "省卫生健康委", "区财政局")]
    ['市', '', '', '省', '区']
    """
    if not name or name[0] not in _LEVEL_FIRST:
        return ""
    if name.startswith(("市场", "市政", "区块", "县域", "省级")) and not name.startswith("市政府"):
        return ""
    for prefix in LEVEL_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            return prefix
    return ""


def strip_responsibility(name: str) -> tuple[str, str | None]:
    """A name without the words that say what its unit does, and the role they mark.

    ``区财政局*``, ``区财政局牵头`` and ``区财政局负责`` lead; ``区财政局配合`` is
    co-responsible; ``按职责分工负责``, ``下同`` and a trailing 等 / 等单位 are
    dropped without a mark.  A cell that only says 无 or — is empty.

    >>> [strip_responsibility(n) for n in ("区财政局*", "区财政局牵头", "区民政局配合", "各街道按职责分工负责", "区国资委等", "无")]
    [('区财政局', 'lead'), ('区财政局', 'lead'), ('区民政局', 'co'), ('各街道', None), ('区国资委', None), ('', None)]
    """
    if name and name[-1] not in _TAIL_CHARS:
        return name, None  # the common case (a name ends 局, 委, 街道 …): nothing to strip
    if not _RESPONSIBILITY_TAIL.search(name) and name.strip() not in _EMPTY_MARKERS:
        return name.strip(), None
    return _strip_responsibility(name.strip())


@lru_cache(maxsize=8192)
def _strip_responsibility(name: str) -> tuple[str, str | None]:
    mark = None
    if name in _EMPTY_MARKERS:
        return "", None
    while name.endswith(_STARS):
        name, mark = name[:-1].rstrip(), "lead"
    for suffix in _PLAIN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    for suffixes, role in ((_LEAD_SUFFIXES, "lead"), (_CO_SUFFIXES, "co")):
        for suffix in suffixes:
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                name, mark = name[: -len(suffix)], role
                break
        else:
            continue
        break
    stripped = _ETC.sub("", name)
    if stripped != name and len(stripped) >= 2:
        name = stripped
    return name.strip(), mark


def looks_like_unit(name: str) -> bool:
    """Whether a piece of text ends like the name of a unit.

    >>> looks_like_unit("区人力社保局"), looks_like_unit("规划资源")
    (True, False)
    """
    return len(name) >= 2 and name.endswith(UNIT_SUFFIXES)


# endings of a name in a list of units: a unit's, a government's, or a blanket phrase's
_LIST_NAME_END = re.compile(
    "(?:" + "|".join(UNIT_SUFFIXES + ("政府", "单位", "部门")) + r")[*＊]?(?:（[^）]*）|\([^)]*\))?$"
)


def looks_like_unit_list(text: str) -> bool:
    """Whether every name in ``text`` (split on 、，,；; and line breaks) reads as a unit or a blanket phrase.

    What a layout asks to tell a column of units from a task's sentence or a figure.

    >>> looks_like_unit_list("区发改局*、区财政局（牵头）,各街道"), looks_like_unit_list("推进重大项目建设。")
    (True, False)
    """
    pieces = [p for p in re.split(r"[、，,；;\n]+", text) if p.strip()]
    return bool(pieces) and all(
        (_LIST_NAME_END.search(p.strip().rstrip("等。")) or p.strip().startswith(("各", "相关", "有关")))
        and len(p.strip()) <= 30
        for p in pieces
    )


_BLANKET_TAIL_ENDS = ("单位", "部门", "机构", "企业", "地区", "方面", "组织")
_BLANKET_TAIL = re.compile(r"(?:有关|相关|各|所属|直属)[\u4e00-\u9fff]{0,4}(?:" + "|".join(_BLANKET_TAIL_ENDS) + ")$")


def is_blanket(name: str, extra=()) -> bool:
    """Whether a phrase stands for several units rather than one.

    >>> [is_blanket(p) for p in ("各街道", "相关街道", "区政府各部门", "区委退役军人事务工作领导小组成员单位", "区科技局")]
    [True, True, True, True, False]
    >>> [is_blanket(p) for p in ("省直有关部门", "省级有关单位", "市属国有企业")]
    [True, True, False]
    """
    return (
        name in extra
        or name.startswith(_BLANKET_START)
        or "各" in name
        or name.endswith(_BLANKET_END)
        or (name.endswith(_BLANKET_TAIL_ENDS) and bool(_BLANKET_TAIL.search(name)))  # 省直有关部门, 市级相关单位
    )


def group_kind(phrase: str) -> str:
    """The kind of units a blanket phrase stands for.

    >>> group_kind("各镇（街道）"), group_kind("区政府各组成部门"), group_kind("亚运城市行动领导小组成员单位")
    ('streets', 'departments', 'members')
    """
    if "成员单位" in phrase:
        return "members"
    if "街道" in phrase or phrase.endswith(("镇", "镇街", "乡镇")):
        return "streets"
    if "指挥部" in phrase:
        return "headquarters"
    if "部门" in phrase:
        return "departments"
    if "单位" in phrase or "主体" in phrase:
        return "units"
    return "other"


@dataclass(frozen=True)
class Piece:
    """A stretch of a cell between separators; ``soft`` when a line break (not a separator) precedes it."""

    text: str
    soft: bool


def _well_formed(text: str) -> bool:
    depth = 0
    for char in text:
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


_FAST_SPLIT = re.compile(r"([、，,；;\n])")
_SLOW_CHARS = re.compile(r"[（()）\r \t\u3000\xa0]")


def split_pieces(text: str) -> list[Piece]:
    """Split a cell on separators and line breaks, never inside brackets.

    >>> [(p.text, p.soft) for p in split_pieces("区府办、区委宣传部（区网信办，区委）\\n拱墅分局")]
    [('区府办', False), ('区委宣传部（区网信办，区委）', False), ('拱墅分局', True)]
    """
    if not _SLOW_CHARS.search(text):
        # the common case: no brackets, no spaces; one regex split instead of a character loop
        pieces = []
        soft = False
        for part in _FAST_SPLIT.split(text):
            if part == "\n":
                soft = bool(pieces) or soft
            elif len(part) == 1 and part in _HARD_SEPARATORS:
                soft = False
            else:
                name = normalise_name(part)
                if name:
                    pieces.append(Piece(name, soft))
                    soft = False
        return pieces
    text = _CJK_SPACE.sub("\n", text.replace("\r", "\n"))
    # brackets protect separators only when they balance; a stray one is plain text
    balanced = _well_formed(text)
    pieces: list[Piece] = []
    depth = 0
    current: list[str] = []
    soft = False

    def flush(next_soft):
        nonlocal soft
        name = normalise_name("".join(current))
        if name:
            pieces.append(Piece(name, soft))
            soft = next_soft
        elif next_soft is False:
            soft = False
        elif not pieces:
            soft = False
        else:
            soft = soft or next_soft
        current.clear()

    for char in text:
        if char in _OPEN and balanced:
            depth += 1
        elif char in _CLOSE and depth:
            depth -= 1
        if depth == 0 and char in _HARD_SEPARATORS:
            flush(False)
            soft = False
        elif depth == 0 and char == "\n":
            flush(True)
        else:
            current.append(char)
    flush(False)
    return _unwrap(pieces)


_BRACKETS_AS_SEPARATORS = str.maketrans({"（": "、", "）": "、"})
_SEPARATOR_OR_BREAK = re.compile(r"[、，,；;\n]")


def _unwrap(pieces: list[Piece]) -> list[Piece]:
    """Re-split pieces whose brackets held separators but no aliases.

    Brackets after a name hold its aliases, and the separators inside them
    belong to the aliases.  Brackets anywhere else (（区财政局、区民政局）,
    or （、）丁) do not: a name never contains a separator, so such a piece
    is split again with its brackets read as separators.
    """
    out: list[Piece] = []
    for piece in pieces:
        # the common case first: no separator at all (one C-level search per piece)
        if not _SEPARATOR_OR_BREAK.search(piece.text) or not _SEPARATOR_OR_BREAK.search(_split_alias(piece.text)[0]):
            out.append(piece)
            continue
        inside = split_pieces(piece.text.translate(_BRACKETS_AS_SEPARATORS))
        if inside:
            out.append(Piece(inside[0].text, piece.soft))
            out.extend(inside[1:])
    return out


def split_leaders(text: str) -> list[str]:
    """Leaders named in a cell, with the spaces of justified names removed.

    >>> split_leaders("王  涛\\n\\n杨  辉")
    ['王涛', '杨辉']
    >>> split_leaders("樊峥、包晓东")
    ['樊峥', '包晓东']
    """
    names = []
    for part in re.split(r"[、，,；;/／\n]+", text or ""):
        name = _SPACE_RUN.sub("", part).strip("。. ")
        if name and name not in names:
            names.append(name)
    return names


def _split_alias(token: str) -> tuple[str, list[str]]:
    """``区委宣传部（区网信办）`` → (``区委宣传部``, [``区网信办``])."""
    aliases = []
    while token.endswith("）") and "（" in token:
        depth, start = 0, None
        for index in range(len(token) - 1, -1, -1):
            if token[index] == "）":
                depth += 1
            elif token[index] == "（":
                depth -= 1
                if depth == 0:
                    start = index
                    break
        if not start:  # unbalanced, or the whole token is bracketed
            break
        aliases.insert(0, normalise_name(token[start + 1 : -1]))
        token = token[:start]
    return token, [a for a in aliases if a]


@dataclass(frozen=True)
class ResolvedName:
    unit: str  # canonical name
    method: str  # exact | alias | typo | joined | split | prefix
    raw: str  # the token as written in the cell
    detail: str = ""
    mark: str | None = None  # "lead" or "co" when the cell marks the unit's role (区财政局*, X牵头, X配合)


@dataclass(frozen=True)
class ResolvedGroup:
    phrase: str
    kind: str
    raw: str


@dataclass(frozen=True)
class Decision:
    """A judgement worth showing in the audit (anything but an exact match)."""

    kind: str  # typo | joined | split | alias | user-alias | unresolved | unlisted | group | duplicate
    raw: str
    result: str
    detail: str = ""


@dataclass
class CellResolution:
    names: list[ResolvedName] = field(default_factory=list)
    groups: list[ResolvedGroup] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)

    @property
    def units(self) -> list[str]:
        return [n.unit for n in self.names]


@dataclass
class _Token:
    name: str
    aliases: list[str]
    raw: str
    joined: bool = False
    after_break: bool = False  # kept apart from the name on the line above
    mark: str | None = None  # role marked in the cell (区财政局*, X牵头)
    worded: bool = False  # the mark is a word (牵头, 配合) that may speak for the names before it
    restored: str = ""  # level prefix restored from the list's first name (国土房管局 → 市国土房管局)


_SPACES_ONLY = re.compile(r"[ \t\u3000\xa0]")


def _spread_marks(text: str, tokens: list) -> None:
    """财政部、国家发展改革委牵头，各地区按职责分工负责: a role word after names joined by 、
    speaks for each of them, up to the previous ，/； (names on their own keep their own mark)."""
    text = _SPACES_ONLY.sub("", text.replace("(", "（").replace(")", "）"))
    separators, position = [], 0
    for token in tokens:
        first = token.raw.split("\n")[0]
        found = text.find(first, position)
        if found < 0:
            return  # the names cannot be placed in the cell: leave every mark where it is
        before = text[:found].rstrip("\n")
        separators.append(before[-1] if before else "")
        position = found + len(first)
    run: list = []
    for token, separator in zip(tokens, separators + [""]):
        if run and separator != "、":
            _spread_run(run)
            run = []
        run.append(token)
    _spread_run(run)


def _spread_run(run: list) -> None:
    last = run[-1]
    if last.worded and len(run) > 1 and all(t.mark is None for t in run[:-1]):
        for token in run[:-1]:
            token.mark = last.mark


class Vocabulary:
    """What the resolver knows: lexicon, user aliases, and the document's own names.

    Feed every unit cell of a document to :meth:`observe` first, then resolve
    cells with :meth:`resolve_cell`.  Results are cached per distinct cell.

    >>> v = Vocabulary()
    >>> v.observe("区委人才办、区人力社保局")
    >>> [n.unit for n in v.resolve_cell("区委人才办\\n区人力社保局").names]
    ['区委人才办', '区人力社保局']
    >>> [(n.unit, n.method) for n in v.resolve_cell("规划资源\\n拱墅分局").names]
    [('规划资源拱墅分局', 'joined')]
    >>> [(n.unit, n.method) for n in v.resolve_cell("区市场监管局区科技局").names]
    [('区市场监管局', 'split'), ('区科技局', 'split')]
    """

    def __init__(self, lexicon: Lexicon | None = None, user_aliases=None, district: str | None = None, streets=(), groups=()):
        self.lexicon = lexicon if lexicon is not None else load_lexicon()
        self.user_aliases = dict(user_aliases or {})
        self.district = district or ""
        self.streets = set(streets)
        self.extra_groups = set(groups)
        self.counts: Counter[str] = Counter()  # names the document uses on their own
        self.doc_aliases: dict[str, str] = {}  # bracketed alternative -> name it follows
        self._cache: dict[str, CellResolution] = {}
        self._name_cache: dict[str, tuple] = {}
        self._candidates: list[str] | None = None
        self._stripped_candidates: dict[str, str] = {}
        self._candidate_set: set[str] = set()
        self._pieces: dict[str, list[Piece]] = {}
        short = self.district[:-1] if len(self.district) > 2 and self.district.endswith(("区", "县", "市")) else self.district
        self._district_short = short

    # -- vocabulary ---------------------------------------------------------
    def pieces(self, text: str) -> list[Piece]:
        """:func:`split_pieces`, remembered per distinct cell text."""
        pieces = self._pieces.get(text)
        if pieces is None:
            if "各" in text and _LEVEL_LIST.search(text):
                # 各县、市、区政府 is one phrase: its 、 are not separators
                protected = _LEVEL_LIST.sub(lambda m: re.sub("[、，,]", _PROTECTED, m.group(0)), text)
                pieces = [Piece(p.text.replace(_PROTECTED, "、"), p.soft) for p in split_pieces(protected)]
            else:
                pieces = split_pieces(text)
            self._pieces[text] = pieces
        return pieces

    def observe(self, text: str) -> None:
        """Learn the names a cell uses on their own (before any cell is resolved)."""
        if not text:
            return
        pieces = self.pieces(text)
        for index, piece in enumerate(pieces):
            name, aliases = _split_alias(piece.text)
            name = strip_responsibility(name)[0]
            nxt = pieces[index + 1] if index + 1 < len(pieces) else None
            # a piece with a line break on either side may be half a name: not evidence
            if piece.soft or (nxt is not None and nxt.soft):
                continue
            if name and not name.startswith("（"):
                self.counts[name] += 1
                for alias in aliases:
                    if not is_blanket(alias) and alias not in self.doc_aliases:
                        self.doc_aliases[alias] = name
        if self._cache or self._name_cache:
            self._cache.clear()
            self._name_cache.clear()
        self._candidates = None

    def is_known(self, name: str) -> bool:
        """Whether a name is a unit (or alias of one) the resolver trusts as written."""
        return (
            name in self.user_aliases
            or name in self.lexicon.names
            or name in self.lexicon.aliases
            or name in self.streets
            or name in self.doc_aliases
            or (self.counts.get(name, 0) > 0 and looks_like_unit(name))
        )

    def _trusted_names(self) -> set[str]:
        return set(self.lexicon.names) | set(self.streets) | set(self.user_aliases.values())

    def _canonical_candidates(self) -> list[str]:
        """Names a typo may be corrected towards.

        Trusted names (lexicon, streets, user aliases), plus names the document
        uses at least twice, except those that are themselves near a trusted
        name: a slip repeated by copy and paste must not compete with the
        name it misspells.
        """
        if self._candidates is None:
            trusted = self._trusted_names()
            names = set(trusted)
            trusted_list = sorted(trusted)
            for name, count in self.counts.items():
                if count < 2 or name in names or not looks_like_unit(name) or is_blanket(name):
                    continue
                near = process.extractOne(name, trusted_list, scorer=fuzz.ratio, score_cutoff=TYPO_THRESHOLD * 100) if trusted_list else None
                if near is None:
                    names.add(name)
            self._candidates = sorted(names)
            self._candidate_set = names
            self._stripped_candidates = {c: self._stripped(c) for c in self._candidates}
        return self._candidates

    # -- tokens -------------------------------------------------------------
    def _should_join(self, left: str, right: str) -> bool:
        if is_blanket(left, self.extra_groups) or is_blanket(right, self.extra_groups):
            return False
        joined = left + right
        known_left, known_right, known_joined = self.is_known(left), self.is_known(right), self.is_known(joined)
        if known_left and known_right:
            return False
        if known_joined:
            return True
        if known_right or looks_like_unit(left):
            # a known name on its own line is a name of its own; the piece above goes to typo correction
            return False
        return looks_like_unit(joined)

    def tokens(self, text: str) -> list[_Token]:
        """The names in a cell, with line-broken names rejoined and bracketed aliases attached."""
        out: list[_Token] = []
        for piece in self.pieces(text):
            if piece.text.startswith("（") and piece.text.endswith("）") and out:
                alias, _ = _split_alias(piece.text[1:-1])
                out[-1].aliases.append(normalise_name(alias))
                out[-1].raw += "\n" + piece.text
                continue
            name, aliases = _split_alias(piece.text)
            if piece.soft and out and not out[-1].aliases and self._should_join(out[-1].name, name):
                out[-1].name += name
                out[-1].aliases.extend(aliases)
                out[-1].raw += "\n" + piece.text
                out[-1].joined = True
                continue
            out.append(_Token(name, aliases, piece.text, after_break=piece.soft and bool(out)))
        worded = False
        for token in out:
            if token.aliases:
                kept = []
                for alias in token.aliases:
                    role = _BRACKET_MARKS.get(alias, "")
                    if role == "":
                        kept.append(alias)
                    elif role is not None:
                        token.mark = role
                token.aliases = kept
            name = token.name
            token.name, mark = strip_responsibility(name)
            if mark:
                token.mark = token.mark or mark
                token.worded = not name.endswith(_STARS)
                worded = worded or token.worded
        if worded:
            _spread_marks(text, out)
        if out and out[0].name[:1] in _LEVEL_FIRST:
            self._restore_prefix(out)
        return out

    def _restore_prefix(self, tokens: list[_Token]) -> None:
        """市发改委、国土房管局、外经贸局: a level prefix written once for a whole list.

        Restored on the names that lack it only when the list's first name is
        the only one written with a level, and the bare name is a department
        (…局/委/办/厅) that names no place of its own and is not known as it is.
        """
        named = [t for t in tokens if t.name]
        if len(named) < 2:
            return
        prefix = level_prefix(named[0].name)
        if not prefix or len(prefix) > 1 or any(level_prefix(t.name) for t in named[1:]):
            return
        for token in named[1:]:
            name = token.name
            if (
                2 <= len(name) <= 8
                and name.endswith(_RESTORABLE_ENDINGS)
                and not any(ch in _PLACE_CHARS for ch in name)
                and not is_blanket(name, self.extra_groups)
                and name not in self.lexicon.names
                and name not in self.lexicon.aliases
                and name not in self.user_aliases
            ):
                token.name = prefix + name
                token.restored = prefix

    # -- names --------------------------------------------------------------
    def _split_glued(self, name: str) -> list[str] | None:
        """Cut a name into known names (fewest parts), or None."""
        n = len(name)
        if n < 6:
            return None
        best: list[list[str] | None] = [None] * (n + 1)
        best[0] = []
        for end in range(2, n + 1):
            for start in range(max(0, end - 20), end - 1):
                prefix = best[start]
                if prefix is None:
                    continue
                part = name[start:end]
                if part != name and self.is_known(part) and not is_blanket(part):
                    candidate = prefix + [part]
                    if best[end] is None or len(candidate) < len(best[end]):
                        best[end] = candidate
        parts = best[n]
        return parts if parts and len(parts) >= 2 else None

    def _stripped(self, name: str) -> str:
        if self._district_short:
            name = name.replace(self._district_short, "")
        return name[1:] if name.startswith(("区", "县")) else name

    def closest(self, name: str, limit: int = 5) -> list[tuple[str, float]]:
        """Known names most similar to ``name``, best first, with their similarity (0..1).

        The similarity is the better of the plain score and the score with the
        district's name and the leading 区 removed; the latter counts
        :data:`STRIPPED_PENALTY` less, so that a misspelt office of *another*
        place (规划资源X分局) is not drawn to the home district's office.
        """
        candidates = self._canonical_candidates()
        if not candidates:
            return []
        scores: dict[str, float] = {}
        for match, score, _ in process.extract(name, candidates, scorer=fuzz.ratio, limit=limit + 1):
            if match != name:
                scores[match] = max(scores.get(match, 0.0), score / 100)
        stripped = self._stripped(name)
        for _, score, key in process.extract(stripped, self._stripped_candidates, scorer=fuzz.ratio, limit=limit + 1):
            if key != name and self._stripped_candidates[key] != key:
                scores[key] = max(scores.get(key, 0.0), score / 100 - STRIPPED_PENALTY)
        return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]

    def _typo_ranking(self, name: str) -> list[tuple[str, float]]:
        # a correction keeps the level (省/市/区 …) and any ending that makes another unit (分局, 总局)
        level = level_prefix(name)
        return [
            (c, s)
            for c, s in self.closest(name)
            if c[-1] == name[-1]
            and abs(len(c) - len(name)) <= 1  # a slip, not an abbreviation (区市场监管局 / 区市场监督管理局)
            and level_prefix(c) == level
            and not _changes_ending(name, c)
        ]

    def _correct_typo(self, name: str) -> tuple[str, float] | None:
        ranked = self._typo_ranking(name)
        if not ranked:
            return None
        best, score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        # ambiguous only when a second name is also above the threshold and close behind
        if score >= TYPO_THRESHOLD and (runner_up < TYPO_THRESHOLD or score - runner_up >= TYPO_MARGIN):
            return best, score
        return None

    def _unresolved_hint(self, name: str) -> str:
        ranked = self._typo_ranking(name) or self.closest(name, limit=2)
        if not ranked:
            return "no similar known name"
        (best, score), rest = ranked[0], ranked[1:]
        if score < 0.5:
            return "no similar known name"
        if score >= TYPO_THRESHOLD and rest and rest[0][1] >= TYPO_THRESHOLD:
            return f"two known names are about as close: {best} ({score:.2f}), {rest[0][0]} ({rest[0][1]:.2f})"
        return f"closest known name {best} ({score:.2f}) is below the threshold {TYPO_THRESHOLD}"

    def canonical(self, name: str) -> str:
        """The canonical name an alias or variant stands for."""
        if name in self.user_aliases:
            return self.user_aliases[name]
        if name in self.lexicon.aliases:
            return self.lexicon.aliases[name]
        if name in self.doc_aliases and name not in self.lexicon.names:
            return self.canonical(self.doc_aliases[name]) if self.doc_aliases[name] != name else name
        if name.endswith("街道办事处"):
            return name[: -len("办事处")]
        return name

    def resolve_name(self, name: str) -> tuple[list[ResolvedName], list[Decision]]:
        """Resolve one token (no separators, no aliases) to one or more canonical units."""
        cached = self._name_cache.get(name)
        if cached is not None:
            return cached
        result = self._resolve_name(name)
        self._name_cache[name] = result
        return result

    def _resolve_name(self, name: str):
        if name in self.user_aliases:
            unit = self.user_aliases[name]
            return [ResolvedName(unit, "alias", name, "user alias file")], [
                Decision("user-alias", name, unit, "from the user's alias file")
            ]
        if name in self.lexicon.names or name in self.streets:
            return [ResolvedName(name, "exact", name)], []
        canonical = self.canonical(name)
        if canonical != name:
            return [ResolvedName(canonical, "alias", name, f"{name} is an alias of {canonical}")], [
                Decision("alias", name, canonical, "known alias")
            ]
        parts = self._split_glued(name)
        if parts:
            resolved = []
            for part in parts:
                sub, _ = self.resolve_name(part)
                resolved.extend(ResolvedName(s.unit, "split", name, f"{name} split into {' + '.join(parts)}") for s in sub)
            return resolved, [Decision("split", name, " + ".join(r.unit for r in resolved), "names glued together")]
        corrected = self._correct_typo(name)
        if corrected:
            unit, score = corrected
            return [ResolvedName(unit, "typo", name, f"{name} → {unit} ({score:.2f})")], [
                Decision("typo", name, unit, f"similarity {score:.2f}")
            ]
        self._canonical_candidates()
        if self.counts.get(name, 0) >= 2 and looks_like_unit(name) and name in self._candidate_set:
            # used on its own several times and near no trusted name: the document's own vocabulary
            return [ResolvedName(name, "exact", name, "not in the lexicon; used in the document")], [
                Decision("unlisted", name, name, f"not in the lexicon; the document uses it {self.counts[name]} times")
            ]
        return [ResolvedName(name, "exact", name, "not in the lexicon; kept as written")], [
            Decision("unresolved", name, name, self._unresolved_hint(name))
        ]

    def resolve_cell(self, text: str) -> CellResolution:
        """Resolve one unit cell; the result is cached per distinct text."""
        text = text or ""
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        result = CellResolution()
        seen: set[str] = set()
        for token in self.tokens(text):
            name = token.name
            if not name:
                continue
            full = name + "".join(f"（{a}）" for a in token.aliases)
            if is_blanket(full, self.extra_groups) or is_blanket(name, self.extra_groups):
                phrase = full if is_blanket(full, self.extra_groups) else name
                result.groups.append(ResolvedGroup(phrase, group_kind(phrase), token.raw))
                result.decisions.append(Decision("group", token.raw, phrase, f"blanket phrase ({group_kind(phrase)})"))
                continue
            if not name:
                continue
            names, decisions = self.resolve_name(name)
            if token.joined:
                names = [
                    ResolvedName(n.unit, "joined" if n.method == "exact" else n.method, token.raw, f"rejoined across a line break: {token.raw!r}")
                    for n in names
                ]
                decisions = [Decision("joined", token.raw, name, "a line break inside one name")] + decisions
            if token.after_break:
                decisions = [Decision("split", token.raw, name, "a line break between two names: kept apart")] + decisions
            if token.aliases:
                names = [ResolvedName(n.unit, "alias" if n.method == "exact" else n.method, token.raw, f"{'、'.join(token.aliases)} is an alias of {n.unit}") for n in names]
                decisions = decisions + [Decision("alias", token.raw, names[0].unit, f"bracketed alias {'、'.join(token.aliases)}")]
            if token.restored:
                bare = name[len(token.restored):]
                detail = f"{token.restored} written once for the list: {bare} → {name}"
                names = [ResolvedName(n.unit, "prefix" if n.method == "exact" else n.method, token.raw, detail) for n in names]
                decisions = [Decision("prefix", bare, name, detail)] + decisions
            if token.mark:
                names = [ResolvedName(n.unit, n.method, n.raw, n.detail, token.mark) for n in names]
                decisions = decisions + [Decision("marker", token.raw, name, f"the cell marks it as {'lead' if token.mark == 'lead' else 'co-responsible'}")]
            result.decisions.extend(decisions)
            for resolved in names:
                if resolved.unit in seen:
                    result.decisions.append(Decision("duplicate", resolved.raw, resolved.unit, "named twice in one cell"))
                    continue
                seen.add(resolved.unit)
                result.names.append(resolved)
        self._cache[text] = result
        return result
