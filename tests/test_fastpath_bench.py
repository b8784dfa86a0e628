"""The fast path's benchmark scripts run (quick or dry-run mode), so they cannot rot.

No timing is asserted: the figures go to benchmarks/RESULTS.md.
"""

import json
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
HAS_GPU = os.path.exists("/dev/nvidia0") or os.path.exists("/dev/nvidiactl")


@pytest.mark.skipif(HAS_GPU, reason="a GPU is present: the script would time it")
def test_the_gpu_script_without_a_gpu_says_so_and_exits_cleanly():
    out = subprocess.run([sys.executable, str(BENCH / "bench_gpu.py")], capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("bench_gpu: no GPU found") and out.stderr == ""


@pytest.mark.slow
def test_the_gpu_script_dry_run_times_the_array_api_step_on_the_cpu(tmp_path):
    pytest.importorskip("array_api_compat")
    out = subprocess.run([sys.executable, str(BENCH / "bench_gpu.py"), "--dry-run", "--json",
                          str(tmp_path / "g.json")], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert "| NumPy reference on NumPy | " in out.stdout
    seconds = json.loads((tmp_path / "g.json").read_text())["seconds"]
    assert set(seconds) == {"128", "1024"}
    assert all(isinstance(v, float) and v > 0 for v in seconds["128"].values())


@pytest.mark.slow
def test_the_paths_benchmark_quick_mode(tmp_path):
    pytest.importorskip("sklearn")
    out = subprocess.run([sys.executable, str(BENCH / "bench_speed_paths.py"), "--quick",
                          "--json", str(tmp_path / "p.json")],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    for heading in ["## standard 64-32-16-10, batch 128", "## wide 64-128-128-10, batch 256",
                    "float32", "float64", "## fit's per-call overhead"]:
        assert heading in out.stdout
    results = json.loads((tmp_path / "p.json").read_text())
    assert set(results["epochs"]) == {"standard/float32", "standard/float64", "wide/float32",
                                      "wide/float64"}
    row = results["epochs"]["standard/float32"]
    assert {"floor (matmuls only)", "glassnet reference", "glassnet numpy",
            "scikit-learn"} <= set(row)


@pytest.mark.slow
def test_the_sweep_benchmark_quick_mode(tmp_path):
    pytest.importorskip("sklearn")
    pytest.importorskip("torch")
    out = subprocess.run([sys.executable, str(BENCH / "bench_speed_sweep.py"), "--quick",
                          "--json", str(tmp_path / "s.json")],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert "| network | batch | glassnet path | glassnet s/epoch | PyTorch s/epoch |" in out.stdout
    assert "Worst cell: width 32" in out.stdout
    cells = json.loads((tmp_path / "s.json").read_text())["cells"]
    assert [(c["width"], c["batch"]) for c in cells] == [(32, 32), (32, 256)]
    assert all(c["path"] == "numpy" and c["glassnet"] > 0 and c["torch"] > 0 and
               c["ratio"] == pytest.approx(c["glassnet"] / c["torch"]) for c in cells)
