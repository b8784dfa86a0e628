"""glassnet.sklearn against scikit-learn's own MLP, side by side.

The same pipeline (StandardScaler, then the MLP) with the same
hyperparameters, 5-fold cross-validation, several seeds, on the data sets
bundled with scikit-learn (iris, wine, breast_cancer, digits; diabetes and
make_friedman1 for regression). Scores are accuracy or R²; times are the
median fit time of one fold.

    python benchmarks/compare_sklearn.py            # 3 seeds × 5 folds (a few minutes)
    python benchmarks/compare_sklearn.py --quick    # one seed, 2 folds, small data sets
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings

import numpy as np
from sklearn import datasets
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.neural_network import MLPClassifier as SkClassifier
from sklearn.neural_network import MLPRegressor as SkRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from glassnet.sklearn import MLPClassifier, MLPRegressor

CLASSIFICATION = {"iris": datasets.load_iris, "wine": datasets.load_wine,
                  "breast_cancer": datasets.load_breast_cancer, "digits": datasets.load_digits}
REGRESSION = {"diabetes": datasets.load_diabetes,
              "friedman1": lambda return_X_y: datasets.make_friedman1(
                  n_samples=1000, noise=1.0, random_state=0)}
# The same for both libraries: scikit-learn's defaults, and for the regressions a
# larger step and more epochs so that both get somewhere on unscaled targets.
CLASSIFIER_PARAMS = {"hidden_layer_sizes": (100,), "max_iter": 200}
REGRESSOR_PARAMS = {"hidden_layer_sizes": (100,), "max_iter": 500, "learning_rate_init": 0.01}


def evaluate(make_model, X, y, seeds, folds, classify):
    scores, times = [], []
    for seed in seeds:
        splitter = (StratifiedKFold if classify else KFold)(folds, shuffle=True,
                                                            random_state=seed)
        for train, test in splitter.split(X, y):
            model = make_pipeline(StandardScaler(), make_model(seed))
            started = time.perf_counter()
            model.fit(X[train], y[train])
            times.append(time.perf_counter() - started)
            scores.append(model.score(X[test], y[test]))
    return np.mean(scores), np.std(scores), statistics.median(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one seed, 2 folds, small sets")
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args(argv)
    seeds = [0] if args.quick else list(range(args.seeds))
    folds = 2 if args.quick else 5
    warnings.simplefilter("ignore", ConvergenceWarning)

    import sklearn

    import glassnet
    print(f"# glassnet.sklearn vs scikit-learn {sklearn.__version__} "
          f"(glassnet {glassnet.__version__})\n")
    settings = ("quick: hidden_layer_sizes (16,), max_iter 20" if args.quick else
                f"classifiers {CLASSIFIER_PARAMS}, regressors {REGRESSOR_PARAMS}")
    print(f"StandardScaler + MLP, {folds}-fold CV × {len(seeds)} seed(s); {settings}; "
          "all else default.\n")
    print("| data set | metric | glassnet score | scikit-learn score | within 1 sd | "
          "glassnet fit s | scikit-learn fit s | time ratio |")
    print("|---|---|---:|---:|:---:|---:|---:|---:|")
    tasks = [(name, load, True) for name, load in CLASSIFICATION.items()] + \
            [(name, load, False) for name, load in REGRESSION.items()]
    if args.quick:
        tasks = [t for t in tasks if t[0] in ("iris", "diabetes")]
    all_ok = True
    for name, load, classify in tasks:
        X, y = load(return_X_y=True)
        if args.quick:
            params = {"hidden_layer_sizes": (16,), "max_iter": 20}
        else:
            params = CLASSIFIER_PARAMS if classify else REGRESSOR_PARAMS
        ours_cls, theirs_cls = (MLPClassifier, SkClassifier) if classify else \
            (MLPRegressor, SkRegressor)
        rows = {}
        # The two libraries take turns, data set by data set.
        for label, cls in (("glassnet", ours_cls), ("scikit-learn", theirs_cls)):
            def make_model(seed, cls=cls, params=params):
                return cls(random_state=seed, **params)
            rows[label] = evaluate(make_model, X, y, seeds, folds, classify)
        (g_mean, g_sd, g_time), (s_mean, s_sd, s_time) = rows["glassnet"], rows["scikit-learn"]
        within = abs(g_mean - s_mean) <= s_sd  # within one of scikit-learn's sd
        all_ok &= within and g_time <= s_time
        print(f"| {name} | {'accuracy' if classify else 'R²'} | {g_mean:.3f} ± {g_sd:.3f} | "
              f"{s_mean:.3f} ± {s_sd:.3f} | {'yes' if within else 'NO'} | {g_time:.3f} | "
              f"{s_time:.3f} | {s_time / g_time:.2f}× |")
    print("\ntime ratio = scikit-learn's fit time / glassnet's (above 1: glassnet is faster).")
    print(f"\nAll scores within one standard deviation and no slower: "
          f"{'yes' if all_ok else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
