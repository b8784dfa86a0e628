"""Speed on a GPU: glassnet on CuPy and PyTorch CUDA beside PyTorch eager and CUDA-graphed.

The standard workload of ``bench_speed.py`` (60000×784, MLP 784-256-128-10,
ReLU, softmax with cross-entropy, plain SGD η = 0.01), float32, at batch 128
and batch 1024; one epoch per call, each contender in turn, medians of
``--epochs`` after a warm-up epoch, the device synchronized before every clock
reading. One table:

* **PyTorch eager**: ``nn.Sequential``, ``cross_entropy``, ``optim.SGD``;
* **PyTorch graphed**: the same whole step (forward, loss, backward, update)
  captured once as a CUDA graph and replayed per batch, the batch copied into
  static buffers; a ragged last batch runs eagerly;
* **NumPy reference on CuPy / on torch**: the reference step (``Z = A·Wᵀ + b``,
  ``δ = a - y``, ``∂E/∂W = δᵀ·A``, ``w ← w - η·g``) written once against the
  array API namespace and run on the GPU arrays: what glassnet's engine does
  when it computes in its inputs' namespace;
* **glassnet on CuPy / on torch CUDA** (``Trainer`` given device arrays), and
  glassnet with CUDA graphs: timed when this glassnet accepts them, else the
  table says why not.

    python benchmarks/bench_gpu.py                 # on a machine with an NVIDIA GPU
    python benchmarks/bench_gpu.py --quick         # a short run
    python benchmarks/bench_gpu.py --dry-run       # the array-API step on the CPU (no GPU)

Without a GPU it says so and exits with status 0.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import time

import numpy as np

LR, N_CLASSES, SIZES = 0.01, 10, [784, 256, 128, 10]


def gpu_present() -> str | None:
    """A line naming the GPU, or None: checked without importing CuPy or torch first."""
    if not (shutil.which("nvidia-smi") or os.path.exists("/dev/nvidia0")
            or os.path.exists("/dev/nvidiactl")):
        return None
    try:
        import torch
        if torch.cuda.is_available():
            return torch.cuda.get_device_name(0)
    except ImportError:
        pass
    try:
        import cupy
        if cupy.cuda.runtime.getDeviceCount() > 0:
            return cupy.cuda.runtime.getDeviceProperties(0)["name"].decode()
    except Exception:  # noqa: BLE001 -- no CuPy, or no usable device
        pass
    return None


def make_data(n_samples, n_features):
    """Seeded data of the standard shape (scikit-learn's make_classification when installed)."""
    try:
        from sklearn.datasets import make_classification
        X, y = make_classification(n_samples=n_samples, n_features=n_features,
                                   n_informative=min(100, n_features // 2),
                                   n_classes=N_CLASSES, random_state=0)
    except ImportError:
        rng = np.random.default_rng(0)
        X = rng.normal(size=(n_samples, n_features))
        y = np.argmax(X @ rng.normal(size=(n_features, N_CLASSES)), axis=1)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return X.astype(np.float32), y.astype(np.int64)


# --- the reference step, written once against an array namespace ----------------------


class ArrayAPIStep:
    """glassnet's reference step in the array API: ``xp`` is cupy, torch (via compat) or numpy."""

    def __init__(self, name, xp, to_device, sync, X, y, batch):
        rng = np.random.default_rng(0)
        self.name, self.xp, self.sync, self.batch = name, xp, sync, batch
        self.W = [to_device((rng.normal(size=(b, a)) * np.sqrt(2 / a)).astype(np.float32))
                  for a, b in zip(SIZES[:-1], SIZES[1:])]
        self.b = [to_device(np.zeros(b, np.float32)) for b in SIZES[1:]]
        self.X = to_device(X)
        self.Y = to_device(np.eye(N_CLASSES, dtype=np.float32)[y])
        self.to_device, self.rng = to_device, np.random.default_rng(0)

    def epoch(self):
        xp, W, b, size = self.xp, self.W, self.b, self.batch
        n = self.X.shape[0]
        order = self.to_device(self.rng.permutation(n))
        for start in range(0, n, size):
            idx = order[start:start + size]
            a, acts = xp.take(self.X, idx, axis=0), []
            y = xp.take(self.Y, idx, axis=0)
            for i in range(len(W)):
                acts.append(a)
                z = a @ xp.matrix_transpose(W[i]) + b[i]
                if i < len(W) - 1:
                    a = xp.maximum(z, xp.zeros_like(z))
                else:
                    e = xp.exp(z - xp.max(z, axis=1, keepdims=True))
                    a = e / xp.sum(e, axis=1, keepdims=True)
            delta = (a - y) / a.shape[0]
            for i in range(len(W) - 1, -1, -1):
                grad_w = xp.matrix_transpose(delta) @ acts[i]
                grad_b = xp.sum(delta, axis=0)
                if i > 0:
                    delta = (delta @ W[i]) * xp.astype(acts[i] > 0, delta.dtype)
                W[i] -= LR * grad_w
                b[i] -= LR * grad_b
        self.sync()


# --- PyTorch, eager and graphed ----------------------------------------------------------


class TorchEager:
    def __init__(self, torch, device, X, y, batch, graphed=False):
        torch.manual_seed(0)
        self.name = "PyTorch graphed" if graphed else "PyTorch eager"
        self.torch, self.batch, self.device = torch, batch, device
        layers = []
        for a, b in zip(SIZES[:-1], SIZES[1:]):
            layers += [torch.nn.Linear(a, b), torch.nn.ReLU()]
        self.model = torch.nn.Sequential(*layers[:-1]).to(device)
        self.X, self.y = torch.from_numpy(X).to(device), torch.from_numpy(y).to(device)
        self.opt = torch.optim.SGD(self.model.parameters(), lr=LR)
        self.gen = torch.Generator(device=device).manual_seed(0)
        self.graph = self._capture() if graphed else None

    def _step(self, xb, yb):
        self.opt.zero_grad(set_to_none=False)
        loss = self.torch.nn.functional.cross_entropy(self.model(xb), yb)
        loss.backward()
        self.opt.step()
        return loss

    def _capture(self):
        torch = self.torch
        self.static_x = self.X[:self.batch].clone()
        self.static_y = self.y[:self.batch].clone()
        stream = torch.cuda.Stream()
        stream.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(stream):  # warm up on a side stream, as CUDA graphs need
            for _ in range(3):
                self._step(self.static_x, self.static_y)
        torch.cuda.current_stream().wait_stream(stream)
        graph = torch.cuda.CUDAGraph()
        self.opt.zero_grad(set_to_none=False)
        with torch.cuda.graph(graph):
            self._step(self.static_x, self.static_y)
        return graph

    def epoch(self):
        torch, size, n = self.torch, self.batch, self.X.shape[0]
        order = torch.randperm(n, generator=self.gen, device=self.device)
        for start in range(0, n, size):
            idx = order[start:start + size]
            if self.graph is not None and idx.shape[0] == size:
                torch.index_select(self.X, 0, idx, out=self.static_x)
                torch.index_select(self.y, 0, idx, out=self.static_y)
                self.graph.replay()
            else:
                self._step(self.X[idx], self.y[idx])
        torch.cuda.synchronize()


# --- glassnet itself on device arrays ----------------------------------------------------


class Glassnet:
    """glassnet's Trainer given device arrays (the engine's array-API path, issue 19 item 2)."""

    def __init__(self, name, to_device, sync, X, y, batch, **options):
        import inspect

        from glassnet import Network
        from glassnet.training import Trainer

        if options and not set(options) <= set(inspect.signature(Trainer).parameters):
            raise NotImplementedError(f"this glassnet's Trainer takes no {sorted(options)} "
                                      "(CUDA graphs: issue 19 item 3)")
        self.name, self.sync = name, sync
        net = Network(SIZES, activation="relu", output_activation="softmax", seed=0,
                      dtype=np.float32)
        Y = np.eye(N_CLASSES, dtype=np.float32)[y]
        self.trainer = Trainer(net, to_device(X), to_device(Y), loss="cross_entropy",
                               optimizer="sgd", learning_rate=LR, batch_size=batch, seed=0,
                               metric=None, **options)

    def epoch(self):
        self.trainer.run_epoch()
        self.sync()


def contenders(X, y, batch, dry_run):
    """(name, maker) pairs; a maker that raises becomes a row saying why."""
    made = []
    if dry_run:  # the CPU: the array-API step on NumPy and torch CPU, to check the script
        from array_api_compat import array_namespace

        made.append(("NumPy reference on NumPy", lambda: ArrayAPIStep(
            "NumPy reference on NumPy", array_namespace(X), lambda a: a, lambda: None,
            X, y, batch)))
        try:
            import torch
        except ImportError:
            return made
        made.append(("NumPy reference on torch CPU", lambda: ArrayAPIStep(
            "NumPy reference on torch CPU", array_namespace(torch.zeros(1)),
            torch.from_numpy, lambda: None, X, y, batch)))
        return made
    try:
        import cupy
        from array_api_compat import array_namespace

        def cupy_sync():
            cupy.cuda.Device().synchronize()

        made += [
            ("NumPy reference on CuPy", lambda: ArrayAPIStep(
                "NumPy reference on CuPy", array_namespace(cupy.zeros(1)), cupy.asarray,
                cupy_sync, X, y, batch)),
            ("glassnet on CuPy", lambda: Glassnet("glassnet on CuPy", cupy.asarray, cupy_sync,
                                                  X, y, batch)),
        ]
    except ImportError:
        made.append(("CuPy", None))
    try:
        import torch
        from array_api_compat import array_namespace

        def to_cuda(a):
            return torch.from_numpy(np.ascontiguousarray(a)).to("cuda")

        made += [
            ("PyTorch eager", lambda: TorchEager(torch, "cuda", X, y, batch)),
            ("PyTorch graphed", lambda: TorchEager(torch, "cuda", X, y, batch, graphed=True)),
            ("NumPy reference on torch CUDA", lambda: ArrayAPIStep(
                "NumPy reference on torch CUDA", array_namespace(torch.zeros(1)), to_cuda,
                torch.cuda.synchronize, X, y, batch)),
            ("glassnet on torch CUDA", lambda: Glassnet(
                "glassnet on torch CUDA", to_cuda, torch.cuda.synchronize, X, y, batch)),
            ("glassnet on torch CUDA, graphed", lambda: Glassnet(
                "glassnet on torch CUDA, graphed", to_cuda, torch.cuda.synchronize, X, y, batch,
                cuda_graphs=True)),
        ]
    except ImportError:
        made.append(("PyTorch", None))
    return made


def bench(X, y, batch, epochs, dry_run):
    """{name: median seconds per epoch, or the reason it could not run}."""
    runners, results = [], {}
    for name, maker in contenders(X, y, batch, dry_run):
        if maker is None:
            results[name] = "not installed"
            continue
        try:
            runner = maker()
            runner.epoch()  # warm-up: allocation, kernels' first launch, graph capture
            runners.append(runner)
        except Exception as error:  # noqa: BLE001 -- the table says why, the rest still runs
            results[name] = f"n/a: {type(error).__name__}: {' '.join(str(error).split())[:90]}"
    times = {r.name: [] for r in runners}
    for _ in range(epochs):
        for r in runners:
            started = time.perf_counter()
            r.epoch()
            times[r.name].append(time.perf_counter() - started)
    results.update({name: statistics.median(t) for name, t in times.items()})
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="6,000 rows, 2 epochs")
    parser.add_argument("--dry-run", action="store_true",
                        help="no GPU needed: the array-API step on the CPU, tiny sizes")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    device = "CPU (dry run)" if args.dry_run else gpu_present()
    if device is None:
        print("bench_gpu: no GPU found (no NVIDIA device, or neither CuPy nor a CUDA build of "
              "PyTorch): nothing to time. Run it on a machine with a GPU.")
        return 0
    rows = 1024 if args.dry_run else 6000 if args.quick else 60000
    epochs = 1 if args.dry_run else 2 if args.quick else args.epochs
    X, y = make_data(rows, SIZES[0])
    print(f"# glassnet on a GPU: {device}\n")
    print(f"Python {platform.python_version()}, NumPy {np.__version__}; {rows}×{SIZES[0]}, "
          f"MLP {'-'.join(map(str, SIZES))}, SGD η={LR}, float32; median of {epochs} "
          "epochs after a warm-up.\n")
    batches = (128, 1024)
    columns = {batch: bench(X, y, batch, epochs, args.dry_run) for batch in batches}
    print("| contender | " + " | ".join(f"batch {b}: s/epoch" for b in batches) + " |")
    print("|---|" + "---:|" * len(batches))
    for name in columns[batches[0]]:
        cells = [columns[b].get(name, "") for b in batches]
        print(f"| {name} | " + " | ".join(f"{c:.4f}" if isinstance(c, float) else c
                                          for c in cells) + " |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"device": device, "rows": rows, "epochs": epochs,
                       "seconds": {str(b): c for b, c in columns.items()}}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
