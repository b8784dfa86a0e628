"""The benchmark scripts run (quick mode), so they cannot rot. No timing is asserted."""

import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.mark.slow  # (seconds: CI runs it; the quick loop keeps under five minutes)
def test_speed_benchmark_quick_mode(tmp_path):
    pytest.importorskip("sklearn")
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_speed.py"), "--quick",
                          "--json", str(tmp_path / "r.json")],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    for heading in ["## float32", "## float64", "## load_digits", "## predict latency",
                    "## memory", "## import", "glassnet / floor"]:
        assert heading in out.stdout
    import json

    results = json.loads((tmp_path / "r.json").read_text())
    assert set(results["epochs"]) == {"float32", "float64"}
    assert {"glassnet", "scikit-learn", "floor (matmuls only)"} <= set(results["epochs"]["float32"])


@pytest.mark.slow  # (seconds: CI runs it; the quick loop keeps under five minutes)
def test_compare_sklearn_quick_mode():
    pytest.importorskip("sklearn")
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "compare_sklearn.py"),
                          "--quick"], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "| iris | accuracy |" in out.stdout and "| diabetes | R² |" in out.stdout
