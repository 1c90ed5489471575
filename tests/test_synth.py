"""The synthetic table generator: determinism, round trips through the readers, quirk rates, truth."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import zipfile
from collections import Counter

import pytest
from rapidfuzz import fuzz, process

from respgraph.lexicon import load_gazetteer, load_lexicon
from respgraph.readers import read_table
from respgraph.synth import (
    DEFAULT_QUIRK_RATES,
    HEADER,
    generate_table,
    leader_cell_name,
    write_csv,
    write_gazetteer,
    write_lexicon,
    write_text,
    write_xlsx,
)

SEPARATORS = re.compile(r"[、，,；]")


@pytest.fixture(scope="module")
def small():
    return generate_table(n_tasks=200, n_units=150, seed=11)


# --- determinism ------------------------------------------------------------------


def test_same_seed_gives_identical_bytes(tmp_path, small):
    again = generate_table(n_tasks=200, n_units=150, seed=11)
    a = write_text(small, tmp_path / "a.txt").read_bytes()
    b = write_text(again, tmp_path / "b.txt").read_bytes()
    assert a == b
    assert write_csv(small, tmp_path / "a.csv", "gbk").read_bytes() == write_csv(again, tmp_path / "b.csv", "gbk").read_bytes()
    assert small.truth == again.truth
    other = generate_table(n_tasks=200, n_units=150, seed=12)
    assert write_text(other, tmp_path / "c.txt").read_bytes() != a


def test_same_seed_same_workbook_content(tmp_path, small):
    # openpyxl stamps the creation time into docProps/core.xml; every other part must match
    again = generate_table(n_tasks=200, n_units=150, seed=11)
    parts = []
    for table, name in ((small, "a.xlsx"), (again, "b.xlsx")):
        with zipfile.ZipFile(write_xlsx(table, tmp_path / name)) as book:
            parts.append({n: book.read(n) for n in book.namelist() if n != "docProps/core.xml"})
    assert parts[0] == parts[1]


def test_output_does_not_depend_on_string_hashing(tmp_path):
    # set iteration order changes with PYTHONHASHSEED; the generator must never rely on it
    script = (
        "import hashlib, sys, tempfile, os\n"
        "from respgraph.synth import generate_table, write_text\n"
        "p = os.path.join(tempfile.mkdtemp(), 't.txt')\n"
        "write_text(generate_table(n_tasks=150, n_units=120, seed=4), p)\n"
        "print(hashlib.sha256(open(p, 'rb').read()).hexdigest())\n"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              env={"PYTHONHASHSEED": hash_seed, "PATH": "/usr/bin:/bin"}, check=True)
        digests.add(done.stdout.strip())
    assert len(digests) == 1


# --- round trips ------------------------------------------------------------------


def test_text_round_trips_through_the_reader(tmp_path, small):
    path = write_text(small, tmp_path / "city.txt")
    raw = read_table(path)
    assert len(raw.rows) == 200
    assert [r.cells for r in raw.rows] == [row.cells() for row in small.rows]
    assert raw.preamble[-1] == small.title
    assert list(raw.columns.values()) == list(HEADER)
    # the seed's layout: preamble lines first, header cells each on a tab line
    lines = path.read_text(encoding="utf-8").splitlines()
    assert not lines[0].startswith("\t")
    first_cell = lines.index("\t序号")
    assert lines[first_cell : first_cell + 6] == ["\t" + h for h in HEADER]


def test_text_layout_has_the_seeds_blank_lines(tmp_path):
    rates = {"blank_before_continuation": 1.0, "two_leaders": 0.5, "blank_after_section": 1.0, "two_blanks_after_section": 1.0}
    table = generate_table(n_tasks=80, n_units=60, seed=2, quirk_rates=rates)
    text = write_text(table, tmp_path / "t.txt").read_text(encoding="utf-8")
    two_leader_row = next(r for r in table.rows if "\n" in r.leaders)
    first, second = two_leader_row.leaders.split("\n")
    assert f"\t{first}\n\n{second}\n" in text  # a blank line inside the cell, as in 王  涛 / 杨  辉
    assert f"\t{table.rows[0].section}\n\n\n\t" in text  # two blank lines after a section cell
    assert [r.cells for r in read_table(tmp_path / "t.txt").rows] == [r.cells() for r in table.rows]


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_csv_round_trips(tmp_path, small, encoding):
    path = write_csv(small, tmp_path / "city.csv", encoding=encoding)
    raw = read_table(path)
    assert len(raw.rows) == 200
    assert [r.cells for r in raw.rows] == [row.cells() for row in small.rows]
    if encoding == "gbk":
        with pytest.raises(UnicodeDecodeError):
            path.read_bytes().decode("utf-8")


def test_xlsx_round_trips(tmp_path, small):
    path = write_xlsx(small, tmp_path / "city.xlsx")
    raw = read_table(path)
    assert len(raw.rows) == 200
    # each section cell is merged down its rows, so every row reads its section
    assert [r.cells for r in raw.rows] == [{**row.cells(), "section": truth.section} for row, truth in zip(small.rows, small.truth)]
    assert small.title in raw.preamble


def test_xlsx_merges_each_section_cell_down_to_the_next_section(tmp_path, small):
    from openpyxl import load_workbook

    sheet = load_workbook(write_xlsx(small, tmp_path / "city.xlsx"))["任务分解表"]
    last = len(small.rows) + 2
    ranges = sheet.merged_cells.ranges
    assert len(ranges) > 10
    assert {(r.min_col, r.max_col) for r in ranges} == {(2, 2)}
    for r in ranges:
        assert sheet.cell(r.min_row, 2).value  # the section's first row holds its name
        assert r.max_row == last or sheet.cell(r.max_row + 1, 2).value  # and reaches down to the next section
    covered = {row for r in ranges for row in range(r.min_row + 1, r.max_row + 1)}
    assert covered == {number for number, row in enumerate(small.rows, start=3) if not row.section}


# --- the vocabulary ---------------------------------------------------------------------

_KIND_PATTERNS = {
    "street": r".+(街道|镇)$",
    "government": r"^区.+(局|办|委)$",
    "party": r"^区(委|纪委|人武部).*",
    "platform": r".+(指挥部|管委会|中心|园)$",
    "enterprise": r"^(区.+(集团|公司)|.{3})$",
    "vertical": r".+(分局|税务局|大队)$",
    "mass-org": r".*(工会|团区委|联|协|红十字会)$",
    "judicial": r".+(法院|检察院)$",
}


def test_unit_names_are_realistic_and_unique():
    table = generate_table(n_tasks=10, n_units=3000, seed=0)
    assert len(table.units) == 3000
    kinds = Counter(u.kind for u in table.units.values())
    assert set(kinds) >= {"street", "government", "party", "platform", "enterprise", "vertical"}
    assert kinds["government"] > kinds["platform"] > kinds["vertical"] > 0
    for unit in table.units.values():
        assert re.fullmatch(_KIND_PATTERNS[unit.kind], unit.name), unit
        assert not re.search(r"[、，,；（）()\s各]", unit.name), unit
    aliases = [a for u in table.units.values() for a in u.aliases]
    assert aliases and not set(aliases) & set(table.units)
    assert not set(table.groups) & set(table.units)
    assert len(table.streets) == 40 and all(table.units[s].kind == "street" for s in table.streets)
    # nothing generated may mean something else to the resolver's shipped lexicon
    shipped = load_lexicon()
    assert not (set(table.units) | set(aliases)) & set(shipped.aliases)
    assert not set(aliases) & shipped.names


def test_leaders_are_written_like_the_seed():
    assert leader_cell_name("王涛") == "王  涛"
    table = generate_table(n_tasks=300, n_units=200, seed=5)
    for row, truth in zip(table.rows, table.truth):
        written = row.leaders.split("\n")
        assert [w.replace(" ", "") for w in written] == list(truth.leaders)
        for w in written:
            # two-character names padded with two spaces (王  涛), longer names as they are
            assert re.fullmatch(r"\S  \S|\S{3,}", w), w


# --- quirk rates ----------------------------------------------------------------------


def _classify(token, table, names):
    """What a token of a unit cell is, worked out from the lexicon alone."""
    if token in table.groups:
        return "blanket"
    if token in names:
        return "name"
    match = re.fullmatch(r"(.+)（(.+)）", token)
    if match and match.group(1) in names and match.group(2) in table.units[match.group(1)].aliases:
        return "alias"
    if any(token[:i] in names and token[i:] in names for i in range(2, len(token) - 1)):
        return "glued"
    best = process.extractOne(token, list(names), scorer=fuzz.ratio)
    assert best[1] >= 83, (token, best)
    return "typo"


HIGH = {
    "typo": 0.02,
    "glued": 0.02,
    "alias": 0.5,
    "alias_units": 0.2,
    "lead_two_units": 0.2,
    "lead_broken": 0.1,
    "two_leaders": 0.3,
    "co_broken": 0.0,
    "semicolon": 0.01,
}


@pytest.fixture(scope="module")
def quirky():
    return generate_table(n_tasks=2000, n_units=400, seed=3, quirk_rates=HIGH)


def test_quirk_rates_roughly_as_configured(quirky):
    table = quirky
    names = set(table.units)
    kinds = Counter()
    co_boundaries = 0
    broken = stacked = 0
    for row, truth in zip(table.rows, table.truth):
        for token in SEPARATORS.split(row.co):
            kinds[_classify(token, table, names)] += 1
        co_boundaries += max(0, len(truth.co_units) - 1)
        lines = row.lead.split("\n")
        if len(lines) == 2 and not lines[1].startswith("（"):
            if "".join(lines) in names:  # one name broken across the lines
                broken += 1
                continue
            stacked += 1  # two units, one a line (either may carry a typo or an alias)
        for line in lines:
            for token in SEPARATORS.split(line):
                kinds[_classify(token, table, names) if not token.startswith("（") else "alias-line"] += 1
    rows = len(table.rows)
    mentions = table.unit_mentions()
    # a typo is one slip per mention, at the configured rate
    assert kinds["typo"] / mentions == pytest.approx(HIGH["typo"], rel=0.25)
    # glued pairs: per boundary between two co units (plus the lead cells' share)
    assert kinds["glued"] / co_boundaries == pytest.approx(HIGH["glued"], rel=0.35)
    # two-unit lead cells, broken names in lead cells
    two_lead = sum(1 for t in table.truth if len(t.lead_units) == 2)
    assert two_lead / rows == pytest.approx(HIGH["lead_two_units"], abs=0.03)
    assert stacked / two_lead == pytest.approx(DEFAULT_QUIRK_RATES["lead_two_lines"], abs=0.08)
    assert broken / (rows - two_lead) == pytest.approx(HIGH["lead_broken"], abs=0.03)
    # bracketed aliases: per mention of a unit that has one
    aliased = sum(1 for t in table.truth for u in t.lead_units + t.co_units if table.units[u].aliases)
    assert (kinds["alias"] + kinds["alias-line"]) / aliased == pytest.approx(HIGH["alias"], abs=0.08)
    # leaders and separators
    two_leaders = sum(1 for r in table.rows if "\n" in r.leaders)
    assert two_leaders / rows == pytest.approx(HIGH["two_leaders"], abs=0.04)
    semicolons = sum(r.co.count("；") for r in table.rows)
    separators = sum(len(SEPARATORS.findall(r.co)) for r in table.rows)
    assert semicolons / separators == pytest.approx(HIGH["semicolon"], rel=0.35)


def test_default_rates_follow_the_seed():
    table = generate_table(n_tasks=2000, n_units=400, seed=8)
    rows = len(table.rows)
    share = lambda pred: sum(1 for r in table.rows if pred(r)) / rows  # noqa: E731
    # the seed: 67 of 106 co cells end in 各街道, 7 of 106 rows name two leaders and 7 two lead units
    assert share(lambda r: r.co.endswith("各街道")) == pytest.approx(67 / 106, abs=0.05)
    assert share(lambda r: "\n" in r.leaders) == pytest.approx(7 / 106, abs=0.025)
    assert sum(1 for t in table.truth if len(t.lead_units) == 2) / rows == pytest.approx(7 / 106, abs=0.02)
    # 21 sections for 106 tasks; an empty section cell means "as above"
    assert len(table.sections) / rows == pytest.approx(21 / 106, abs=0.03)
    assert table.rows[0].section and share(lambda r: r.section == "") > 0.6
    typos = sum(1 for t in table.truth if "typo" in t.quirks)
    assert 0.5 * 2 / 854 < typos / table.unit_mentions() < 1.6 * 2 / 854


def test_co_responsibility_is_skewed(quirky):
    counts = Counter(u for t in quirky.truth for u in t.co_units)
    rows = len(quirky.truth)
    top = counts.most_common(3)
    assert top[0][1] / rows > 0.25  # a few units on very many tasks (the seed's top unit: 45 of 106)
    typical = sorted(counts.values())[len(counts) // 2]
    assert typical / rows < 0.02


# --- the truth ------------------------------------------------------------------------


def test_truth_is_consistent_with_the_lexicon(quirky):
    lexicon = quirky.lexicon()
    unit_names = {u["name"] for u in lexicon["units"]}
    phrases = {g["phrase"] for g in lexicon["groups"]}
    for row, truth in zip(quirky.rows, quirky.truth):
        assert truth.lead_units and set(truth.lead_units) <= unit_names
        assert set(truth.co_units) <= unit_names
        assert not set(truth.co_units) & set(truth.lead_units)
        assert len(set(truth.co_units)) == len(truth.co_units)
        assert set(truth.groups) <= phrases
        assert set(truth.leaders) <= set(quirky.leaders)
        assert all(g in row.co for g in truth.groups)
        assert truth.section in quirky.sections and (row.section in ("", truth.section))
    expanded = next(g for g in lexicon["groups"] if g["phrase"] == "各街道")
    assert expanded["members"] == quirky.streets


def test_lexicon_and_gazetteer_files_load(tmp_path, small):
    lexicon = load_lexicon(write_lexicon(small, tmp_path / "lexicon.yaml"))
    assert set(small.units) <= lexicon.names
    assert all(lexicon.aliases[a] == c for a, c in small.alias_map().items())
    assert all(lexicon.kinds[u.name] == u.kind for u in small.units.values())
    gazetteer = load_gazetteer(write_gazetteer(small, tmp_path / "gazetteer.yaml"))
    assert gazetteer.streets(small.district) == small.streets
    assert gazetteer.find_district(small.district[:-1]) == small.district


def test_rejects_unknown_quirks_and_tiny_tables():
    with pytest.raises(ValueError, match="unknown quirk rate"):
        generate_table(n_tasks=5, n_units=20, quirk_rates={"tpyo": 0.1})
    with pytest.raises(ValueError):
        generate_table(n_tasks=0)
    with pytest.raises(ValueError, match="utf-8 or gbk"):
        write_csv(generate_table(n_tasks=2, n_units=10), "/tmp/never-written.csv", encoding="latin-1")


def test_tidy_table_has_no_quirks(tmp_path):
    tidy = {name: 0.0 for name in DEFAULT_QUIRK_RATES}
    tidy.update(new_section=0.2, blanket_all_streets=0.5)
    table = generate_table(n_tasks=300, n_units=120, seed=1, quirk_rates=tidy)
    assert all(set(t.quirks) <= {"explicit-streets"} for t in table.truth)
    for row, truth in zip(table.rows, table.truth):
        tokens = [t for t in SEPARATORS.split(row.co)]
        assert [t for t in tokens if t in table.units] == list(truth.co_units)
        assert row.lead == truth.lead_units[0]


# --- the counts the default rates come from -----------------------------------------


def test_seed_counts_are_what_the_seed_says():
    from pathlib import Path

    from respgraph.synth import SEED_COUNTS

    seed = Path(__file__).resolve().parent.parent / "seeds" / "gongshu-2021.txt"
    rows = [r.cells for r in read_table(seed).rows]
    c = SEED_COUNTS
    assert len(rows) == c["rows"]
    assert sum("各街道" in r["co"] for r in rows) == c["rows_各街道"]
    assert sum("相关街道" in r["co"] for r in rows) == c["rows_相关街道"]
    assert sum("\n" in r["leaders"] for r in rows) == c["two_leaders"]
    multi_line_leads = sum("\n" in r["lead"] for r in rows)
    assert multi_line_leads == (
        c["lead_two_units_on_two_lines"] + c["lead_cells_broken_name"] + c["lead_aliases_on_own_line"]
    )
    assert sum(r["co"].count("（") + r["lead"].count("（") for r in rows) == c["bracket_aliases"]
    aliased = sum(1 for r in rows for cell in (r["lead"], r["co"]) for token in re.split(r"[、，,；\n]", cell)
                  if token.startswith(("区委宣传部", "区发改经信局", "区发经经信局")))
    assert aliased == c["mentions_of_aliased_units"]
    assert any(r["lead"] == "区市场监管局区科技局" for r in rows)
    assert sum(("区发经经信局" in r["co"]) + ("生态环境局分局" in r["co"]) for r in rows) == c["typos"]
    assert sum(1 for r in rows if r["section"]) == c["sections"] + c["section_repeated"]
    assert len({r["section"] for r in rows if r["section"]}) == c["sections"]
    co_seps = Counter(ch for r in rows for ch in r["co"] if ch in "、，,；")
    blanket_then_unit = 3  # 各指挥部、区科技工业区管委会 and the like
    assert co_seps["、"] == (
        c["co_unit_separators"]["、"] + c["co_unit_blanket_separators"]["、"]
        + c["co_blanket_blanket_separators"]["、"] + blanket_then_unit
    )
    assert co_seps["，"] == c["co_unit_separators"]["，"] + c["co_unit_blanket_separators"]["，"] + c["co_blanket_blanket_separators"]["，"]
    assert co_seps[","] == c["co_unit_blanket_separators"][","] and co_seps["；"] == 0
    text = seed.read_text(encoding="utf-8").split("\n")
    continuation = [i for i in range(20, len(text)) if text[i].strip() and not text[i].startswith("\t")]
    assert len(continuation) == c["blank_line_before_continuation"]
    assert all(not text[i - 1].strip() for i in continuation)
