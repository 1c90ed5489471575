"""Synthetic task tables at city scale, with the seed table's quirks and a ground truth.

The seed (拱墅区 2021, 106 tasks) is too small to measure how the reader and
resolver behave on a city-wide table with thousands of units.  This module
writes tables of any size that look like the seed: the same six columns,
the same title preamble, realistic unit names (区X局, 区委X部, X街道, X集团,
X指挥部, X管委会, 规划资源X分局 ...), skewed co-responsibility (a few units
on very many tasks) and the seed's untidiness at the rates measured in it
(see :data:`DEFAULT_QUIRK_RATES`).  Every row carries the truth: the
canonical lead and co-responsible units, the leaders and the blanket
phrases, so a benchmark or test can measure how much of it the resolver
recovers.

Everything is derived from ``seed`` through :class:`random.Random`; the same
arguments give the same table and the writers give the same bytes.

>>> table = generate_table(n_tasks=30, n_units=60, seed=1)
>>> len(table.rows), len(table.truth)
(30, 30)
>>> all(u in table.units for t in table.truth for u in t.lead_units + t.co_units)
True
>>> table.rows[0].seq
1
"""

from __future__ import annotations

import bisect
import csv
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "DEFAULT_QUIRK_RATES",
    "SEED_COUNTS",
    "HEADER",
    "SyntheticRow",
    "RowTruth",
    "SyntheticUnit",
    "GroupSpec",
    "SyntheticTable",
    "generate_table",
    "write_text",
    "write_xlsx",
    "write_csv",
    "write_lexicon",
    "write_gazetteer",
    "leader_cell_name",
]

#: The header row, as in the seed.
HEADER = ("序号", "项目名称", "主要工作内容", "分管领导", "牵头单位", "责任单位")

#: What was counted in seeds/gongshu-2021.txt to set the default rates
#: (106 rows, 113 lead and 741 co-responsible unit mentions, 854 in all,
#: 650 unit–unit separators in co cells, 64 unit–blanket separators).
SEED_COUNTS = {
    "rows": 106,
    "unit_mentions": 854,
    "lead_cells_two_units": 7,  # 区委人才办\n区人力社保局, 区市场监管局区科技局, 区综合行政执法局、区治水办 ...
    "lead_two_units_on_two_lines": 4,
    "lead_two_units_glued": 1,  # 区市场监管局区科技局
    "lead_cells_broken_name": 2,  # 规划资源\n拱墅分局, 区综合行政\n执法局
    "typos": 2,  # 区发经经信局, 生态环境局分局
    "bracket_aliases": 4,  # 区委宣传部（区网信办） x2, 区发改经信局\n（区对口支援和区域合作局） x2
    "mentions_of_aliased_units": 55,  # 区委宣传部 and 区发改经信局, in lead and co cells
    "lead_aliases_on_own_line": 2,  # both aliases in lead cells sit on their own line
    "co_unit_separators": {"、": 650, "，": 1},
    "co_unit_blanket_separators": {"，": 55, "、": 8, ",": 1},
    "co_blanket_blanket_separators": {"，": 11, "、": 7},
    "rows_各街道": 67,
    "rows_相关街道": 12,
    "rows_other_blankets": 16,
    "rows_listing_streets": 19,
    "co_repeats_lead": 1,  # task 87: 区民政局 leads and is listed again as co-responsible
    "two_leaders": 7,  # 王  涛 / 樊  峥 and the like
    "sections": 21,
    "section_repeated": 8,  # of 85 rows that could leave the section cell empty
    "blank_lines_after_section": 17,  # of 29 non-empty section cells; 14 of them two lines
    "blank_line_before_continuation": 15,  # of 15 continuation lines
    "trailing_space_in_text": 2,
}

#: Quirk rates; every rate is a probability.  The defaults are the seed's
#: (see :data:`SEED_COUNTS`); 'semicolon' is not in the seed and gets the
#: ASCII comma's rate, 'co_broken' is 0 because the seed never breaks a
#: co-responsible name across lines.
DEFAULT_QUIRK_RATES = {
    # lead cells (per row)
    "lead_two_units": 7 / 106,
    "lead_two_lines": 4 / 7,  # of two-unit lead cells: the units on separate lines
    "lead_glued": 1 / 7,  # of two-unit lead cells: the names glued together
    "lead_broken": 2 / 106,  # one name broken across two lines
    # co cells
    "co_broken": 0.0,  # per co mention: name broken across two lines
    "glued": 1 / 650,  # per boundary between two co units: no separator at all
    "comma": 1 / 650,  # per boundary between two co units: ， instead of 、
    "ascii_comma": 1 / 736,  # per separator: , instead of 、/，
    "semicolon": 1 / 736,  # per separator: ； instead of 、/，
    "blanket_enumerated": 8 / 64,  # a blanket phrase after a unit joined with 、 rather than ，
    "co_repeats_lead": 1 / 106,  # per row: the lead unit named again among the co units
    # any unit mention
    "typo": 2 / 854,
    "alias": 4 / 55,  # per mention of a unit that has a bracketed alias
    "alias_units": 0.05,  # share of (non-street) units that have an alias
    "alias_own_line": 1.0,  # in lead cells, the bracketed alias on its own line
    # blanket phrases (per row)
    "blanket_all_streets": 67 / 87,  # 各街道, in rows that list no street by name
    "blanket_related_streets": 12 / 20,  # 相关街道, in the rows left without 各街道
    "blanket_other": 16 / 106,  # 区政府各部门, 各指挥部, ...成员单位 (1–3 of them)
    "explicit_streets": 19 / 106,  # rows that name streets one by one
    # leaders and sections (per row)
    "two_leaders": 7 / 106,
    "new_section": 21 / 106,
    "section_repeated": 8 / 85,
    # text layout (write_text only)
    "blank_after_section": 17 / 29,
    "two_blanks_after_section": 14 / 17,
    "blank_before_continuation": 15 / 15,
    "trailing_space": 2 / 106,
}

#: Explicit co-responsible unit counts of the seed's 106 rows (blankets not
#: counted); rows draw their count from this list.
_SEED_CO_COUNTS = (
    [0] * 17 + [1] * 10 + [2] * 10 + [3] * 16 + [4] * 2 + [5] * 9 + [6] * 2 + [7] * 3 + [8] * 3 + [9] * 5
    + [10] * 5 + [11] * 2 + [13] * 5 + [14] * 2 + [15] + [18] * 4 + [20] * 3 + [23, 24, 28, 28, 28, 29, 36]
)

# --- vocabulary -------------------------------------------------------------
# Two-character morphemes government names are built from.
_DOMAINS = (
    "发改 经信 科技 财政 民政 商务 投促 住建 文广 旅体 市场 监管 金融 数据 资源 统计 审计 司法 应急 卫健 "
    "教育 人力 社保 退役 农业 农村 水利 交通 林业 粮食 医保 体育 旅游 环保 城管 信访 档案 机关 人防 侨务 "
    "外事 港航 物价 质监 安监 规划 城建 国资 工信 招商 物流 会展 园林 文物 气象 海洋 渔业 畜牧 协作 民宗 "
    "供销 信息 网络 建管 城改 治水 矛调 处置 审批 综治 征迁 房管 能源 口岸 开放 服务 保障 消费 创新 人才 "
    "产业 健康 养老 就业 环境 生态 数字 智慧 平安 法治 文化 商贸 外贸 资产 土地 住房 市政 水务 燃气 "
    "经济 运行 安全 生产 行政 执法 综合 发展 改革 督查 考核 绩效 营商 项目 储备 后勤 保密 对口 合作"
).split()
_PARTY = "组织 宣传 统战 政法 编制 改革 人才 网信 外事 财经 农村 机要 保密 党史 巡察 直属 老干 政研 社工 两新 文明 国安".split()
_ENTERPRISE = "国投 城投 交投 文旅 产投 水务 建工 商贸 农发 城发 金控 康养 数科 安居 旅投 科创 运营 置业 环境 能源".split()
_PLACE_A = (
    "天潮朝文东石上祥半康米湖小和大长武拱西南北新金银青白云凤龙虎江河清明双古桃柳梅兰竹松枫翠紫瑞丰永安宁嘉德仁"
)
_PLACE_B = "水鸣晖新桥塘符山林河睦关庆宸湾浦溪岭峰园港坝墩埠亭阁门苑坊堰渡洲滨口头湖城庄岗泉田"
_PLACE_C = "巷桥湾村里"
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤应樊包"
)
_GIVEN = "涛峥辉晓东巧华雷挺荣升建明伟芳娜敏静丽强磊军洋勇艳杰娟超秀霞平刚桂英玉萍红文斌波宁宇浩凯鹏飞鑫丹佳琳颖倩婷雪慧俊毅峰亮"
_MASS = ("区总工会", "团区委", "区妇联", "区残联", "区工商联", "区科协", "区侨联", "区文联", "区红十字会")
_JUDICIAL = ("区法院", "区检察院")
_FIXED_PARTY = ("区纪委监委", "区人武部")

#: Blanket phrases other than the street ones, with their group kind.
_OTHER_BLANKETS = (
    ("区政府各部门", "departments"),
    ("区政府各组成部门", "departments"),
    ("各直属单位", "departments"),
    ("区级机关各部门", "departments"),
    ("区直属各单位", "departments"),
    ("市属延伸部门", "departments"),
    ("各城建单位", "other"),
    ("相关建设单位", "other"),
    ("相关建设指挥部", "other"),
    ("各建设主体", "other"),
    ("各指挥部", "other"),
    ("各相关审批职能部门", "departments"),
)

_ADVERBS = "着力 大力 系统 深化 高标 精心 加快 全面 持续 统筹 扎实 全力 积极 稳步".split()
_VERBS = "稳定 发展 优化 拓展 建设 完善 提升 推动 打造 擦亮 织密 筑牢 做精 激活 夯实 培育".split()
_OBJECTS = (
    "经济运行 重点产业 创新生态 开放合作 中心城区 城市功能 环境品质 文化名片 基层文化 民生服务 社会保障 基层治理 "
    "安全稳定 数字经济 营商环境 消费市场 城市更新 乡村振兴 公共服务 教育医疗 交通网络 生态屏障 风险防线 法治建设"
).split()
_GOALS = (
    "地区生产总值 财政收入 固定资产投资 社会消费品零售总额 数字经济核心产业增加值 规上工业增加值 服务业增加值 "
    "外贸出口 实际利用外资 居民人均可支配收入 研发投入 高新技术产业增加值"
).split()
_PROJECTS = (
    "老旧小区改造 城中村改造 智慧城市 未来社区 口袋公园 垃圾分类 河道综合治理 地下管网 停车设施 养老服务中心 "
    "社区卫生服务站 中小学校 文化礼堂 体育公园 产业园区 人才公寓 邻里中心 便民服务中心 电梯加装 公共自行车"
).split()
_TASK_VERBS = "推进 加快 完善 深化 实施 开展 建成 打造 提升 优化 落实 健全 强化 推动 加强 创建".split()
_MEASURES = "个 处 家 所 条 台 项 公里 平方米 万平方米".split()

_DIGITS = "零一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """Chinese numeral for section numbers, 1 ≤ n < 100000.

    >>> _chinese_number(21), _chinese_number(10), _chinese_number(105), _chinese_number(4010)
    ('二十一', '十', '一百零五', '四千零一十')
    """
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    units = ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, ""))
    out, zero = [], False
    started = False
    for value, name in units:
        digit = (n // value) % 10
        if digit:
            if zero and started:
                out.append("零")
            out.append(_DIGITS[digit] + name)
            started, zero = True, False
        elif started:
            zero = True
    return "".join(out)


def leader_cell_name(name: str) -> str:
    """A leader's name as tables write it: two-character names padded to three.

    >>> leader_cell_name("王涛"), leader_cell_name("包晓东")
    ('王  涛', '包晓东')
    """
    return f"{name[0]}  {name[1]}" if len(name) == 2 else name


# --- data ---------------------------------------------------------------------


@dataclass(frozen=True)
class SyntheticRow:
    """One row as written: the six cells' text, line breaks inside a cell as ``\\n``."""

    seq: int
    section: str  # empty when the row keeps the section above
    text: str
    leaders: str
    lead: str
    co: str

    def cells(self) -> dict[str, str]:
        """The cells keyed by role, as a reader hands them over (seq as text)."""
        return {
            "seq": str(self.seq),
            "section": self.section,
            "text": self.text,
            "leaders": self.leaders,
            "lead": self.lead,
            "co": self.co,
        }


@dataclass(frozen=True)
class RowTruth:
    """What a row means: canonical names, in cell order.

    ``co_units`` never repeats a lead unit (as :class:`respgraph.model.Task`);
    ``groups`` are the blanket phrases as written; ``quirks`` tags what was
    done to the row's text (typo, glued, lead-broken, alias, ...).
    """

    section: str
    leaders: tuple[str, ...]
    lead_units: tuple[str, ...]
    co_units: tuple[str, ...]
    groups: tuple[str, ...]
    quirks: tuple[str, ...] = ()


@dataclass(frozen=True)
class SyntheticUnit:
    name: str
    kind: str  # one of respgraph.model.UNIT_KINDS
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class GroupSpec:
    phrase: str
    kind: str  # "streets", "departments", "members", "other"
    members: tuple[str, ...] = ()  # known members (各街道 → every street); empty when unknown


@dataclass
class SyntheticTable:
    """A generated table: rows as written plus the truth behind each row."""

    district: str
    year: int
    seed: int
    rows: list[SyntheticRow]
    truth: list[RowTruth]
    units: dict[str, SyntheticUnit]  # canonical name -> unit (streets included)
    streets: list[str]
    leaders: list[str]  # canonical names (no padding)
    groups: dict[str, GroupSpec]
    quirk_rates: dict[str, float] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"{self.year}年{self.district}《政府工作报告》主要任务分解表"

    @property
    def preamble(self) -> list[str]:
        """The notice that precedes the table, line by line, as in the seed."""
        d, y = self.district, self.year
        return [
            f" 某某市{d}人民政府办公室",
            f"关于印发{y}年《政府工作报告》",
            "主要任务分解表的通知",
            "各街道办事处、区政府各部门、各直属单位：",
            f"{y}年《政府工作报告》已经{d}人民代表大会会议审议通过。为了抓好各项主要工作任务的落实，经区政府研究，"
            "决定对《政府工作报告》确定的任务进行分解（详见附件），并明确了相关牵头和责任单位。",
            "请各单位认真对照《政府工作报告》确定的各项目标任务，健全机制、明确计划、抓好落实，确保每项目标任务早安排、早落实、早出成效。",
            f"附件：{self.title}",
            " 附件",
            self.title,
        ]

    @property
    def sections(self) -> list[str]:
        seen: dict[str, None] = {}
        for t in self.truth:
            seen.setdefault(t.section, None)
        return list(seen)

    def unit_mentions(self) -> int:
        """Number of unit names the truth puts on tasks (lead + co)."""
        return sum(len(t.lead_units) + len(t.co_units) for t in self.truth)

    def alias_map(self) -> dict[str, str]:
        """alias -> canonical name, for every unit with an alias.

        >>> t = generate_table(n_tasks=5, n_units=200, seed=3)
        >>> all(t.units[c].aliases for c in t.alias_map().values())
        True
        """
        return {a: u.name for u in self.units.values() for a in u.aliases}

    def gazetteer(self) -> dict:
        """The district, its streets and the groups of known membership, in the gazetteer file's layout.

        >>> t = generate_table(n_tasks=5, n_units=40, n_streets=4, seed=2)
        >>> g = t.gazetteer()
        >>> g["districts"][t.district]["streets"] == t.streets, g["all_streets"]
        (True, ['各街道'])
        """
        return {
            "districts": {self.district: {"aliases": [self.district[:-1]], "streets": list(self.streets)}},
            "all_streets": [p for p, g in self.groups.items() if g.kind == "streets" and g.members],
            "groups": {p: list(g.members) for p, g in self.groups.items() if g.members and g.kind != "streets"},
        }

    def lexicon(self) -> dict:
        """The vocabulary a resolver may be given: units with kinds and aliases, streets, groups.

        >>> lex = generate_table(n_tasks=5, n_units=40, seed=2).lexicon()
        >>> sorted(lex)
        ['district', 'groups', 'leaders', 'streets', 'units', 'year']
        """
        return {
            "district": self.district,
            "year": self.year,
            "units": [
                {"name": u.name, "kind": u.kind, "aliases": list(u.aliases)} for u in self.units.values()
            ],
            "streets": list(self.streets),
            "groups": [
                {"phrase": g.phrase, "kind": g.kind, "members": list(g.members)} for g in self.groups.values()
            ],
            "leaders": list(self.leaders),
        }


# --- names --------------------------------------------------------------------


class _Names:
    """Draws unique names; gives up on a pattern after many collisions."""

    def __init__(self, rng: random.Random, taken: dict[str, None]):
        self.rng = rng
        self.taken = taken

    def draw(self, make, tries=200):
        for _ in range(tries):
            name = make()
            if name not in self.taken:
                self.taken[name] = None
                return name
        return None


def _place(rng: random.Random) -> str:
    name = rng.choice(_PLACE_A) + rng.choice(_PLACE_B)
    if rng.random() < 0.12:
        name += rng.choice(_PLACE_C)
    return name


def _government(rng):
    a, b = rng.sample(_DOMAINS, 2)
    r = rng.random()
    if r < 0.40:
        return f"区{a}局"
    if r < 0.65:
        return f"区{a}{b}局"
    if r < 0.85:
        return f"区{a}办"
    if r < 0.95:
        return f"区{a}{b}办"
    return f"区{a}委"


def _party(rng):
    a = rng.choice(_PARTY)
    r = rng.random()
    if r < 0.35:
        return f"区委{a}部"
    if r < 0.65:
        return f"区委{a}办"
    if r < 0.80:
        return f"区委{a}委"
    if r < 0.90:
        return f"区委{a}工委"
    return f"区委{a}{rng.choice(_DOMAINS)}办"


def _platform(rng):
    a, b = rng.sample(_DOMAINS, 2)
    r = rng.random()
    if r < 0.22:
        return f"{_place(rng)}指挥部"
    if r < 0.35:
        return f"区{a}指挥部"
    if r < 0.50:
        return f"区{a}{b}区管委会"
    if r < 0.62:
        return f"{_place(rng)}{a}小镇管委会"
    if r < 0.80 and a != "发展":
        return f"区{a}发展中心"
    if r < 0.92:
        return f"区{a}{b}中心"
    return f"区{a}园"


def _enterprise(rng):
    r = rng.random()
    if r < 0.55:
        return f"区{rng.choice(_ENTERPRISE)}集团"
    if r < 0.85:
        return f"区{rng.choice(_DOMAINS)}公司"
    # abbreviations such as 拱投发
    return rng.choice(_PLACE_A) + rng.choice("投建城交文") + rng.choice("发控投集")


def _vertical(rng, district_short):
    place = district_short if rng.random() < 0.3 else _place(rng)
    r = rng.random()
    if r < 0.18:
        return f"规划资源{place}分局"
    if r < 0.34:
        return f"生态环境{place}分局"
    if r < 0.48:
        return f"{place}区税务局"
    if r < 0.60:
        return f"交警{place}大队"
    if r < 0.70:
        return f"交通运输执法{place}大队"
    if r < 0.85:
        return f"区{rng.choice(_DOMAINS)}分局"
    return f"区{rng.choice(_DOMAINS)}{rng.choice(_DOMAINS)}大队"


#: Share of non-street units of each kind (the seed's 79 non-street units).
_KIND_SHARES = (
    ("government", 0.50),
    ("party", 0.10),
    ("platform", 0.20),
    ("enterprise", 0.08),
    ("vertical", 0.08),
)


def _make_units(rng: random.Random, n_units: int, n_streets: int, district_short: str, alias_share: float):
    shipped_names, shipped_aliases = _shipped_vocabulary()
    # a generated unit may share a name with a shipped unit (the same office), never
    # with a shipped alias (the resolver would map it to another unit)
    taken: dict[str, None] = dict.fromkeys(shipped_aliases)
    for phrase, _ in _OTHER_BLANKETS:
        taken[phrase] = None
    names = _Names(rng, taken)
    units: dict[str, SyntheticUnit] = {}
    streets: list[str] = []
    for _ in range(n_streets):
        suffix = "镇" if rng.random() < 0.1 else "街道"
        name = names.draw(lambda: _place(rng) + suffix)
        if name is None:
            break
        streets.append(name)
        units[name] = SyntheticUnit(name, "street")
    n_rest = max(0, n_units - len(streets))
    fixed = [(n, "mass-org") for n in _MASS] + [(n, "judicial") for n in _JUDICIAL] + [(n, "party") for n in _FIXED_PARTY]
    fixed = fixed[: max(0, min(len(fixed), n_rest // 10))]
    for name, kind in fixed:
        taken[name] = None
        units[name] = SyntheticUnit(name, kind)
    n_rest -= len(fixed)
    makers = {
        "government": _government,
        "party": _party,
        "platform": _platform,
        "enterprise": _enterprise,
        "vertical": lambda r: _vertical(r, district_short),
    }
    made = 0
    for kind, share in _KIND_SHARES:
        want = round(n_rest * share) if kind != "vertical" else n_rest - made
        for _ in range(want):
            name = names.draw(lambda: makers[kind](rng))
            if name is None:  # the pattern is exhausted; government names have the most room
                name = names.draw(lambda: _government(rng), tries=2000)
                kind_used = "government"
            else:
                kind_used = kind
            if name is None:
                break
            units[name] = SyntheticUnit(name, kind_used)
            made += 1
    # bracketed aliases (区委宣传部（区网信办）): the alias is a name of its own that no unit has
    for name in shipped_names:
        taken.setdefault(name, None)
    for name in [n for n, u in units.items() if u.kind != "street"]:
        if rng.random() < alias_share:
            a, b = rng.sample(_DOMAINS, 2)
            alias = names.draw(lambda: rng.choice((f"区{a}办", f"区{a}{b}局", f"区{a}和{b}局", f"区{a}{b}办")))
            if alias:
                units[name] = SyntheticUnit(name, units[name].kind, (alias,))
    return units, streets


def _make_leaders(rng: random.Random, n: int) -> list[str]:
    taken: dict[str, None] = {}
    names = _Names(rng, taken)
    out = []
    for _ in range(n):
        given = rng.choice(_GIVEN) if rng.random() < 0.35 else rng.choice(_GIVEN) + rng.choice(_GIVEN)
        surname = rng.choice(_SURNAMES)
        name = names.draw(lambda: surname + given) or names.draw(
            lambda: rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN)
        )
        if name:
            out.append(name)
    return out


# --- text of tasks and sections -----------------------------------------------


def _section_title(rng, number):
    return f"（{_chinese_number(number)}）{rng.choice(_ADVERBS)}{rng.choice(_VERBS)}{rng.choice(_OBJECTS)}"


def _task_text(rng, places):
    r = rng.random()
    if r < 0.2:
        return f"{rng.choice(_GOALS)}增长{rng.randint(2, 15)}{rng.choice(('', '.5'))}%左右。"
    if r < 0.5:
        return (
            f"{rng.choice(_TASK_VERBS)}{rng.choice(places)}{rng.choice(_PROJECTS)}建设，"
            f"完成{rng.choice(_PROJECTS)}{rng.randint(2, 300)}{rng.choice(_MEASURES)}。"
        )
    if r < 0.8:
        return (
            f"{rng.choice(_TASK_VERBS)}{rng.choice(_OBJECTS)}，{rng.choice(_TASK_VERBS)}{rng.choice(_PROJECTS)}，"
            f"{rng.choice(_TASK_VERBS)}{rng.choice(_OBJECTS)}{rng.choice(('机制', '体系', '工程', '行动'))}。"
        )
    return f"完成{rng.choice(_PROJECTS)}{rng.randint(10, 500)}{rng.choice(_MEASURES)}以上。"


# --- quirks -------------------------------------------------------------------


#: A misspelling stays at least this similar (rapidfuzz ratio) to its name: the
#: seed's two typos score 83 (区发经经信局) and 92 (生态环境局分局 against 生态环境拱墅分局).
_TYPO_MIN_SIMILARITY = 83


class _Quirks:
    """Makes the untidy spellings and checks each one stays resolvable from the lexicon."""

    def __init__(self, rng, units: dict[str, SyntheticUnit], rates, also_known=()):
        self.rng = rng
        self.rates = rates
        self.known: dict[str, None] = dict.fromkeys(units)
        for u in units.values():
            for a in u.aliases:
                self.known[a] = None
        self.names = list(units)
        for name in also_known:  # names a resolver knows anyway: a slip must not land nearer to them
            if name not in self.known:
                self.known[name] = None
                self.names.append(name)
        self.max_len = max((len(n) for n in self.known), default=1)
        self._typos: dict[str, list[str]] = {}

    def _segmentations(self, text: str, limit=2) -> int:
        """How many ways ``text`` splits into known names (counting stops at ``limit``)."""
        ways = [0] * (len(text) + 1)
        ways[0] = 1
        for end in range(1, len(text) + 1):
            total = 0
            for start in range(max(0, end - self.max_len), end):
                if ways[start] and text[start:end] in self.known:
                    total += ways[start]
            ways[end] = min(total, limit)
        return ways[-1]

    def can_glue(self, a: str, b: str) -> bool:
        return (a + b) not in self.known and self._segmentations(a + b) == 1

    def can_stack(self, a: str, b: str) -> bool:
        """Two names on two lines stay two names (their join is no name)."""
        return (a + b) not in self.known

    def break_name(self, name: str) -> str | None:
        """``name`` broken across two lines, pieces that are no names themselves."""
        if len(name) < 5:
            return None
        # the seed breaks between words (规划资源 / 拱墅分局, 区综合行政 / 执法局); names
        # here are built from two-character words after 区 or 区委
        offset = 2 if name.startswith("区委") else 1 if name.startswith("区") else 0
        cuts = [c for c in range(offset + 2, len(name) - 1, 2)] or list(range(2, len(name) - 1))
        self.rng.shuffle(cuts)
        for cut in cuts[:4]:
            head, tail = name[:cut], name[cut:]
            if head not in self.known and tail not in self.known and self._segmentations(name) == 1:
                return f"{head}\n{tail}"
        return None

    def typo(self, name: str) -> str | None:
        """A one-slip misspelling of ``name`` that is still closest to ``name``."""
        if len(name) < 5:
            return None
        # slips are independent: a new one each time, until a name has had eight different ones
        options = self._typos.setdefault(name, [])
        if len(options) < 8:
            fresh = self._make_typo(name, options)
            if fresh:
                options.append(fresh)
                return fresh
        return self.rng.choice(options) if options else None

    def _make_typo(self, name: str, out: list[str]) -> str | None:
        from rapidfuzz import fuzz, process

        from respgraph.resolve import _changes_ending, level_prefix

        rng = self.rng
        for _ in range(4):
            i = rng.randrange(1, len(name) - 1)
            op = rng.random()
            if op < 0.4:  # 区发改经信局 → 区发经经信局: a neighbouring character written twice
                j = i + 1 if rng.random() < 0.5 else i - 1
                candidate = name[:i] + name[j] + name[i + 1 :]
            elif op < 0.6:  # a character dropped
                candidate = name[:i] + name[i + 1 :]
            elif op < 0.8 and i + 2 < len(name):  # two neighbours swapped
                candidate = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
            elif i + 2 < len(name):  # 生态环境拱墅分局 → 生态环境局分局: two characters become one
                candidate = name[:i] + rng.choice(name) + name[i + 2 :]
            else:
                continue
            if candidate == name or candidate in self.known or candidate in out:
                continue
            if level_prefix(candidate) != level_prefix(name) or _changes_ending(candidate, name):
                continue  # not a slip but another unit (区X局 for 区X分局, 区 added or lost): never corrected
            best = process.extract(candidate, self.names, scorer=fuzz.ratio, limit=2)
            if not best or best[0][0] != name or best[0][1] < _TYPO_MIN_SIMILARITY:
                continue
            if len(best) > 1 and best[1][1] > best[0][1] - 5:
                continue
            return candidate
        return None


def _shipped_vocabulary() -> tuple[list[str], list[str]]:
    """The shipped lexicon's names and aliases, sorted (the resolver always knows them)."""
    from respgraph.lexicon import load_lexicon

    lexicon = load_lexicon()
    return sorted(lexicon.names), sorted(lexicon.aliases)


def _shipped_names() -> list[str]:
    names, aliases = _shipped_vocabulary()
    return sorted(set(names) | set(aliases))


def _weights_cumulative(n: int, exponent: float) -> list[float]:
    total, out = 0.0, []
    for rank in range(1, n + 1):
        total += 1.0 / rank**exponent
        out.append(total)
    return out


def _draw_distinct(rng, pool, cum, k, exclude=()):
    """k distinct items of ``pool`` drawn by the cumulative weights ``cum``."""
    k = min(k, len(pool) - len(exclude))
    if k <= 0:
        return []
    chosen: dict[str, None] = {}
    skip = set(exclude)
    total = cum[-1]
    tries = 0
    while len(chosen) < k and tries < 50 * k:
        tries += 1
        item = pool[bisect.bisect_left(cum, rng.random() * total)]
        if item not in skip and item not in chosen:
            chosen[item] = None
    if len(chosen) < k:  # heavily skewed weights and a long list: fill up uniformly
        rest = [p for p in pool if p not in skip and p not in chosen]
        for item in rng.sample(rest, k - len(chosen)):
            chosen[item] = None
    return list(chosen)


# --- the generator ------------------------------------------------------------


def generate_table(
    n_tasks: int = 20_000,
    n_units: int = 3_000,
    n_streets: int | None = None,
    n_leaders: int | None = None,
    seed: int = 0,
    quirk_rates: dict[str, float] | None = None,
    *,
    district: str | None = None,
    year: int = 2030,
) -> SyntheticTable:
    """A table of ``n_tasks`` rows over ``n_units`` units (streets included), with its truth.

    ``quirk_rates`` overrides entries of :data:`DEFAULT_QUIRK_RATES`; pass
    ``{name: 0.0 for name in DEFAULT_QUIRK_RATES}`` for a perfectly tidy table.

    >>> t = generate_table(n_tasks=50, n_units=80, n_streets=8, n_leaders=5, seed=7)
    >>> len(t.streets), len(t.leaders), len(t.units)
    (8, 5, 80)
    >>> generate_table(n_tasks=50, n_units=80, seed=7).rows == generate_table(n_tasks=50, n_units=80, seed=7).rows
    True
    """
    if n_tasks < 1:
        raise ValueError("n_tasks must be at least 1")
    if n_units < 4:
        raise ValueError("n_units must be at least 4")
    rates = dict(DEFAULT_QUIRK_RATES)
    if quirk_rates:
        unknown = sorted(set(quirk_rates) - set(rates))
        if unknown:
            raise ValueError(f"unknown quirk rate(s): {', '.join(unknown)}; known: {', '.join(rates)}")
        rates.update(quirk_rates)
    if n_streets is None:  # the seed: 18 streets among 97 units; the largest districts have about 40
        n_streets = max(2, min(40, round(n_units * 18 / 97)))
    n_streets = max(1, min(n_streets, n_units - 3))
    if n_leaders is None:  # the seed: 8 leaders for 97 units
        n_leaders = max(3, min(60, 8 + n_units // 150))

    rng = random.Random(seed)
    district_short = rng.choice(_PLACE_A) + rng.choice(_PLACE_B)
    district = district or f"{district_short}区"

    units, streets = _make_units(rng, n_units, n_streets, district_short, rates["alias_units"])
    leaders = _make_leaders(rng, n_leaders)
    departments = [n for n, u in units.items() if u.kind != "street"]

    # popularity: co-responsibility follows a Zipf law; leads rank the units independently
    co_pool = departments[:]
    rng.shuffle(co_pool)
    co_cum = _weights_cumulative(len(co_pool), 1.0)
    lead_pool = departments[:]
    rng.shuffle(lead_pool)
    lead_cum = _weights_cumulative(len(lead_pool), 1.0)
    street_cum = _weights_cumulative(len(streets), 0.5)
    leader_of = {name: leaders[i % len(leaders)] for i, name in enumerate(lead_pool)}
    for i, name in enumerate(streets):
        leader_of[name] = leaders[(i * 7) % len(leaders)]

    groups: dict[str, GroupSpec] = {
        "各街道": GroupSpec("各街道", "streets", tuple(streets)),
        "相关街道": GroupSpec("相关街道", "streets", ()),
    }
    for phrase, kind in _OTHER_BLANKETS:
        groups[phrase] = GroupSpec(phrase, kind, ())
    member_phrases: list[str] = []
    for _ in range(max(2, n_tasks // 500)):
        topic = rng.choice(_DOMAINS) + rng.choice(_DOMAINS)
        phrase = rng.choice((f"区委{topic}工作领导小组成员单位", f"{topic}城市行动领导小组成员单位"))
        if phrase not in groups:
            groups[phrase] = GroupSpec(phrase, "members", ())
            member_phrases.append(phrase)
    fixed_blankets = [phrase for phrase, _ in _OTHER_BLANKETS]

    def other_blanket():
        # the seed: 2 of its 22 other blanket phrases name a leading group's members
        return rng.choice(member_phrases) if rng.random() < 2 / 22 else rng.choice(fixed_blankets)

    quirks = _Quirks(rng, units, rates, _shipped_names())
    places = [district_short] + [s[:-2] if s.endswith("街道") else s[:-1] for s in streets[:50]]

    rows: list[SyntheticRow] = []
    truth: list[RowTruth] = []
    section_number = 0
    section = ""

    def chance(name):
        return rng.random() < rates[name]

    # A quirk that does not fit the name at hand (too short to misspell or
    # break) is owed to a later name, so the table's rate is the configured one.
    owed = dict.fromkeys(("typo", "co_broken", "lead_broken", "glued"), 0)

    def attempt(quirk, make):
        fresh = chance(quirk)
        if not fresh and not owed[quirk]:
            return None
        result = make()
        if result is None:
            owed[quirk] += fresh
        elif not fresh:
            owed[quirk] -= 1
        return result

    def spell(name: str, tags: list[str], in_lead: bool) -> str:
        """How one mention of ``name`` is written."""
        alias = units[name].aliases
        if alias and chance("alias"):
            tags.append("alias")
            sep = "\n" if in_lead and chance("alias_own_line") else ""
            return f"{name}{sep}（{alias[0]}）"
        wrong = attempt("typo", lambda: quirks.typo(name))
        if wrong:
            tags.append("typo")
            return wrong
        if not in_lead:
            broken = attempt("co_broken", lambda: quirks.break_name(name))
            if broken:
                tags.append("co-broken")
                return broken
        return name

    for seq in range(1, n_tasks + 1):
        tags: list[str] = []
        # section
        if seq == 1 or chance("new_section"):
            section_number += 1
            section = _section_title(rng, section_number)
            section_cell = section
        elif chance("section_repeated"):
            section_cell = section
            tags.append("section-repeated")
        else:
            section_cell = ""

        # lead units
        lead = _draw_distinct(rng, lead_pool, lead_cum, 1)
        if rng.random() < 1 / 106:  # the seed has one street leading a task (拱投发 / 上塘街道)
            lead = [streets[bisect.bisect_left(street_cum, rng.random() * street_cum[-1])]]
        if chance("lead_two_units"):
            lead += _draw_distinct(rng, lead_pool, lead_cum, 1, exclude=lead)
        if len(lead) == 1:
            lead_cell = attempt("lead_broken", lambda: quirks.break_name(lead[0]))
            if lead_cell:
                tags.append("lead-broken")
            else:
                lead_cell = spell(lead[0], tags, in_lead=True)
        else:
            tags.append("lead-two-units")
            a, b = lead
            r = rng.random()
            if r < rates["lead_two_lines"] and quirks.can_stack(a, b):
                tags.append("lead-two-lines")
                lead_cell = f"{spell(a, tags, False)}\n{spell(b, tags, False)}"
            elif r < rates["lead_two_lines"] + rates["lead_glued"] and quirks.can_glue(a, b):
                tags.append("glued")
                lead_cell = a + b
            else:
                lead_cell = f"{spell(a, tags, False)}、{spell(b, tags, False)}"

        # leaders: the lead unit's, sometimes a second one
        names = [leader_of[lead[0]]]
        if len(leaders) > 1 and chance("two_leaders"):
            second = leader_of[lead[1]] if len(lead) > 1 else rng.choice(leaders)
            while second == names[0]:
                second = rng.choice(leaders)
            names.append(second)
        if len(names) > 1:
            tags.append("two-leaders")
        leaders_cell = "\n".join(leader_cell_name(n) for n in names)

        # co-responsible units
        k = rng.choice(_SEED_CO_COUNTS)
        co = _draw_distinct(rng, co_pool, co_cum, k, exclude=lead)
        row_streets: list[str] = []
        if chance("explicit_streets"):
            tags.append("explicit-streets")
            s = rng.choice((1, 1, 2, 2, 3, 3, 4, 6, len(streets)))
            row_streets = _draw_distinct(rng, streets, street_cum, s, exclude=lead)
        blankets: list[str] = []
        if not row_streets:
            if chance("blanket_all_streets"):
                blankets.append("各街道")
            elif chance("blanket_related_streets"):
                blankets.append("相关街道")
        others: list[str] = []
        if chance("blanket_other"):
            others = list(dict.fromkeys(other_blanket() for _ in range(rng.choice((1, 1, 1, 2, 3)))))
        repeated = None
        if chance("co_repeats_lead"):
            repeated = lead[0]
            tags.append("co-repeats-lead")
        # items in cell order: (text-to-spell, is_blanket)
        items: list[tuple[str, bool]] = [(u, False) for u in co + row_streets]
        if repeated:
            items.insert(rng.randint(0, len(items)), (repeated, False))
        for phrase in others:
            where = rng.random()
            if where < 0.6 or not items:
                items.append((phrase, True))
            elif where < 0.8:
                items.insert(0, (phrase, True))
                tags.append("blanket-first")
            else:
                items.insert(rng.randint(1, len(items)), (phrase, True))
                tags.append("blanket-middle")
        items += [(phrase, True) for phrase in blankets]
        if not items:  # a row always names someone; the seed's empty lists carry 各街道
            items.append(("各街道", True))
        co_cell = _join_co(rng, rates, items, quirks, tags, spell, attempt)

        co_truth = [u for u in dict.fromkeys(co + row_streets) if u not in lead]
        group_truth = [p for p, is_blanket in items if is_blanket]
        rows.append(SyntheticRow(seq, section_cell, _task_text(rng, places), leaders_cell, lead_cell, co_cell))
        truth.append(
            RowTruth(
                section=section,
                leaders=tuple(names),
                lead_units=tuple(lead),
                co_units=tuple(co_truth),
                groups=tuple(group_truth),
                quirks=tuple(dict.fromkeys(tags)),
            )
        )

    return SyntheticTable(
        district=district,
        year=year,
        seed=seed,
        rows=rows,
        truth=truth,
        units=units,
        streets=streets,
        leaders=leaders,
        groups=groups,
        quirk_rates=rates,
    )


def _join_co(rng, rates, items, quirks, tags, spell, attempt) -> str:
    parts: list[str] = []
    previous: tuple[str, bool] | None = None
    for name, is_blanket in items:
        glued = False
        if previous is not None:
            prev_name, prev_blanket = previous
            r = rng.random()
            if not prev_blanket and not is_blanket:
                # the name before was written as it is, and not glued itself (the seed glues pairs)
                plain = parts[-1] == prev_name and (len(parts) < 2 or parts[-2] != "")
                if attempt("glued", lambda: (plain and quirks.can_glue(prev_name, name)) or None):
                    sep, glued = "", True
                    tags.append("glued")
                elif r < rates["comma"]:
                    sep = "，"
                    tags.append("comma")
                else:
                    sep = "、"
            elif is_blanket and not prev_blanket:
                sep = "、" if r < rates["blanket_enumerated"] else "，"
            elif is_blanket:
                sep = "、" if r < 7 / 18 else "，"
            else:
                sep = "、"
            r = rng.random()
            if sep and r < rates["ascii_comma"]:
                sep = ","
                tags.append("ascii-comma")
            elif sep and r < rates["ascii_comma"] + rates["semicolon"]:
                sep = "；"
                tags.append("semicolon")
            parts.append(sep)
        parts.append(name if is_blanket or glued else spell(name, tags, in_lead=False))
        previous = (name, is_blanket)
    return "".join(parts)


# --- writers ------------------------------------------------------------------


def write_text(table: SyntheticTable, path) -> Path:
    """Write ``table`` in the seed's tab layout (UTF-8), with its blank-line habits.

    >>> import tempfile, os
    >>> from respgraph.readers.text import read_text
    >>> t = generate_table(n_tasks=20, n_units=40, seed=5)
    >>> p = write_text(t, os.path.join(tempfile.mkdtemp(), "t.txt"))
    >>> [r.cells for r in read_text(p).rows] == [r.cells() for r in t.rows]
    True
    """
    path = Path(path)
    rates = table.quirk_rates or DEFAULT_QUIRK_RATES
    rng = random.Random(f"{table.seed}-layout")
    out: list[str] = []
    for i, line in enumerate(table.preamble):
        out.append(line)
        if i < len(table.preamble) - 3 or i == len(table.preamble) - 1:
            out.append("")
    out.extend("\t" + h for h in HEADER)
    out.append("")
    for row in table.rows:
        cells = (str(row.seq), row.section, row.text, row.leaders, row.lead, row.co)
        for index, cell in enumerate(cells):
            lines = cell.split("\n")
            first = lines[0]
            if index == 2 and rng.random() < rates["trailing_space"]:
                first += " "
            out.append("\t" + first)
            for more in lines[1:]:
                if rng.random() < rates["blank_before_continuation"]:
                    out.append("")
                out.append(more)
            if index == 1 and cell and rng.random() < rates["blank_after_section"]:
                out.append("")
                if rng.random() < rates["two_blanks_after_section"]:
                    out.append("")
        out.append("")
    out.extend(["", " "])
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def _row_values(row: SyntheticRow):
    return [row.seq, row.section or None, row.text, row.leaders, row.lead, row.co]


def write_xlsx(table: SyntheticTable, path) -> Path:
    """Write ``table`` as a one-sheet workbook: a title row, the header, the rows.

    Cells keep their line breaks.  As in real tables, a section cell is
    merged down over the rows under it that leave the section empty.

    >>> import tempfile, os
    >>> from openpyxl import load_workbook
    >>> t = generate_table(n_tasks=12, n_units=30, seed=1)
    >>> p = write_xlsx(t, os.path.join(tempfile.mkdtemp(), "t.xlsx"))
    >>> [n for n, row in enumerate(t.rows, start=3) if row.section]  # the rows starting a section
    [3, 13]
    >>> sorted(r.coord for r in load_workbook(p)["任务分解表"].merged_cells.ranges)
    ['B13:B14', 'B3:B12']
    """
    from openpyxl import Workbook

    path = Path(path)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("任务分解表")
    sheet.append([table.title])
    sheet.append(list(HEADER))
    first = 3  # the first row under the header
    starts = [number for number, row in enumerate(table.rows, start=first) if row.section]
    ends = [number - 1 for number in starts[1:]] + [first + len(table.rows) - 1]
    for row in table.rows:
        sheet.append(_row_values(row))
    # A write-only sheet has no merge_cells(), but it writes the ranges listed in
    # merged_cells after the rows; section cells are in column B (see _row_values).
    for start, end in zip(starts, ends):
        if end > start:
            sheet.merged_cells.add(f"B{start}:B{end}")
    book.save(path)
    return path


def write_csv(table: SyntheticTable, path, encoding: str = "utf-8") -> Path:
    """Write ``table`` as CSV the way a spreadsheet exports it: title row, header, rows.

    ``encoding`` is ``"utf-8"`` (also ``"utf-8-sig"``) or ``"gbk"``.

    >>> import tempfile, os
    >>> t = generate_table(n_tasks=3, n_units=30, seed=1)
    >>> p = write_csv(t, os.path.join(tempfile.mkdtemp(), "t.csv"), encoding="gbk")
    >>> p.read_bytes().decode("gbk").splitlines()[1]
    '序号,项目名称,主要工作内容,分管领导,牵头单位,责任单位'
    """
    if encoding.lower().replace("_", "-") not in ("utf-8", "utf8", "utf-8-sig", "gbk", "gb18030"):
        raise ValueError(f"encoding must be utf-8 or gbk, not {encoding!r}")
    path = Path(path)
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow([table.title] + [""] * (len(HEADER) - 1))
        writer.writerow(HEADER)
        for row in table.rows:
            writer.writerow([row.seq, row.section, row.text, row.leaders, row.lead, row.co])
    return path


def _write_mapping(data, path) -> Path:
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    else:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def write_lexicon(table: SyntheticTable, path) -> Path:
    """Write :meth:`SyntheticTable.lexicon` as YAML (``.yaml``/``.yml``) or JSON.

    The YAML file is a lexicon file ``respgraph parse --lexicon`` accepts (a
    top-level ``units:`` list of names with kinds and aliases; the other keys
    are extra information).
    """
    return _write_mapping(table.lexicon(), path)


def write_gazetteer(table: SyntheticTable, path) -> Path:
    """Write :meth:`SyntheticTable.gazetteer` as YAML (for ``--gazetteer``) or JSON."""
    return _write_mapping(table.gazetteer(), path)

