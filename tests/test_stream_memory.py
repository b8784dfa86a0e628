"""``glassnet train --stream`` under a memory limit the file could not fit in.

A subprocess limits its address space (``RLIMIT_AS``) to what a streaming run
on a tiny file needs (the baseline: Python, NumPy, pandas, glassnet) plus a
margin, and trains on a generated CSV four times larger than that margin. The
in-memory path under the same limit fails; the streaming one writes a model
whose predictions are right.
"""

import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from glassnet.tabular import TabularModel, read_table

resource = pytest.importorskip("resource")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"),
                                 reason="RLIMIT_AS and /proc/self/status are Linux's")]

MARGIN = 32 * 2**20  # the memory a run may use above the baseline
# Under the limit the process runs, prints its peak address space (VmPeak) and resident
# memory (VmHWM) as JSON on stderr's last line, and exits with glassnet's exit code.
RUNNER = """
import json, resource, sys
limit = int(sys.argv[1])
if limit:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
try:
    from glassnet.cli import main
    code = main(sys.argv[2:])
except MemoryError:
    code = 3
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
print(json.dumps({k: int(status[k].split()[0]) * 1024 for k in ("VmPeak", "VmHWM")}),
      file=sys.stderr)
sys.exit(code)
"""
# Arrow (pandas' text columns) reserves a 1 GiB arena for its own allocator: with the system
# allocator the address space counts what is used. One BLAS thread: fewer stacks reserved.
ENV = {**os.environ, "ARROW_DEFAULT_MEMORY_POOL": "system", "OPENBLAS_NUM_THREADS": "1",
       "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "MALLOC_ARENA_MAX": "2"}


# Wide rows (a long text of eight kinds) make a big file of few rows: the test is about
# memory, and fewer rows train in seconds.
NOTES = [f"note {i}: " + " ".join(["lorem ipsum dolor sit amet"] * 12) for i in range(8)]


def block(n, seed=0):
    """Rows whose label follows from their columns (so a model can learn it)."""
    rng = np.random.default_rng(seed)
    a, b = rng.normal(0, 1, n).round(4), rng.normal(5, 2, n).round(3)
    color = rng.choice(["red", "green", "blue"], n)
    label = np.where(a + (color == "red") - 0.5 * (b - 5) > 0, "yes", "no")
    return pd.DataFrame({"a": a, "b": b, "color": color, "note": rng.choice(NOTES, n),
                         "label": label})


def run(limit, *argv):
    done = subprocess.run([sys.executable, "-c", RUNNER, str(limit), *map(str, argv)],
                          capture_output=True, text=True, env=ENV, timeout=120)
    memory = json.loads(done.stderr.strip().splitlines()[-1])
    return done, memory


def test_streaming_trains_on_a_file_four_times_the_memory_left(tmp_path):
    small = tmp_path / "small.csv"
    sample = block(5_000)
    sample.to_csv(small, index=False)
    train = ["train", "--target", "label", "--stream", "--chunk-rows", "5000", "--epochs", "1",
             "--learning-rate", "0.01", "--json"]
    done, base = run(0, train[0], small, *train[1:], "--out", tmp_path / "small.glassnet")
    assert done.returncode == 0, done.stderr
    limit = base["VmPeak"] + MARGIN

    big = tmp_path / "big.csv"
    body = block(10_000, seed=1).to_csv(index=False).split("\n", 1)
    with open(big, "w") as f:
        f.write(body[0] + "\n")
        while f.tell() < 4 * MARGIN:
            f.write(body[1])
    size = big.stat().st_size
    assert size >= 4 * MARGIN

    # In memory, the same file under the same limit cannot be trained on.
    done, _ = run(limit, "train", big, "--target", "label", "--no-stream", "--epochs", "1",
                  "--out", tmp_path / "memory.glassnet")
    assert done.returncode != 0 and not (tmp_path / "memory.glassnet").exists()

    out = tmp_path / "big.glassnet"
    done, used = run(limit, train[0], big, *train[1:], "--out", out)
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads(done.stdout)
    assert summary["stream"] and summary["rows"] == (size - len(body[0]) - 1) // len(
        body[1]) * 10_000
    assert used["VmPeak"] <= limit
    print(f"\nfile {size / 2**20:.0f} MiB; limit {limit / 2**20:.0f} MiB (baseline "
          f"{base['VmPeak'] / 2**20:.0f} + {MARGIN / 2**20:.0f}); peak address space "
          f"{used['VmPeak'] / 2**20:.0f} MiB, resident {used['VmHWM'] / 2**20:.0f} MiB "
          f"(baseline resident {base['VmHWM'] / 2**20:.0f} MiB)")

    model = TabularModel.load(out)  # its predictions: those of the rule the rows follow
    sample = read_table(small)
    assert (model.predict(sample) == sample["label"].to_numpy()).mean() > 0.95

    # The model's own file, predicted and scored under the same limit: read in chunks, the
    # predictions written as they come; read whole, the file does not fit.
    done, _ = run(limit, "predict", out, big, "--no-stream", "--out", tmp_path / "whole.csv")
    assert done.returncode != 0 and not (tmp_path / "whole.csv").exists()
    done, used = run(limit, "predict", out, big, "--stream", "--chunk-rows", "5000", "--out",
                     tmp_path / "predicted.csv")
    assert done.returncode == 0, done.stderr[-2000:]
    assert used["VmPeak"] <= limit
    labels = pd.read_csv(big, usecols=["label"])["label"]
    predicted = pd.read_csv(tmp_path / "predicted.csv")["predicted_label"]
    assert len(predicted) == summary["rows"] and (predicted == labels).mean() > 0.95
    done, used = run(limit, "evaluate", out, big, "--stream", "--chunk-rows", "5000", "--json")
    assert done.returncode == 0, done.stderr[-2000:]
    scores = json.loads(done.stdout)
    assert scores["rows_scored"] == summary["rows"]
    assert scores["accuracy"] == pytest.approx((predicted == labels).mean(), abs=1e-12)
