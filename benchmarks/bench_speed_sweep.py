"""glassnet against PyTorch's eager CPU loop across batch sizes and widths (issue 19).

The target: faster than PyTorch CPU eager at every batch size from 32 to 1024
and every hidden width up to 1024. The workload: the first ``rows`` rows of
make_classification(60000, 784, n_informative=100, n_classes=10,
random_state=0), standardized; an MLP 784-w-w-10 (w = 256 and 1024), ReLU,
softmax with cross-entropy, plain SGD η = 0.01, float32, reshuffled every
epoch, at batch sizes 32, 64, 128, 256, 512 and 1024. glassnet trains with
the path it chooses itself (``backend="auto"``, :mod:`glassnet.fastpath`);
PyTorch with ``nn.Sequential``, ``F.cross_entropy`` and ``optim.SGD``, both on
every thread BLAS gives them ($OMP_NUM_THREADS, else one per core). Each
cell: a warm-up epoch of each, then epochs taken in turn, with a rest before
each (one library's idle threads spin on the cores for a while: see
``bench_speed_paths.PAUSE``); the medians and their ratio.

    python benchmarks/bench_speed_sweep.py                  # 12 cells, a few minutes
    python benchmarks/bench_speed_sweep.py --quick          # seconds; the tests run this
    python benchmarks/bench_speed_sweep.py --widths 256 --batches 32 1024 --json sweep.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time

import numpy as np

import glassnet
from glassnet import Network, one_hot
from glassnet.training import Trainer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_speed  # noqa: E402  (beside this script: its data and PyTorch's loop)
from bench_speed import make_data  # noqa: E402

FULL = {"n_samples": 60000, "n_features": 784, "n_informative": 100, "rows": 15360,
        "epochs": 3, "widths": (256, 1024), "batches": (32, 64, 128, 256, 512, 1024)}
QUICK = {"n_samples": 1024, "n_features": 64, "n_informative": 16, "rows": 1024,
         "epochs": 1, "widths": (32,), "batches": (32, 256)}
LR, N_CLASSES, PAUSE = bench_speed.LR, 10, 0.5


class Glassnet:
    """glassnet's Trainer on the path ``backend="auto"`` chooses."""

    name = "glassnet"

    def __init__(self, X, y, sizes, batch):
        self.net = Network(sizes, activation="relu", output_activation="softmax", seed=0,
                           dtype=np.float32)
        self.trainer = Trainer(self.net, X.astype(np.float32), one_hot(y, dtype=np.float32),
                               loss="cross_entropy", optimizer="sgd", learning_rate=LR,
                               batch_size=batch, shuffle=True, seed=0, metric=None,
                               backend="auto")

    def epoch(self):
        self.trainer.run_epoch()


def cell(X, y, width, batch, epochs, pause):
    """Median seconds per epoch of glassnet and PyTorch at one width and batch size."""
    sizes = [X.shape[1], width, width, N_CLASSES]
    runners = [Glassnet(X, y, sizes, batch), bench_speed.Torch(X, y, sizes, np.float32, batch)]
    times = {r.name: [] for r in runners}
    for r in runners:  # warm-up: buffers, BLAS threads, Numba's compile or its cache
        r.epoch()
    for _ in range(epochs):
        for r in runners:
            time.sleep(pause)
            started = time.perf_counter()
            r.epoch()
            times[r.name].append(time.perf_counter() - started)
    medians = {name: statistics.median(t) for name, t in times.items()}
    return medians, runners[0].trainer.backend


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tiny run to check the script")
    parser.add_argument("--epochs", type=int, help="timed epochs per contender and cell (3)")
    parser.add_argument("--rows", type=int, help="rows trained on per epoch (15360)")
    parser.add_argument("--widths", type=int, nargs="+", help="hidden widths (256 1024)")
    parser.add_argument("--batches", type=int, nargs="+", help="batch sizes (32 ... 1024)")
    parser.add_argument("--pause", type=float, help=f"rest before each timed epoch ({PAUSE} s)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    cfg = dict(QUICK if args.quick else FULL)
    for key in ("epochs", "rows", "widths", "batches"):
        if getattr(args, key):
            cfg[key] = getattr(args, key)
    pause = args.pause if args.pause is not None else (0.0 if args.quick else PAUSE)
    try:
        import torch
    except ImportError:
        print("bench_speed_sweep: PyTorch is not installed (pip install torch); nothing to compare")
        return 0
    versions = {"python": platform.python_version(), "numpy": np.__version__,
                "torch": torch.__version__, "glassnet": glassnet.__version__}
    print(f"# glassnet against PyTorch eager, by batch size and width "
          f"({'quick' if args.quick else 'full'} run)\n")
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores; "
          + ", ".join(f"{k} {v}" for k, v in versions.items()))
    print(f"Threads: BLAS {os.environ.get('OPENBLAS_NUM_THREADS', 'one per core')}, PyTorch "
          f"{os.environ.get('OMP_NUM_THREADS') or os.cpu_count()}; load average "
          f"{os.getloadavg()[0]:.2f} at the start.")
    X_all, y_all = make_data(cfg)
    X, y = X_all[:cfg["rows"]], y_all[:cfg["rows"]]
    print(f"{X.shape[0]} rows × {X.shape[1]} features, float32; median of {cfg['epochs']} "
          f"epochs each, interleaved, {pause:g} s of rest before each.\n")
    print("| network | batch | glassnet path | glassnet s/epoch | PyTorch s/epoch | "
          "glassnet / PyTorch |")
    print("|---|---:|---|---:|---:|---:|", flush=True)
    rows = []
    for width in cfg["widths"]:
        for batch in cfg["batches"]:
            medians, path = cell(X, y, width, batch, cfg["epochs"], pause)
            ours, theirs = medians["glassnet"], medians[bench_speed.Torch.name]
            rows.append({"width": width, "batch": batch, "path": path, "glassnet": ours,
                         "torch": theirs, "ratio": ours / theirs})
            print(f"| {X.shape[1]}-{width}-{width}-{N_CLASSES} | {batch} | {path} | "
                  f"{ours:.3f} | {theirs:.3f} | {ours / theirs:.2f} |", flush=True)
    worst = max(rows, key=lambda r: r["ratio"])
    print(f"\nWorst cell: width {worst['width']}, batch {worst['batch']}: glassnet / PyTorch "
          f"{worst['ratio']:.2f} ({'faster everywhere' if worst['ratio'] < 1 else 'slower there'})"
          f"; load average {os.getloadavg()[0]:.2f} at the end.")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"versions": versions, "config": cfg, "pause": pause, "cells": rows}, f,
                      indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
