"""How many planted bugs the test suite catches: a small mutation check, no dependency.

Each mutation below replaces one exact piece of an engine module's source (a
comparison, a sign, a constant, a dropped term) with a plausible bug. For each,
in a temporary copy of the package, the mutated module is written, the test
files that cover it are run (``pytest -x``), and the mutant counts as killed if
they fail, as survived if they pass. Tests that already fail on the unmutated
code are deselected first, so that only the mutation decides.

    python benchmarks/mutation_check.py            # all mutations
    python benchmarks/mutation_check.py --only relu # those whose name contains "relu"
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "glassnet"

ACT = ["tests/test_activations.py", "tests/test_gradients.py", "tests/test_mutants.py"]
LOSS = ["tests/test_losses.py", "tests/test_gradients.py"]
SCHED = ["tests/test_schedules.py", "tests/test_training.py", "tests/test_mutants.py"]
OPT = ["tests/test_optimizers.py"]
LAYER = ["tests/test_layers.py", "tests/test_network.py", "tests/test_gradients.py"]
TRAIN = ["tests/test_training.py", "tests/test_mutants.py"]
METRIC = ["tests/test_metrics.py", "tests/test_mutants.py"]

# (name, module under src/glassnet, exact original text, replacement, test files)
MUTATIONS = [
    ("relu'(0) = 1", "activation_functions.py", "    return z > 0\n", "    return z >= 0\n", ACT),
    ("relu leaks", "activation_functions.py", "    return np.maximum(z, 0)\n",
     "    return np.maximum(z, 0.1)\n", ACT),
    ("elu' ignores alpha", "activation_functions.py", "np.where(z > 0, 1, a + alpha)",
     "np.where(z > 0, 1, a + 1)", ACT),
    ("softmax without shift", "activation_functions.py",
     "e = np.exp(z - z.max(axis=-1, keepdims=True))", "e = np.exp(z)", ACT),
    ("sigmoid' sign", "activation_functions.py", "return a * (1 - a)", "return a * (1 + a)", ACT),
    ("tanh' not squared", "activation_functions.py", "return 1 - a * a", "return 1 - a", ACT),
    ("leaky relu sign", "activation_functions.py", "np.where(z > 0, z, slope * z)",
     "np.where(z > 0, z, -slope * z)", ACT),
    ("squared error gradient sign", "losses.py", "as the tutorial derives.\n    return o - t",
     "as the tutorial derives.\n    return t - o", LOSS),
    ("squared error without 1/2", "losses.py", "return 0.5 * d * d", "return d * d", LOSS),
    ("mse gradient without 2", "losses.py", "return 2 * (o - t) / o.shape[-1]",
     "return (o - t) / o.shape[-1]", LOSS),
    ("mean without 1/n", "losses.py", "return 1.0 / n_samples", "return 1.0", LOSS),
    ("patience off by one", "schedules.py", "return self.count >= self.patience",
     "return self.count > self.patience", SCHED),
    ("a tie improves", "schedules.py", "improved = value < threshold if strict",
     "improved = value <= threshold if strict", SCHED),
    ("min_delta sign", "schedules.py", "threshold = self.best - self.tol",
     "threshold = self.best + self.tol", SCHED),
    ("count never grows", "schedules.py", "self.count = 0 if improved else self.count + 1",
     "self.count = 0 if improved else self.count", SCHED),
    ("momentum sign", "optimizers.py", "velocity -= lr * grad", "velocity += lr * grad", OPT),
    ("adam beta_1 swapped", "optimizers.py", "m += (1 - b1) * grad", "m += b1 * grad", OPT),
    ("adam without bias correction", "optimizers.py",
     "step_size = self.learning_rate * math.sqrt(1 - b2**t) / (1 - b1**t)",
     "step_size = self.learning_rate", OPT),
    ("weight decay sign", "optimizers.py", "return grad + self.weight_decay * param",
     "return grad - self.weight_decay * param", OPT),
    ("rmsprop not squared", "optimizers.py", "s += (1 - self.rho) * (grad * grad)",
     "s += (1 - self.rho) * grad", OPT),
    ("bias gradient drops a row", "layers.py", "np.sum(delta, axis=0, out=out.get(\"bias\"))",
     "np.sum(delta[1:], axis=0, out=out.get(\"bias\"))", LAYER),
    ("input gradient halved", "layers.py", "grad_input = delta @ self.weights if",
     "grad_input = 0.5 * delta @ self.weights if", LAYER),
    ("r2 around the prediction", "metrics.py",
     "ss_tot = np.sum((y_true - y_true.mean(axis=0)) ** 2, axis=0)",
     "ss_tot = np.sum((y_true - y_pred.mean(axis=0)) ** 2, axis=0)", METRIC),
    ("mse is a sum", "metrics.py", "return float(np.mean((np.asarray(y_true, float)",
     "return float(np.sum((np.asarray(y_true, float)", METRIC),
    ("standardizer divides by 0", "data.py", "np.where(std > 0, std, 1.0)",
     "np.where(std > 0, std, 0.0)", ["tests/test_data.py"]),
    ("glorot is he", "initializers.py", "limit = np.sqrt(6.0 / (n_in + n_out))",
     "limit = np.sqrt(6.0 / n_in)", ["tests/test_initializers.py"]),
    ("scaler scale <= 0 accepted", "tabular/model.py", "or np.any(scale <= 0):", "or False:",
     ["tests/test_tabular_model.py", "tests/test_mutants.py"]),
    ("epoch loss not averaged", "training.py",
     "epoch_loss = loss_sum / total_weight if self.reduction == \"mean\" else loss_sum",
     "epoch_loss = loss_sum", TRAIN),
    ("validation NaN accepted", "training.py", "    _check_finite(X, prefix + \"X\")\n", "",
     TRAIN),
    ("softmax targets unchecked", "training.py", "        if bad.size:  #",
     "        if False:  #", TRAIN),
    ("complex input cast", "network.py",
     "        if np.iscomplexobj(X):", "        if False:", TRAIN + ["tests/test_network.py"]),
]


def _pytest(tests, env, extra=(), timeout=600) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-rf",
               *tests, *extra]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run the mutations whose name contains this")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTATIONS if args.only in m[0]]
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "src" / "glassnet"
        shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
        env = {**os.environ, "PYTHONPATH": str(copy.parent), "PYTHONDONTWRITEBYTECODE": "1"}
        all_tests = sorted({t for m in chosen for t in m[4]})
        # With the copy first on the path, the tests import it, not the working tree;
        # tests that fail already are deselected (without -x, to see them all).
        baseline = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rf", *all_tests],
            cwd=ROOT, env=env, capture_output=True, text=True)
        failing = re.findall(r"^FAILED (\S+)", baseline.stdout, flags=re.M)
        deselect = [arg for node in failing for arg in ("--deselect", node)]
        print(f"baseline: {len(failing)} failing test(s) deselected: {failing}")
        killed, survived = [], []
        for name, module, old, new, tests in chosen:
            path = copy / module
            source = path.read_text(encoding="utf-8")
            if source.count(old) != 1:
                print(f"  skipped  {name}: the original text is not found once in {module}")
                continue
            path.write_text(source.replace(old, new), encoding="utf-8")
            started = time.perf_counter()
            try:
                result = _pytest(tests, env, deselect)
                caught = result.returncode != 0
            except subprocess.TimeoutExpired:
                caught = True  # a mutant that hangs the suite is caught by its timeout
            finally:
                path.write_text(source, encoding="utf-8")
            (killed if caught else survived).append(name)
            print(f"  {'killed  ' if caught else 'SURVIVED'} {name} ({module}, "
                  f"{time.perf_counter() - started:.1f} s)", flush=True)
    total = len(killed) + len(survived)
    print(f"\nmutation score: {len(killed)}/{total} killed"
          + (f"; survived: {', '.join(survived)}" if survived else ""))
    return 0 if not survived else 1


if __name__ == "__main__":
    sys.exit(main())
