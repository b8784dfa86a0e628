"""benchmarks/tables.py: splits, scores, ranks, its RESULTS.md section, a tiny run (no timing)."""

import importlib.util
import pathlib
import subprocess
import sys

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

pd = pytest.importorskip("pandas")
# Loaded by path under its own name: "tables" alone is also PyTables' name.
_spec = importlib.util.spec_from_file_location("glassnet_bench_tables",
                                               ROOT / "benchmarks" / "tables.py")
tables = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tables)


def test_ranks_share_ties_and_one_is_best():
    assert tables.ranks([0.9, 0.8, 0.9, 0.5]) == [1.5, 3.0, 1.5, 4.0]


def test_scores_by_hand():
    assert tables.score("classification", ["a", "b", "a", "a"], ["a", "b", "b", "a"]) == 0.75
    y = np.array([1.0, 2.0, 3.0])
    assert tables.score("regression", y, y) == 1.0
    assert tables.score("regression", y, np.full(3, 2.0)) == 0.0


def test_split_drops_missing_targets_and_is_seeded():
    frame = pd.DataFrame({"x": range(9), "y": [1, 2, None, 4, 5, 6, 7, 8, 9]})
    train, test = tables.split(frame, "y", 0)
    assert len(train) == 6 and len(test) == 2
    assert not set(train["x"]) & set(test["x"]) and 2 not in set(train["x"]) | set(test["x"])
    again, _ = tables.split(frame, "y", 0)
    assert again["x"].tolist() == train["x"].tolist()


def test_the_section_replaces_itself_and_nothing_else(tmp_path):
    results = {"wine": {"A": {"scores": [1.0, 0.9], "seconds": [0.1, 0.1]},
                        "B": {"scores": [0.8, 0.8], "seconds": [0.2, 0.2]}}}
    summary = tables.summary(results, ["A", "B"])
    assert summary["A"]["score"] == pytest.approx(0.95) and summary["A"]["rank"] == 1.0
    assert summary["B"]["worst_gap"] == pytest.approx(0.15)
    section = tables.markdown(results, ["A", "B"], 2, "python benchmarks/tables.py", 60.0)
    assert "| wine | class. | **0.950** | 0.800 |" in section
    path = tmp_path / "RESULTS.md"
    path.write_text("# Results\n\n## Other\n\nkept\n")
    tables.write_section(section, path)
    tables.write_section(section.replace("0.800", "0.700"), path)
    text = path.read_text()
    assert text.startswith("# Results\n\n## Other\n\nkept\n")
    assert text.count(tables.BEGIN) == 1 and "0.700" in text and "| 0.800 |" not in text


def test_the_tables_ship_in_packages():
    from tables_data import TABLES

    assert len(TABLES) >= 8
    found = tables.load_tables(["penguins"])
    if found:
        assert found[0]["frame"].shape == (344, 8)


@pytest.mark.slow
def test_a_tiny_run_prints_the_table():
    pytest.importorskip("sklearn")
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "tables.py"), "--tables",
                          "wine", "--splits", "1", "--methods",
                          "glassnet tutorial,sklearn MLP"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "| wine | class. |" in out.stdout and "### Summary" in out.stdout
