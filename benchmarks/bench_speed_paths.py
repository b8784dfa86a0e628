"""Speed of glassnet's training paths side by side: reference, NumPy, BLAS, Numba.

Two workloads, each contender training one epoch in turn in one process (so
the machine's noise hits them alike), float32 and float64, medians reported:

* standard: make_classification(60000, 784, n_informative=100, n_classes=10,
  random_state=0), standardized; MLP 784-256-128-10, ReLU, softmax with
  cross-entropy, plain SGD η = 0.01, batch 128, reshuffled every epoch;
* wide: the same rows (the first ``wide_rows`` of them), MLP 784-2048-2048-10,
  batch 1024.

Contenders: the floor (the eight matrix products of each batch alone, into
preallocated outputs: 3 forward, 3 weight gradients, 2 deltas), the same
through SciPy's BLAS (what the ``blas`` path calls where NumPy bundles no
OpenBLAS; otherwise ``blas`` and ``numba`` call NumPy's, as the floor), glassnet's
``Trainer`` with each backend (:mod:`glassnet.fastpath`), scikit-learn's
``MLPClassifier.partial_fit`` and PyTorch's eager CPU loop, when installed.

    python benchmarks/bench_speed_paths.py               # the full run (many minutes)
    python benchmarks/bench_speed_paths.py --quick       # seconds; the tests run this
    python benchmarks/bench_speed_paths.py --epochs 5 --json paths.json
"""

from __future__ import annotations

import argparse
import importlib.util
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
import bench_speed  # noqa: E402  (beside this script: its data, products and contenders)
from bench_speed import Sklearn, flops_per_epoch, make_data  # noqa: E402

FULL = {"n_samples": 60000, "n_features": 784, "n_informative": 100, "epochs": 5,
        "workloads": {"standard": ((256, 128), 128, 60000), "wide": ((2048, 2048), 1024, 15360)}}
QUICK = {"n_samples": 1536, "n_features": 64, "n_informative": 16, "epochs": 1,
         "workloads": {"standard": ((32, 16), 128, 1536), "wide": ((128, 128), 256, 1536)}}
LR, N_CLASSES = 0.01, 10
BACKENDS = ("reference", "numpy", "blas", "numba")


# --- the contenders: each trains one epoch per call ------------------------------------


class Floor:
    """The eight matrix products of each batch alone, into preallocated outputs."""

    name = "floor (matmuls only)"

    def __init__(self, X, y, sizes, dtype, batch):
        rng = np.random.default_rng(0)
        self.X, self.batch = X.astype(dtype), batch
        # Realistic magnitudes (no denormals), so the products run at training speed.
        self.W = [(rng.normal(size=(b, a)) / np.sqrt(a)).astype(dtype)
                  for a, b in zip(sizes[:-1], sizes[1:])]
        self.A = [np.zeros((batch, b), dtype) for b in sizes[1:]]
        self.D = [(rng.normal(size=(batch, b)) * 1e-2).astype(dtype) for b in sizes[1:]]
        self.G = [np.zeros_like(w) for w in self.W]

    def epoch(self):
        X, W, A, D, G, size = self.X, self.W, self.A, self.D, self.G, self.batch
        for start in range(0, X.shape[0], size):
            xb = X[start:start + size]
            k = xb.shape[0]
            a, d = [out[:k] for out in A], [out[:k] for out in D]
            np.matmul(xb, W[0].T, out=a[0])
            for i in range(1, len(W)):
                np.matmul(a[i - 1], W[i].T, out=a[i])
            for i in range(len(W) - 1, 0, -1):
                np.matmul(d[i].T, a[i - 1], out=G[i])
                np.matmul(d[i], W[i], out=d[i - 1])
            np.matmul(d[0].T, xb, out=G[0])


class FloorScipy(Floor):
    """The same eight products through SciPy's BLAS (a library of its own, perhaps faster)."""

    name = "floor, SciPy's BLAS"

    def epoch(self):
        from scipy.linalg import blas

        gemm = blas.sgemm if self.X.dtype == np.float32 else blas.dgemm
        X, W, A, D, G, size = self.X, self.W, self.A, self.D, self.G, self.batch
        for start in range(0, X.shape[0], size):
            xb = X[start:start + size]
            k = xb.shape[0]
            a, d = [out[:k] for out in A], [out[:k] for out in D]
            # Fortran order: (A·Wᵀ)ᵀ = W·Aᵀ, (Dᵀ·A)ᵀ = Aᵀ·D, (D·W)ᵀ = Wᵀ·Dᵀ; outputs in place.
            gemm(1.0, W[0].T, xb.T, trans_a=1, c=a[0].T, overwrite_c=1)
            for i in range(1, len(W)):
                gemm(1.0, W[i].T, a[i - 1].T, trans_a=1, c=a[i].T, overwrite_c=1)
            for i in range(len(W) - 1, 0, -1):
                gemm(1.0, a[i - 1].T, d[i].T, trans_b=1, c=G[i].T, overwrite_c=1)
                gemm(1.0, W[i].T, d[i].T, c=d[i - 1].T, overwrite_c=1)
            gemm(1.0, xb.T, d[0].T, trans_b=1, c=G[0].T, overwrite_c=1)


class Glassnet:
    """glassnet's Trainer on one backend."""

    def __init__(self, X, y, sizes, dtype, batch, backend):
        self.name = f"glassnet {backend}"
        self.net = Network(sizes, activation="relu", output_activation="softmax", seed=0,
                           dtype=dtype)
        self.trainer = Trainer(self.net, X.astype(dtype), one_hot(y, dtype=dtype),
                               loss="cross_entropy", optimizer="sgd", learning_rate=LR,
                               batch_size=batch, shuffle=True, seed=0, metric=None,
                               backend=backend)

    def epoch(self):
        self.trainer.run_epoch()
        assert self.trainer.backend == self.name.split()[1], self.trainer.fast_path_refused


class Torch(bench_speed.Torch):
    name = "PyTorch eager"


def threads() -> int:
    """The threads every library may use: $OMP_NUM_THREADS, else one per core."""
    return int(os.environ.get("OMP_NUM_THREADS") or os.cpu_count() or 1)


def installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def backends() -> list[str]:
    """The backends this environment can run."""
    found = ["reference", "numpy"]
    if installed("scipy"):
        found.append("blas")
        if installed("numba"):
            found.append("numba")
    return found


def contenders(X, y, sizes, dtype, batch):
    made = [Floor(X, y, sizes, dtype, batch)]
    if installed("scipy"):
        made.append(FloorScipy(X, y, sizes, dtype, batch))
    made += [Glassnet(X, y, sizes, dtype, batch, b) for b in backends()]
    made.append(Sklearn(X, y, sizes, dtype, batch))
    if installed("torch"):
        made.append(Torch(X, y, sizes, dtype, batch))
    return made


#: Seconds of rest before each timed epoch. An OpenBLAS thread spins on its core for a
#: while (~0.1-0.3 s measured here) after its last call before it sleeps; NumPy, SciPy
#: and PyTorch each have their own pool, so without the rest one contender's idle
#: threads steal the cores of the next (measured on 2 cores: the SciPy floor right
#: after the NumPy floor took 0.90 s instead of 0.09 s).
PAUSE = 0.5


def bench(X, y, sizes, dtype, batch, epochs, pause=PAUSE):
    """Median seconds per epoch of every contender, interleaved, after a warm-up epoch."""
    runners = contenders(X, y, sizes, dtype, batch)
    times = {r.name: [] for r in runners}
    for r in runners:  # warm-up: first touch of buffers, BLAS threads, Numba's compile/cache
        r.epoch()
    for _ in range(epochs):
        for r in runners:
            time.sleep(pause)  # the last contender's threads stop spinning (PAUSE)
            started = time.perf_counter()
            r.epoch()
            times[r.name].append(time.perf_counter() - started)
    return {name: statistics.median(t) for name, t in times.items()}


def fit_overhead(X, y, repeats=15):
    """Median seconds of ``fit(epochs=0)`` and of its data checks: the per-call overhead."""
    from glassnet import losses
    from glassnet.fitting import checked_data

    X, Y = X.astype(np.float32), one_hot(y, dtype=np.float32)
    net = Network([X.shape[1], 16, N_CLASSES], activation="relu", output_activation="softmax",
                  seed=0, dtype=np.float32)
    ce, calls, checks = losses.get("cross_entropy"), [], []
    for _ in range(repeats):
        started = time.perf_counter()
        net.fit(X, Y, epochs=0, batch_size=128, metric=None)
        calls.append(time.perf_counter() - started)
        started = time.perf_counter()
        checked_data(net, X, Y, None, ce, finite=False)
        checks.append(time.perf_counter() - started)
    return statistics.median(calls), statistics.median(checks)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tiny run to check the script")
    parser.add_argument("--epochs", type=int, help="timed epochs per contender and dtype")
    parser.add_argument("--only", choices=["standard", "wide"], help="one workload")
    parser.add_argument("--rows", type=int, help="rows of the standard workload (60000)")
    parser.add_argument("--wide-rows", type=int, help="rows of the wide workload (15360)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--pause", type=float, default=None, metavar="SECONDS",
                        help=f"rest before each timed epoch ({PAUSE}; 0 with --quick)")
    args = parser.parse_args(argv)
    pause = args.pause if args.pause is not None else (0.0 if args.quick else PAUSE)
    cfg = dict(QUICK if args.quick else FULL)
    if args.epochs:
        cfg["epochs"] = args.epochs
    for name, rows in (("standard", args.rows), ("wide", args.wide_rows)):
        if rows:
            hidden, batch, _ = cfg["workloads"][name]
            cfg["workloads"] = {**cfg["workloads"], name: (hidden, batch, rows)}
    import sklearn

    versions = {"python": platform.python_version(), "numpy": np.__version__,
                "scikit-learn": sklearn.__version__, "glassnet": glassnet.__version__}
    for module in ("scipy", "numba", "torch"):
        if installed(module):
            versions[module] = __import__(module).__version__
    print(f"# glassnet training paths ({'quick' if args.quick else 'full'} run)\n", flush=True)
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"{platform.processor() or '?'}; " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    blas_threads = os.environ.get("OPENBLAS_NUM_THREADS", "one per core")
    print(f"\nThreads: BLAS {blas_threads}, PyTorch {threads()}.")
    print(f"\nBackends: {', '.join(backends())}; median of {cfg['epochs']} epochs each, "
          f"interleaved, after a warm-up epoch, {pause:g} s of rest before each.\n")
    if "blas" in backends():
        from glassnet.fastpath_blas import numpy_gemm

        print("The blas path folds SGD's update into the gemm of "
              f"{'NumPy' if numpy_gemm() is not None else 'SciPy'}'s OpenBLAS.\n")
    X_all, y_all = make_data(cfg)
    results = {"versions": versions, "config": {k: v for k, v in cfg.items()}, "epochs": {}}
    for workload, (hidden, batch, rows) in cfg["workloads"].items():
        if args.only and workload != args.only:
            continue
        X, y = X_all[:rows], y_all[:rows]
        sizes = [X.shape[1], *hidden, N_CLASSES]
        flops = flops_per_epoch(X.shape[0], sizes)
        for dtype in (np.float32, np.float64):
            medians = bench(X, y, sizes, dtype, batch, cfg["epochs"], pause)
            results["epochs"][f"{workload}/{np.dtype(dtype).name}"] = medians
            floor = medians["floor (matmuls only)"]
            torch = medians.get("PyTorch eager")
            print(f"## {workload} {'-'.join(map(str, sizes))}, batch {batch}, "
                  f"{X.shape[0]} rows, {np.dtype(dtype).name}\n")
            scipy_floor = medians.get("floor, SciPy's BLAS")
            print("| contender | s/epoch | GFLOP/s | × floor | × SciPy floor | "
                  "PyTorch eager / it |")
            print("|---|---:|---:|---:|---:|---:|")
            for name, seconds in medians.items():
                versus = "" if torch is None else f"{torch / seconds:.2f}"
                other = "" if scipy_floor is None else f"{seconds / scipy_floor:.2f}"
                print(f"| {name} | {seconds:.3f} | {flops / seconds / 1e9:.1f} | "
                      f"{seconds / floor:.2f} | {other} | {versus} |")
            print(flush=True)
    call, check = fit_overhead(X_all, y_all, 5 if args.quick else 15)
    results["fit_overhead"] = {"fit_epochs_0": call, "checked_data": check}
    print(f"## fit's per-call overhead ({X_all.shape[0]}×{X_all.shape[1]} float32, one-hot Y)\n")
    print(f"`net.fit(X, Y, epochs=0)`: {call * 1e3:.2f} ms, of which the data checks "
          f"(`fitting.checked_data`, no finiteness pass): {check * 1e3:.2f} ms")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
