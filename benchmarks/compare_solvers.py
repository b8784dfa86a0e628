"""glassnet.sklearn against scikit-learn's MLPClassifier, solver by solver: fit time and accuracy.

scikit-learn's defaults for both (hidden_layer_sizes=(100,), relu, alpha=1e-4,
max_iter=200), ``solver="lbfgs"`` and ``solver="adam"``, a StandardScaler in
front, on a fixed stratified 80/20 split per seed:

* ``load_digits`` (1,797 × 64, 10 classes);
* an MNIST-like workload: ``make_classification`` with 10,000 rows, 784
  features (100 informative), 10 classes;
* with ``--workload standard`` only: the standard 60,000 × 784 workload of
  ``bench_speed.py`` (``make_classification(60000, 784, n_informative=100,
  n_classes=10, random_state=0)``), the size of MNIST's training set.

Times are the median fit time over the seeds; accuracy is on the held-out 20 %.

    python benchmarks/compare_solvers.py            # 3 seeds each (a minute or two)
    python benchmarks/compare_solvers.py --workload digits --seeds 5
    python benchmarks/compare_solvers.py --quick    # one seed, digits only, max_iter=20
    python benchmarks/compare_solvers.py --workload standard --large-seeds 1   # 60,000 × 784
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
import warnings

import numpy as np
import sklearn
from sklearn.datasets import load_digits, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier as SkClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from glassnet.sklearn import MLPClassifier

LIBRARIES = {"glassnet": MLPClassifier, "scikit-learn": SkClassifier}


def mnist_like():
    return make_classification(n_samples=10_000, n_features=784, n_informative=100,
                               n_redundant=0, n_classes=10, n_clusters_per_class=1,
                               random_state=0)


def standard():
    return make_classification(n_samples=60_000, n_features=784, n_informative=100,
                               n_classes=10, random_state=0)


def run(X, y, solver, seeds, max_iter):
    """{library: (median fit seconds, mean accuracy, std accuracy, median n_iter_)}."""
    results = {}
    for library, cls in LIBRARIES.items():
        times, scores, iters = [], [], []
        for seed in seeds:
            X_train, X_test, y_train, y_test = train_test_split(
                X, y, test_size=0.2, stratify=y, random_state=seed)
            model = make_pipeline(StandardScaler(), cls(solver=solver, max_iter=max_iter,
                                                        random_state=seed))
            started = time.perf_counter()
            model.fit(X_train, y_train)
            times.append(time.perf_counter() - started)
            scores.append(model.score(X_test, y_test))
            iters.append(model[-1].n_iter_)
        results[library] = (statistics.median(times), float(np.mean(scores)),
                            float(np.std(scores)), statistics.median(iters))
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one seed, digits, max_iter=20")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--large-seeds", type=int, default=3,
                        help="seeds on the MNIST-like and standard workloads")
    parser.add_argument("--workload", choices=("all", "digits", "mnist-like", "standard"),
                        default="all", help="all: digits and MNIST-like")
    args = parser.parse_args(argv)
    seeds = range(1 if args.quick else args.seeds)
    max_iter = 20 if args.quick else 200
    workloads = {"digits (1,797 × 64)": lambda: load_digits(return_X_y=True),
                 "MNIST-like (10,000 × 784)": mnist_like}
    if args.quick or args.workload == "digits":
        workloads.pop("MNIST-like (10,000 × 784)")
    elif args.workload == "mnist-like":
        workloads.pop("digits (1,797 × 64)")
    elif args.workload == "standard":
        workloads = {"standard (60,000 × 784)": standard}
    print(f"scikit-learn {sklearn.__version__}, NumPy {np.__version__}, "
          f"Python {platform.python_version()}; {len(seeds)} seed(s) on digits, "
          f"{args.large_seeds} on the large workloads, max_iter={max_iter}\n")
    print("| workload | solver | library | fit (s, median) | accuracy | n_iter_ |")
    print("|---|---|---|---|---|---|")
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for workload, load in workloads.items():
            X, y = load()
            for solver in ("lbfgs", "adam"):
                on = seeds if workload.startswith("digits") else range(args.large_seeds)
                for library, (fit, mean, std, n_iter) in run(X, y, solver, on,
                                                              max_iter).items():
                    print(f"| {workload} | {solver} | {library} | {fit:.2f} | "
                          f"{mean:.4f} ± {std:.4f} | {n_iter:g} |", flush=True)
    print(f"\ntotal: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
