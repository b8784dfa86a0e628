"""What checkpoints cost: ``glassnet train`` with and without ``--checkpoint-dir``.

On scikit-learn's bundled digits (1,797 rows × 64 columns, written as CSV),
100 epochs without early stopping, the median of three runs each way:
no checkpoints; a checkpoint every 10 epochs (the default); one every epoch.
The target is under 10 % of the training time for the default.

    python benchmarks/bench_checkpoints.py
"""

from __future__ import annotations

import contextlib
import io
import statistics
import tempfile
import time
from pathlib import Path


def _train(data: Path, out: Path, extra: list[str]) -> float:
    from glassnet.cli import main

    argv = ["train", str(data), "--target", "digit", "--epochs", "100", "--no-early-stopping",
            "--quiet", "--out", str(out), *extra]
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(argv) == 0
    return time.perf_counter() - started


def main() -> None:
    import pandas as pd
    from sklearn.datasets import load_digits

    digits = load_digits()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        frame = pd.DataFrame(digits.data, columns=[f"pixel{i}" for i in range(64)])
        frame["digit"] = digits.target
        data = folder / "digits.csv"
        frame.to_csv(data, index=False)
        runs = {"no checkpoints": [], "every 10 epochs": [], "every epoch": []}
        for repeat in range(3):
            runs["no checkpoints"].append(_train(data, folder / "a.glassnet", []))
            runs["every 10 epochs"].append(_train(
                data, folder / "b.glassnet", ["--checkpoint-dir", str(folder / f"ck{repeat}")]))
            runs["every epoch"].append(_train(
                data, folder / "c.glassnet", ["--checkpoint-dir", str(folder / f"ce{repeat}"),
                                              "--checkpoint-every", "1"]))
    base = statistics.median(runs["no checkpoints"])
    for name, times in runs.items():
        median = statistics.median(times)
        print(f"{name:<18}{median:8.2f} s   {100 * (median / base - 1):+6.1f} %")


if __name__ == "__main__":
    main()
