"""Speed: glassnet against the matrix-product floor, scikit-learn and PyTorch.

The standard workload: make_classification(60000, 784, n_informative=100,
n_classes=10, random_state=0), standardized; an MLP 784-256-128-10 with ReLU
hidden layers and a softmax output with cross-entropy; plain SGD (η = 0.01,
no momentum, no L2); mini-batches of 128 reshuffled every epoch; float32 and
float64. Every contender trains one epoch in turn, in one process, so the
machine's noise hits them alike; the table gives medians and ratios.

    python benchmarks/bench_speed.py              # the full run (a few minutes)
    python benchmarks/bench_speed.py --quick      # seconds; the test suite runs this

Needs scikit-learn; PyTorch is used when installed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc

import numpy as np

import glassnet
from glassnet import Network, Standardizer, one_hot
from glassnet.training import Trainer

FULL = {"n_samples": 60000, "n_features": 784, "n_informative": 100, "hidden": (256, 128),
        "epochs": 5, "digits_epochs": 200, "digits_seeds": 5, "latency_repeats": 2000}
QUICK = {"n_samples": 1500, "n_features": 64, "n_informative": 16, "hidden": (32, 16),
         "epochs": 2, "digits_epochs": 5, "digits_seeds": 1, "latency_repeats": 50}
BATCH, LR, N_CLASSES = 128, 0.01, 10


def make_data(cfg):
    from sklearn.datasets import make_classification

    X, y = make_classification(n_samples=cfg["n_samples"], n_features=cfg["n_features"],
                               n_informative=cfg["n_informative"], n_classes=N_CLASSES,
                               random_state=0)
    return Standardizer().fit_transform(X), y


def flops_per_epoch(n, sizes):
    """Multiply-adds ×2 of the 8 products per batch: 3 forward, 3 weight-gradient, 2 delta."""
    pairs = list(zip(sizes[:-1], sizes[1:]))
    forward = sum(a * b for a, b in pairs)
    return 2 * n * (2 * forward + sum(a * b for a, b in pairs[1:]))


# --- the contenders: each trains one epoch per call ------------------------------------


class Glassnet:
    name = "glassnet"

    def __init__(self, X, y, sizes, dtype):
        self.net = Network(sizes, activation="relu", output_activation="softmax", seed=0,
                           dtype=dtype)
        self.trainer = Trainer(self.net, X.astype(dtype), one_hot(y, dtype=dtype),
                               loss="cross_entropy", optimizer="sgd", learning_rate=LR,
                               batch_size=BATCH, shuffle=True, seed=0, metric=None)

    def epoch(self):
        self.trainer.run_epoch()


class Sklearn:
    name = "scikit-learn"

    def __init__(self, X, y, sizes, dtype, batch=BATCH):
        import warnings

        from sklearn.neural_network import MLPClassifier

        warnings.filterwarnings("ignore")
        self.X, self.y = X.astype(dtype), y
        self.model = MLPClassifier(hidden_layer_sizes=sizes[1:-1], activation="relu",
                                   solver="sgd", learning_rate_init=LR, momentum=0.0,
                                   nesterovs_momentum=False, alpha=0.0, batch_size=batch,
                                   shuffle=True, random_state=0)
        self.classes = np.arange(N_CLASSES)

    def epoch(self):
        self.model.partial_fit(self.X, self.y, classes=self.classes)


class Torch:
    name = "PyTorch"

    def __init__(self, X, y, sizes, dtype, batch=BATCH):
        import torch

        # The threads every library may use: $OMP_NUM_THREADS, else one per core.
        torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS") or os.cpu_count() or 1))
        torch.manual_seed(0)
        self.torch, self.batch = torch, batch
        tdtype = torch.float32 if dtype == np.float32 else torch.float64
        layers = []
        for a, b in zip(sizes[:-1], sizes[1:]):
            layers += [torch.nn.Linear(a, b), torch.nn.ReLU()]
        self.model = torch.nn.Sequential(*layers[:-1]).to(tdtype)
        self.X = torch.from_numpy(X.astype(dtype))
        self.y = torch.from_numpy(y.astype(np.int64))
        self.opt = torch.optim.SGD(self.model.parameters(), lr=LR)
        self.gen = torch.Generator().manual_seed(0)

    def epoch(self):
        torch = self.torch
        loss_fn = torch.nn.functional.cross_entropy
        order = torch.randperm(self.X.shape[0], generator=self.gen)
        for start in range(0, self.X.shape[0], self.batch):
            idx = order[start:start + self.batch]
            self.opt.zero_grad(set_to_none=True)
            loss_fn(self.model(self.X[idx]), self.y[idx]).backward()
            self.opt.step()


class Floor:
    """The eight matrix products of each batch alone, into preallocated outputs."""

    name = "floor (matmuls only)"

    def __init__(self, X, y, sizes, dtype):
        rng = np.random.default_rng(0)
        self.X = X.astype(dtype)
        # Realistic magnitudes everywhere (no garbage, no overflow, no denormals),
        # so the products run at the speed they run in training.
        self.W = [(rng.normal(size=(b, a)) / np.sqrt(a)).astype(dtype)
                  for a, b in zip(sizes[:-1], sizes[1:])]
        self.A = [np.zeros((BATCH, b), dtype) for b in sizes[1:]]
        self.D = [(rng.normal(size=(BATCH, b)) * 1e-2).astype(dtype) for b in sizes[1:]]
        self.G = [np.zeros_like(w) for w in self.W]

    def epoch(self):
        X, W, A, D, G = self.X, self.W, self.A, self.D, self.G
        n = X.shape[0]
        for start in range(0, n, BATCH):
            xb = X[start:start + BATCH]
            k = xb.shape[0]
            a = [out[:k] for out in A]
            d = [out[:k] for out in D]
            np.matmul(xb, W[0].T, out=a[0])
            for i in range(1, len(W)):
                np.matmul(a[i - 1], W[i].T, out=a[i])
            for i in range(len(W) - 1, 0, -1):
                np.matmul(d[i].T, a[i - 1], out=G[i])
                np.matmul(d[i], W[i], out=d[i - 1])
            np.matmul(d[0].T, xb, out=G[0])


def available(contender) -> bool:
    if contender is Torch:
        try:
            import torch  # noqa: F401
        except ImportError:
            return False
    return True


def bench_epochs(X, y, sizes, dtype, epochs):
    runners = [c(X, y, sizes, dtype) for c in (Floor, Glassnet, Sklearn, Torch) if available(c)]
    times = {r.name: [] for r in runners}
    for r in runners:  # warm-up epoch: first-touch of buffers, BLAS thread start
        r.epoch()
    for _ in range(epochs):
        for r in runners:
            started = time.perf_counter()
            r.epoch()
            times[r.name].append(time.perf_counter() - started)
    return {name: statistics.median(t) for name, t in times.items()}, runners


# --- the other measurements ------------------------------------------------------------


def bench_digits(cfg):
    import warnings

    from sklearn.datasets import load_digits
    from sklearn.neural_network import MLPClassifier

    X, y = load_digits(return_X_y=True)
    rows = {"glassnet": [], "scikit-learn": []}
    for seed in range(cfg["digits_seeds"]):
        X_train, X_test, y_train, y_test = glassnet.train_test_split(
            X, y, test_size=0.25, stratify=y, seed=seed)
        scaler = Standardizer().fit(X_train)
        X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
        # Glorot-uniform, as scikit-learn initializes: the same starting scale for both.
        net = Network([64, 32, 10], activation="relu", output_activation="softmax", seed=seed,
                      init="glorot_uniform")
        started = time.perf_counter()
        net.fit(X_train, one_hot(y_train), loss="cross_entropy", optimizer="adam",
                learning_rate=0.001, epochs=cfg["digits_epochs"], batch_size=200, seed=seed,
                metric=None)
        seconds = time.perf_counter() - started
        accuracy = np.mean(net.predict(X_test).argmax(axis=1) == y_test)
        rows["glassnet"].append((seconds, accuracy))
        model = MLPClassifier(hidden_layer_sizes=(32,), solver="adam", learning_rate_init=0.001,
                              alpha=0.0, batch_size=200, max_iter=cfg["digits_epochs"],
                              random_state=seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            started = time.perf_counter()
            model.fit(X_train, y_train)
            seconds = time.perf_counter() - started
        rows["scikit-learn"].append((seconds, model.score(X_test, y_test)))
    summary = {name: (statistics.median(s for s, _ in r), statistics.median(a for _, a in r),
                      min(a for _, a in r), max(a for _, a in r))
               for name, r in rows.items()}
    # The last seed's models and test rows, for the latency measurement.
    return summary, (net, model, np.resize(X_test, (10000, X_test.shape[1])))


def bench_latency(net, model, X, repeats):
    def per_call(fn, data, n):
        fn(data)
        best = []
        for _ in range(5):
            started = time.perf_counter()
            for _ in range(n):
                fn(data)
            best.append((time.perf_counter() - started) / n)
        return min(best)

    one, many = X[:1].copy(), X[:10000].copy()
    return {
        "glassnet": (per_call(net.predict, one, repeats),
                     per_call(net.predict, many, max(3, repeats // 500))),
        "scikit-learn": (per_call(model.predict, one, repeats),
                         per_call(model.predict, many, max(3, repeats // 500))),
    }


def bench_memory(X, y, sizes, dtype):
    """Peak memory allocated while building a Trainer and training one epoch."""
    X, Y = X.astype(dtype), one_hot(y, dtype=dtype)
    tracemalloc.start()
    net = Network(sizes, activation="relu", output_activation="softmax", seed=0, dtype=dtype)
    Trainer(net, X, Y, loss="cross_entropy", optimizer="sgd", learning_rate=LR,
            batch_size=BATCH, seed=0, metric=None).run_epoch()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, X.nbytes + Y.nbytes


def bench_import(repeats=7):
    """``import glassnet`` in a fresh process, NumPy included, with the bytecode cache warm."""
    code = "import time; t = time.perf_counter(); import glassnet; print(time.perf_counter() - t)"
    # As installed for real: bytecode may be cached (some sandboxes forbid it).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    run = [sys.executable, "-c", code]
    subprocess.run(run, capture_output=True, check=True, env=env)  # warm the cache
    times = [float(subprocess.run(run, capture_output=True, text=True, check=True,
                                  env=env).stdout) for _ in range(repeats)]
    return statistics.median(times)


# --- the report ------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tiny run to check the script")
    parser.add_argument("--epochs", type=int, help="timed epochs per contender and dtype")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    cfg = dict(QUICK if args.quick else FULL)
    if args.epochs:
        cfg["epochs"] = args.epochs

    import sklearn

    versions = {"python": platform.python_version(), "numpy": np.__version__,
                "scikit-learn": sklearn.__version__, "glassnet": glassnet.__version__}
    try:
        import torch
        versions["torch"] = torch.__version__
    except ImportError:
        pass
    print(f"# glassnet speed ({'quick' if args.quick else 'full'} run)\n")
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.processor() or '?'}; "
          + ", ".join(f"{k} {v}" for k, v in versions.items()) + "\n")

    X, y = make_data(cfg)
    sizes = [cfg["n_features"], *cfg["hidden"], N_CLASSES]
    flops = flops_per_epoch(X.shape[0], sizes)
    print(f"Workload: {X.shape[0]}×{X.shape[1]}, MLP {'-'.join(map(str, sizes))}, SGD η={LR}, "
          f"batch {BATCH}; median of {cfg['epochs']} epochs each, interleaved.\n")
    results = {"versions": versions, "config": cfg, "epochs": {}}
    for dtype in (np.float32, np.float64):
        medians, runners = bench_epochs(X, y, sizes, dtype, cfg["epochs"])
        results["epochs"][np.dtype(dtype).name] = medians
        g = medians["glassnet"]
        backend = next(r.trainer.backend for r in runners if r.name == "glassnet")
        results.setdefault("backend", {})[np.dtype(dtype).name] = backend
        print(f"## {np.dtype(dtype).name}: seconds per epoch\n")
        print(f"glassnet trains on its `{backend}` path (glassnet.fastpath; "
              "bench_speed_paths.py compares them).\n")
        print("| contender | s/epoch | GFLOP/s | glassnet is faster by |")
        print("|---|---:|---:|---:|")
        for name, seconds in medians.items():
            ratio = "" if name == "glassnet" else f"{seconds / g:.2f}×"
            print(f"| {name} | {seconds:.3f} | {flops / seconds / 1e9:.1f} | {ratio} |")
        print(f"\nglassnet / floor = **{g / medians['floor (matmuls only)']:.2f}**\n")

    digits, (digits_net, digits_model, digits_rows) = bench_digits(cfg)
    results["digits"] = digits
    print(f"## load_digits: 64-32-10, Adam, {cfg['digits_epochs']} epochs, batch 200 "
          f"(median of {cfg['digits_seeds']} seeds)\n")
    print("| | fit seconds | test accuracy (median) | (range over seeds) |\n|---|---:|---:|---:|")
    for name, (seconds, accuracy, lowest, highest) in digits.items():
        print(f"| {name} | {seconds:.3f} | {accuracy:.3f} | {lowest:.3f}–{highest:.3f} |")

    latency = bench_latency(digits_net, digits_model, digits_rows, cfg["latency_repeats"])
    results["latency"] = latency
    print("\n## predict latency (the load_digits model above, float64, input checks "
          "included)\n")
    print("| | 1 sample | 10,000 samples |\n|---|---:|---:|")
    for name, (one, many) in latency.items():
        print(f"| {name} | {one * 1e6:.1f} µs | {many * 1e3:.2f} ms |")

    peak, data = bench_memory(X, y, sizes, np.float32)
    results["memory"] = {"peak_bytes": peak, "data_bytes": data}
    print(f"\n## memory\n\nPeak allocated while setting up and training one float32 epoch: "
          f"{peak / 2**20:.1f} MiB, beyond the data itself ({data / 2**20:.1f} MiB, "
          "allocated before).")
    imports = bench_import(3 if args.quick else 7)
    results["import_seconds"] = imports
    print(f"\n## import\n\n`import glassnet` (NumPy included): {imports:.3f} s")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
