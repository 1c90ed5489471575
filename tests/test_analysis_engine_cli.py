"""rank --engine and --exact-limit, communities --algorithm and --runs, through click's CliRunner."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from respgraph.analysis import METRICS
from respgraph.cli import main


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def run(runner, *args):
    result = runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("metric", METRICS)
def test_rank_engines_give_the_same_ranking(runner, seed_path, metric):
    rows = {engine: json.loads(run(runner, "rank", seed_path, "--metric", metric, "--top", "88", "--engine", engine,
                                   "--format", "json").output) for engine in ("igraph", "networkx")}
    assert [(r["rank"], r["unit"]) for r in rows["igraph"]] == [(r["rank"], r["unit"]) for r in rows["networkx"]]
    for a, b in zip(rows["igraph"], rows["networkx"]):
        assert (a["value"] is None and b["value"] is None) or a["value"] == pytest.approx(b["value"], rel=1e-9, abs=1e-9)


def test_rank_beyond_the_exact_limit_samples_and_says_so(runner, seed_path, monkeypatch):
    from respgraph.analysis import ranking

    monkeypatch.setattr(ranking, "AUTO_PIVOTS", 30)  # the default, 500, covers the seed's 88 units: exact
    rows = json.loads(run(runner, "rank", seed_path, "--metric", "closeness", "--exact-limit", "50", "--format", "json").output)
    assert rows[0]["sampled"] == "sampled: 30 of 88 nodes as pivots, seed 0 (more than 50 units)"
    exact = json.loads(run(runner, "rank", seed_path, "--metric", "closeness", "--format", "json").output)
    assert "sampled" not in exact[0] or exact[0]["sampled"] == ""
    explicit = json.loads(run(runner, "rank", seed_path, "--metric", "closeness", "--sample", "20", "--exact-limit", "50",
                              "--format", "json").output)
    assert explicit[0]["sampled"] == "sampled: 20 of 88 nodes as pivots, seed 0"


def test_unknown_engine_is_refused_by_click(runner, seed_path):
    result = runner.invoke(main, ["rank", str(seed_path), "--engine", "gpu"])
    assert result.exit_code == 2 and "gpu" in result.output


def test_communities_leiden_reports_its_modularity(runner, seed_path, seed_plan):
    result = run(runner, "communities", seed_path, "--algorithm", "leiden", "--format", "json")
    rows = json.loads(result.output)
    members = [m for r in rows for m in r["members"].split("、")]
    assert len(members) == len(set(members)) == 88
    table = run(runner, "communities", seed_path, "--algorithm", "leiden", "--seed", "4")
    assert "Leiden seed 4" in table.output and "modularity 0." in table.output


def test_communities_leiden_on_networkx_is_one_clear_message(runner, seed_path):
    result = runner.invoke(main, ["communities", str(seed_path), "--algorithm", "leiden", "--engine", "networkx"])
    assert result.exit_code == 2 and "Leiden needs the igraph engine" in result.output
    assert "Traceback" not in result.output


def test_communities_runs_give_the_consensus_table(runner, seed_path):
    out = run(runner, "communities", seed_path, "--runs", "5", "--seed", "1", "--format", "csv").output
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["unit_a", "unit_b", "together", "runs_together", "shared_tasks"]
    shares = [float(r["together"]) for r in rows]
    assert shares == sorted(shares, reverse=True) and shares[0] == 1.0 and all(0 < s <= 1 for s in shares)
    assert all(float(r["together"]) == int(r["runs_together"]) / 5 for r in rows)
    again = run(runner, "communities", seed_path, "--runs", "5", "--seed", "1", "--format", "csv").output
    assert again == out  # seeded: the same table every time
    table = " ".join(run(runner, "communities", seed_path, "--runs", "5", "--seed", "1").output.split())
    assert "5 runs (seeds 1–5)" in table and f"first 50 of {len(rows)} pairs" in table
