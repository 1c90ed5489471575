"""Small task tables of several districts and years, written as text in the seed's tab layout.

Each table is a title line naming the district and year, then one cell per
line (a tab opens a cell), rows separated by blank lines, as in
``seeds/gongshu-2021.txt``.  The plans share unit names across districts
(区住建局, 区财政局), name one city unit (市水利局) and one leader name
(王涛) in two districts, and rename one unit between two years of a district
(区发改经信局 in 2021, 区发改局 in 2022).
"""

from __future__ import annotations

import random
from pathlib import Path

HEADER = ("序号", "项目名称", "主要工作内容", "分管领导", "牵头单位", "责任单位")

# (seq, section, text, leaders, lead, co)
LINJIANG_2021 = [
    (1, "（一）稳定经济", "推进重大项目建设", "王涛", "区发改经信局", "区住建局、区财政局、市水利局"),
    (2, "（一）稳定经济", "加快老旧小区改造", "王涛", "区住建局", "区财政局、临江街道"),
    (3, "（二）城市建设", "治理河道水环境", "李明", "区治水办", "市水利局、区住建局、区财政局"),
    (4, "（二）城市建设", "建设智慧城市平台", "李明", "区数据资源局", "区发改经信局、区财政局"),
    (5, "（三）民生保障", "扩大普惠托育供给", "赵红", "区卫健局", "区教育局、区财政局、东湖街道"),
]

# 2022: 区发改经信局 became 区发改局; 区治水办 is gone; 区教育局 leads a new task
LINJIANG_2022 = [
    (1, "（一）稳定经济", "推进重大项目建设", "王涛", "区发改局", "区住建局、区财政局、市水利局"),
    (2, "（一）稳定经济", "加快老旧小区改造", "王涛", "区住建局", "区财政局、临江街道"),
    (3, "（二）城市建设", "建设智慧城市平台", "李明", "区数据资源局", "区发改局、区财政局、区住建局"),
    (4, "（三）民生保障", "扩大普惠托育供给", "赵红", "区卫健局", "区教育局、区财政局"),
    (5, "（三）民生保障", "建设新校区", "赵红", "区教育局", "区住建局、区发改局"),
]

# another district of the same city: the same unit names, another leader called 王涛
BINHE_2021 = [
    (1, "（一）产业发展", "培育数字经济", "王涛", "区商务局", "区住建局、区科技局"),
    (2, "（一）产业发展", "建设产业园区", "王涛", "区住建局", "区商务局、区科技局、市水利局"),
    (3, "（二）生态环境", "整治工业污染", "孙伟", "区科技局", "市水利局、区商务局"),
]


def table_text(title: str, rows) -> str:
    """A task table in the seed's tab layout."""
    lines = [title, ""]
    lines += [f"\t{cell}" for cell in HEADER] + [""]
    for row in rows:
        lines += [f"\t{cell}" for cell in row] + [""]
    return "\n".join(lines)


def write_table(folder, name: str, title: str, rows) -> Path:
    path = Path(folder) / name
    path.write_text(table_text(title, rows), encoding="utf-8")
    return path


def title_of(district: str, year: int, city: str = "杭州市") -> str:
    return f"{year}年{city}{district}《政府工作报告》主要任务分解表"


def unique_district(prefix: str) -> str:
    """A district name no other test uses, in Chinese characters so titles name it (e.g. 临江测试甲乙丙丁区)."""
    chars = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
    return prefix + "".join(random.choice(chars) for _ in range(6)) + "区"


def write_plans(folder, *, linjiang="临江区", binhe="滨河区", years=(2021, 2022)):
    """The three tables (临江区 2021 and 2022, 滨河区 2021); returns their paths by name."""
    y1, y2 = years
    return {
        "linjiang-1": write_table(folder, f"{linjiang}-{y1}.txt", title_of(linjiang, y1), LINJIANG_2021),
        "linjiang-2": write_table(folder, f"{linjiang}-{y2}.txt", title_of(linjiang, y2), LINJIANG_2022),
        "binhe-1": write_table(folder, f"{binhe}-{y1}.txt", title_of(binhe, y1), BINHE_2021),
    }
