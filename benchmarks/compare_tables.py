"""glassnet on real, unprepared tables against a scikit-learn pipeline, on the same splits.

For each table: split the raw rows 75/25 (seeded), write both parts as CSV,
then

* glassnet: ``glassnet train train.csv --target T`` and
  ``glassnet evaluate MODEL test.csv`` -- nothing prepared by hand;
* scikit-learn: median imputer + scaler for numbers, most-frequent imputer +
  one-hot for text, then ``MLPClassifier()`` / ``MLPRegressor()`` at their
  defaults, on the columns glassnet kept (dates left out: a plain pipeline
  cannot read them), rows without a target dropped.

Scores are accuracy (classification) or R² (regression) on the test part,
the mean of three seeds. The tables come from packages installable from
PyPI (palmerpenguins, vega_datasets) and scikit-learn's own raw iris file;
a table whose package is missing is skipped.

    python benchmarks/compare_tables.py [--seeds 3]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import pathlib
import tempfile
import time
import warnings

import numpy as np


def _package_file(package: str, *parts: str) -> pathlib.Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return None
    path = pathlib.Path(spec.origin).parent.joinpath(*parts)
    return path if path.exists() else None


def tables() -> list[dict]:
    """The tables to try: name, raw file, target, reading options."""
    import pandas as pd

    found = []
    penguins = _package_file("palmerpenguins", "data", "penguins.csv")
    if penguins:
        found.append({"name": "penguins", "path": penguins, "target": "species"})
    raw = _package_file("palmerpenguins", "data", "penguins-raw.csv")
    if raw:
        found.append({"name": "penguins-raw", "path": raw, "target": "Species"})
    weather = _package_file("vega_datasets", "_data", "seattle-weather.csv")
    if weather:
        found.append({"name": "seattle-weather", "path": weather, "target": "weather"})
    cars = _package_file("vega_datasets", "_data", "cars.json")
    if cars:  # shipped as JSON: written as the CSV a person would have
        csv_path = pathlib.Path(tempfile.mkdtemp()) / "cars.csv"
        pd.read_json(cars).to_csv(csv_path, index=False)
        found.append({"name": "cars (mpg)", "path": csv_path, "target": "Miles_per_Gallon"})
    missing = [p for p in ("palmerpenguins", "vega_datasets")
               if importlib.util.find_spec(p) is None]
    if missing:  # (trial 30: 3 of 5 rows printed, and no word why)
        print(f"note: the tables of {', '.join(missing)} skipped: pip install "
              f"{' '.join(missing)} (or pip install \"glassnet[bench]\")")
    iris = _package_file("sklearn", "datasets", "data", "iris.csv")
    if iris:  # its first line is "150,4,setosa,...": skip it, no header
        found.append({"name": "sklearn iris.csv", "path": iris, "target": "4",
                      "read": {"skip_rows": 1, "header": False},
                      "argv": ["--skip-rows", "1", "--no-header"]})
    return found


def _glassnet(cli_main, argv) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = cli_main([str(a) for a in argv])
    if code != 0:
        raise RuntimeError(f"glassnet {' '.join(map(str, argv))} exited {code}")
    return json.loads(out.getvalue())


def _sklearn_score(train, test, target, task, kept_columns, seed) -> float:
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    train, test = train[train[target].notna()], test[test[target].notna()]
    numeric = [c for c in kept_columns if train[c].dtype.kind in "fiub"]
    text = [c for c in kept_columns if c not in numeric]
    columns = ColumnTransformer([
        ("numbers", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
        ("text", make_pipeline(SimpleImputer(strategy="most_frequent"),
                               OneHotEncoder(handle_unknown="ignore")), text)])
    model = (MLPClassifier if task == "classification" else MLPRegressor)(random_state=seed)
    pipeline = make_pipeline(columns, model)
    X_train = train[numeric + text].astype({c: str for c in text})
    X_test = test[numeric + text].astype({c: str for c in text})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning at max_iter=200, as users see it
        pipeline.fit(X_train, train[target].astype(str) if task == "classification"
                     else train[target])
        y_test = test[target].astype(str) if task == "classification" else test[target]
        return float(pipeline.score(X_test, y_test))


def compare(table: dict, seed: int, folder: pathlib.Path) -> dict:
    import pandas as pd

    from glassnet.cli import main as cli_main

    read = table.get("read", {})
    frame = pd.read_csv(table["path"], skiprows=read.get("skip_rows", 0),
                        header=0 if read.get("header", True) else None)
    frame.columns = [str(c) for c in frame.columns]
    order = np.random.default_rng(seed).permutation(len(frame))
    cut = int(round(0.75 * len(frame)))
    train, test = frame.iloc[order[:cut]], frame.iloc[order[cut:]]
    header = read.get("header", True)
    train_csv, test_csv = folder / f"train{seed}.csv", folder / f"test{seed}.csv"
    train.to_csv(train_csv, index=False, header=header)
    test.to_csv(test_csv, index=False, header=header)
    model = folder / f"model{seed}.glassnet"
    extra = ["--skip-rows", "0", "--no-header"] if not header else []
    started = time.perf_counter()
    summary = _glassnet(cli_main, ["train", train_csv, "--target", table["target"], "--json",
                                   "--seed", seed, "--out", model, *extra])
    seconds = time.perf_counter() - started
    result = _glassnet(cli_main, ["evaluate", model, test_csv, "--json", *extra])
    task = summary["task"]
    score = result["accuracy"] if task == "classification" else result["r2"]
    kept = [c["name"] for c in summary["columns"] if c["kind"] not in ("dropped", "target",
                                                                      "datetime")]
    baseline = _sklearn_score(train, test, table["target"], task, kept, seed)
    return {"task": task, "glassnet": score, "sklearn": baseline, "seconds": seconds,
            "columns": summary["columns"], "epochs": summary["epochs"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    print(f"{'table':<18}{'task':<16}{'glassnet':>10}{'sklearn':>10}{'diff':>8}"
          f"{'fit s':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for table in tables():
            runs = [compare(table, seed, pathlib.Path(tmp)) for seed in range(args.seeds)]
            ours = float(np.mean([r["glassnet"] for r in runs]))
            theirs = float(np.mean([r["sklearn"] for r in runs]))
            print(f"{table['name']:<18}{runs[0]['task']:<16}{ours:>10.4f}{theirs:>10.4f}"
                  f"{ours - theirs:>+8.4f}{np.mean([r['seconds'] for r in runs]):>8.2f}")


if __name__ == "__main__":
    main()
